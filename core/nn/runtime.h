// Process-wide libtorch set-up, kept behind a torch-free header (DESIGN.md §3 "torch behind one wall").
//
//   emote::nn::configureRuntime();   // once at start of every executable: intra-op threads = cores
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace emote::nn {

struct RuntimeInfo {
    int intra_op_threads = 0;
    bool cuda_available = false;
    int cuda_devices = 0;
    std::string torch_version;
    // The BLAS that libtorch's matrix products run on, resolved through Debian's alternatives, e.g.
    // "OpenBLAS 0.3.21 ... (/usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3)".
    std::string blas;
    // Debian's netlib reference BLAS (libblas3, single-threaded, unoptimised): the Diffusion engine runs 2-4x
    // slower on it (bench_diffusion). `apt-get install libopenblas0-openmp` replaces it system-wide.
    bool blas_is_reference = false;
    bool cpu_cache = false; // the caching CPU allocator below is installed
};

// Debian's libtorch defaults to one thread; use every core (or EMOTE_THREADS when set). Also installs the
// caching CPU allocator (EMOTE_CPU_CACHE_MB; default 4096, at most a quarter of the memory; 0 turns it off;
// always off under AddressSanitizer).
RuntimeInfo configureRuntime();
RuntimeInfo runtimeInfo();

// TensorFloat-32 (10-bit mantissa) in CUDA matrix products and convolutions on Ampere and newer GPUs. Unless
// this is called, libtorch's defaults apply (cuDNN convolutions may use TF32). The golden checks turn it off:
// float32 must be float32 there. No effect on the CPU.
void setTensorFloat32(bool allowed);

// Which attention kernel multiHeadAttention() uses in this build on DEVICE_IS_CUDA's side, e.g.
// "scaled_dot_product_attention (torch 2.x)" or "sliced matmul-softmax-matmul (torch 1.13 path)".
std::string attentionKernel(bool device_is_cuda);

// Caching CPU allocator for libtorch tensors (cpu_allocator.cpp): blocks of 1 MiB and more freed by tensors are
// kept by size class (1/16 of a power of two) up to CAP_BYTES and reused by the next tensor of that class, so
// a denoising step reuses the pages of the step before instead of mapping and faulting in new ones. Returns
// false when not installed (cap 0, sanitizer build). Installs once per process; later calls change nothing.
bool installCachingCpuAllocator(std::size_t cap_bytes);
std::size_t defaultCpuCacheCap();
// Frees every cached block (tensors in use are untouched): the engines call it when a job ends.
void releaseCachedCpuMemory();
struct CpuCacheStats {
    bool enabled = false;
    std::size_t cap_bytes = 0, cached_bytes = 0, in_use_bytes = 0;
    std::uint64_t hits = 0, misses = 0;
};
CpuCacheStats cpuCacheStats();
// Releases the cached blocks when it goes out of scope (a job's end: done, failed or cancelled).
struct ScopedCpuCacheRelease {
    ScopedCpuCacheRelease() = default;
    ~ScopedCpuCacheRelease() { releaseCachedCpuMemory(); }
    ScopedCpuCacheRelease(const ScopedCpuCacheRelease&) = delete;
    ScopedCpuCacheRelease& operator=(const ScopedCpuCacheRelease&) = delete;
};

// Limits libtorch to THREADS intra-op threads while alive, then restores the previous count. For torch work
// beside other busy threads (the Live engine's face analysis runs beside its phone decoder): idle OpenMP
// workers spin at every barrier and would take the cores from them (measured: the process's CPU time halves).
class ScopedIntraOpThreads {
public:
    explicit ScopedIntraOpThreads(int threads);
    ~ScopedIntraOpThreads();
    ScopedIntraOpThreads(const ScopedIntraOpThreads&) = delete;
    ScopedIntraOpThreads& operator=(const ScopedIntraOpThreads&) = delete;

private:
    int m_previous;
};

// Runs A on this thread and B on a new one at the same time, the intra-op threads split between them (B gets
// half, A the rest; OpenMP's per-thread count, so nothing else in the process changes), with this thread's torch
// state (inference or grad mode, profiler) in both. Two independent halves of a batch computed this way need no
// OpenMP barrier between them: on 2 cores each runs single-threaded, instead of every operator splitting its work
// in two and waiting for the slower half, which a busy machine deschedules (measured on the shared 2-core machine
// at load ≈ 10: a `small` denoising step 8.7 s → 1.9 s wall). With fewer than 2 intra-op threads, or no OpenMP
// runtime found, A then B on this thread.
// Returns when both are done; rethrows A's exception, else B's.
void runSideBySide(const std::function<void()>& a, const std::function<void()>& b);

} // namespace emote::nn
