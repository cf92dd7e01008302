// INTERNAL (torch types): Hallo's two UNets from one diffusers-style config.
//  - Reference UNet (hallo/models/unet_2d_condition.py): 2D, no conv_norm_out/conv_out, writes the bank.
//  - Denoising UNet (hallo/models/unet_3d.py): per-frame 2D layers on a [(B·F), C, H, W] layout plus audio
//    modules and motion modules, reading the bank; it runs the training-mode branch with gradient
//    checkpointing that Hallo's inference takes (golden README §4 quirk 1).
// Registration names are checkpoint keys. Not a public API.
//
//   auto ref = std::make_shared<HalloUNet>(config, HalloUNet::Kind::Reference);
//   ReferenceBank bank;
//   ref->writeBank(ref_latents_NCHW, ehs_2SC, bank);
//   auto den = std::make_shared<HalloUNet>(config3d, HalloUNet::Kind::Denoising);
//   roundBankToHalf(bank);
//   auto noise_pred = den->denoise({sample_BCFHW, t, ehs, mask_fea, audio, masks, motion_scale}, bank);
#pragma once

#include "core/diffusion/configs.h"
#include "core/diffusion/detail/hallo_blocks.h"

namespace emote::diffusion {

class UNetBlock; // one down / up block

struct DenoiseInputs {
    torch::Tensor sample_BCFHW;          // [2, 4, F, h, w]: [uncond, cond]
    std::int64_t timestep = 0;
    torch::Tensor encoder_hidden_states; // [2, tokens, cross_dim]
    torch::Tensor mask_cond_fea;         // [2, C0, F, h, w] or undefined
    torch::Tensor audio_embedding;       // [2, F, ctx, audio_dim] or undefined
    AudioMasks masks;                    // per level, each [2·F, tokens]
    std::vector<double> motion_scale;    // [pose/full, face, lip]
    torch::Tensor speed_features;        // [2, nm + F, D]: EMO speed features of the motion and clip frames;
                                         // needed exactly when the config has speed_layers
};

class HalloUNet : public torch::nn::Module {
public:
    enum class Kind { Reference, Denoising };
    HalloUNet(const UNetConfig& config, Kind kind);

    // Reference UNet at timestep 0: BANK[path] = norm1 output of every writer block for REF_NCHW repeated twice
    // ([r, m…, r, m…]); EHS [2, tokens, cross_dim] is tiled over that batch as Hallo does.
    void writeBank(const torch::Tensor& ref_latents_NCHW, const torch::Tensor& ehs, ReferenceBank& bank);

    // Denoising UNet: noise prediction [2, out_channels, F, h, w]. BANK holds the (float16-rounded) writer
    // outputs keyed by module path; the writer and reader share paths. On the CPU with 2 or more intra-op
    // threads the uncond and cond halves run side by side (nn::runSideBySide), each a batch of one.
    torch::Tensor denoise(const DenoiseInputs& in, const ReferenceBank& bank);
    // One or both halves of the CFG batch (ROWS says which IN holds), on this thread.
    torch::Tensor denoiseRows(const DenoiseInputs& in, const ReferenceBank& bank, CfgRows rows);

    // Writer/reader blocks in Hallo's bank order (see bankOrder()).
    std::vector<std::string> bankPaths() const;

    const UNetConfig& config() const { return m_config; }

    // EMO speed layers (config.speed_layers): the shared MLP; null when the config has none.
    std::shared_ptr<SpeedEncoder> speed_encoder;

private:
    torch::Tensor run(torch::Tensor x_NCHW, const torch::Tensor& temb_N, const torch::Tensor& ctx,
                      const ReferenceState& ref, std::int64_t frames, const DenoiseInputs* in);

    UNetConfig m_config;
    Kind m_kind;
    torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
    std::shared_ptr<nn::TimestepEmbedding> time_embedding;
    std::vector<std::shared_ptr<UNetBlock>> down_blocks, up_blocks;
    std::shared_ptr<UNetBlock> mid_block;
    torch::nn::GroupNorm conv_norm_out{nullptr};
};

} // namespace emote::diffusion
