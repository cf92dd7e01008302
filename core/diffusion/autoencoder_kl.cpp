#include "core/diffusion/detail/autoencoder_kl.h"

#include <cmath>

namespace emote::diffusion {

namespace F = torch::nn::functional;
using nn::makeConv2d;
using nn::makeGroupNorm;
using nn::makeLinear;

namespace {
constexpr double kVaeEps = 1e-6;
}

VaeAttention::VaeAttention(std::int64_t channels, std::int64_t groups)
{
    group_norm = register_module("group_norm", makeGroupNorm(groups, channels, kVaeEps));
    to_q = register_module("to_q", makeLinear(channels, channels));
    to_k = register_module("to_k", makeLinear(channels, channels));
    to_v = register_module("to_v", makeLinear(channels, channels));
    to_out_0 = makeLinear(channels, channels);
    torch::nn::ModuleList to_out;
    to_out->push_back(to_out_0);
    register_module("to_out", to_out);
}

torch::Tensor VaeAttention::forward(const torch::Tensor& x)
{
    const auto B = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    auto h = group_norm(x).reshape({B, C, H * W}).transpose(1, 2); // [B, HW, C]
    h = to_out_0(nn::multiHeadAttention(to_q(h), to_k(h), to_v(h), 1));
    return h.transpose(1, 2).reshape({B, C, H, W}) + x;
}

VaeMidBlock::VaeMidBlock(std::int64_t channels, std::int64_t groups)
{
    for (int i = 0; i < 2; ++i)
        resnets.push_back(std::make_shared<nn::ResnetBlock2D>(channels, channels, 0, groups, kVaeEps));
    attention = std::make_shared<VaeAttention>(channels, groups);
    nn::registerList(*this, "attentions", std::vector<std::shared_ptr<VaeAttention>>{attention});
    nn::registerList(*this, "resnets", resnets);
}

torch::Tensor VaeMidBlock::forward(const torch::Tensor& x)
{
    return resnets[1]->forward(attention->forward(resnets[0]->forward(x)));
}

VaeBlock::VaeBlock(std::int64_t in_channels, std::int64_t out_channels, std::int64_t layers, std::int64_t groups,
                   Sampling sampling)
{
    for (std::int64_t i = 0; i < layers; ++i)
        resnets.push_back(
            std::make_shared<nn::ResnetBlock2D>(i == 0 ? in_channels : out_channels, out_channels, 0, groups, kVaeEps));
    nn::registerList(*this, "resnets", resnets);
    if (sampling == Sampling::Down) {
        downsampler = std::make_shared<nn::Downsample2D>(out_channels, 0);
        nn::registerList(*this, "downsamplers", std::vector<std::shared_ptr<nn::Downsample2D>>{downsampler});
    } else if (sampling == Sampling::Up) {
        upsampler = std::make_shared<nn::Upsample2D>(out_channels);
        nn::registerList(*this, "upsamplers", std::vector<std::shared_ptr<nn::Upsample2D>>{upsampler});
    }
}

torch::Tensor VaeBlock::forward(torch::Tensor x)
{
    for (auto& r : resnets)
        x = r->forward(x);
    if (downsampler)
        x = downsampler->forward(x);
    if (upsampler)
        x = upsampler->forward(x);
    return x;
}

VaeEncoder::VaeEncoder(const AutoencoderKLConfig& c)
{
    const auto& ch = c.block_out_channels;
    const auto groups = c.norm_num_groups;
    conv_in = register_module("conv_in", makeConv2d(c.in_channels, ch[0], 3, 1, 1));
    std::int64_t out = ch[0];
    for (std::size_t i = 0; i < ch.size(); ++i) {
        const std::int64_t in = out;
        out = ch[i];
        const bool last = i + 1 == ch.size();
        down_blocks.push_back(std::make_shared<VaeBlock>(in, out, c.layers_per_block, groups,
                                                         last ? VaeBlock::Sampling::None : VaeBlock::Sampling::Down));
    }
    nn::registerList(*this, "down_blocks", down_blocks);
    mid_block = register_module("mid_block", std::make_shared<VaeMidBlock>(ch.back(), groups));
    conv_norm_out = register_module("conv_norm_out", makeGroupNorm(groups, ch.back(), kVaeEps));
    conv_out = register_module("conv_out", makeConv2d(ch.back(), 2 * c.latent_channels, 3, 1, 1));
}

torch::Tensor VaeEncoder::forward(const torch::Tensor& image)
{
    auto x = conv_in(image);
    for (auto& b : down_blocks)
        x = b->forward(x);
    x = mid_block->forward(x);
    return conv_out(F::silu(conv_norm_out(x)));
}

VaeDecoder::VaeDecoder(const AutoencoderKLConfig& c)
{
    std::vector<std::int64_t> rev(c.block_out_channels.rbegin(), c.block_out_channels.rend());
    const auto groups = c.norm_num_groups;
    conv_in = register_module("conv_in", makeConv2d(c.latent_channels, rev[0], 3, 1, 1));
    mid_block = register_module("mid_block", std::make_shared<VaeMidBlock>(rev[0], groups));
    std::int64_t out = rev[0];
    for (std::size_t i = 0; i < rev.size(); ++i) {
        const std::int64_t in = out;
        out = rev[i];
        const bool last = i + 1 == rev.size();
        up_blocks.push_back(std::make_shared<VaeBlock>(in, out, c.layers_per_block + 1, groups,
                                                       last ? VaeBlock::Sampling::None : VaeBlock::Sampling::Up));
    }
    nn::registerList(*this, "up_blocks", up_blocks);
    conv_norm_out = register_module("conv_norm_out", makeGroupNorm(groups, rev.back(), kVaeEps));
    conv_out = register_module("conv_out", makeConv2d(rev.back(), c.out_channels, 3, 1, 1));
}

torch::Tensor VaeDecoder::forward(const torch::Tensor& z)
{
    auto x = mid_block->forward(conv_in(z));
    for (auto& b : up_blocks)
        x = b->forward(x);
    return conv_out(F::silu(conv_norm_out(x)));
}

AutoencoderKL::AutoencoderKL(const AutoencoderKLConfig& config) : m_config(config)
{
    encoder = register_module("encoder", std::make_shared<VaeEncoder>(config));
    decoder = register_module("decoder", std::make_shared<VaeDecoder>(config));
    const auto two_l = 2 * config.latent_channels;
    quant_conv = register_module("quant_conv", makeConv2d(two_l, two_l, 1));
    post_quant_conv = register_module("post_quant_conv", makeConv2d(config.latent_channels, config.latent_channels, 1));
}

torch::Tensor AutoencoderKL::encodeMean(const torch::Tensor& image)
{
    return quant_conv(encoder->forward(image)).slice(1, 0, m_config.latent_channels);
}

torch::Tensor AutoencoderKL::decode(const torch::Tensor& latents)
{
    return decoder->forward(post_quant_conv(latents));
}

const nn::NameMap& AutoencoderKL::legacyAttentionNames()
{
    static const nn::NameMap table = {
        {"mid_block.attentions.0.query.", "mid_block.attentions.0.to_q."},
        {"mid_block.attentions.0.key.", "mid_block.attentions.0.to_k."},
        {"mid_block.attentions.0.value.", "mid_block.attentions.0.to_v."},
        {"mid_block.attentions.0.proj_attn.", "mid_block.attentions.0.to_out.0."},
    };
    return table;
}

} // namespace emote::diffusion
