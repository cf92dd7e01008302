// INTERNAL (torch types): diffusers-compatible building blocks. Registration names equal checkpoint keys, so
// a block registered as `resnets` under `down_blocks.0` loads `down_blocks.0.resnets.0.norm1.weight` as is.
// Not a public API; include only from .cpp files of core/nn, core/diffusion and their tests.
//
//   auto resnet = std::make_shared<emote::nn::ResnetBlock2D>(64, 128, 512, 32, 1e-5);
//   torch::Tensor y = resnet->forward(x_BCHW, temb_BT);
#pragma once

#include "core/nn/detail/fused_kernels.h"

#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace emote::nn {

// softmax(q·kᵀ·scale)·v over heads. q [B, Tq, H·D], k/v [B, Tk, H·D] → [B, Tq, H·D]. matmul, never baddbmm
// (Debian libtorch 1.13's CPU baddbmm with beta = 0 can return NaN). When the [B·H, Tq, Tk] score matrix would
// pass attentionScoreBudget() elements, it is computed in slices of (batch, head) pairs or of query rows, so the
// memory of attention stays bounded (SD1.5-sized reference attention at 512² and 16 frames would need 34 GB of
// scores in one piece) with the same result row for row.
torch::Tensor multiHeadAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                 std::int64_t heads);
// The same over keys in pieces (KeyValues: a piece's batch row is chosen modulo its batch size with an offset),
// with q [B, Tq, H·D] or [B1, B2, Tq, H·D] (batch dims of the pieces alike) → [batch dims, Tq, H·Dv], contiguous.
// float32 on the CPU runs cpuAttention (no copies); otherwise the pieces are gathered and concatenated.
torch::Tensor multiHeadAttention(const torch::Tensor& q, const std::vector<KeyValues>& kv, std::int64_t heads);
// The same written into OUT (any strides; e.g. a permuted view of the caller's layout).
void multiHeadAttentionInto(const torch::Tensor& out, const torch::Tensor& q, const std::vector<KeyValues>& kv,
                            std::int64_t heads);

// Process-wide budget in score elements (default 16 Mi = 64 MiB of float32); tests lower it to force slicing.
void setAttentionScoreBudget(std::int64_t elements);
std::int64_t attentionScoreBudget();

// torch::nn::Linear (same parameters, same keys) whose forward folds the leading dims of a contiguous input into
// one addmm, the bias added inside the product: libtorch 1.13's at::linear runs matmul and then a separate pass
// adding the bias for inputs of 3 or more dims.
class LinearImpl : public torch::nn::LinearImpl {
public:
    using torch::nn::LinearImpl::LinearImpl;
    torch::Tensor forward(const torch::Tensor& x);
};
TORCH_MODULE(Linear);

// diffusers `Attention`: to_q/to_k/to_v (optional bias), to_out.0 (with bias), scale head_dim^-½.
class Attention : public torch::nn::Module {
public:
    Attention(std::int64_t query_dim, std::int64_t context_dim, std::int64_t heads, std::int64_t head_dim,
              bool qkv_bias);
    // x [B, T, query_dim], context [B, S, context_dim] (x itself when undefined).
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context = {});
    std::int64_t heads() const { return m_heads; }

    Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, to_out_0{nullptr};

private:
    std::int64_t m_heads;
};

// diffusers `FeedForward` with GEGLU: net.0.proj (dim → 2·inner), value·gelu(gate), net.2 (inner → dim).
class FeedForward : public torch::nn::Module {
public:
    FeedForward(std::int64_t dim, std::int64_t mult = 4);
    torch::Tensor forward(const torch::Tensor& x);

    Linear proj{nullptr}, out{nullptr};
};

// diffusers `ResnetBlock2D` (default time-scale shift, SiLU, output scale 1). temb_channels 0: no time input.
class ResnetBlock2D : public torch::nn::Module {
public:
    ResnetBlock2D(std::int64_t in_channels, std::int64_t out_channels, std::int64_t temb_channels,
                  std::int64_t groups, double eps);
    // x [N, C, H, W]; temb [N, temb_channels] or undefined.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& temb = {});

    torch::nn::GroupNorm norm1{nullptr}, norm2{nullptr};
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv_shortcut{nullptr};
    Linear time_emb_proj{nullptr};
};

// `downsamplers.0`: a 3×3 stride-2 conv. PADDING 0 means diffusers' VAE form: pad (0,1,0,1) first.
class Downsample2D : public torch::nn::Module {
public:
    Downsample2D(std::int64_t channels, std::int64_t padding);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Conv2d conv{nullptr};

private:
    std::int64_t m_padding;
};

// `upsamplers.0`: nearest ×2 (or to an explicit size) then a 3×3 conv.
class Upsample2D : public torch::nn::Module {
public:
    explicit Upsample2D(std::int64_t channels);
    torch::Tensor forward(const torch::Tensor& x, std::vector<std::int64_t> size_HW = {});

    torch::nn::Conv2d conv{nullptr};
};

// Sinusoidal timestep features as diffusers' get_timestep_embedding (max period 10000). t [N] → [N, dim].
torch::Tensor timestepFeatures(const torch::Tensor& t, std::int64_t dim, bool flip_sin_to_cos, double freq_shift);

// `time_embedding`: linear_1 → SiLU → linear_2.
class TimestepEmbedding : public torch::nn::Module {
public:
    TimestepEmbedding(std::int64_t in_channels, std::int64_t time_embed_dim);
    torch::Tensor forward(const torch::Tensor& x);

    Linear linear_1{nullptr}, linear_2{nullptr};
};

// A 1×1 convolution as the linear map it is, on channels-last tokens: x [..., C_in] → [..., C_out]. The UNets'
// projections and zero convolutions run this way on their [N, H·W, C] tokens: no permutes to NCHW and back, and
// no fall-back to libtorch 1.13's slow convolution, which it takes for such permuted (channels-last) inputs.
torch::Tensor pointwiseConv(const torch::nn::Conv2d& conv, const torch::Tensor& x);

// X_NCHW + TOKENS [N, H·W, C] laid out as NCHW: the residual add at the end of the transformer modules, written
// straight into a tensor laid out as X.
torch::Tensor addTokens(const torch::Tensor& x_NCHW, const torch::Tensor& tokens);

torch::nn::Conv2d makeConv2d(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1,
                             std::int64_t padding = 0, bool bias = true);
torch::nn::GroupNorm makeGroupNorm(std::int64_t groups, std::int64_t channels, double eps);
torch::nn::LayerNorm makeLayerNorm(std::int64_t dim, double eps);
Linear makeLinear(std::int64_t in, std::int64_t out, bool bias = true);

// Registers MODULES as a ModuleList called NAME on PARENT (children "0", "1", …).
template <class M>
void registerList(torch::nn::Module& parent, const std::string& name, const std::vector<std::shared_ptr<M>>& modules)
{
    torch::nn::ModuleList list;
    for (const auto& m : modules)
        list->push_back(m);
    parent.register_module(name, list);
}

} // namespace emote::nn
