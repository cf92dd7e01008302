// Module configs in the reference implementations' own naming (diffusers config.json keys, Hugging Face
// Wav2Vec2Config keys, Hallo constructor kwargs), parsed strictly from JSON. Torch-free.
//
//   nlohmann::json json = emote::diffusion::parseConfigJson(text, "scheduler_config.json");
//   emote::diffusion::DdimConfig ddim = emote::diffusion::DdimConfig::fromJson(json);
//   emote::diffusion::UNetConfig unet = emote::diffusion::UNetConfig::fromJson(unet_json);
//
// A key that is absent takes diffusers' default; a key of the wrong type, or a value this engine cannot run
// (e.g. an unknown block type), is an emote::Error(ErrorKind::Input) naming the key. The JSON type is
// nlohmann::json (header-only, Debian's nlohmann-json3-dev), not Qt's, so the torch side builds without Qt.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace emote::diffusion {

// diffusers DDIMScheduler.
struct DdimConfig {
    std::int64_t num_train_timesteps = 1000;
    double beta_start = 0.0001;
    double beta_end = 0.02;
    std::string beta_schedule = "linear"; // linear | scaled_linear | squaredcos_cap_v2
    std::vector<double> trained_betas;    // empty: none
    bool clip_sample = true;
    double clip_sample_range = 1.0;
    bool set_alpha_to_one = true;
    std::int64_t steps_offset = 0;
    std::string prediction_type = "epsilon"; // epsilon | sample | v_prediction
    bool thresholding = false;
    std::string timestep_spacing = "leading"; // leading | trailing | linspace
    bool rescale_betas_zero_snr = false;

    static DdimConfig fromJson(const nlohmann::json& json);
};

// diffusers AutoencoderKL.
struct AutoencoderKLConfig {
    std::int64_t in_channels = 3;
    std::int64_t out_channels = 3;
    std::vector<std::int64_t> block_out_channels{64};
    std::int64_t layers_per_block = 1;
    std::int64_t latent_channels = 4;
    std::int64_t norm_num_groups = 32;
    double scaling_factor = 0.18215;

    std::int64_t scaleFactor() const { return std::int64_t(1) << (block_out_channels.size() - 1); }
    static AutoencoderKLConfig fromJson(const nlohmann::json& json);
};

// EMO's speed layers (arXiv 2402.17485 §3.2), an optional section `speed_layers` of the denoising UNet config.
// No public EMO code or weights exist, so the names are this engine's own:
//   "speed_layers": {
//     "bucket_centers": [0.0, 0.4, 0.8, 1.2],  // c_i, head rotation speed in degrees per video frame
//     "bucket_radii":   [0.2, 0.2, 0.2, 0.2],  // r_i > 0, one per centre
//     "window": 2,                             // m: frame f sees the encodings of frames f−m … f+m
//     "mlp_hidden": [64],                      // hidden widths of the MLP (SiLU between layers), may be []
//     "embedding_dim": 128,                    // width of the speed features (the MLP's output)
//     "attention_heads": 8,                    // heads of the cross-attention (divides the motion module width)
//     "motion_blocks": ["down", "mid", "up"]   // which motion modules get the cross-attention
//   }
// Absent (or null): no speed layers, and the UNet is exactly Hallo's. Unknown keys inside are refused.
struct SpeedLayersConfig {
    bool enabled = false;
    std::vector<double> bucket_centers;
    std::vector<double> bucket_radii;
    std::int64_t window = 2;
    std::vector<std::int64_t> mlp_hidden;
    std::int64_t embedding_dim = 0;
    std::int64_t attention_heads = 8;
    std::vector<std::string> motion_blocks{"down", "mid", "up"};

    std::int64_t buckets() const { return std::int64_t(bucket_centers.size()); }
    std::int64_t inputDim() const { return (2 * window + 1) * buckets(); }
    bool appliesTo(const std::string& block_name) const;
    static SpeedLayersConfig fromJson(const nlohmann::json& json);
};

// diffusers UNet2DConditionModel config, plus Hallo's UNet3DConditionModel additions (unet_additional_kwargs).
struct UNetConfig {
    enum class BlockType { CrossAttnDown, Down, CrossAttnUp, Up };

    std::int64_t in_channels = 4;
    std::int64_t out_channels = 4;
    bool flip_sin_to_cos = true;
    double freq_shift = 0;
    std::vector<BlockType> down_block_types;
    std::vector<BlockType> up_block_types;
    std::vector<std::int64_t> block_out_channels;
    std::int64_t layers_per_block = 2;
    std::int64_t downsample_padding = 1;
    std::int64_t norm_num_groups = 32;
    double norm_eps = 1e-5;
    std::int64_t cross_attention_dim = 1280;
    std::vector<std::int64_t> heads; // per down block; diffusers' `attention_head_dim` (= number of heads)
    std::vector<std::int64_t> transformer_layers_per_block; // per down block
    bool use_linear_projection = false;

    // Hallo 3D additions.
    bool use_inflated_groupnorm = false;
    bool use_motion_module = false;
    std::vector<std::int64_t> motion_module_resolutions{1, 2, 4, 8};
    bool motion_module_mid_block = false;
    bool motion_module_decoder_only = false;
    std::int64_t motion_heads = 8;
    std::int64_t motion_transformer_blocks = 1;
    std::int64_t motion_attention_blocks = 2; // len(attention_block_types), all "Temporal_Self"
    bool motion_position_encoding = true;
    std::int64_t motion_position_encoding_max_len = 32;
    bool use_audio_module = false;
    std::int64_t audio_attention_dim = 768;
    std::vector<std::string> stack_enable_blocks_name;
    std::vector<std::int64_t> stack_enable_blocks_depth;
    SpeedLayersConfig speed_layers; // EMO addition; needs use_motion_module

    static UNetConfig fromJson(const nlohmann::json& json);
};

// Hugging Face Wav2Vec2Config (the non-stable-layer-norm "group" variant that wav2vec2-base uses).
struct Wav2Vec2Config {
    std::vector<std::int64_t> conv_dim;
    std::vector<std::int64_t> conv_kernel;
    std::vector<std::int64_t> conv_stride;
    bool conv_bias = false;
    std::int64_t hidden_size = 768;
    std::int64_t num_hidden_layers = 12;
    std::int64_t num_attention_heads = 12;
    std::int64_t intermediate_size = 3072;
    std::int64_t num_conv_pos_embeddings = 128;
    std::int64_t num_conv_pos_embedding_groups = 16;
    double layer_norm_eps = 1e-5;

    static Wav2Vec2Config fromJson(const nlohmann::json& json);
};

// Hallo AudioProjModel kwargs.
struct AudioProjConfig {
    std::int64_t seq_len = 5;
    std::int64_t blocks = 12;
    std::int64_t channels = 768;
    std::int64_t intermediate_dim = 512;
    std::int64_t output_dim = 768;
    std::int64_t context_tokens = 32;

    static AudioProjConfig fromJson(const nlohmann::json& json);
};

// Hallo FaceLocator kwargs.
struct FaceLocatorConfig {
    std::int64_t conditioning_embedding_channels = 320;
    std::int64_t conditioning_channels = 3;
    std::vector<std::int64_t> block_out_channels{16, 32, 64, 128};

    static FaceLocatorConfig fromJson(const nlohmann::json& json);
};

// Hallo ImageProjModel kwargs.
struct ImageProjConfig {
    std::int64_t cross_attention_dim = 768;
    std::int64_t clip_embeddings_dim = 512;
    std::int64_t clip_extra_context_tokens = 4;

    static ImageProjConfig fromJson(const nlohmann::json& json);
};

// Parses TEXT as JSON; invalid JSON is an emote::Error(ErrorKind::Input) naming WHAT.
nlohmann::json parseConfigJson(const std::string& text, const std::string& what);

} // namespace emote::diffusion
