// INTERNAL (torch types): diffusers AutoencoderKL (v0.27.2) built from its config; registration names are
// diffusers' keys (`encoder.down_blocks.0.resnets.0.norm1.weight`, ...). Not a public API.
//
//   auto vae = std::make_shared<emote::diffusion::AutoencoderKL>(config);
//   emote::nn::WeightLoader loader(file);
//   loader.load(*vae, "vae.", emote::diffusion::AutoencoderKL::legacyAttentionNames());
//   torch::Tensor mean_BCHW = vae->encodeMean(image_BCHW);   // unscaled
//   torch::Tensor image = vae->decode(latents_BCHW);         // latents already divided by the scaling factor
#pragma once

#include "core/diffusion/configs.h"
#include "core/nn/detail/layers.h"
#include "core/nn/detail/tensor_io.h"

namespace emote::diffusion {

// Mid-block self-attention of the VAE: group_norm, 1 head of width C with biased q/k/v/out, residual.
class VaeAttention : public torch::nn::Module {
public:
    VaeAttention(std::int64_t channels, std::int64_t groups);
    torch::Tensor forward(const torch::Tensor& x_BCHW);

    torch::nn::GroupNorm group_norm{nullptr};
    nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, to_out_0{nullptr};
};

// UNetMidBlock2D without time input: resnet, attention, resnet.
class VaeMidBlock : public torch::nn::Module {
public:
    VaeMidBlock(std::int64_t channels, std::int64_t groups);
    torch::Tensor forward(const torch::Tensor& x);

    std::vector<std::shared_ptr<nn::ResnetBlock2D>> resnets;
    std::shared_ptr<VaeAttention> attention;
};

// DownEncoderBlock2D / UpDecoderBlock2D.
class VaeBlock : public torch::nn::Module {
public:
    enum class Sampling { None, Down, Up };
    VaeBlock(std::int64_t in_channels, std::int64_t out_channels, std::int64_t layers, std::int64_t groups,
             Sampling sampling);
    torch::Tensor forward(torch::Tensor x);

    std::vector<std::shared_ptr<nn::ResnetBlock2D>> resnets;
    std::shared_ptr<nn::Downsample2D> downsampler;
    std::shared_ptr<nn::Upsample2D> upsampler;
};

class VaeEncoder : public torch::nn::Module {
public:
    explicit VaeEncoder(const AutoencoderKLConfig& c);
    torch::Tensor forward(const torch::Tensor& image_BCHW);

    torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
    std::vector<std::shared_ptr<VaeBlock>> down_blocks;
    std::shared_ptr<VaeMidBlock> mid_block;
    torch::nn::GroupNorm conv_norm_out{nullptr};
};

class VaeDecoder : public torch::nn::Module {
public:
    explicit VaeDecoder(const AutoencoderKLConfig& c);
    torch::Tensor forward(const torch::Tensor& z_BCHW);

    torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
    std::shared_ptr<VaeMidBlock> mid_block;
    std::vector<std::shared_ptr<VaeBlock>> up_blocks;
    torch::nn::GroupNorm conv_norm_out{nullptr};
};

class AutoencoderKL : public torch::nn::Module {
public:
    explicit AutoencoderKL(const AutoencoderKLConfig& config);

    // encode(x).latent_dist.mean: quant_conv(encoder(x))[:, :latent_channels], unscaled.
    torch::Tensor encodeMean(const torch::Tensor& image_BCHW);
    // decode(z).sample: decoder(post_quant_conv(z)). Z is used as is.
    torch::Tensor decode(const torch::Tensor& latents_BCHW);

    const AutoencoderKLConfig& config() const { return m_config; }

    // Older VAE files (SD1.x, sd-vae-ft-mse) name the mid attention query/key/value/proj_attn; diffusers renames
    // them on load (_convert_deprecated_attention_blocks). This is that table.
    static const nn::NameMap& legacyAttentionNames();

    std::shared_ptr<VaeEncoder> encoder;
    std::shared_ptr<VaeDecoder> decoder;
    torch::nn::Conv2d quant_conv{nullptr}, post_quant_conv{nullptr};

private:
    AutoencoderKLConfig m_config;
};

} // namespace emote::diffusion
