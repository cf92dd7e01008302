#include "core/nn/detail/layers.h"
#include "core/nn/runtime.h"

#include <torch/version.h>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace emote::nn {

namespace F = torch::nn::functional;

torch::nn::Conv2d makeConv2d(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride,
                             std::int64_t padding, bool bias)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(bias));
}

torch::nn::GroupNorm makeGroupNorm(std::int64_t groups, std::int64_t channels, double eps)
{
    return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps));
}

torch::nn::LayerNorm makeLayerNorm(std::int64_t dim, double eps)
{
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

Linear makeLinear(std::int64_t in, std::int64_t out, bool bias)
{
    return Linear(torch::nn::LinearOptions(in, out).bias(bias));
}

namespace {

// x·Wᵀ + b with the bias inside one addmm when x's leading dims fold into rows without a copy.
torch::Tensor linearFolded(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    if (bias.defined() && x.dim() > 2 && x.is_contiguous()) {
        auto shape = x.sizes().vec();
        shape.back() = weight.size(0);
        return torch::addmm(bias, x.view({-1, x.size(-1)}), weight.t()).view(shape);
    }
    return F::linear(x, weight, bias);
}

} // namespace

torch::Tensor LinearImpl::forward(const torch::Tensor& x) { return linearFolded(x, weight, bias); }

torch::Tensor pointwiseConv(const torch::nn::Conv2d& conv, const torch::Tensor& x)
{
    const auto& w = conv->weight; // [C_out, C_in, 1, 1]
    TORCH_CHECK(w.size(2) == 1 && w.size(3) == 1 && conv->options.stride()->at(0) == 1 && conv->options.groups() == 1,
                "pointwiseConv: a 1x1 convolution with stride 1 and one group expected");
    return linearFolded(x, w.view({w.size(0), w.size(1)}), conv->bias);
}

torch::Tensor addTokens(const torch::Tensor& x, const torch::Tensor& tokens)
{
    const auto N = x.size(0), C = x.size(1), H = x.size(2), W = x.size(3);
    const auto t = tokens.reshape({N, H, W, C}).permute({0, 3, 1, 2});
    if (at::GradMode::is_enabled() && (x.requires_grad() || tokens.requires_grad()))
        return x + t; // out= forms record no autograd history
    auto out = torch::empty_like(x);
    return torch::add_out(out, x, t);
}

namespace {
std::atomic<std::int64_t> g_attention_score_budget{std::int64_t(16) << 20}; // elements: 64 MiB of float32 scores
} // namespace

void setAttentionScoreBudget(std::int64_t elements) { g_attention_score_budget = std::max<std::int64_t>(1, elements); }
std::int64_t attentionScoreBudget() { return g_attention_score_budget; }

// Built against torch >= 2.0, attention on CUDA goes to at::scaled_dot_product_attention (flash and memory-
// efficient kernels: no score matrix in memory); from torch 2.2 also on the CPU, which has a flash kernel there.
// Chosen at compile time; the torch 1.13 path below (sliced matmul-softmax-matmul) is what Debian's libtorch
// runs and what the golden tests check on it.
#if TORCH_VERSION_MAJOR >= 2
#define EMOTE_HAVE_SDPA 1
constexpr bool kSdpaOnCpu = TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 2;

namespace {
torch::Tensor sdpaAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t heads)
{
    const auto B = q.size(0), Tq = q.size(1), Tk = k.size(1), D = q.size(2) / heads, Dv = v.size(2) / heads;
    auto split = [&](const torch::Tensor& x, std::int64_t T, std::int64_t d) { // [B, T, H·d] → [B, H, T, d]
        return x.reshape({B, T, heads, d}).transpose(1, 2);
    };
    const auto qs = split(q, Tq, D), ks = split(k, Tk, D), vs = split(v, Tk, Dv);
    // The kernels launch one block row per (batch, head); the temporal attention of the motion modules has
    // B·H = 2·64²·8 = 65536 at 512², past CUDA's grid limit in some versions: run such batches in pieces.
    constexpr std::int64_t kMaxBatchHeads = 32768;
    torch::Tensor out;
    if (B * heads <= kMaxBatchHeads) {
        out = at::scaled_dot_product_attention(qs, ks, vs);
    } else {
        const std::int64_t step = std::max<std::int64_t>(1, kMaxBatchHeads / heads);
        std::vector<torch::Tensor> parts;
        for (std::int64_t i = 0; i < B; i += step) {
            const auto n = std::min(step, B - i);
            parts.push_back(at::scaled_dot_product_attention(qs.narrow(0, i, n), ks.narrow(0, i, n), vs.narrow(0, i, n)));
        }
        out = torch::cat(parts);
    }
    return out.transpose(1, 2).reshape({B, Tq, heads * Dv}); // [B, H, Tq, Dv] → [B, Tq, H·Dv]
}
} // namespace
#else
constexpr bool kSdpaOnCpu = false;
#endif

std::string attentionKernel(bool device_is_cuda)
{
#ifdef EMOTE_HAVE_SDPA
    if (device_is_cuda || kSdpaOnCpu)
        return "at::scaled_dot_product_attention (torch " TORCH_VERSION ")";
#endif
    (void)device_is_cuda;
    return "sliced matmul-softmax-matmul (torch " TORCH_VERSION " path)";
}

torch::Tensor multiHeadAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                 std::int64_t heads)
{
#ifdef EMOTE_HAVE_SDPA
    if (q.is_cuda() || kSdpaOnCpu)
        return sdpaAttention(q, k, v, heads);
#endif
    (void)kSdpaOnCpu;
    if (cpuAttentionApplies(q, {{k, v}}))
        return cpuAttention(q, {{k, v}}, heads);
    const auto B = q.size(0), Tq = q.size(1), Tk = k.size(1), C = q.size(2);
    const auto D = C / heads, Dv = v.size(2) / heads;
    auto split = [&](const torch::Tensor& x, std::int64_t T, std::int64_t d) { // [B, T, H·d] → [B·H, T, d]
        return x.reshape({B, T, heads, d}).permute({0, 2, 1, 3}).reshape({B * heads, T, d});
    };
    const double scale = 1.0 / std::sqrt(double(D));
    const auto qs = split(q, Tq, D), kt = split(k, Tk, D).transpose(-1, -2), vs = split(v, Tk, Dv);
    const std::int64_t BH = B * heads, budget = attentionScoreBudget();
    auto one = [&](const torch::Tensor& qc, const torch::Tensor& ktc, const torch::Tensor& vc) {
        auto scores = torch::matmul(qc, ktc).mul_(scale); // [n, tq, Tk]
        return torch::matmul(scores.softmax(-1), vc);    // [n, tq, Dv]
    };
    torch::Tensor out;
    if (BH * Tq * Tk <= budget) {
        out = one(qs, kt, vs);
    } else {
        // The score matrix would pass the budget: the same rows in slices (softmax is per row, so each output row
        // is computed exactly as in one piece), which bounds memory and keeps the scores in cache.
        out = torch::empty({BH, Tq, Dv}, q.options());
        if (Tq * Tk <= budget) {
            const std::int64_t step = std::max<std::int64_t>(1, budget / (Tq * Tk)); // whole (batch, head) slices
            for (std::int64_t i = 0; i < BH; i += step) {
                const auto n = std::min(step, BH - i);
                out.narrow(0, i, n).copy_(one(qs.narrow(0, i, n), kt.narrow(0, i, n), vs.narrow(0, i, n)));
            }
        } else {
            const std::int64_t rows = std::max<std::int64_t>(1, budget / Tk); // query rows of one (batch, head)
            for (std::int64_t i = 0; i < BH; ++i)
                for (std::int64_t r = 0; r < Tq; r += rows) {
                    const auto n = std::min(rows, Tq - r);
                    out.narrow(0, i, 1).narrow(1, r, n).copy_(
                        one(qs.narrow(0, i, 1).narrow(1, r, n), kt.narrow(0, i, 1), vs.narrow(0, i, 1)));
                }
        }
    }
    return out.reshape({B, heads, Tq, Dv}).permute({0, 2, 1, 3}).reshape({B, Tq, heads * Dv});
}

namespace {

// [B1, B2, T, C] → [B1·B2, T, C]; 3-D as is.
torch::Tensor flatBatch(const torch::Tensor& x)
{
    return x.dim() == 4 ? x.reshape({x.size(0) * x.size(1), x.size(2), x.size(3)}) : x;
}

} // namespace

torch::Tensor multiHeadAttention(const torch::Tensor& q, const std::vector<KeyValues>& kv, std::int64_t heads)
{
    if (cpuAttentionApplies(q, kv))
        return cpuAttention(q, kv, heads);
    // Gather each piece's rows for every query batch row, concatenate along the keys, attend in one call.
    const auto qf = flatBatch(q);
    const auto B = qf.size(0);
    std::vector<torch::Tensor> ks, vs;
    for (const auto& piece : kv) {
        auto k = flatBatch(piece.k), v = flatBatch(piece.v);
        if (k.size(0) != B || piece.batch_offset != 0) {
            const auto rows = (torch::arange(B, torch::kInt64) + piece.batch_offset).remainder(k.size(0)).to(k.device());
            k = k.index_select(0, rows);
            v = v.index_select(0, rows);
        }
        ks.push_back(k);
        vs.push_back(v);
    }
    auto out = multiHeadAttention(qf, ks.size() == 1 ? ks[0] : torch::cat(ks, 1), vs.size() == 1 ? vs[0] : torch::cat(vs, 1),
                                  heads);
    return q.dim() == 4 ? out.reshape({q.size(0), q.size(1), q.size(2), out.size(2)}) : out;
}

void multiHeadAttentionInto(const torch::Tensor& out, const torch::Tensor& q, const std::vector<KeyValues>& kv,
                            std::int64_t heads)
{
    if (cpuAttentionApplies(q, kv) && out.device().is_cpu() && out.scalar_type() == torch::kFloat32 && out.stride(-1) == 1)
        cpuAttentionInto(out, q, kv, heads);
    else
        out.copy_(multiHeadAttention(q, kv, heads));
}

Attention::Attention(std::int64_t query_dim, std::int64_t context_dim, std::int64_t heads, std::int64_t head_dim,
                     bool qkv_bias)
    : m_heads(heads)
{
    const std::int64_t inner = heads * head_dim;
    to_q = register_module("to_q", makeLinear(query_dim, inner, qkv_bias));
    to_k = register_module("to_k", makeLinear(context_dim, inner, qkv_bias));
    to_v = register_module("to_v", makeLinear(context_dim, inner, qkv_bias));
    to_out_0 = makeLinear(inner, query_dim, true);
    torch::nn::ModuleList to_out;
    to_out->push_back(to_out_0);
    register_module("to_out", to_out);
}

torch::Tensor Attention::forward(const torch::Tensor& x, const torch::Tensor& context)
{
    const torch::Tensor& ctx = context.defined() ? context : x;
    return to_out_0(multiHeadAttention(to_q(x), to_k(ctx), to_v(ctx), m_heads));
}

FeedForward::FeedForward(std::int64_t dim, std::int64_t mult)
{
    const std::int64_t inner = dim * mult;
    proj = makeLinear(dim, inner * 2);
    out = makeLinear(inner, dim);
    auto geglu = std::make_shared<torch::nn::Module>();
    geglu->register_module("proj", proj);
    torch::nn::ModuleList net;
    net->push_back(geglu);
    net->push_back(torch::nn::Dropout(0.0)); // "net.1": no parameters, keeps net.2's index
    net->push_back(out);
    register_module("net", net);
}

torch::Tensor FeedForward::forward(const torch::Tensor& x)
{
    const auto p = proj(x);
    if (cpuGegluApplies(p))
        return out(cpuGeglu(p));
    auto h = p.chunk(2, -1);
    return out(h[0] * F::gelu(h[1]));
}

ResnetBlock2D::ResnetBlock2D(std::int64_t in_channels, std::int64_t out_channels, std::int64_t temb_channels,
                             std::int64_t groups, double eps)
{
    norm1 = register_module("norm1", makeGroupNorm(groups, in_channels, eps));
    conv1 = register_module("conv1", makeConv2d(in_channels, out_channels, 3, 1, 1));
    if (temb_channels > 0)
        time_emb_proj = register_module("time_emb_proj", makeLinear(temb_channels, out_channels));
    norm2 = register_module("norm2", makeGroupNorm(groups, out_channels, eps));
    conv2 = register_module("conv2", makeConv2d(out_channels, out_channels, 3, 1, 1));
    if (in_channels != out_channels)
        conv_shortcut = register_module("conv_shortcut", makeConv2d(in_channels, out_channels, 1));
}

torch::Tensor ResnetBlock2D::forward(const torch::Tensor& x, const torch::Tensor& temb)
{
    auto h = conv1(F::silu(norm1(x)));
    if (time_emb_proj && temb.defined())
        h = h + time_emb_proj(F::silu(temb)).unsqueeze(-1).unsqueeze(-1);
    h = conv2(F::silu(norm2(h)));
    return (conv_shortcut ? conv_shortcut(x) : x) + h;
}

Downsample2D::Downsample2D(std::int64_t channels, std::int64_t padding) : m_padding(padding)
{
    conv = register_module("conv", makeConv2d(channels, channels, 3, 2, padding));
}

torch::Tensor Downsample2D::forward(const torch::Tensor& x)
{
    if (m_padding == 0)
        return conv(F::pad(x, F::PadFuncOptions({0, 1, 0, 1})));
    return conv(x);
}

Upsample2D::Upsample2D(std::int64_t channels)
{
    conv = register_module("conv", makeConv2d(channels, channels, 3, 1, 1));
}

torch::Tensor Upsample2D::forward(const torch::Tensor& x, std::vector<std::int64_t> size_HW)
{
    auto options = F::InterpolateFuncOptions().mode(torch::kNearest);
    if (size_HW.empty())
        options.scale_factor(std::vector<double>{2.0, 2.0});
    else
        options.size(size_HW);
    return conv(F::interpolate(x, options));
}

torch::Tensor timestepFeatures(const torch::Tensor& t, std::int64_t dim, bool flip_sin_to_cos, double freq_shift)
{
    const std::int64_t half = dim / 2;
    // Same float32 operation order as diffusers: (-ln 10000 · arange) / (half − shift), exp, t·freq.
    auto exponent = torch::arange(0, half, torch::kFloat32) * (-std::log(10000.0));
    exponent = exponent / (double(half) - freq_shift);
    auto freqs = exponent.exp();
    auto args = t.to(torch::kFloat32).unsqueeze(1) * freqs.unsqueeze(0);
    auto emb = torch::cat({args.sin(), args.cos()}, -1);
    if (flip_sin_to_cos)
        emb = torch::cat({emb.slice(1, half), emb.slice(1, 0, half)}, -1);
    if (dim % 2 == 1)
        emb = F::pad(emb, F::PadFuncOptions({0, 1}));
    return emb;
}

TimestepEmbedding::TimestepEmbedding(std::int64_t in_channels, std::int64_t time_embed_dim)
{
    linear_1 = register_module("linear_1", makeLinear(in_channels, time_embed_dim));
    linear_2 = register_module("linear_2", makeLinear(time_embed_dim, time_embed_dim));
}

torch::Tensor TimestepEmbedding::forward(const torch::Tensor& x)
{
    return linear_2(F::silu(linear_1(x)));
}

} // namespace emote::nn
