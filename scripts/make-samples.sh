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
echo "samples written to $(pwd)"
