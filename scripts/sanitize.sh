#!/usr/bin/env bash
# Build the test suite with AddressSanitizer + UndefinedBehaviorSanitizer (GCC) and run it.
#
#   scripts/sanitize.sh                     # every test
#   scripts/sanitize.sh -L unit             # extra arguments go to ctest (labels, -R, ...)
#   TARGETS="test_safetensors emote" scripts/sanitize.sh -R 'safetensors|hostile'   # build only some targets
#
# Build folder: build-asan (EMOTE_SANITIZE=address,undefined, RelWithDebInfo). Debian's libtorch, Qt, FFmpeg
# and OpenCV are not instrumented; the only runtime settings needed are below and in
# tests/sanitizer/lsan.supp (leak reports from inside those libraries: allocations they keep for the process
# lifetime, e.g. torch's and FFmpeg's static registries). UBSan halts on the first report.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-asan}
if [ ! -f "$BUILD/build.ninja" ]; then
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEMOTE_SANITIZE=address,undefined \
    -DEMOTE_BUILD_BENCH=OFF >/dev/null
fi
# shellcheck disable=SC2086
nice ninja -C "$BUILD" -j"${BUILD_JOBS:-2}" ${TARGETS:-}

SUPP="$PWD/tests/sanitizer/lsan.supp"
# detect_odr_violation=0: libtorch and its dependencies define some globals twice across shared objects, which
# is not ours to fix. new_delete_type_mismatch=0 would only be needed for torch's own allocations; kept on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_odr_violation=0:abort_on_error=1:strict_string_checks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$SUPP:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Sanitizer-aware limits (explicit; nothing is skipped). Under ASan the code runs several times slower:
#  - each hostile-corpus run gets a 300 s time box instead of 120 s;
#  - Qt Test's per-function watchdog (5 min by default) gets 50 min, since the corpus runs all its cases in
#    initTestCase (tests that set their own value in CMake keep it);
#  - ctest's per-test limits are EMOTE_SANITIZE_TIMEOUT_FACTOR (4) times longer (cmake/EmoteTesting.cmake).
export EMOTE_CORPUS_TIMEBOX_S=${EMOTE_CORPUS_TIMEBOX_S:-300}
export QTEST_FUNCTION_TIMEOUT=${QTEST_FUNCTION_TIMEOUT:-3000000}
cd "$BUILD"
ctest --output-on-failure "$@"
