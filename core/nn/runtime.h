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

} // namespace emote::nn
