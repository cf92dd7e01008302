// libFuzzer entry for the restricted .pth reader (torch-free). Any input must either parse or throw emote::Error;
// a parsed file's every tensor must materialise inside its bounds (ASan/UBSan catch the rest). Build with clang:
//   cmake -DEMOTE_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ ...   then   ./fuzz_pth -max_total_time=60 CORPUS/
#include "core/common/error.h"
#include "core/nn/pth_reader.h"

#include <cstring>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::byte> bytes(size);
    if (size)
        std::memcpy(bytes.data(), data, size);
    emote::nn::PthLimits limits;
    limits.max_objects = 100000;
    limits.max_tensor_bytes = 1 << 24;
    try {
        const auto pth = emote::nn::PthFile::fromBytes("fuzz.pth", std::move(bytes), limits);
        std::vector<std::byte> out;
        for (const auto& t : pth.tensors()) {
            out.resize(pth.sizeBytes(t));
            pth.copyContiguous(t, out.data());
        }
    } catch (const emote::Error&) {
    }
    return 0;
}
