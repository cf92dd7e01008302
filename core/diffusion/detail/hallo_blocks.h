// INTERNAL (torch types): the transformer pieces of Hallo's UNets with their reference-attention modes, the audio
// attention module and the AnimateDiff motion module. Registration names are checkpoint keys. Not a public API.
//
//   ReferenceBank bank;                     // path → norm1 output of the writer block
//   reference_unet->forward(..., {ReferenceMode::Write, &bank});
//   roundBankToHalf(bank);                  // Hallo's reader stores the bank as float16
//   denoising_unet->forward(..., {ReferenceMode::Read, &bank});
#pragma once

#include "core/diffusion/detail/speed_layers.h"
#include "core/nn/detail/layers.h"

#include <map>
#include <string>

namespace emote::diffusion {

// Writer module path ("down_blocks.0.attentions.0.transformer_blocks.0") → tensor [2·(1+nm), tokens, C].
using ReferenceBank = std::map<std::string, torch::Tensor>;

enum class ReferenceMode { Off, Write, Read };

// Which classifier-free-guidance halves a Read-mode batch holds: both ([uncond frames..., cond frames...], as
// Hallo runs them), or one of them alone (the CPU runs the halves side by side, HalloUNet::denoise).
enum class CfgRows { Both, Uncond, Cond };

struct ReferenceState {
    ReferenceMode mode = ReferenceMode::Off;
    ReferenceBank* bank = nullptr;
    CfgRows rows = CfgRows::Both;
};

// The bank as Hallo's reader keeps it: bank.to(float16) then promoted back by torch.cat.
void roundBankToHalf(ReferenceBank& bank);

// Writer blocks in Hallo's bank order: pre-order DFS order (down_blocks, up_blocks, mid_block), stably sorted
// by descending width. Returns paths.
std::vector<std::string> bankOrder(const std::vector<std::pair<std::string, std::int64_t>>& dfs_paths_and_widths);

// diffusers/Hallo BasicTransformerBlock (2D writer) and TemporalBasicTransformerBlock (3D reader): the same
// parameters (norm1, attn1, norm2, attn2, norm3, ff); the mode decides the self-attention.
class TransformerBlock : public torch::nn::Module {
public:
    TransformerBlock(std::string path, std::int64_t dim, std::int64_t heads, std::int64_t head_dim,
                     std::int64_t context_dim);

    // x [N, T, C]; context [N or a divisor of N, S, Cc] (tiled over the batch as Hallo's writer does).
    // In Read mode x holds [uncond frames..., cond frames...] (2·F rows; or F rows of one half, ref.rows) and
    // MOTION receives bank[:, 1:] as [2, nm, T, C] (or that half's [1, nm, T, C]).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const ReferenceState& ref,
                          std::int64_t frames, torch::Tensor* motion);

    const std::string& path() const { return m_path; }
    std::int64_t width() const { return m_width; }

    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
    std::shared_ptr<nn::Attention> attn1, attn2;
    std::shared_ptr<nn::FeedForward> ff;

private:
    std::string m_path;
    std::int64_t m_width;
};

// Transformer2DModel / Transformer3DModel (spatial): GroupNorm(eps 1e-6) → proj_in → blocks → proj_out → + x.
class SpatialTransformer : public torch::nn::Module {
public:
    SpatialTransformer(const std::string& path, std::int64_t channels, std::int64_t heads, std::int64_t layers,
                       std::int64_t context_dim, std::int64_t groups, bool linear_projection);

    // x [N, C, H, W]. MOTION (optional) receives the first block's motion-frame features (Read mode).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context, const ReferenceState& ref,
                          std::int64_t frames, torch::Tensor* motion);

    std::vector<std::shared_ptr<TransformerBlock>> blocks;
    torch::nn::GroupNorm norm{nullptr};
    torch::nn::Module* proj_in_module = nullptr;
    torch::nn::Conv2d proj_in_conv{nullptr}, proj_out_conv{nullptr};
    nn::Linear proj_in_linear{nullptr}, proj_out_linear{nullptr};
};

// Per-level masks of the audio attention, each [2·F, tokens at that level].
struct AudioMasks {
    std::vector<torch::Tensor> full, face, lip;
};

// Hallo AudioTemporalBasicTransformerBlock.
class AudioBlock : public torch::nn::Module {
public:
    AudioBlock(std::int64_t dim, std::int64_t heads, std::int64_t head_dim, std::int64_t audio_dim, bool masked,
               std::int64_t level);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& audio, const AudioMasks& masks,
                          const std::vector<double>* motion_scale);

    torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr}, norm3{nullptr};
    std::shared_ptr<nn::Attention> attn1, attn2, attn2_0, attn2_1, attn2_2;
    torch::nn::Conv2d zero_conv_full{nullptr}, zero_conv_face{nullptr}, zero_conv_lip{nullptr};
    std::shared_ptr<nn::FeedForward> ff;

private:
    std::int64_t m_level;
};

// Transformer3DModel(use_audio_module=True): GroupNorm(C_block) → proj_in C_block→inner → blocks → proj_out.
class AudioModule : public torch::nn::Module {
public:
    AudioModule(std::int64_t block_channels, std::int64_t inner_channels, std::int64_t heads, std::int64_t audio_dim,
                std::int64_t groups, bool masked, std::int64_t level);
    // x [(B·F), C, H, W]; audio [(B·F), ctx, audio_dim].
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& audio, const AudioMasks& masks,
                          const std::vector<double>* motion_scale);

    torch::nn::GroupNorm norm{nullptr};
    torch::nn::Conv2d proj_in{nullptr}, proj_out{nullptr};
    std::vector<std::shared_ptr<AudioBlock>> blocks;
};

// AnimateDiff VanillaTemporalModule: `temporal_transformer.{norm, proj_in, transformer_blocks, proj_out}`.
class MotionModule : public torch::nn::Module {
public:
    // SPEED: EMO speed layers for this module (detail/speed_layers.h), or null.
    MotionModule(std::int64_t channels, std::int64_t heads, std::int64_t blocks, std::int64_t attention_blocks,
                 bool position_encoding, std::int64_t max_len, const SpeedLayersConfig* speed = nullptr);
    // x [B, C, F, H, W] → same shape. SPEED_BFD [B, F, D]: speed features of the same frames (needed exactly
    // when the module has speed layers).
    torch::Tensor forward(const torch::Tensor& x_BCFHW, const torch::Tensor& speed_BFD = {});
    // The same on frames: x [(B·F), C, H, W] → same shape. PREFIX [B, nm, C, H, W] (or undefined): frames before
    // each video's (Hallo's motion frames) that the temporal attention sees and the output leaves out; the last
    // block computes only what the kept frames need. SPEED_BFD then covers nm + F frames.
    torch::Tensor forwardFrames(const torch::Tensor& x, std::int64_t frames, const torch::Tensor& prefix,
                                const torch::Tensor& speed_BFD = {});
    bool hasSpeedLayers() const { return m_speed; }

private:
    struct TemporalAttention;
    struct TemporalBlock;
    std::shared_ptr<torch::nn::Module> m_transformer;
    torch::nn::GroupNorm m_norm{nullptr};
    nn::Linear m_proj_in{nullptr}, m_proj_out{nullptr};
    std::vector<std::shared_ptr<TemporalBlock>> m_blocks;
    bool m_speed = false;
};

} // namespace emote::diffusion
