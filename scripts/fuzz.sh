#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for a set time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     e.g. scripts/fuzz.sh 600
#
# Targets: fuzz_safetensors fuzz_tfjs_manifest fuzz_image fuzz_audio fuzz_project fuzz_pth (all that this tree
# has, by default). JOBS=2 runs two at a time.
# Seeds come from tests/fuzz/corpus/<name>/ (committed, small); the growing corpus and any crash/timeout/leak
# artifacts go to build-fuzz/work/<name>/ and build-fuzz/artifacts/<name>/. A summary line per target (runs,
# seconds, artifacts) is printed at the end and written to build-fuzz/fuzz-summary.txt. Exit status 1 when any
# target left an artifact.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
TARGETS=("$@")
JOBS=${JOBS:-1}
BUILD=${BUILD:-build-fuzz}
CC=${CC:-clang-14}
CXX=${CXX:-clang++-14}

if [ ! -f "$BUILD/build.ninja" ]; then
  CC=$CC CXX=$CXX cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEMOTE_FUZZ=ON \
    -DEMOTE_BUILD_TESTS=OFF -DEMOTE_BUILD_GUI=OFF -DEMOTE_BUILD_BENCH=OFF >/dev/null
fi
if [ ${#TARGETS[@]} -eq 0 ]; then
  for t in fuzz_safetensors fuzz_tfjs_manifest fuzz_image fuzz_audio fuzz_project fuzz_pth; do
    ninja -C "$BUILD" -t query "$t" >/dev/null 2>&1 && TARGETS+=("$t")
  done
fi
nice ninja -C "$BUILD" -j"${BUILD_JOBS:-2}" "${TARGETS[@]}"

# Torch, Qt, FFmpeg and OpenCV are not instrumented; their allocations at exit are not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t=$1 name=${1#fuzz_}
  local work="$BUILD/work/$name" art="$BUILD/artifacts/$name"
  mkdir -p "$work" "$art"
  "$BUILD/tests/fuzz/$t" "$work" "tests/fuzz/corpus/$name" -max_total_time="$SECONDS_PER_TARGET" \
    -timeout=20 -rss_limit_mb=2560 -max_len=65536 -artifact_prefix="$art/" -print_final_stats=1 \
    >"$BUILD/$t.log" 2>&1 || true
  local runs secs found
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$BUILD/$t.log" | grep -o '[0-9]*$' | tail -1 || true)
  secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$BUILD/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' | tail -1 || true)
  # A finding stops the fuzzer early; its elapsed time is not printed then.
  [ -n "$secs" ] || secs="<$SECONDS_PER_TARGET (stopped at a finding)"
  found=$(find "$art" -type f | wc -l)
  echo "$t: ${runs:-?} runs in ${secs:-?} s, corpus $(find "$work" -type f | wc -l) files, $found artifact(s)"
}

: >"$BUILD/fuzz-summary.txt"
i=0
for t in "${TARGETS[@]}"; do
  run_one "$t" >>"$BUILD/fuzz-summary.txt" &
  i=$((i + 1))
  if [ $((i % JOBS)) -eq 0 ]; then wait; fi
done
wait
cat "$BUILD/fuzz-summary.txt"
! grep -q '[1-9][0-9]* artifact' "$BUILD/fuzz-summary.txt"
