// libFuzzer target: the bounds-checked safetensors reader (core/nn/safetensors). Any input must either open
// with every tensor inside the mapping, or throw emote::Error.
#include "core/common/error.h"
#include "core/nn/safetensors.h"
#include "fuzz_support.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string path = emote::fuzz::writeScratch("input.safetensors", data, size);
    try {
        const auto file = emote::nn::SafetensorsFile::open(path);
        uint64_t covered = 0;
        for (const auto& t : file.tensors()) {
            // The promises callers rely on: element count × item size is the byte size, bytes are readable.
            if (uint64_t(t.numel()) * emote::nn::dtypeSizeBytes(t.dtype) != t.sizeBytes())
                std::abort();
            if (t.sizeBytes() > 0 && (t.data == nullptr))
                std::abort();
            volatile std::byte sink{};
            if (t.sizeBytes() > 0)
                sink = t.data[0] ^ t.data[t.sizeBytes() - 1];
            (void)sink;
            covered += t.sizeBytes();
            if (file.find(t.name) != &t)
                std::abort();
        }
        if (covered > size)
            std::abort();
    } catch (const emote::Error&) {
    }
    return 0;
}
