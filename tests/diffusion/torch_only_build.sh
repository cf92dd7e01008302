#!/usr/bin/env bash
# test_torch_only_build: the torch side (cmake/torch-only: core/nn, core/diffusion, golden_check, bench_diffusion)
# configures and builds with Qt, FFmpeg, OpenCV and pocketsphinx hidden from CMake, and its golden_check passes.
# The full golden set runs in test_diffusion_golden from the same sources; here the quick cases of every module
# family, enough to show the torch-only binaries compute what the full build does.
#   torch_only_build.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
out=$2
cmake -S "$src/cmake/torch-only" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenCV=ON \
  -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON -DCMAKE_DISABLE_FIND_PACKAGE_PocketSphinx=ON
cmake --build "$out" --target golden_check bench_diffusion -j "${EMOTE_TORCH_ONLY_JOBS:-2}"
# What was built links no Qt, FFmpeg or OpenCV library itself (its direct dependencies; Debian's libtorch pulls
# some of them in on its own, which a wheel's libtorch does not).
for bin in "$out/tests/diffusion/golden_check" "$out/bench/diffusion/bench_diffusion"; do
  if readelf -d "$bin" | grep NEEDED | grep -E 'libQt|libav(codec|format|util)|libsw(scale|resample)|libopencv|pocketsphinx'; then
    echo "FAIL: $bin depends on a library the torch-only build must not use" >&2
    exit 1
  fi
done
"$out/tests/diffusion/golden_check" --device cpu --only ddim_hallo_16 --only ddim_sd15_7 --only vae_legacy_names \
  --only unet2d_reference_v --only hallo_small_modules_v --only wav2vec2_hallo_v "$src/tests/golden"
