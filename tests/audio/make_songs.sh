#!/usr/bin/env bash
# Test fixtures for singing vs speech, made with espeak-ng and sox in OUTDIR:
#   legato.wav          a sung vocal (held syllables on a melody, no gaps) over sustained chords, no drums
#   acappella.wav       a sung vocal alone (held vowels on a melody, reverb)
#   speech_chords.wav   English speech over the same sustained chords (must stay speech)
set -euo pipefail
out=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sing() { # NAME VOICE PITCHES(cents) SYLLABLES NOTE_S
  local name=$1 voice=$2 note_s=$5; local -a notes=($3) words=($4)
  for i in "${!notes[@]}"; do
    local o; o=$(printf '%s/%s%02d.wav' "$tmp" "$name" "$i")
    espeak-ng -v "$voice" -s 100 -p 45 -w "$tmp/syl.wav" "${words[$i]}"
    sox "$tmp/syl.wav" -r 22050 "$tmp/s2.wav" silence 1 0.01 1% reverse silence 1 0.01 1% reverse
    sox "$tmp/s2.wav" "$o" pitch "${notes[$i]}" tempo -s 0.35 pad 0 0.8 trim 0 "$note_s" fade 0.02 "$note_s" 0.05 2>/dev/null
  done
  sox "$tmp/$name"[0-9][0-9].wav "$tmp/$name.wav"
}
sing legato en-gb+m3 "0 200 400 500 400 200 0 -200 0 200 400 700 500 400 200 0" \
  "sun shine on the wa ter bright and clear the mor ning comes a gain to me" 0.62
sing acap en-us+f2 "0 300 500 700 700 500 300 0 200 400 500 400 200 0" "la la la laa laa la la laa o o o oo o oo" 0.65
chords=()
for c in "C3 E3 G3" "A2 C3 E3" "F2 A2 C3" "G2 B2 D3" "C3 E3 G3"; do
  set -- $c
  sox -n -r 22050 -c 1 "$tmp/ch_$1$2.wav" synth 2.48 sine "$1" sine "$2" sine "$3" remix - fade 0.2 2.48 0.3 gain -n -14
  chords+=("$tmp/ch_$1$2.wav")
done
sox "${chords[@]}" "$tmp/chords.wav"
sox -m -v 1.0 "$tmp/legato.wav" -v 0.7 "$tmp/chords.wav" "$out/legato.wav" reverb 30 gain -n -1 trim 0 9.9
sox "$tmp/acap.wav" "$out/acappella.wav" reverb 20 gain -n -2
espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" \
  "Good morning everyone. Today I will show you how to bake an apple cake in three minutes, with flour, butter and fresh apples."
sox "$tmp/speech.wav" -r 22050 "$tmp/speech22.wav"
sox -m -v 1.0 "$tmp/speech22.wav" -v 0.6 "$tmp/chords.wav" "$out/speech_chords.wav" gain -n -1 trim 0 9.9
