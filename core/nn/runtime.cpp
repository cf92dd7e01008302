#include "core/nn/runtime.h"

#include <ATen/ThreadLocalState.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <exception>
#include <thread>

namespace emote::nn {

RuntimeInfo configureRuntime()
{
    int threads = int(std::thread::hardware_concurrency());
    if (const char* env = std::getenv("EMOTE_THREADS"); env && std::atoi(env) > 0)
        threads = std::atoi(env);
    if (threads < 1)
        threads = 1;
    at::set_num_threads(threads);
    installCachingCpuAllocator(defaultCpuCacheCap());
    return runtimeInfo();
}

namespace {

struct BlasInfo {
    std::string text;
    bool reference = false;
};

// Which library answers libtorch's sgemm_ (Debian chooses it with update-alternatives, so the soname says
// nothing): its resolved path, and OpenBLAS's own configuration string when it is OpenBLAS.
BlasInfo detectBlas()
{
    BlasInfo b;
    void* sgemm = dlsym(RTLD_DEFAULT, "sgemm_");
    std::string path;
    Dl_info info{};
    if (sgemm && dladdr(sgemm, &info) && info.dli_fname) {
        char resolved[PATH_MAX];
        path = realpath(info.dli_fname, resolved) ? resolved : info.dli_fname;
    }
    // Judged by the library that sgemm_ comes from: OpenBLAS may be loaded beside the reference (Debian's
    // liblapack.so.3 alternative can be OpenBLAS's) and then answers openblas_get_config all the same.
    using ConfigFn = char* (*)();
    auto cfg = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    if (path.find("/blas/libblas.so") != std::string::npos) {
        b.text = "reference BLAS (netlib)";
        b.reference = true;
    } else if (path.find("openblas") != std::string::npos) {
        b.text = cfg ? cfg() : "OpenBLAS"; // "OpenBLAS 0.3.21 ... USE_OPENMP Cooperlake ..."
    } else if (path.find("blis") != std::string::npos) {
        b.text = "BLIS";
    } else {
        b.text = sgemm ? "BLAS" : "no BLAS symbol found";
    }
    if (!path.empty())
        b.text += " (" + path + ")";
    return b;
}

} // namespace

RuntimeInfo runtimeInfo()
{
    RuntimeInfo r;
    r.intra_op_threads = at::get_num_threads();
    r.cuda_available = torch::cuda::is_available();
    r.cuda_devices = r.cuda_available ? int(torch::cuda::device_count()) : 0;
    r.torch_version = TORCH_VERSION;
    static const BlasInfo blas = detectBlas();
    r.blas = blas.text;
    r.blas_is_reference = blas.reference;
    r.cpu_cache = cpuCacheStats().enabled;
    return r;
}

void setTensorFloat32(bool allowed)
{
    at::globalContext().setAllowTF32CuBLAS(allowed);
    at::globalContext().setAllowTF32CuDNN(allowed);
}

namespace {

// libgomp's omp_set_num_threads (loaded with libtorch): sets the calling thread's own thread count, which ATen's
// get_num_threads() and parallel_for, oneDNN and OpenMP OpenBLAS read. Looked up at run time, as the BLAS above,
// so that Emote's code needs no OpenMP flags; null when libtorch runs without OpenMP.
using SetThreadsFn = void (*)(int);
SetThreadsFn ompSetNumThreads()
{
    static const auto fn = reinterpret_cast<SetThreadsFn>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    return fn;
}

} // namespace

void runSideBySide(const std::function<void()>& a, const std::function<void()>& b)
{
    const int threads = at::get_num_threads();
    const SetThreadsFn set = ompSetNumThreads();
    if (threads < 2 || !set) {
        a();
        b();
        return;
    }
    const int threads_b = threads / 2, threads_a = threads - threads_b;
    const at::ThreadLocalState state; // inference / grad mode, dispatch keys, profiler
    std::exception_ptr error_a, error_b;
    std::thread worker([&] {
        at::ThreadLocalStateGuard guard(state);
        at::get_num_threads(); // ATen's first-use set-up on this thread would reset the count set next
        set(threads_b);
        try {
            b();
        } catch (...) {
            error_b = std::current_exception();
        }
    });
    set(threads_a);
    try {
        a();
    } catch (...) {
        error_a = std::current_exception();
    }
    set(threads);
    worker.join();
    if (error_a)
        std::rethrow_exception(error_a);
    if (error_b)
        std::rethrow_exception(error_b);
}

ScopedIntraOpThreads::ScopedIntraOpThreads(int threads) : m_previous(at::get_num_threads())
{
    at::set_num_threads(std::max(1, threads));
}

ScopedIntraOpThreads::~ScopedIntraOpThreads() { at::set_num_threads(m_previous); }

} // namespace emote::nn
