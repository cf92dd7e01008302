#!/usr/bin/env bash
# Builds the release .deb: a separate build folder configured for an installed system (face models looked up
# in /var/lib/emote-studio/models, where `sudo emote-fetch-models` puts them), without tests and benchmarks.
#
#   packaging/build-deb.sh [BUILD_DIR]     → BUILD_DIR/package/emote-studio_<version>_amd64.deb
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build-deb}
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEMOTE_BUILD_TESTS=OFF -DEMOTE_BUILD_BENCH=OFF \
  -DEMOTE_MODELS_DIR=/var/lib/emote-studio/models
cmake --build "$build" -j "$(nproc)"
(cd "$build" && cpack -G DEB)
ls -l "$build"/package/*.deb
