#!/usr/bin/env bash
# Re-creates the bundled samples in resources/samples/ (they are committed; this documents their origin).
#  astronaut.png — NASA photo of Eileen Collins (public domain), from Debian's python3-skimage data, metadata stripped
#  speech.wav    — English speech synthesised with espeak-ng (GPL tool; the output carries no licence restriction)
#  song.wav      — sung syllables (espeak-ng) over sox-synthesised chords (see the live-engine docs)
set -euo pipefail
cd "$(dirname "$0")/../resources/samples"
convert /usr/lib/python3/dist-packages/skimage/data/astronaut.png -strip astronaut.png
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" \
  "Hello! I am Emote Studio. Give me one portrait and a voice, and I will make the portrait talk or sing, as long as the audio lasts."
sox "$tmp/speech.wav" -r 22050 speech.wav


# song.wav: "Twinkle twinkle little star" — espeak-ng syllables pitched to the melody by sox, over plucked
# chords (C F C G) and a kick drum at 120 BPM. 8 s, 22.05 kHz mono.
notes=(0 0 700 700 900 900 700 -1 500 500 400 400 200 200 0 -1)
words=(twin kle twin kle lit tle star _ how i won der what you are _)
for i in "${!notes[@]}"; do
  out=$(printf '%s/n%02d.wav' "$tmp" "$i")
  if [ "${notes[$i]}" = "-1" ]; then
    sox -n -r 22050 -c 1 "$out" trim 0 0.5
  else
    espeak-ng -v en-us+f3 -s 90 -p 50 -w "$tmp/syl.wav" "${words[$i]}"
    sox "$tmp/syl.wav" -r 22050 "$tmp/s2.wav" silence 1 0.01 1% reverse silence 1 0.01 1% reverse
    sox "$tmp/s2.wav" "$out" pitch "${notes[$i]}" tempo -s 0.6 pad 0 0.5 trim 0 0.5 2>/dev/null
  fi
done
sox "$tmp"/n*.wav "$tmp/voice.wav"
chords=()
for c in "C3 E3 G3" "F3 A3 C4" "C3 E3 G3" "G2 B2 D3"; do
  set -- $c
  sox -n -r 22050 -c 1 "$tmp/ch_$1$2.wav" synth 2 pluck "$1" pluck "$2" pluck "$3" remix - gain -n -12
  chords+=("$tmp/ch_$1$2.wav")
done
sox "${chords[@]}" "$tmp/chords.wav"
sox -n -r 22050 -c 1 "$tmp/kick.wav" synth 0.12 sine 90-40 fade 0 0.12 0.1 gain -n -6 pad 0 0.38
sox $(for i in $(seq 16); do echo "$tmp/kick.wav"; done) "$tmp/kicks.wav"
sox -m -v 1.0 "$tmp/voice.wav" -v 0.5 "$tmp/chords.wav" -v 0.6 "$tmp/kicks.wav" song.wav gain -n -1
echo "song written"
