// Restricted reader for PyTorch `.pth` state_dict files (torch.save's zip container). Torch-free, so it can be
// fuzzed on its own; nothing in the file is ever executed.
//
//   emote::nn::PthFile pth = emote::nn::PthFile::open("hallo/net.pth");
//   for (const emote::nn::PthTensor& t : pth.tensors()) {
//       std::vector<std::byte> bytes(pth.sizeBytes(t));
//       pth.copyContiguous(t, bytes.data()); // row-major, the view materialised
//   }
//
// What is accepted, and nothing else (every refusal is an emote::Error(ErrorKind::Input) naming the file, the
// offending opcode, global or entry, and what to do):
// - a zip archive of stored (uncompressed) entries, optionally ZIP64, with one top folder holding data.pkl and
//   data/<key> storages; local and central headers must agree, entries must lie inside the file, must not overlap,
//   and their CRC-32 must match; byteorder, when present, must be "little";
// - a pickle (protocol 2 to 5) built from plain values (None, bool, int, float, str, bytes, tuple, list, dict), the
//   globals collections.OrderedDict, torch._utils._rebuild_tensor_v2 / _rebuild_parameter and the torch.*Storage
//   type names, and persistent ids ('storage', torch.XStorage, key, location, numel) via BINPERSID;
// - a top-level dict whose values are tensors or nested dicts of tensors (names joined with '.'); other values
//   (e.g. an epoch number next to a "state_dict") are skipped and counted in skippedEntries().
// Limits bound the pickle size, object count, stack/memo size, nesting depth, tensor rank and total bytes.
#pragma once

#include "core/nn/safetensors.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace emote::nn {

struct PthLimits {
    std::uint64_t max_pickle_bytes = 256ull << 20;
    std::uint64_t max_objects = 20'000'000;      // pickle values created while unpickling
    std::uint64_t max_stack = 1'000'000;         // values on the pickle stack plus open marks
    std::uint64_t max_memo = 10'000'000;
    std::uint64_t max_entries = 1'000'000;       // zip entries
    int max_nesting = 32;                        // dicts inside dicts in the state_dict
    int max_rank = 16;
    std::uint64_t max_tensor_bytes = 64ull << 30; // total materialised bytes over all tensors
};

// One tensor of the state_dict: a view (shape, strides, offset, all in elements) into a storage entry.
struct PthTensor {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> strides;
    std::int64_t storage_offset = 0;
    std::string storage_key; // the zip entry <top>/data/<key>
    std::int64_t numel() const;
    bool isContiguous() const;
};

class PthFile {
public:
    // Maps PATH read-only and validates container, pickle and every view. Throws emote::Error(ErrorKind::Input).
    static PthFile open(const std::string& path, const PthLimits& limits = {});
    // The same checks on bytes in memory (tests, fuzzing); NAME is used in messages.
    static PthFile fromBytes(std::string name, std::vector<std::byte> bytes, const PthLimits& limits = {});

    PthFile(PthFile&&) noexcept;
    PthFile& operator=(PthFile&&) noexcept;
    ~PthFile();

    const std::string& path() const { return m_path; }
    // Sorted by name.
    const std::vector<PthTensor>& tensors() const { return m_tensors; }
    const PthTensor* find(const std::string& name) const;
    // Values of the top-level dict that were neither tensors nor dicts of tensors.
    std::size_t skippedEntries() const { return m_skipped; }

    std::uint64_t sizeBytes(const PthTensor& t) const;
    // Writes T's elements in row-major order (sizeBytes(t) bytes) to OUT, gathering strided views.
    void copyContiguous(const PthTensor& t, std::byte* out) const;

private:
    PthFile() = default;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_path;
    std::vector<PthTensor> m_tensors;
    std::size_t m_skipped = 0;
};

} // namespace emote::nn
