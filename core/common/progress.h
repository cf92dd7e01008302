// Progress reports from long jobs. The callback returns false to ask the job to stop.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace emote {

struct Progress {
    std::string stage;     // "decode", "analyse", "generate", "encode", "finalize"; "warning": see message
    int64_t frame = 0;     // frames done in this stage
    int64_t total = 0;     // frames in this stage (0 = unknown)
    double fps = 0.0;      // throughput of this stage so far
    double eta_s = -1.0;   // seconds left, < 0 when unknown
    std::string message;   // stage "warning": what the user should know (e.g. a reduced animation mode)
};

using ProgressFn = std::function<bool(const Progress&)>;

} // namespace emote
