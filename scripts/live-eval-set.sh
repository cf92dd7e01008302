#!/usr/bin/env bash
# The Live engine's evaluation set behind the README's "what a viewer sees" table: 8 portraits the engine was not
# tuned on, 4 audio tracks, each rendered with scripts/live-look.sh (mouth strip, contact sheet, evaluation).
#
#   scripts/live-eval-set.sh OUTDIR [PORTRAIT...]       e.g. scripts/live-eval-set.sh /tmp/eval tilted group
#   EMOTE=old/build/app/emote EMOTE_EVAL=build/app/emote scripts/live-eval-set.sh /tmp/before   (another build)
#   AUDIO="en song2" ...                                 only some of the tracks
#
# Portraits: crops of face-api's sample photos (tests/golden/faceapi, MIT) and of @vladmandic/human 3.3.6's
# assets/screenshot-facematch.jpg (MIT, fetched with npm pack); an oil-paint filter of one of them stands in for a
# painting. Audio: espeak-ng English and German, a song over sustained chords and an a cappella song (espeak-ng
# syllables pitched by sox).
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,12p' "$0"; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(realpath -m "$1")
shift
portraits=("$@")
in="$out/in"
mkdir -p "$in"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- portraits ---------------------------------------------------------------------------------------------------
g="$here/tests/golden/faceapi"
[ -f "$in/p_left.png" ] || convert "$g/sample1/image.png" -crop 600x700+200+80 +repage "$in/p_left.png"
[ -f "$in/p_middle.png" ] || convert "$g/sample1/image.png" -crop 640x760+620+180 +repage "$in/p_middle.png"
[ -f "$in/p_tilted.png" ] || convert "$g/sample1/image.png" -crop 640x720+1260+0 +repage "$in/p_tilted.png"
[ -f "$in/p_closed.png" ] || convert "$g/sample2/image.png" -crop 600x700+1230+20 +repage "$in/p_closed.png"
[ -f "$in/p_group.png" ] || cp "$g/sample1/image.png" "$in/p_group.png"
[ -f "$in/p_painting.png" ] || convert "$in/p_closed.png" -paint 3 -modulate 100,115 "$in/p_painting.png"
if [ ! -f "$in/p_older_lowres.png" ] || [ ! -f "$in/p_glasses.png" ]; then
  (cd "$tmp" && npm pack --silent @vladmandic/human@3.3.6 >/dev/null && tar -xzf vladmandic-human-3.3.6.tgz package/assets/screenshot-facematch.jpg)
  shot="$tmp/package/assets/screenshot-facematch.jpg"
  convert "$shot" -crop 300x300+0+30 +repage "$in/p_older_lowres.png"
  convert "$shot" -crop 108x96+107+400 +repage "$in/p_glasses.png"
fi

# --- audio -------------------------------------------------------------------------------------------------------
[ -f "$in/en.wav" ] || cp "$here/resources/samples/speech.wav" "$in/en.wav"
if [ ! -f "$in/de.wav" ]; then
  espeak-ng -v de -s 140 -w "$tmp/de.wav" "Guten Morgen! Heute erzähle ich euch, wie man in drei Minuten einen wunderbaren Apfelkuchen backt. Zuerst braucht ihr Mehl, Butter und frische Äpfel."
  sox "$tmp/de.wav" -r 16000 "$in/de.wav"
fi
# p/b/m-rich English (12 p/b/m in 13.5 s, against 3 in en.wav): AUDIO="en_pbm" measures lip closure on more of them.
if [ ! -f "$in/en_pbm.wav" ]; then
  espeak-ng -v en-us -s 145 -w "$tmp/pbm.wav" "My brother Bob bought a big blue boat. Maybe Pam will come by before lunch, but Paul probably must stop by the pub to pay his bill. Mum made apple pie, plums, and bread with butter."
  sox "$tmp/pbm.wav" -r 16000 "$in/en_pbm.wav"
fi
sing() { # OUT VOICE SPEED PITCH TEMPO PAD NOTE_S FADE(0|1) NOTES(cents, -1 = rest) SYLLABLES
  local o=$1 voice=$2 speed=$3 pitch=$4 tempo=$5 pad=$6 note_s=$7 fade=$8; local -a notes=($9) words=(${10})
  rm -f "$tmp"/n*.wav
  for i in "${!notes[@]}"; do
    local f; f=$(printf '%s/n%02d.wav' "$tmp" "$i")
    if [ "${notes[$i]}" = "-1" ]; then sox -n -r 22050 -c 1 "$f" trim 0 "$note_s"; continue; fi
    espeak-ng -v "$voice" -s "$speed" -p "$pitch" -w "$tmp/syl.wav" "${words[$i]}"
    sox "$tmp/syl.wav" -r 22050 "$tmp/s2.wav" silence 1 0.01 1% reverse silence 1 0.01 1% reverse
    if [ "$fade" = 1 ]; then
      sox "$tmp/s2.wav" "$f" pitch "${notes[$i]}" tempo -s "$tempo" pad 0 "$pad" trim 0 "$note_s" fade 0.02 "$note_s" 0.05 2>/dev/null
    else
      sox "$tmp/s2.wav" "$f" pitch "${notes[$i]}" tempo -s "$tempo" pad 0 "$pad" trim 0 "$note_s" 2>/dev/null
    fi
  done
  sox "$tmp"/n*.wav "$o"
}
if [ ! -f "$in/song2.wav" ]; then
  sing "$tmp/voice.wav" en-gb+m3 100 40 0.35 0.7 0.62 1 "0 200 400 500 400 200 0 -200 0 200 400 700 500 400 200 0" \
    "sun shine on the wa ter bright and clear the mor ning comes a gain to me"
  chords=()
  for c in "C3 E3 G3" "A2 C3 E3" "F2 A2 C3" "G2 B2 D3"; do
    set -- $c
    sox -n -r 22050 -c 1 "$tmp/ch_$1$2.wav" synth 2.48 sine "$1" sine "$2" sine "$3" remix - fade 0.2 2.48 0.3 gain -n -14
    chords+=("$tmp/ch_$1$2.wav")
  done
  sox "${chords[@]}" "$tmp/chords.wav"
  sox -m -v 1.0 "$tmp/voice.wav" -v 0.7 "$tmp/chords.wav" "$in/song2.wav" reverb 30 gain -n -1
fi
if [ ! -f "$in/acappella.wav" ]; then
  sing "$tmp/acap.wav" en-us+f2 80 45 0.45 0.6 0.6 0 "0 300 500 700 700 500 300 0 -1 200 400 500 400 200 0 0" \
    "la la la laa laa la la laa _ o o o oo o o oo"
  sox "$tmp/acap.wav" "$in/acappella.wav" reverb 20 gain -n -2
fi

# --- render and evaluate -------------------------------------------------------------------------------------------
[ ${#portraits[@]} -gt 0 ] || portraits=(tilted closed middle left older_lowres glasses painting group)
for p in "${portraits[@]}"; do
  for a in ${AUDIO:-en de song2 acappella}; do
    extra=()
    [ "$p" = group ] && extra=(-- --aspect source --size 1280)
    "$here/scripts/live-look.sh" "$in/p_$p.png" "$in/$a.wav" "$out" "${p}_$a" "${extra[@]}"
  done
done
