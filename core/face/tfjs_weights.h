// Reader for TensorFlow.js weights: a `*-weights_manifest.json` and the binary shards it names.
//
//   const auto weights = emote::face::TfjsWeights::load(dir / "face_landmark_68_model-weights_manifest.json");
//   const emote::face::TfjsWeight& w = weights.at("dense0/conv0/filters");
//   // w.shape == {3, 3, 3, 32} (tfjs layout: HWIO for convolutions), w.values holds the float32 values
//
// The format (as written by tfjs-converter): a JSON array of groups `{paths: [...], weights: [...]}`; a group's
// shards are concatenated in `paths` order and its weights lie back to back, in `weights` order, without
// alignment. A weight holds prod(shape) values of its storage type: `quantization.dtype` (uint8/uint16) when
// quantized, else `dtype` (float32/int32, little-endian). Quantized values are dequantized exactly as tfjs does:
// `q·scale + min` evaluated in float64 and rounded once to float32 (int32 weights: JS Math.round of it).
// Weights quantized as float16 (human-models) are widened exactly. A graph model's `model.json` carries the same
// groups under its `weightsManifest` key (loadModelJson).
// Every problem (missing file, malformed JSON, unknown dtype, size mismatch) is an emote::Error(Input) naming the
// file; model files point the user at `scripts/setup.sh`, which restores them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emote::face {

enum class TfjsDType { Float32, Int32, Bool };

struct TfjsWeight {
    std::string name;
    std::vector<int64_t> shape; // as in the manifest; {} is a scalar
    TfjsDType dtype = TfjsDType::Float32;
    std::vector<float> values;  // Float32 weights (dequantized when the manifest quantizes them)
    std::vector<int32_t> ints;  // Int32 weights, and Bool ones as 0/1 (graph models' folded control-flow constants)
    bool quantized = false;

    int64_t count() const; // prod(shape), 1 for a scalar
};

class TfjsWeights {
public:
    // Reads the manifest and every shard it names (paths relative to the manifest's folder).
    static TfjsWeights load(const std::filesystem::path& manifest_path);
    // Reads the `weightsManifest` of a tfjs graph model's model.json and the shards it names.
    static TfjsWeights loadModelJson(const std::filesystem::path& model_json);

    const std::vector<TfjsWeight>& weights() const { return m_weights; }
    const TfjsWeight* find(std::string_view name) const;
    // Throws emote::Error(Input) naming the manifest when NAME is absent.
    const TfjsWeight& at(std::string_view name) const;
    const std::filesystem::path& manifestPath() const { return m_manifest; }

private:
    struct Groups; // the JSON array of weight groups (Qt JSON, kept out of this header)
    static TfjsWeights fromGroups(const std::filesystem::path& manifest_path, const Groups& groups);

    std::filesystem::path m_manifest;
    std::vector<TfjsWeight> m_weights;
};

// The sentence every model-file error ends with.
std::string modelRestoreHint();

} // namespace emote::face
