#include "core/diffusion/detail/hallo_blocks.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace emote::diffusion {

namespace F = torch::nn::functional;
using nn::makeConv2d;
using nn::makeGroupNorm;
using nn::makeLayerNorm;
using nn::makeLinear;

void roundBankToHalf(ReferenceBank& bank)
{
    for (auto& [path, t] : bank) {
        const auto dtype = t.scalar_type();
        t = t.to(torch::kHalf).to(dtype);
    }
}

std::vector<std::string> bankOrder(const std::vector<std::pair<std::string, std::int64_t>>& dfs)
{
    auto sorted = dfs;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> paths;
    for (const auto& [path, width] : sorted)
        paths.push_back(path);
    return paths;
}

// ---- TransformerBlock ----

TransformerBlock::TransformerBlock(std::string path, std::int64_t dim, std::int64_t heads, std::int64_t head_dim,
                                   std::int64_t context_dim)
    : m_path(std::move(path)), m_width(dim)
{
    norm1 = register_module("norm1", makeLayerNorm(dim, 1e-5));
    attn1 = register_module("attn1", std::make_shared<nn::Attention>(dim, dim, heads, head_dim, false));
    norm2 = register_module("norm2", makeLayerNorm(dim, 1e-5));
    attn2 = register_module("attn2", std::make_shared<nn::Attention>(dim, context_dim, heads, head_dim, false));
    norm3 = register_module("norm3", makeLayerNorm(dim, 1e-5));
    ff = register_module("ff", std::make_shared<nn::FeedForward>(dim));
}

torch::Tensor TransformerBlock::forward(const torch::Tensor& x, const torch::Tensor& context,
                                        const ReferenceState& ref, std::int64_t frames, torch::Tensor* motion)
{
    const auto n = norm1(x);
    torch::Tensor h;
    if (ref.mode == ReferenceMode::Read) {
        auto it = ref.bank->find(m_path);
        if (it == ref.bank->end())
            throw Error(ErrorKind::Internal, "reference bank has no entry for " + m_path);
        const auto& bank = it->second; // [2·(1+nm), T, C]
        const auto bank_per_half = bank.size(0) / 2;
        const auto banked = bank.reshape({2, bank_per_half, bank.size(1), bank.size(2)});
        const auto rows = x.size(0); // 2·F, or F of one half
        const std::int64_t uncond = ref.rows == CfgRows::Both ? rows / 2 : ref.rows == CfgRows::Uncond ? rows : 0;
        if (motion) {
            const std::int64_t half = ref.rows == CfgRows::Cond ? 1 : 0;
            *motion = ref.rows == CfgRows::Both ? banked.slice(1, 1) : banked.slice(0, half, half + 1).slice(1, 1);
        }
        // Hallo's reader: the cond half attends to [itself, reference]; the uncond half is recomputed as plain
        // self-attention, so it never sees the reference. Queries, keys and values of all rows come from one
        // projection each; the reference's keys and values from its two rows (Hallo projects them once per frame).
        auto& a = *attn1;
        const auto q = a.to_q(n), k = a.to_k(n), v = a.to_v(n);
        std::vector<torch::Tensor> parts;
        if (uncond > 0)
            parts.push_back(nn::multiHeadAttention(q.slice(0, 0, uncond), {{k.slice(0, 0, uncond), v.slice(0, 0, uncond)}},
                                                   a.heads()));
        if (uncond < rows) {
            // Upstream tiles the two references over the frames (`bank[:, 0].repeat(1, F, 1, 1)` on a 3-D tensor):
            // global row i (cond rows are F … 2F−1) pairs with bank[i % 2, 0], not with its own half's reference.
            const auto refs = banked.select(1, 0); // [2, T, C]
            parts.push_back(nn::multiHeadAttention(
                q.slice(0, uncond), {{k.slice(0, uncond), v.slice(0, uncond)}, {a.to_k(refs), a.to_v(refs), frames}},
                a.heads()));
        }
        h = a.to_out_0(parts.size() == 1 ? parts[0] : torch::cat(parts)) + x;
    } else {
        if (ref.mode == ReferenceMode::Write)
            (*ref.bank)[m_path] = n.clone();
        h = attn1->forward(n) + x;
    }
    torch::Tensor ctx = context;
    if (ctx.size(0) != h.size(0)) {
        if (h.size(0) % ctx.size(0) != 0)
            throw Error(ErrorKind::Internal, "context batch does not divide the hidden batch in " + m_path);
        ctx = ctx.repeat({h.size(0) / ctx.size(0), 1, 1}); // row i uses context[i % B]
    }
    h = attn2->forward(norm2(h), ctx) + h;
    return ff->forward(norm3(h)) + h;
}

// ---- SpatialTransformer ----

SpatialTransformer::SpatialTransformer(const std::string& path, std::int64_t channels, std::int64_t heads,
                                       std::int64_t layers, std::int64_t context_dim, std::int64_t groups,
                                       bool linear_projection)
{
    norm = register_module("norm", makeGroupNorm(groups, channels, 1e-6));
    if (linear_projection) {
        proj_in_linear = register_module("proj_in", makeLinear(channels, channels));
        proj_out_linear = register_module("proj_out", makeLinear(channels, channels));
    } else {
        proj_in_conv = register_module("proj_in", makeConv2d(channels, channels, 1));
        proj_out_conv = register_module("proj_out", makeConv2d(channels, channels, 1));
    }
    for (std::int64_t i = 0; i < layers; ++i)
        blocks.push_back(std::make_shared<TransformerBlock>(path + ".transformer_blocks." + std::to_string(i),
                                                            channels, heads, channels / heads, context_dim));
    nn::registerList(*this, "transformer_blocks", blocks);
}

torch::Tensor SpatialTransformer::forward(const torch::Tensor& x, const torch::Tensor& context,
                                          const ReferenceState& ref, std::int64_t frames, torch::Tensor* motion)
{
    const auto N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    auto h = norm(x).permute({0, 2, 3, 1}).reshape({N, H * W, C}); // tokens [N, H·W, C]
    h = proj_in_conv ? nn::pointwiseConv(proj_in_conv, h) : proj_in_linear(h);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        h = blocks[i]->forward(h, context, ref, frames, i == 0 ? motion : nullptr);
    h = proj_out_conv ? nn::pointwiseConv(proj_out_conv, h) : proj_out_linear(h);
    return nn::addTokens(x, h);
}

// ---- Audio attention ----

AudioBlock::AudioBlock(std::int64_t dim, std::int64_t heads, std::int64_t head_dim, std::int64_t audio_dim,
                       bool masked, std::int64_t level)
    : m_level(level)
{
    if (masked) {
        zero_conv_full = register_module("zero_conv_full", makeConv2d(dim, dim, 1));
        zero_conv_face = register_module("zero_conv_face", makeConv2d(dim, dim, 1));
        zero_conv_lip = register_module("zero_conv_lip", makeConv2d(dim, dim, 1));
    }
    attn1 = register_module("attn1", std::make_shared<nn::Attention>(dim, dim, heads, head_dim, false));
    norm1 = register_module("norm1", makeLayerNorm(dim, 1e-5));
    if (masked) {
        attn2_0 = register_module("attn2_0", std::make_shared<nn::Attention>(dim, audio_dim, heads, head_dim, false));
        attn2_1 = register_module("attn2_1", std::make_shared<nn::Attention>(dim, audio_dim, heads, head_dim, false));
        attn2_2 = register_module("attn2_2", std::make_shared<nn::Attention>(dim, audio_dim, heads, head_dim, false));
    } else {
        attn2 = register_module("attn2", std::make_shared<nn::Attention>(dim, audio_dim, heads, head_dim, false));
    }
    norm2 = register_module("norm2", makeLayerNorm(dim, 1e-5));
    ff = register_module("ff", std::make_shared<nn::FeedForward>(dim));
    norm3 = register_module("norm3", makeLayerNorm(dim, 1e-5));
}

torch::Tensor AudioBlock::forward(torch::Tensor x, const torch::Tensor& audio, const AudioMasks& masks,
                                  const std::vector<double>* motion_scale)
{
    x = attn1->forward(norm1(x)) + x;
    const auto n = norm2(x);
    if (attn2) {
        x = attn2->forward(n, audio) + x;
    } else {
        const auto level = std::size_t(m_level);
        if (level >= masks.full.size() || level >= masks.face.size() || level >= masks.lip.size())
            throwInput("audio attention at level " + std::to_string(level) + " has no mask");
        // A 1×1 conv on the (√T × √T) token grid is the same per-token linear map.
        auto branch = [&](nn::Attention& attn, const torch::Tensor& mask, torch::nn::Conv2d& conv) {
            return nn::pointwiseConv(conv, attn.forward(n, audio) * mask.unsqueeze(-1)); // [N, T, C]
        };
        const auto full = branch(*attn2_0, masks.full[level], zero_conv_full);
        const auto face = branch(*attn2_1, masks.face[level], zero_conv_face);
        const auto lip = branch(*attn2_2, masks.lip[level], zero_conv_lip);
        if (motion_scale)
            x = (*motion_scale)[0] * full + (*motion_scale)[1] * face + (*motion_scale)[2] * lip + x;
        else
            x = full + face + lip + x;
    }
    return ff->forward(norm3(x)) + x;
}

AudioModule::AudioModule(std::int64_t block_channels, std::int64_t inner_channels, std::int64_t heads,
                         std::int64_t audio_dim, std::int64_t groups, bool masked, std::int64_t level)
{
    norm = register_module("norm", makeGroupNorm(groups, block_channels, 1e-6));
    proj_in = register_module("proj_in", makeConv2d(block_channels, inner_channels, 1));
    blocks.push_back(std::make_shared<AudioBlock>(inner_channels, heads, inner_channels / heads, audio_dim, masked, level));
    nn::registerList(*this, "transformer_blocks", blocks);
    proj_out = register_module("proj_out", makeConv2d(inner_channels, block_channels, 1));
}

torch::Tensor AudioModule::forward(const torch::Tensor& x, const torch::Tensor& audio, const AudioMasks& masks,
                                   const std::vector<double>* motion_scale)
{
    const auto N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    auto h = nn::pointwiseConv(proj_in, norm(x).permute({0, 2, 3, 1}).reshape({N, H * W, C})); // [N, H·W, inner]
    for (auto& b : blocks)
        h = b->forward(h, audio, masks, motion_scale);
    return nn::addTokens(x, nn::pointwiseConv(proj_out, h));
}

// ---- Motion module ----

struct MotionModule::TemporalAttention : torch::nn::Module {
    TemporalAttention(std::int64_t dim, std::int64_t heads, bool position_encoding, std::int64_t max_len)
    {
        attention = std::make_shared<nn::Attention>(dim, dim, heads, dim / heads, false);
        // Same keys as VersatileAttention (an Attention subclass): to_q/to_k/to_v/to_out.0 at this level.
        for (const auto& child : attention->named_children())
            register_module(child.key(), child.value());
        if (position_encoding) {
            auto encoder = std::make_shared<torch::nn::Module>();
            pe = encoder->register_buffer("pe", torch::zeros({1, max_len, dim}));
            register_module("pos_encoder", encoder);
        }
    }
    // x [(B·F), T, C] → attention over frames for every token, for the frames from KEEP_FROM on ([(B·(F −
    // KEEP_FROM)), T, C]; all frames are keys and values). Works in x's own layout: the attention reads
    // [B, T, F, C] as a permuted view and writes its output the same way (no "(b f) d c -> (b d) f c" copies).
    torch::Tensor forward(const torch::Tensor& x, std::int64_t frames, std::int64_t keep_from = 0)
    {
        const auto BF = x.size(0), T = x.size(1), C = x.size(2), B = BF / frames, kept = frames - keep_from;
        auto h = x.reshape({B, frames, T, C});
        if (pe.defined()) {
            if (frames > pe.size(1))
                throwInput("the motion module sees " + std::to_string(frames) +
                           " frames but its position encoding holds only " + std::to_string(pe.size(1)));
            h = h + pe.slice(1, 0, frames).unsqueeze(2);
        }
        auto& a = *attention;
        auto tokens_first = [&](const torch::Tensor& y) { return y.transpose(1, 2); }; // [B, F, T, C] → [B, T, F, C]
        const auto k = tokens_first(a.to_k(h)), v = tokens_first(a.to_v(h));
        const auto q = tokens_first(a.to_q(keep_from ? h.slice(1, keep_from) : h));
        auto out = torch::empty({B, kept, T, v.size(3)}, v.options());
        nn::multiHeadAttentionInto(tokens_first(out), q, {{k, v}}, a.heads());
        return a.to_out_0(out.reshape({B * kept, T, out.size(3)}));
    }
    std::shared_ptr<nn::Attention> attention;
    torch::Tensor pe;
};

struct MotionModule::TemporalBlock : torch::nn::Module {
    TemporalBlock(std::int64_t dim, std::int64_t heads, std::int64_t attention_blocks, bool pe, std::int64_t max_len,
                  const SpeedLayersConfig* speed_config)
    {
        for (std::int64_t i = 0; i < attention_blocks; ++i) {
            attentions.push_back(std::make_shared<TemporalAttention>(dim, heads, pe, max_len));
            norms.push_back(makeLayerNorm(dim, 1e-5).ptr());
        }
        nn::registerList(*this, "attention_blocks", attentions);
        nn::registerList(*this, "norms", norms);
        ff = register_module("ff", std::make_shared<nn::FeedForward>(dim));
        ff_norm = register_module("ff_norm", makeLayerNorm(dim, 1e-5));
        if (speed_config) {
            speed = std::make_unique<SpeedAttention>(dim, *speed_config);
            register_module("speed_norm", speed->norm);
            register_module("speed_attention", speed->attention);
        }
    }
    // x [(B·F), T, C] → the same, or only the frames from KEEP_FROM on when KEEP_FROM > 0: the last attention then
    // takes queries from those frames only (keys and values from all) and the feed-forward runs on them alone.
    torch::Tensor forward(torch::Tensor x, std::int64_t frames, const torch::Tensor& speed_BFD, std::int64_t keep_from)
    {
        // The speed layers attend per frame after the attentions: with them, every frame goes on to the end.
        const std::int64_t cut = speed ? 0 : keep_from;
        for (std::size_t i = 0; i < attentions.size(); ++i) {
            const bool last = i + 1 == attentions.size();
            const auto a = attentions[i]->forward(norms[i]->forward(x), frames, last ? cut : 0);
            x = a + (last && cut ? keptFrames(x, frames, cut) : x);
        }
        if (speed)
            x = speed->forward(x, speed_BFD, frames); // EMO speed layers: after the temporal self-attention
        x = ff->forward(ff_norm(x)) + x;
        return keep_from && !cut ? keptFrames(x, frames, keep_from) : x;
    }
    // Rows of frames KEEP_FROM … F−1 of every video: [(B·F), T, C] → [(B·(F − KEEP_FROM)), T, C].
    static torch::Tensor keptFrames(const torch::Tensor& x, std::int64_t frames, std::int64_t keep_from)
    {
        const auto B = x.size(0) / frames;
        return x.reshape({B, frames, x.size(1), x.size(2)}).slice(1, keep_from).reshape({-1, x.size(1), x.size(2)});
    }
    std::unique_ptr<SpeedAttention> speed;
    std::vector<std::shared_ptr<TemporalAttention>> attentions;
    std::vector<std::shared_ptr<torch::nn::LayerNormImpl>> norms;
    std::shared_ptr<nn::FeedForward> ff;
    torch::nn::LayerNorm ff_norm{nullptr};
};

MotionModule::MotionModule(std::int64_t channels, std::int64_t heads, std::int64_t blocks,
                           std::int64_t attention_blocks, bool position_encoding, std::int64_t max_len,
                           const SpeedLayersConfig* speed)
    : m_speed(speed != nullptr)
{
    m_transformer = std::make_shared<torch::nn::Module>();
    m_norm = m_transformer->register_module("norm", makeGroupNorm(32, channels, 1e-6)); // 32 groups, hard-coded upstream
    m_proj_in = m_transformer->register_module("proj_in", makeLinear(channels, channels));
    for (std::int64_t i = 0; i < blocks; ++i)
        m_blocks.push_back(
            std::make_shared<TemporalBlock>(channels, heads, attention_blocks, position_encoding, max_len, speed));
    nn::registerList(*m_transformer, "transformer_blocks", m_blocks);
    m_proj_out = m_transformer->register_module("proj_out", makeLinear(channels, channels));
    register_module("temporal_transformer", m_transformer);
}

torch::Tensor MotionModule::forward(const torch::Tensor& x, const torch::Tensor& speed)
{
    const auto B = x.size(0), C = x.size(1), Fr = x.size(2), H = x.size(3), W = x.size(4);
    const auto frames = x.permute({0, 2, 1, 3, 4}).reshape({B * Fr, C, H, W}); // (b f) c h w
    return forwardFrames(frames, Fr, {}, speed).reshape({B, Fr, C, H, W}).permute({0, 2, 1, 3, 4});
}

torch::Tensor MotionModule::forwardFrames(const torch::Tensor& x, std::int64_t frames, const torch::Tensor& prefix,
                                          const torch::Tensor& speed)
{
    if (m_speed && !speed.defined())
        throw Error(ErrorKind::Internal, "a motion module with speed layers got no speed features");
    const auto BF = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3), B = BF / frames;
    const std::int64_t nm = prefix.defined() ? prefix.size(1) : 0, all = frames + nm;
    // Every video's frames after its prefix frames: [(B·(nm + F)), C, H, W].
    const auto video = nm ? torch::cat({prefix, x.reshape({B, frames, C, H, W})}, 1).reshape({B * all, C, H, W}) : x;
    auto h = m_norm(video).permute({0, 2, 3, 1}).reshape({B * all, H * W, C});
    h = m_proj_in(h);
    for (std::size_t i = 0; i < m_blocks.size(); ++i)
        h = m_blocks[i]->forward(h, all, speed, i + 1 == m_blocks.size() ? nm : 0); // the last drops the prefix
    return nn::addTokens(x, m_proj_out(h));
}

} // namespace emote::diffusion
