// INTERNAL (torch types): EMO's speed layers (arXiv 2402.17485 §3.2) as an optional part of the denoising UNet.
// No public EMO code or weights exist: the layout below is this engine's own reading of the paper, and no golden
// output checks it (the tests check the encoding by hand-computed values, the wiring, and exact equivalence
// to Hallo when the module is absent or its output projections are zero). Not a public API.
//
//   head rotation speed w_f (degrees per video frame)
//     → s_{f,i} = tanh((w_f − c_i) / r_i · 3)                 speedEncoding(w, config)      [T, k]
//     → concat s_{f−m} … s_{f+m} (clamped to the sequence)   speedWindows(enc, m, first, n) [n, (2m+1)·k]
//     → MLP (Linear, SiLU, …, Linear)                         SpeedEncoder::forward          [n, embedding_dim]
//   In every chosen motion module, after the temporal self-attention of each transformer block:
//     x = x + to_out(attn(LayerNorm(x), speed features of the same clip frames))
//   The features of the clip's frames (motion frames included) are repeated over the spatial tokens, as EMO
//   describes, so each token's temporal sequence attends to the clip's speed sequence.
//
// Checkpoint keys (under `denoising_unet.`):
//   speed_encoder.mlp.{j}.{weight,bias}                                  the MLP's linear layers in order
//   <block>.motion_modules.{i}.temporal_transformer.transformer_blocks.{b}.speed_norm.{weight,bias}
//   <block>.motion_modules.{i}.temporal_transformer.transformer_blocks.{b}.speed_attention.{to_q,to_k,to_v}.weight
//   <block>.motion_modules.{i}.temporal_transformer.transformer_blocks.{b}.speed_attention.to_out.0.{weight,bias}
// A freshly built speed attention has to_out.0 all zero (ControlNet/IP-Adapter style zero init), so adding the
// module to a trained Hallo UNet leaves its output bit-identical until the speed layers are trained. A package
// whose config has `speed_layers` must still carry every key (loading stays strict).
#pragma once

#include "core/diffusion/configs.h"
#include "core/nn/detail/layers.h"

#include <array>
#include <vector>

namespace emote::diffusion {

// [T] speeds → [T, k] encodings.
torch::Tensor speedEncoding(const torch::Tensor& speeds_T, const SpeedLayersConfig& config);

// Frames FIRST … FIRST+COUNT−1 (may lie outside [0, T), e.g. the motion frames before clip 0): each row joins
// the encodings of frames f−m … f+m, every index clamped to [0, T−1]. [COUNT, (2m+1)·k].
torch::Tensor speedWindows(const torch::Tensor& encoding_Tk, std::int64_t window, std::int64_t first,
                           std::int64_t count);

class SpeedEncoder : public torch::nn::Module {
public:
    explicit SpeedEncoder(const SpeedLayersConfig& config);
    // [..., (2m+1)·k] → [..., embedding_dim]
    torch::Tensor forward(const torch::Tensor& windows);

private:
    std::vector<nn::Linear> m_layers;
};

// The cross-attention a motion module's transformer block gets. Not a module itself: the block registers
// `speed_norm` and `speed_attention` under its own path.
class SpeedAttention {
public:
    SpeedAttention(std::int64_t dim, const SpeedLayersConfig& config);
    // x [(B·F), T, C]; speed [B, F, D] → x + attention (residual included).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& speed_BFD, std::int64_t frames);

    torch::nn::LayerNorm norm{nullptr};
    std::shared_ptr<nn::Attention> attention;
};

// Turns per-frame head angles (degrees; yaw, pitch, roll) into rotation speeds: w_f = |angles_f − angles_{f−1}|
// (Euclidean, degrees per frame), w_0 = w_1. Torch-free helper for the engine's velocity source.
std::vector<double> rotationSpeeds(const std::vector<std::array<double, 3>>& angles_deg);

} // namespace emote::diffusion
