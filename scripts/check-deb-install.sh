#!/usr/bin/env bash
# Does the .deb install where users are? Builds the package (packaging/build-deb.sh) unless one is given, makes a
# clean Debian 12 (bookworm) root with debootstrap, installs the package there with apt — which must resolve every
# Depends and Recommends from Debian's own archive —, then checks that nothing the programs link is missing, that
# `emote-fetch-models` installs the face models and that `emote generate` turns the packaged sample into a video.
# Not part of the test suite: it needs root, the network and takes many minutes (debootstrap, about 1 GB of
# packages, a release build).
#
#   sudo scripts/check-deb-install.sh                      # build the package, check it, remove the root
#   sudo scripts/check-deb-install.sh --deb FILE.deb       # check a package already built
#   sudo scripts/check-deb-install.sh --keep --root DIR    # keep the root (DIR) to look around in it
#   sudo scripts/check-deb-install.sh --models models
#        # where the root cannot reach npm: install models/face-api and models/human instead of
#        # emote-fetch-models's download, checked against the SHA-256 sums the package ships (as it does)
#
# Environment: EMOTE_DEBIAN_MIRROR (default http://deb.debian.org/debian).
# Exit status: 0 all checks passed; 1 a check failed (the step is named); 2 wrong usage or not root.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mirror=${EMOTE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
deb=""
root=""
keep=0
models=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb=$(readlink -f "$2"); shift 2 ;;
    --root) root=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --models) models=$(readlink -f "$2"); shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "check-deb-install: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "check-deb-install: needs root (debootstrap and chroot): run it with sudo" >&2; exit 2; }

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[1;31mFAILED: %s\033[0m\n' "$*" >&2; exit 1; }

# ---- 1. The package ---------------------------------------------------------------------------------------
if [ -z "$deb" ]; then
  say "Building the package (packaging/build-deb.sh)"
  nice -n 5 "$here/packaging/build-deb.sh" "$here/build-deb"
  deb=$(ls -t "$here"/build-deb/package/*.deb | head -1)
fi
[ -f "$deb" ] || { echo "check-deb-install: no package at '$deb'" >&2; exit 2; }
say "Package: $deb"

# ---- 2. A clean Debian 12 root -------------------------------------------------------------------------------
command -v debootstrap >/dev/null 2>&1 || {
  say "Installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
}
[ -n "$root" ] || root=$(mktemp -d /var/tmp/emote-deb-root.XXXXXX)
mkdir -p "$root"
mounted=()
cleanup() {
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if [ "$keep" = 1 ]; then echo "The root stays in $root"; else rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
if [ ! -x "$root/usr/bin/apt-get" ]; then
  say "debootstrap bookworm (minbase) into $root"
  debootstrap --variant=minbase bookworm "$root" "$mirror" || fail "debootstrap"
fi
cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
for m in proc sys dev; do
  mount --bind "/$m" "$root/$m"
  mounted+=("$root/$m")
done
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

# ---- 3. apt install ------------------------------------------------------------------------------------------
cp "$deb" "$root/tmp/emote-studio.deb"
say "apt-get install ./emote-studio.deb (with its Recommends, as a user's apt does)"
in_root apt-get update || fail "apt-get update in the root"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y /tmp/emote-studio.deb' ||
  fail "apt could not install the package (an unresolvable Depends?)"
in_root dpkg-query -W -f='${Status}\n' emote-studio | grep -q "install ok installed" || fail "dpkg status"

# ---- 4. What the programs link is all there -------------------------------------------------------------------
say "Shared libraries of emote and emote-studio"
for bin in /usr/bin/emote /usr/bin/emote-studio; do
  missing=$(in_root ldd "$bin" | grep "not found" || true)
  [ -z "$missing" ] || fail "$bin links libraries the package does not pull in: $missing"
done
in_root emote version || fail "emote version"
in_root sh -c 'QT_QPA_PLATFORM=offscreen emote-studio --version' || fail "emote-studio --version (offscreen)"

# ---- 5. The face models, then a video from the sample ----------------------------------------------------------
if [ -z "$models" ]; then
  say "emote-fetch-models"
  in_root emote-fetch-models || fail "emote-fetch-models"
else
  say "Face models from $models (instead of emote-fetch-models's download), checked against the package's sums"
  for set in face-api human; do
    mkdir -p "$root/var/lib/emote-studio/models/$set"
    cp "$models/$set"/*.json "$models/$set"/*.bin "$root/var/lib/emote-studio/models/$set/"
    in_root sh -c "cd /var/lib/emote-studio/models/$set && sha256sum --quiet -c /usr/share/emote-studio/$set-models.sha256" ||
      fail "the models in $models/$set do not match the sums the package ships"
  done
fi
say "emote generate on the packaged sample"
in_root emote generate --portrait /usr/share/emote-studio/samples/astronaut.png \
  --audio /usr/share/emote-studio/samples/speech.wav -o /tmp/sample.mp4 2>&1 | tee "$root/tmp/generate.log" ||
  fail "emote generate"
[ -s "$root/tmp/sample.mp4" ] || fail "emote generate wrote no video"
if grep -q "could not be loaded" "$root/tmp/generate.log"; then
  fail "emote generate ran without some of its models (see the warning above)"
fi
in_root emote verify /tmp/sample.mp4 || fail "emote verify: the sample video is not marked as AI-generated"
say "All checks passed: $(basename "$deb") installs with apt on Debian 12 and makes a video"
