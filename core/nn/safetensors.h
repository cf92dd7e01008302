// Hardened, memory-mapped reader for .safetensors files (DESIGN.md §4). Torch-free: tensors are described
// by dtype, shape and a pointer into the mapping; core/nn/detail/tensor_io.h turns them into torch tensors.
//
//   emote::nn::SafetensorsFile file = emote::nn::SafetensorsFile::open("weights.safetensors");
//   for (const emote::nn::TensorView& t : file.tensors())
//       std::printf("%s %s\n", t.name.c_str(), emote::nn::dtypeName(t.dtype));
//   const emote::nn::TensorView& w = file.require("conv_in.weight"); // throws emote::Error if absent
//
// Every structural problem is an emote::Error (ErrorKind::Input) naming the file and what is wrong:
// header longer than 100 MB or than the file, a first header byte other than '{', malformed JSON,
// duplicate keys, unknown dtypes, negative or overflowing shapes, data offsets that are not contiguous,
// overlap, leave gaps or point outside the file, and byte sizes that disagree with dtype × shape.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace emote::nn {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

const char* dtypeName(DType dtype);
std::size_t dtypeSizeBytes(DType dtype);

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin_byte = 0; // offsets relative to the data section
    std::uint64_t end_byte = 0;
    const std::byte* data = nullptr; // into the mapping; valid while the SafetensorsFile lives

    std::int64_t numel() const;
    std::size_t sizeBytes() const { return std::size_t(end_byte - begin_byte); }
};

std::string shapeString(const std::vector<std::int64_t>& shape); // "[2,3]"

class SafetensorsFile {
public:
    static constexpr std::uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

    // Maps PATH read-only and validates it completely. Throws emote::Error(ErrorKind::Input).
    static SafetensorsFile open(const std::string& path);

    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    ~SafetensorsFile();

    const std::string& path() const { return m_path; }
    // Sorted by name.
    const std::vector<TensorView>& tensors() const { return m_tensors; }
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }

    const TensorView* find(std::string_view name) const;
    // Like find(), but a missing tensor is an error naming the file.
    const TensorView& require(std::string_view name) const;

private:
    SafetensorsFile() = default;
    struct Mapping;
    std::unique_ptr<Mapping> m_mapping;
    std::string m_path;
    std::vector<TensorView> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

} // namespace emote::nn
