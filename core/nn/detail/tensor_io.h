// INTERNAL (torch types): safetensors → torch tensors and strict state-dict loading. Not a public API; include
// only from .cpp files of core/nn, core/diffusion and their tests.
//
//   auto file = emote::nn::SafetensorsFile::open(path);
//   emote::nn::WeightLoader loader(file);
//   loader.load(*unet, "denoising_unet.");      // every parameter/buffer of unet must be in the file
//   loader.load(*vae, "vae.", legacyVaeNames()); // foreign names go through an explicit table
//   loader.finish();                             // any key nobody consumed is an error
#pragma once

#include "core/nn/safetensors.h"

#include <torch/torch.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace emote::nn {

// An owning copy of the tensor's bytes (the mapping may be released afterwards).
torch::Tensor toTensor(const TensorView& view);

// One row of a name-map table: a checkpoint key containing `file_part` is read as if it contained
// `module_part` instead (first matching row wins). Tables are explicit, one per foreign format.
struct NameMapRow {
    std::string file_part;
    std::string module_part;
};
using NameMap = std::vector<NameMapRow>;

class WeightLoader {
public:
    explicit WeightLoader(const SafetensorsFile& file);

    // Copies every parameter and buffer of MODULE from the keys PREFIX + name (after mapping the file's
    // keys with MAP). A missing key or a shape mismatch throws emote::Error naming tensor, shapes and file.
    void load(torch::nn::Module& module, const std::string& prefix, const NameMap& map = {});
    // Keys (exact) that may be present and are deliberately unused, e.g. wav2vec2's masked_spec_embed.
    void allowUnused(const std::string& key) { m_allowedUnused.insert(key); }
    // Throws if the file holds keys that no load() consumed.
    void finish() const;

private:
    const SafetensorsFile& m_file;
    std::set<std::string> m_consumed;
    std::set<std::string> m_allowedUnused;
};

// Reads every tensor of an io/state file into a name → tensor list (owning copies).
std::vector<std::pair<std::string, torch::Tensor>> readAll(const SafetensorsFile& file);

} // namespace emote::nn
