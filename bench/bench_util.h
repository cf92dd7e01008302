// Shared helpers for the benchmarks.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

namespace emote::bench {

// Peak resident set size of this process (VmHWM), KiB; -1 if unknown.
inline long peakRssKb()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atol(line.c_str() + 6);
    return -1;
}

} // namespace emote::bench
