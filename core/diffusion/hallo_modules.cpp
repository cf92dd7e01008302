#include "core/diffusion/detail/hallo_modules.h"

#include "core/common/error.h"

#include <cmath>

namespace emote::diffusion {

namespace F = torch::nn::functional;
using nn::makeConv2d;
using nn::makeLayerNorm;
using nn::makeLinear;

// ---- Audio windows and projection ----

torch::Tensor audioWindows(const torch::Tensor& audio_emb)
{
    const auto T = audio_emb.size(0);
    std::vector<std::int64_t> index;
    for (std::int64_t i = 0; i < T; ++i)
        for (std::int64_t j = -2; j <= 2; ++j)
            index.push_back(std::clamp<std::int64_t>(i + j, 0, T - 1));
    const auto idx = torch::tensor(index, torch::kInt64).to(audio_emb.device());
    auto windows = audio_emb.index_select(0, idx); // [T·5, blocks, channels]
    return windows.reshape({T, 5, audio_emb.size(1), audio_emb.size(2)});
}

AudioProj::AudioProj(const AudioProjConfig& c) : m_config(c)
{
    const auto in = c.seq_len * c.blocks * c.channels;
    proj1 = register_module("proj1", makeLinear(in, c.intermediate_dim));
    proj2 = register_module("proj2", makeLinear(c.intermediate_dim, c.intermediate_dim));
    proj3 = register_module("proj3", makeLinear(c.intermediate_dim, c.context_tokens * c.output_dim));
    norm = register_module("norm", makeLayerNorm(c.output_dim, 1e-5));
}

torch::Tensor AudioProj::forward(const torch::Tensor& windows)
{
    const auto B = windows.size(0), Fr = windows.size(1);
    auto x = windows.reshape({B * Fr, -1}); // (window, block, channel) order
    if (x.size(1) != proj1->options.in_features())
        throwInput("audio windows have " + std::to_string(x.size(1)) + " features per frame; the audio projection expects " +
                   std::to_string(proj1->options.in_features()));
    x = F::relu(proj1(x));
    x = F::relu(proj2(x));
    x = proj3(x).reshape({B * Fr, m_config.context_tokens, m_config.output_dim});
    return norm(x).reshape({B, Fr, m_config.context_tokens, m_config.output_dim});
}

// ---- Face locator ----

FaceLocator::FaceLocator(const FaceLocatorConfig& c)
{
    const auto& ch = c.block_out_channels;
    conv_in = register_module("conv_in", makeConv2d(c.conditioning_channels, ch[0], 3, 1, 1));
    torch::nn::ModuleList list;
    for (std::size_t i = 0; i + 1 < ch.size(); ++i) {
        blocks.push_back(makeConv2d(ch[i], ch[i], 3, 1, 1));
        blocks.push_back(makeConv2d(ch[i], ch[i + 1], 3, 2, 1));
    }
    for (auto& b : blocks)
        list->push_back(b);
    register_module("blocks", list);
    conv_out = register_module("conv_out", makeConv2d(ch.back(), c.conditioning_embedding_channels, 3, 1, 1));
}

torch::Tensor FaceLocator::forward(const torch::Tensor& x)
{
    const auto B = x.size(0), C = x.size(1), Fr = x.size(2), H = x.size(3), W = x.size(4);
    auto h = x.permute({0, 2, 1, 3, 4}).reshape({B * Fr, C, H, W});
    h = F::silu(conv_in(h));
    for (auto& b : blocks)
        h = F::silu(b(h));
    h = conv_out(h);
    return h.reshape({B, Fr, h.size(1), h.size(2), h.size(3)}).permute({0, 2, 1, 3, 4});
}

// ---- Image projection ----

ImageProj::ImageProj(const ImageProjConfig& c) : m_config(c)
{
    proj = register_module("proj", makeLinear(c.clip_embeddings_dim, c.clip_extra_context_tokens * c.cross_attention_dim));
    norm = register_module("norm", makeLayerNorm(c.cross_attention_dim, 1e-5));
}

torch::Tensor ImageProj::forward(const torch::Tensor& embeds)
{
    auto tokens = proj(embeds).reshape({-1, m_config.clip_extra_context_tokens, m_config.cross_attention_dim});
    return norm(tokens);
}

// ---- wav2vec2 ----

struct Wav2Vec2::EncoderLayer : torch::nn::Module {
    EncoderLayer(std::int64_t dim, std::int64_t heads, std::int64_t ff, double eps) : heads(heads)
    {
        auto attention = std::make_shared<torch::nn::Module>();
        q = attention->register_module("q_proj", makeLinear(dim, dim));
        k = attention->register_module("k_proj", makeLinear(dim, dim));
        v = attention->register_module("v_proj", makeLinear(dim, dim));
        out = attention->register_module("out_proj", makeLinear(dim, dim));
        register_module("attention", attention);
        layer_norm = register_module("layer_norm", makeLayerNorm(dim, eps));
        auto feed_forward = std::make_shared<torch::nn::Module>();
        intermediate = feed_forward->register_module("intermediate_dense", makeLinear(dim, ff));
        output = feed_forward->register_module("output_dense", makeLinear(ff, dim));
        register_module("feed_forward", feed_forward);
        final_layer_norm = register_module("final_layer_norm", makeLayerNorm(dim, eps));
    }
    torch::Tensor forward(const torch::Tensor& x) // [N, T, D], post-LN
    {
        auto h = layer_norm(x + out(nn::multiHeadAttention(q(x), k(x), v(x), heads)));
        return final_layer_norm(h + output(F::gelu(intermediate(h))));
    }
    std::int64_t heads;
    nn::Linear q{nullptr}, k{nullptr}, v{nullptr}, out{nullptr}, intermediate{nullptr}, output{nullptr};
    torch::nn::LayerNorm layer_norm{nullptr}, final_layer_norm{nullptr};
};

Wav2Vec2::Wav2Vec2(const Wav2Vec2Config& c) : m_config(c)
{
    auto feature_extractor = std::make_shared<torch::nn::Module>();
    torch::nn::ModuleList conv_layers;
    std::int64_t in = 1;
    for (std::size_t i = 0; i < c.conv_dim.size(); ++i) {
        auto layer = std::make_shared<torch::nn::Module>();
        auto conv = torch::nn::Conv1d(
            torch::nn::Conv1dOptions(in, c.conv_dim[i], c.conv_kernel[i]).stride(c.conv_stride[i]).bias(c.conv_bias));
        layer->register_module("conv", conv);
        if (i == 0)
            m_conv0_norm = layer->register_module(
                "layer_norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(c.conv_dim[0], c.conv_dim[0]).eps(1e-5)));
        m_convs.push_back(conv);
        conv_layers->push_back(layer);
        in = c.conv_dim[i];
    }
    feature_extractor->register_module("conv_layers", conv_layers);
    register_module("feature_extractor", feature_extractor);

    auto feature_projection = std::make_shared<torch::nn::Module>();
    m_projection_norm = feature_projection->register_module("layer_norm", makeLayerNorm(in, c.layer_norm_eps));
    m_projection = feature_projection->register_module("projection", makeLinear(in, c.hidden_size));
    register_module("feature_projection", feature_projection);

    auto encoder = std::make_shared<torch::nn::Module>();
    auto pos_conv_embed = std::make_shared<torch::nn::Module>();
    auto conv = std::make_shared<torch::nn::Module>();
    const auto K = c.num_conv_pos_embeddings, D = c.hidden_size, G = c.num_conv_pos_embedding_groups;
    m_pos_weight_g = conv->register_parameter("weight_g", torch::ones({1, 1, K}));
    m_pos_weight_v = conv->register_parameter("weight_v", torch::zeros({D, D / G, K}));
    m_pos_bias = conv->register_parameter("bias", torch::zeros({D}));
    pos_conv_embed->register_module("conv", conv);
    encoder->register_module("pos_conv_embed", pos_conv_embed);
    m_encoder_norm = encoder->register_module("layer_norm", makeLayerNorm(D, c.layer_norm_eps));
    torch::nn::ModuleList layers;
    for (std::int64_t i = 0; i < c.num_hidden_layers; ++i) {
        m_layers.push_back(std::make_shared<EncoderLayer>(D, c.num_attention_heads, c.intermediate_size, c.layer_norm_eps));
        layers->push_back(m_layers.back());
    }
    encoder->register_module("layers", layers);
    register_module("encoder", encoder);
}

Wav2Vec2::Output Wav2Vec2::forward(const torch::Tensor& input_values, std::int64_t seq_len)
{
    Output out;
    auto x = input_values.reshape({1, 1, -1});
    for (std::size_t i = 0; i < m_convs.size(); ++i) {
        x = m_convs[i](x);
        if (i == 0)
            x = m_conv0_norm(x);
        x = F::gelu(x);
    }
    out.conv_features_raw = x[0].transpose(0, 1); // [T_conv, C]
    // Hallo's linear_interpolation: resample to the video frame count before the projection.
    x = F::interpolate(x, F::InterpolateFuncOptions()
                              .size(std::vector<std::int64_t>{seq_len})
                              .mode(torch::kLinear)
                              .align_corners(true)); // [1, C, seq_len]
    auto h = x.transpose(1, 2);                      // [1, seq_len, C]
    out.conv_features = h[0];
    h = m_projection(m_projection_norm(h)); // [1, seq_len, D]

    // Positional conv with weight norm over dims (0, 1) per kernel tap (dim = 2).
    const auto norm = m_pos_weight_v.pow(2).sum(std::vector<std::int64_t>{0, 1}, true).sqrt();
    const auto weight = m_pos_weight_g * (m_pos_weight_v / norm);
    const auto K = m_config.num_conv_pos_embeddings;
    auto pos = F::conv1d(h.transpose(1, 2), weight,
                         F::Conv1dFuncOptions().bias(m_pos_bias).padding(K / 2).groups(m_config.num_conv_pos_embedding_groups));
    if (K % 2 == 0)
        pos = pos.slice(2, 0, -1);
    h = h + F::gelu(pos).transpose(1, 2);
    h = m_encoder_norm(h);
    std::vector<torch::Tensor> states;
    for (auto& layer : m_layers) {
        h = layer->forward(h);
        states.push_back(h[0]);
    }
    out.hidden_states = torch::stack(states); // [layers, seq_len, D]
    return out;
}

HalloAudioInput prepareHalloAudio(const torch::Tensor& raw, std::int64_t sample_rate_hz, std::int64_t fps,
                                  std::int64_t clip_length)
{
    if (sample_rate_hz <= 0 || fps <= 0 || clip_length <= 0)
        throwUsage("audio preprocessing needs a positive sample rate, fps and clip length");
    const auto x = raw.to(torch::kFloat32).flatten();
    const auto n = x.size(0);
    if (n == 0)
        throwInput("the audio has no samples");
    // Wav2Vec2FeatureExtractor(do_normalize): (x − mean) / sqrt(var + 1e-7), population variance, float32.
    const auto mean = x.mean();
    const auto var = (x - mean).pow(2).mean();
    auto values = (x - mean) / (var + 1e-7).sqrt();
    HalloAudioInput out;
    out.seq_len = std::int64_t(std::ceil(double(n) / double(sample_rate_hz) * double(fps)));
    out.audio_length = out.seq_len;
    if (out.seq_len % clip_length != 0) {
        const auto pad_frames = clip_length - out.seq_len % clip_length;
        values = torch::cat({values, torch::zeros({pad_frames * (sample_rate_hz / fps)}, values.options())});
        out.seq_len += pad_frames;
    }
    out.input_values = values;
    return out;
}

} // namespace emote::diffusion
