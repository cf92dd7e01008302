#!/usr/bin/env bash
# Renders one portrait + audio with the Live engine and makes what a person should look at before believing the
# numbers: a mouth strip (the 6 most open frames, 2x zoom) and a contact sheet (every 8th frame), beside the
# evaluation (emote evaluate --json) and its per-frame CSV.
#
#   scripts/live-look.sh PORTRAIT AUDIO OUTDIR NAME [-- extra 'emote generate' options]
#   EMOTE=path/to/emote scripts/live-look.sh ...      (default: build/app/emote)
#   EMOTE_EVAL=path/to/emote ...                       another build's evaluator (e.g. to render with an old build)
#
# Writes OUTDIR/NAME.mp4, NAME.json, NAME.csv, NAME-mouth.png, NAME-sheet.png. EVERY=N evaluates every N-th frame.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,9p' "$0"; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
emote=${EMOTE:-$here/build/app/emote}
evaluator=${EMOTE_EVAL:-$emote}
portrait=$1 audio=$2 out=$3 name=$4
shift 4
[ "${1:-}" = "--" ] && shift
mkdir -p "$out"
video="$out/$name.mp4"
"$emote" generate --portrait "$portrait" --audio "$audio" -o "$video" --overwrite "$@" >/dev/null
"$evaluator" evaluate "$video" --portrait "$portrait" --audio "$audio" --json --every "${EVERY:-1}" \
  --frames-csv "$out/$name.csv" >"$out/$name.json"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ffmpeg -v error -i "$video" -frames:v 1 -y "$tmp/first.png"
"$evaluator" faces "$tmp/first.png" --json >"$tmp/faces.json" || true
# The 6 most open frames (inner-mouth ratio), at least 6 frames apart, in time order; the mouth's box from the
# first frame's landmarks (the largest face), widened so the chin and cheeks show.
read -r frames crop < <(python3 - "$out/$name.csv" "$tmp/faces.json" <<'PY'
import csv, json, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["ratio"] not in ("", "nan")]
rows.sort(key=lambda r: -float(r["ratio"]))
picked = []
for r in rows:
    f = int(r["frame"])
    if all(abs(f - p) >= 6 for p in picked):
        picked.append(f)
    if len(picked) == 6:
        break
picked.sort()
try:
    faces = json.load(open(sys.argv[2]))["faces"]
    lm = faces[0]["landmarks"][48:68]
    xs = [p[0] for p in lm]; ys = [p[1] for p in lm]
    w = max(xs) - min(xs); cx = (max(xs) + min(xs)) / 2; cy = (max(ys) + min(ys)) / 2
    side = int(w * 1.9)
    crop = f"{side}x{int(side * 0.75)}+{int(cx - side / 2)}+{int(cy - side * 0.32)}"
except Exception:
    crop = "160x120+176+250"
print(",".join(map(str, picked)) or "0", crop)
PY
)
i=0
for f in ${frames//,/ }; do
  ffmpeg -v error -i "$video" -vf "select=eq(n\,$f)" -frames:v 1 -y "$tmp/m$i.png"
  convert "$tmp/m$i.png" -crop "$crop" +repage -scale 200% "$tmp/m$i.png"
  i=$((i + 1))
done
convert "$tmp"/m*.png +append "$out/$name-mouth.png"
ffmpeg -v error -i "$video" -vf "select=not(mod(n\,8)),scale=192:-1,tile=8x4" -frames:v 1 -y "$out/$name-sheet.png"
echo "$name: frames $frames -> $out/$name-mouth.png, $out/$name-sheet.png"
