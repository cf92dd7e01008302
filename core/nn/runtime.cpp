#include "core/nn/runtime.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
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
    return runtimeInfo();
}

RuntimeInfo runtimeInfo()
{
    RuntimeInfo r;
    r.intra_op_threads = at::get_num_threads();
    r.cuda_available = torch::cuda::is_available();
    r.cuda_devices = r.cuda_available ? int(torch::cuda::device_count()) : 0;
    r.torch_version = TORCH_VERSION;
    return r;
}

ScopedIntraOpThreads::ScopedIntraOpThreads(int threads) : m_previous(at::get_num_threads())
{
    at::set_num_threads(std::max(1, threads));
}

ScopedIntraOpThreads::~ScopedIntraOpThreads() { at::set_num_threads(m_previous); }

} // namespace emote::nn
