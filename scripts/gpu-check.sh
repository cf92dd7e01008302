#!/usr/bin/env bash
# GPU check of the Diffusion engine, for a machine with an NVIDIA GPU, PyTorch (2.x with CUDA), CMake, ninja and a
# C++20 compiler — and nothing else: no Qt, FFmpeg or OpenCV (README "GPU"). About 8 minutes on an H100.
#
#   1. builds the torch side (cmake/torch-only: golden_check, bench_diffusion) against that PyTorch's libtorch;
#   2. every golden case on CUDA: float32 within the cases' own tolerances (TF32 off), then float16 and bfloat16
#      within the stated bounds (relative L2 error per output ≤ 0.1 for float16, ≤ 0.5 for bfloat16, see
#      tests/diffusion/golden_check.cpp for why;
#      the scheduler and wav2vec2 stay float32 and keep the float32 tolerances);
#   3. bench_diffusion sd15-512 on CUDA: Hallo's SD1.5-sized modules at 512² × 16 frames, 40 steps, float16:
#      seconds per frame, per denoising step, and the GPU's peak memory (nvidia-smi, sampled);
#   4. Hallo's own Python step (../shared/reference/hallo_step_bench.py --device cuda, same configuration and
#      dtype) on the same GPU, and the ratio C++ / Python per denoising step.
#
#   scripts/gpu-check.sh [--python PY] [--build-dir DIR] [--steps N] [--dtype float16|bfloat16|float32] [--cpu]
#   (defaults: PY python3, DIR build-gpu, 40 steps, float16; with --cpu 2 steps, float32)
#
# --cpu: the same steps on the CPU against Debian's libtorch (or PY's torch), for checking the script itself on a
# machine without a GPU: golden cases in float32 and bfloat16 (no float16 kernels on the CPU in libtorch 1.13),
# the bench at the tiny configuration, the reference at its `small` preset against bench_diffusion small.
# Exit status: 0 when every step ran and passed, 1 otherwise (each step's result is printed either way).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py=python3
build=""
steps=""
dtype=""
cpu=0
while [ $# -gt 0 ]; do
  case "$1" in
    --python) py=$2; shift ;;
    --build-dir) build=$2; shift ;;
    --steps) steps=$2; shift ;;
    --dtype) dtype=$2; shift ;;
    --cpu) cpu=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$build" ] || build="$here/build-gpu"
if [ "$cpu" = 1 ]; then
  : "${steps:=2}" "${dtype:=float32}" # 40 steps of `small` take minutes on a small CPU
else
  : "${steps:=40}" "${dtype:=float16}"
fi
failed=0
say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*"; failed=1; }
t_start=$(date +%s)

say "Machine"
if [ "$cpu" = 0 ]; then
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || fail "nvidia-smi"
fi
torch_line=$("$py" -c 'import torch; print(torch.__version__, "CUDA", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1)
echo "PyTorch ($py): $torch_line"

say "1. Build (cmake/torch-only, no Qt / FFmpeg / OpenCV)"
cfg=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON -DCMAKE_DISABLE_FIND_PACKAGE_OpenCV=ON
     -DCMAKE_DISABLE_FIND_PACKAGE_PkgConfig=ON)
if [ "$cpu" = 0 ] || "$py" -c 'import torch' 2>/dev/null; then
  # The wheel's libtorch directly (no CUDA toolkit needed; Emote compiles no CUDA code).
  cfg+=(-DEMOTE_TORCH_PYTHON="$(command -v "$py")")
fi
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
jobs=$(nproc)
mkdir -p "$build"
logs="$build/gpu-check" # logs of every step: $logs-configure.log, $logs-golden-float32.log, ...
if ! cmake -S "$here/cmake/torch-only" -B "$build" "${gen[@]}" "${cfg[@]}" >"$logs-configure.log" 2>&1; then
  tail -30 "$logs-configure.log"; fail "configure (log: $logs-configure.log)"; exit 1
fi
grep -E "^-- torch " "$logs-configure.log"
if ! cmake --build "$build" --target golden_check bench_diffusion -j "$jobs" >"$logs-build.log" 2>&1; then
  grep -E "error|Error" "$logs-build.log" | head -30; fail "build (log: $logs-build.log)"; exit 1
fi
echo "built in $(( $(date +%s) - t_start )) s"
gc="$build/tests/diffusion/golden_check"
bench="$build/bench/diffusion/bench_diffusion"

say "2. Golden cases"
device=cuda
[ "$cpu" = 1 ] && device=cpu
golden_dtypes=(float32 float16 bfloat16)
[ "$cpu" = 1 ] && golden_dtypes=(float32 bfloat16)
for dt in "${golden_dtypes[@]}"; do
  if "$gc" --device "$device" --dtype "$dt" >"$logs-golden-$dt.log" 2>&1; then
    tail -1 "$logs-golden-$dt.log"
  else
    grep -E "^(FAIL|  FAIL|  error)" "$logs-golden-$dt.log" | head -20
    tail -1 "$logs-golden-$dt.log"
    fail "golden cases on $device in $dt (log: $logs-golden-$dt.log)"
  fi
  if [ "$dt" != float32 ]; then # the measured reduced-precision errors, worst output per case
    awk '/^(PASS|FAIL) /{c=$2} c != "" && /relative L2/{for(i=1;i<=NF;i++) if($i=="L2"){v=$(i+1); sub(",","",v); if(v+0>w[c]) w[c]=v+0}}
         END{for(c in w) printf "   worst relative L2 %-10s %s\n", w[c], c}' "$logs-golden-$dt.log" | sort -k4
  fi
done

say "3. bench_diffusion"
smi_pid=""
peak_file="$logs-gpu-memory.log"
if [ "$cpu" = 0 ]; then
  bench_env=(EMOTE_BENCH_DEVICE=cuda EMOTE_BENCH_DTYPE="$dtype" EMOTE_BENCH_STEPS="$steps")
  bench_cfg=sd15-512
  ref_args=(--preset sd15-512 --device cuda --dtype "$dtype" --repeat 3)
  : >"$peak_file"
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$peak_file" 2>/dev/null &
  smi_pid=$!
else
  bench_env=(EMOTE_BENCH_STEPS="$steps" EMOTE_BENCH_DTYPE="$dtype")
  bench_cfg=small
  ref_args=(--preset small --device cpu --dtype "$dtype" --repeat 2)
fi
env "${bench_env[@]}" "$bench" "$bench_cfg" 2>&1 | tee "$logs-bench.log"
[ "${PIPESTATUS[0]}" = 0 ] || fail "bench_diffusion $bench_cfg"
if [ -n "$smi_pid" ]; then
  kill "$smi_pid" 2>/dev/null
  wait "$smi_pid" 2>/dev/null
  peak=$(sort -n "$peak_file" | tail -1)
  echo "   peak GPU memory in use (nvidia-smi, whole device, sampled every 0.2 s): ${peak:-?} MiB"
fi
cxx_step=$(sed -n 's/^   per denoising step (batch 2 = CFG): \([0-9.]*\) s wall.*/\1/p' "$logs-bench.log" | tail -1)
per_frame=$(sed -n 's/^   per clip: .*per frame: \([0-9.]*\) s wall.*/\1/p' "$logs-bench.log" | tail -1)
echo "   => C++: ${per_frame:-?} s per frame, ${cxx_step:-?} s per denoising step ($bench_cfg, $dtype)"

say "4. Python reference (Hallo's own step) on the same device"
ref="$here/../shared/reference/hallo_step_bench.py"
[ -f "$ref" ] || ref="$here/shared/reference/hallo_step_bench.py"
env_dir="${REFERENCE_ENV:-/tmp/reference-env}"
[ -d "$env_dir" ] || env_dir="$here/shared/reference-env"
py_step=""
if [ ! -f "$ref" ]; then
  fail "no hallo_step_bench.py beside the checkout (../shared/reference/): the ratio is not measured"
elif [ ! -d "$env_dir/hallo" ]; then
  fail "no Hallo / diffusers sources at $env_dir (see ../shared/reference/README.md; REFERENCE_ENV points elsewhere): the ratio is not measured"
else
  HALLO_SRC="$env_dir/hallo" REFERENCE_PYPATH="$env_dir/py" "$py" "$ref" "${ref_args[@]}" 2>&1 | tail -3 | tee "$logs-reference.log"
  py_ms=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$logs-reference.log" | tail -1)
  [ -n "$py_ms" ] && py_step=$(awk -v m="$py_ms" 'BEGIN{printf "%.3f", m/1000}')
  [ -n "$py_step" ] || fail "the Python reference did not report a time"
fi
if [ -n "$py_step" ] && [ -n "$cxx_step" ]; then
  awk -v c="$cxx_step" -v p="$py_step" -v cfg="$bench_cfg" -v dt="$dtype" \
    'BEGIN{printf "   => per denoising step, %s, %s: C++ %.3f s, Python %.3f s, C++ / Python = %.2f\n", cfg, dt, c, p, c/p}'
fi

say "Done in $(( $(date +%s) - t_start )) s: $([ "$failed" = 0 ] && echo "all steps passed" || echo "SOME STEPS FAILED")"
exit "$failed"
