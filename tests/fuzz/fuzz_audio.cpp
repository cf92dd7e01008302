// libFuzzer target: the audio decoder (core/media/audio_decoder) through a file, decoded to the end with a
// short duration cap so inputs that claim hours are refused rather than decoded.
#include "core/common/error.h"
#include "core/media/audio_decoder.h"
#include "fuzz_support.h"

#include <cstdlib>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string path = emote::fuzz::writeScratch("input.audio", data, size);
    try {
        emote::media::AudioDecodeOptions opt;
        opt.sample_rate_hz = 16000;
        opt.channels = 1;
        opt.max_duration_s = 20.0;
        emote::media::AudioStream s(path, opt);
        std::vector<float> buf(4096);
        int64_t total = 0;
        while (const int64_t n = s.read(buf.data(), 4096)) {
            if (n < 0 || n > 4096)
                std::abort();
            total += n;
        }
        if (total != s.framesRead())
            std::abort();
    } catch (const emote::Error&) {
    }
    return 0;
}
