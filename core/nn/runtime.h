// Process-wide libtorch set-up, kept behind a torch-free header (DESIGN.md §3 "torch behind one wall").
//
//   emote::nn::configureRuntime();   // once at start of every executable: intra-op threads = cores
#pragma once

#include <string>

namespace emote::nn {

struct RuntimeInfo {
    int intra_op_threads = 0;
    bool cuda_available = false;
    int cuda_devices = 0;
    std::string torch_version;
};

// Debian's libtorch defaults to one thread; use every core (or EMOTE_THREADS when set).
RuntimeInfo configureRuntime();
RuntimeInfo runtimeInfo();

} // namespace emote::nn
