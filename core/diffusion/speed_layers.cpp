#include "core/diffusion/detail/speed_layers.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace emote::diffusion {

namespace F = torch::nn::functional;

torch::Tensor speedEncoding(const torch::Tensor& speeds, const SpeedLayersConfig& c)
{
    if (!c.enabled || c.bucket_centers.empty())
        throw Error(ErrorKind::Internal, "speed encoding without speed layers");
    const auto opts = speeds.options().dtype(torch::kFloat64);
    const auto centers = torch::tensor(c.bucket_centers, opts);
    const auto radii = torch::tensor(c.bucket_radii, opts);
    const auto w = speeds.to(torch::kFloat64).reshape({-1, 1});
    return torch::tanh((w - centers) / radii * 3.0).to(torch::kFloat32); // [T, k]
}

torch::Tensor speedWindows(const torch::Tensor& enc, std::int64_t window, std::int64_t first, std::int64_t count)
{
    const auto T = enc.size(0);
    if (T == 0 || count <= 0)
        throw Error(ErrorKind::Internal, "speed windows of an empty sequence");
    std::vector<std::int64_t> index;
    for (std::int64_t f = first; f < first + count; ++f)
        for (std::int64_t j = -window; j <= window; ++j)
            index.push_back(std::clamp<std::int64_t>(f + j, 0, T - 1));
    const auto idx = torch::tensor(index, torch::kInt64).to(enc.device());
    return enc.index_select(0, idx).reshape({count, (2 * window + 1) * enc.size(1)});
}

SpeedEncoder::SpeedEncoder(const SpeedLayersConfig& c)
{
    std::int64_t in = c.inputDim();
    std::vector<std::int64_t> widths = c.mlp_hidden;
    widths.push_back(c.embedding_dim);
    for (auto w : widths) {
        m_layers.push_back(nn::makeLinear(in, w));
        in = w;
    }
    torch::nn::ModuleList list;
    for (auto& l : m_layers)
        list->push_back(l);
    register_module("mlp", list);
}

torch::Tensor SpeedEncoder::forward(const torch::Tensor& x)
{
    auto h = x;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        h = m_layers[i](h);
        if (i + 1 < m_layers.size())
            h = F::silu(h);
    }
    return h;
}

SpeedAttention::SpeedAttention(std::int64_t dim, const SpeedLayersConfig& c)
{
    if (dim % c.attention_heads != 0)
        throwInput("model config key 'speed_layers.attention_heads' (" + std::to_string(c.attention_heads) +
                   ") must divide the motion module width " + std::to_string(dim));
    norm = nn::makeLayerNorm(dim, 1e-5);
    attention = std::make_shared<nn::Attention>(dim, c.embedding_dim, c.attention_heads, dim / c.attention_heads, false);
    torch::NoGradGuard no_grad;
    attention->to_out_0->weight.zero_(); // zero init: a fresh module adds exactly nothing
    attention->to_out_0->bias.zero_();
}

torch::Tensor SpeedAttention::forward(const torch::Tensor& x, const torch::Tensor& speed, std::int64_t frames)
{
    const auto BF = x.size(0), T = x.size(1), C = x.size(2), B = BF / frames;
    if (speed.dim() != 3 || speed.size(0) != B || speed.size(1) != frames)
        throw Error(ErrorKind::Internal, "speed features do not match the motion module's batch and frames");
    // Per token: the temporal sequence of F frames attends to the F speed features of its video.
    auto q = norm(x).reshape({B, frames, T, C}).permute({0, 2, 1, 3}).reshape({B * T, frames, C});
    const auto ctx = speed.to(x.scalar_type()).repeat_interleave(T, 0); // [B·T, F, D]
    auto h = attention->forward(q, ctx);
    h = h.reshape({B, T, frames, C}).permute({0, 2, 1, 3}).reshape({BF, T, C});
    return x + h;
}

std::vector<double> rotationSpeeds(const std::vector<std::array<double, 3>>& a)
{
    std::vector<double> w(a.size(), 0.0);
    for (std::size_t f = 1; f < a.size(); ++f) {
        double s = 0;
        for (int i = 0; i < 3; ++i)
            s += (a[f][i] - a[f - 1][i]) * (a[f][i] - a[f - 1][i]);
        w[f] = std::sqrt(s);
    }
    if (w.size() > 1)
        w[0] = w[1];
    return w;
}

} // namespace emote::diffusion
