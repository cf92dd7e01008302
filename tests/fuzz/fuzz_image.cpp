// libFuzzer target: the portrait reader (core/media/image_reader): the header parsers on the bytes in memory,
// then the full decode through a file, with a small pixel cap so a valid huge header is refused quickly.
#include "core/common/error.h"
#include "core/media/image_reader.h"
#include "fuzz_support.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    emote::media::ImageReadOptions opt;
    opt.max_pixels = 4'000'000;
    try {
        const auto info = emote::media::probeImageBytes(data, size, "fuzz.img", opt);
        if (info.width <= 0 || info.height <= 0 || int64_t(info.width) * info.height > opt.max_pixels)
            std::abort();
        if (info.orientation < 1 || info.orientation > 8)
            std::abort();
    } catch (const emote::Error&) {
        return 0;
    }
    const std::string path = emote::fuzz::writeScratch("input.img", data, size);
    try {
        const emote::Image img = emote::media::readImage(path, opt);
        if (img.width <= 0 || img.height <= 0 || img.rgb.size() != size_t(img.width) * size_t(img.height) * 3)
            std::abort();
    } catch (const emote::Error&) {
    }
    return 0;
}
