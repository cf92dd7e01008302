#include "core/nn/runtime.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
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

ScopedIntraOpThreads::ScopedIntraOpThreads(int threads) : m_previous(at::get_num_threads())
{
    at::set_num_threads(std::max(1, threads));
}

ScopedIntraOpThreads::~ScopedIntraOpThreads() { at::set_num_threads(m_previous); }

} // namespace emote::nn
