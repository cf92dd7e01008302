// libFuzzer target: the tfjs weights reader (core/face/tfjs_weights). The input is a manifest, a NUL byte, then
// the bytes of its shard, which is written as "shard.bin" beside it (manifests in the seed corpus name it).
#include "core/common/error.h"
#include "core/face/tfjs_weights.h"
#include "fuzz_support.h"

#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const auto* nul = static_cast<const uint8_t*>(std::memchr(data, 0, size));
    const size_t manifest_size = nul ? size_t(nul - data) : size;
    const std::string manifest = emote::fuzz::writeScratch("weights_manifest.json", data, manifest_size);
    if (nul)
        emote::fuzz::writeScratch("shard.bin", nul + 1, size - manifest_size - 1);
    else
        emote::fuzz::removeScratch("shard.bin");
    try {
        const auto w = emote::face::TfjsWeights::load(manifest);
        for (const auto& t : w.weights()) {
            const size_t n = t.dtype == emote::face::TfjsDType::Float32 ? t.values.size() : t.ints.size();
            if (int64_t(n) != t.count())
                std::abort();
        }
    } catch (const emote::Error&) {
    }
    return 0;
}
