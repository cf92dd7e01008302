// INTERNAL (torch types): fused float32 kernels for the CPU that libtorch 1.13 lacks, vectorised (AVX-512,
// AVX2 + FMA or SSE2, chosen at run time). Not a public API; include only from .cpp files of core/nn,
// core/diffusion and their tests.
//
// cpuAttention: multi-head attention in one pass, without a score matrix in memory. Each (batch, head) packs its
// keys and values once; each query row's scores, softmax and weighted sum of the values are computed in cache.
// Queries, keys and values are read through their strides, so the head split, a permuted token order (temporal
// attention over the frames of every token) and keys made of several pieces (Hallo's reference attention: a
// frame's own tokens, then the reference's) need no copies; the output is written through its strides too.
//
//   // q [B, Tq, H·D], k/v [B, Tk, H·D]: the same as nn::multiHeadAttention(q, k, v, H)
//   auto out = emote::nn::cpuAttention(q, {{k, v}}, H);
//   // keys = [own tokens, reference tokens]; batch row b of q reads reference row (b + 16) % 2
//   auto out2 = emote::nn::cpuAttention(q, {{k, v}, {k_ref, v_ref, 16}}, H);
//
// cpuGeglu: diffusers' GEGLU after its projection, value · gelu(gate), in one pass.
//
//   auto y = emote::nn::cpuGeglu(proj(x)); // [..., 2·I] → [..., I]
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace emote::nn {

// One piece of the key sequence: K [Bk, Tk, H·D], V [Bk, Tk, H·Dv] (or [B1, B2, Tk, ·] matching 4-D queries).
// Query batch row b reads batch row (b + batch_offset) mod Bk of this piece.
struct KeyValues {
    torch::Tensor k, v;
    std::int64_t batch_offset = 0;
};

// True when cpuAttention() takes these tensors: float32, on the CPU, last dimension contiguous.
bool cpuAttentionApplies(const torch::Tensor& q, const std::vector<KeyValues>& kv);

// softmax(q·kᵀ / √D)·v per head over the pieces' keys in order. q [B, Tq, H·D] or [B1, B2, Tq, H·D] (batch
// row b = b1·B2 + b2) → [same batch dims, Tq, H·Dv], contiguous. Row for row the textbook formula, up to float
// rounding (the sums run in another order).
torch::Tensor cpuAttention(const torch::Tensor& q, const std::vector<KeyValues>& kv, std::int64_t heads);

// The same into OUT (shape as returned above, any strides with the last dimension contiguous).
void cpuAttentionInto(const torch::Tensor& out, const torch::Tensor& q, const std::vector<KeyValues>& kv,
                      std::int64_t heads);

// True when cpuGeglu() takes X: float32, on the CPU, contiguous, an even last dimension.
bool cpuGegluApplies(const torch::Tensor& x);

// X [..., 2·I] = [value, gate] → value · gelu(gate) [..., I], gelu exact (erf form, as torch's default): the
// same as x.chunk(2, -1) then h[0] * gelu(h[1]) up to float rounding (erf within 6e-7 of the exact value, the
// GELU within 5e-7 on [-10, 10], measured; torch's own float formula is within 4.5e-7).
torch::Tensor cpuGeglu(const torch::Tensor& x);

} // namespace emote::nn
