// Decoded audio: interleaved float samples in [-1, 1].
#pragma once

#include <cstdint>
#include <vector>

namespace emote {

struct AudioBuffer {
    int sample_rate_hz = 0;
    int channels = 0;
    std::vector<float> samples; // frames · channels, interleaved

    int64_t frameCount() const noexcept
    {
        return channels > 0 ? static_cast<int64_t>(samples.size()) / channels : 0;
    }
    double durationSeconds() const noexcept
    {
        return sample_rate_hz > 0 ? static_cast<double>(frameCount()) / sample_rate_hz : 0.0;
    }
};

} // namespace emote
