// Fused float32 kernels on the CPU (detail/fused_kernels.h).
//
// Why: libtorch 1.13 has no fused CPU attention. Its matmul-softmax-matmul writes the score matrix out and reads
// it back three times, and a bmm over many small matrices (the motion modules' attention over 18 frames runs
// 4096 of them per call at 16x16 latents) falls back to one select and one BLAS call per matrix: measured, half
// of a denoising step of the `small` configuration was attention, most of it overhead. Here every (batch, head)
// packs its keys and values into cache once, and its query rows get their scores, softmax and weighted sum of
// values without leaving it: small heads (≤ 16) with one query row per vector lane (rowsInLanes), larger ones
// with the keys along the lanes, four rows at a time (keysInLanes). `bench_diffusion attention` times both
// against matmul-softmax-matmul on the UNets' shapes (1 thread: 5-7x less CPU on `small`'s, 1.7-3x on sd15's).
// GEGLU: torch's gelu runs Sleef's 1-ulp erf over a strided half of the projection, then a second pass
// multiplies; measured 12 % of the `small` step. Here one pass with a cheaper erf of the same accuracy class.
//
// The kernels are templates over the vector width W, written with GCC vector extensions and instantiated inside
// functions that carry a target attribute; every helper that takes or returns a vector is always_inline, so it
// is compiled in the caller's instruction set. (A helper that builds a vector from a scalar out of line was
// lowered lane by lane: scalars enter vectors only as `scalar * vector` inside the kernels.)
#include "core/nn/detail/fused_kernels.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace emote::nn {

namespace {

// A [n1, n2, T, C] view of float32 data whose last dimension is contiguous.
struct View {
    float* data = nullptr;
    std::int64_t n1 = 1, n2 = 1, T = 0, C = 0;
    std::int64_t s1 = 0, s2 = 0, sT = 0;

    float* row(std::int64_t b, std::int64_t t) const // b = b1·n2 + b2
    {
        return data + (b / n2) * s1 + (b % n2) * s2 + t * sT;
    }
};

View viewOf(const torch::Tensor& x)
{
    View v;
    v.data = const_cast<float*>(x.data_ptr<float>());
    if (x.dim() == 3) {
        v.n2 = x.size(0);
        v.s2 = x.stride(0);
    } else {
        v.n1 = x.size(0);
        v.n2 = x.size(1);
        v.s1 = x.stride(0);
        v.s2 = x.stride(1);
    }
    v.T = x.size(-2);
    v.C = x.size(-1);
    v.sT = x.stride(-2);
    return v;
}

struct Piece {
    View k, v;
    std::int64_t offset = 0;
};

struct Job {
    View q, out;
    std::vector<Piece> pieces;
    std::int64_t heads = 1, D = 0, Dv = 0, Tq = 0, Tk = 0;
    std::int64_t Tkp = 0;            // Tk rounded up to the vector width
    std::int64_t rows_per_task = 0;  // query rows of one task
    std::int64_t tasks_per_head = 0; // tasks of one (batch, head)
    float scale = 1;
};

constexpr int kRows = 4; // query rows computed together (each packed key vector is loaded once for all four)
constexpr std::int64_t kRowsInLanesMaxDim = 16; // heads up to this size: rowsInLanes()

template <int W>
struct Vec {
    typedef float F __attribute__((vector_size(W * sizeof(float))));
    typedef std::int32_t I __attribute__((vector_size(W * sizeof(float))));
};

template <int W>
__attribute__((always_inline)) inline typename Vec<W>::F load(const float* p)
{
    typename Vec<W>::F x;
    std::memcpy(&x, p, sizeof x);
    return x;
}

template <int W>
__attribute__((always_inline)) inline void store(float* p, typename Vec<W>::F x)
{
    std::memcpy(p, &x, sizeof x);
}

// exp(x) for x ≤ 0 (softmax after subtracting the row maximum), within 1.5 ulp of the exact value (measured
// against double precision on [-87, 0]); inputs below -87 give exp(-87) ≈ 1.6e-38 instead of smaller (never a
// denormal: they slow down every later product). Cephes' single-precision polynomial, vectorised.
template <int W>
__attribute__((always_inline)) inline typename Vec<W>::F expNonPositive(typename Vec<W>::F x)
{
    using F = typename Vec<W>::F;
    using I = typename Vec<W>::I;
    const F lowest = F{} - 87.0f; // a constant
    x = x < lowest ? lowest : x;
    const F t = x * 1.44269504088896341f + 12582912.0f; // 1.5·2^23: rounds x/ln2 to the nearest integer
    const F n = t - 12582912.0f;
    F r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    F p = F{} + 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const I e = ((I)t - (I)(F{} + 12582912.0f) + 127) << 23; // 2^n
    return p * (F)e;
}

// Values · probabilities for ROWS (≤ kRows) rows: out[r][e] = Σ_j p[r][j]·V[j][e] · inv[r], E vector lanes
// of e at a time (V packed [Tk][Dvp], Dvp a multiple of E).
template <int E>
__attribute__((always_inline)) inline void weightedValues(const Job& job, const float* Vp, std::int64_t Dvp,
                                                          const float* const* p, const float* inv, float* const* out)
{
    using F = typename Vec<E>::F;
    constexpr int kBlocks = 4; // e-vectors per pass: kRows·kBlocks accumulators
    for (std::int64_t e0 = 0; e0 < Dvp; e0 += kBlocks * E) {
        const int nb = int(std::min<std::int64_t>(kBlocks, (Dvp - e0) / E));
        F acc[kRows][kBlocks] = {};
        for (std::int64_t j = 0; j < job.Tk; ++j) {
            const float* vj = Vp + j * Dvp + e0;
            float pj[kRows]; // scalar × vector: the compiler broadcasts in the kernel's own instruction set
            for (int r = 0; r < kRows; ++r)
                pj[r] = p[r][j];
            for (int b = 0; b < kBlocks; ++b) {
                if (b >= nb)
                    break;
                const F vv = load<E>(vj + b * E);
                for (int r = 0; r < kRows; ++r)
                    acc[r][b] += pj[r] * vv;
            }
        }
        for (int r = 0; r < kRows; ++r)
            for (int b = 0; b < nb; ++b) {
                const F o = acc[r][b] * inv[r];
                const std::int64_t e = e0 + b * E;
                if (e + E <= job.Dv) {
                    store<E>(out[r] + e, o);
                } else {
                    for (std::int64_t l = 0; e + l < job.Dv; ++l)
                        out[r][e + l] = o[l];
                }
            }
    }
}

// Rows in the vector lanes, for small heads (D and Dv ≤ 16: the UNets' 64- and 128-wide levels with 8 heads):
// W query rows at a time, every step vertical. Scores s[j] (W rows) = Σ_d q_d·k[j][d] with k[j][d] broadcast,
// four keys in flight; the row maxima and sums are lane-wise; the weighted values acc[e] += v[j][e]·p[j], eight
// dimensions at a time. No horizontal sums, no padding keys.
template <int W>
__attribute__((always_inline)) inline void rowsInLanes(const Job& job, std::int64_t begin, std::int64_t end)
{
    using F = typename Vec<W>::F;
    constexpr int kE = 8; // value dimensions per pass (accumulators in registers)
    const std::int64_t D = job.D, Dv = job.Dv, Tk = job.Tk, Dvp = (Dv + kE - 1) / kE * kE;
    std::vector<float> K(std::size_t(Tk * D)), V(std::size_t(Tk * Dvp), 0.0f), Qt(std::size_t(D * W)),
        S(std::size_t(Tk * W)), O(std::size_t(Dvp * W));
    for (std::int64_t task = begin; task < end; ++task) {
        const std::int64_t bh = task / job.tasks_per_head, chunk = task % job.tasks_per_head;
        const std::int64_t b = bh / job.heads, h = bh % job.heads;
        const std::int64_t r0 = chunk * job.rows_per_task, r1 = std::min(job.Tq, r0 + job.rows_per_task);
        std::int64_t j = 0;
        for (const auto& piece : job.pieces) {
            const auto kb = (b + piece.offset) % (piece.k.n1 * piece.k.n2);
            for (std::int64_t t = 0; t < piece.k.T; ++t, ++j) {
                std::memcpy(&K[std::size_t(j * D)], piece.k.row(kb, t) + h * D, std::size_t(D) * sizeof(float));
                std::memcpy(&V[std::size_t(j * Dvp)], piece.v.row(kb, t) + h * Dv, std::size_t(Dv) * sizeof(float));
            }
        }
        for (std::int64_t i0 = r0; i0 < r1; i0 += W) {
            const std::int64_t n = std::min<std::int64_t>(W, r1 - i0);
            for (std::int64_t l = 0; l < W; ++l) { // queries transposed: Qt[d][lane], lanes past the rows zero
                const float* qrow = l < n ? job.q.row(b, i0 + l) + h * D : nullptr;
                for (std::int64_t d = 0; d < D; ++d)
                    Qt[std::size_t(d * W + l)] = qrow ? qrow[d] : 0.0f;
            }
            F m = F{} - std::numeric_limits<float>::infinity();
            std::int64_t jj = 0;
            for (; jj + 4 <= Tk; jj += 4) {
                const float* k0 = &K[std::size_t(jj * D)];
                F a0 = {}, a1 = {}, a2 = {}, a3 = {};
                for (std::int64_t d = 0; d < D; ++d) {
                    const F qd = load<W>(&Qt[std::size_t(d * W)]);
                    a0 += k0[d] * qd;
                    a1 += k0[D + d] * qd;
                    a2 += k0[2 * D + d] * qd;
                    a3 += k0[3 * D + d] * qd;
                }
                a0 *= job.scale, a1 *= job.scale, a2 *= job.scale, a3 *= job.scale;
                store<W>(&S[std::size_t(jj * W)], a0);
                store<W>(&S[std::size_t((jj + 1) * W)], a1);
                store<W>(&S[std::size_t((jj + 2) * W)], a2);
                store<W>(&S[std::size_t((jj + 3) * W)], a3);
                m = a0 > m ? a0 : m;
                m = a1 > m ? a1 : m;
                m = a2 > m ? a2 : m;
                m = a3 > m ? a3 : m;
            }
            for (; jj < Tk; ++jj) {
                const float* k0 = &K[std::size_t(jj * D)];
                F a0 = {};
                for (std::int64_t d = 0; d < D; ++d)
                    a0 += k0[d] * load<W>(&Qt[std::size_t(d * W)]);
                a0 *= job.scale;
                store<W>(&S[std::size_t(jj * W)], a0);
                m = a0 > m ? a0 : m;
            }
            F sum = {};
            for (jj = 0; jj < Tk; ++jj) {
                const F e = expNonPositive<W>(load<W>(&S[std::size_t(jj * W)]) - m);
                store<W>(&S[std::size_t(jj * W)], e);
                sum += e;
            }
            const F inv = 1.0f / sum;
            for (std::int64_t e0 = 0; e0 < Dvp; e0 += kE) {
                F acc[kE] = {};
                for (jj = 0; jj < Tk; ++jj) {
                    const F p = load<W>(&S[std::size_t(jj * W)]);
                    const float* vj = &V[std::size_t(jj * Dvp + e0)];
                    for (int c = 0; c < kE; ++c)
                        acc[c] += vj[c] * p;
                }
                for (int c = 0; c < kE; ++c)
                    store<W>(&O[std::size_t((e0 + c) * W)], acc[c] * inv);
            }
            for (std::int64_t l = 0; l < n; ++l) {
                float* orow = job.out.row(b, i0 + l) + h * Dv;
                for (std::int64_t e = 0; e < Dv; ++e)
                    orow[e] = O[std::size_t(e * W + l)];
            }
        }
    }
}

// Keys in the vector lanes, for larger heads: the keys packed transposed ([D][Tk]), four query rows at a time
// share every key vector loaded; a row's scores, max, exp and sum, then values weighted E dimensions at a time.
template <int W>
__attribute__((always_inline)) inline void keysInLanes(const Job& job, std::int64_t begin, std::int64_t end)
{
    using F = typename Vec<W>::F;
    const std::int64_t D = job.D, Dv = job.Dv, Tk = job.Tk, Tkp = job.Tkp;
    // Values are packed with their dimension padded to the lanes the weighted sum uses.
    const int E = Dv <= 8 ? 8 : W;
    const std::int64_t Dvp = (Dv + E - 1) / E * E;
    std::vector<float> Kt(std::size_t(D * Tkp)), Vp(std::size_t(Tk * Dvp), 0.0f), scores(std::size_t(kRows * Tkp));
    for (std::int64_t task = begin; task < end; ++task) {
        const std::int64_t bh = task / job.tasks_per_head, chunk = task % job.tasks_per_head;
        const std::int64_t b = bh / job.heads, h = bh % job.heads;
        const std::int64_t r0 = chunk * job.rows_per_task, r1 = std::min(job.Tq, r0 + job.rows_per_task);
        // Pack this (batch, head)'s keys transposed (padding keys score 0 and are dropped below) and its values.
        std::int64_t j = 0;
        for (const auto& piece : job.pieces) {
            const auto kb = (b + piece.offset) % (piece.k.n1 * piece.k.n2);
            for (std::int64_t t = 0; t < piece.k.T; ++t, ++j) {
                const float* kr = piece.k.row(kb, t) + h * D;
                for (std::int64_t d = 0; d < D; ++d)
                    Kt[std::size_t(d * Tkp + j)] = kr[d];
                std::memcpy(&Vp[std::size_t(j * Dvp)], piece.v.row(kb, t) + h * Dv, std::size_t(Dv) * sizeof(float));
            }
        }
        for (std::int64_t d = 0; d < D; ++d)
            for (std::int64_t jj = Tk; jj < Tkp; ++jj)
                Kt[std::size_t(d * Tkp + jj)] = 0.0f;

        for (std::int64_t i0 = r0; i0 < r1; i0 += kRows) {
            const float* qr[kRows];
            float* outr[kRows];
            float* s[kRows];
            for (int r = 0; r < kRows; ++r) {
                const std::int64_t i = std::min(i0 + r, r1 - 1); // past the end: recompute the last row, store it again
                qr[r] = job.q.row(b, i) + h * D;
                outr[r] = job.out.row(b, i) + h * Dv;
                s[r] = &scores[std::size_t(r * Tkp)];
            }
            // Scores: two key vectors × four rows per pass over the head dimension.
            std::int64_t j0 = 0;
            for (; j0 + 2 * W <= Tkp; j0 += 2 * W) {
                F a[kRows][2] = {};
                for (std::int64_t d = 0; d < D; ++d) {
                    const F k0 = load<W>(&Kt[std::size_t(d * Tkp + j0)]), k1 = load<W>(&Kt[std::size_t(d * Tkp + j0 + W)]);
                    for (int r = 0; r < kRows; ++r) {
                        const float qd = qr[r][d];
                        a[r][0] += qd * k0;
                        a[r][1] += qd * k1;
                    }
                }
                for (int r = 0; r < kRows; ++r) {
                    store<W>(s[r] + j0, a[r][0] * job.scale);
                    store<W>(s[r] + j0 + W, a[r][1] * job.scale);
                }
            }
            if (j0 < Tkp) { // one vector of keys left
                F a[kRows] = {};
                for (std::int64_t d = 0; d < D; ++d) {
                    const F k0 = load<W>(&Kt[std::size_t(d * Tkp + j0)]);
                    for (int r = 0; r < kRows; ++r)
                        a[r] += qr[r][d] * k0;
                }
                for (int r = 0; r < kRows; ++r)
                    store<W>(s[r] + j0, a[r] * job.scale);
            }
            // Softmax per row: max over the real keys, exp, sum (padding keys get probability 0).
            float inv[kRows];
            for (int r = 0; r < kRows; ++r) {
                F m = F{} - std::numeric_limits<float>::infinity();
                for (std::int64_t jj = 0; jj + W <= Tk; jj += W) {
                    const F x = load<W>(s[r] + jj);
                    m = x > m ? x : m;
                }
                float mx = m[0];
                for (int l = 1; l < W; ++l)
                    mx = std::max(mx, m[l]);
                for (std::int64_t jj = Tk / W * W; jj < Tk; ++jj)
                    mx = std::max(mx, s[r][jj]);
                F sum = {};
                for (std::int64_t jj = 0; jj < Tkp; jj += W) {
                    F e = expNonPositive<W>(load<W>(s[r] + jj) - mx);
                    if (jj + W > Tk)
                        for (int l = 0; l < W; ++l)
                            if (jj + l >= Tk)
                                e[l] = 0.0f;
                    store<W>(s[r] + jj, e);
                    sum += e;
                }
                float total = 0;
                for (int l = 0; l < W; ++l)
                    total += sum[l];
                inv[r] = 1.0f / total;
            }
            if (E == 8)
                weightedValues<8>(job, Vp.data(), Dvp, s, inv, outr);
            else
                weightedValues<W>(job, Vp.data(), Dvp, s, inv, outr);
        }
    }
}

template <int W>
__attribute__((always_inline)) inline void runTasks(const Job& job, std::int64_t begin, std::int64_t end)
{
    if (job.D <= kRowsInLanesMaxDim && job.Dv <= kRowsInLanesMaxDim)
        rowsInLanes<W>(job, begin, end);
    else
        keysInLanes<W>(job, begin, end);
}

// ---- GEGLU ----

// erf by Abramowitz & Stegun 7.1.26 (absolute error 1.5e-7 in exact arithmetic, 6e-7 measured in float).
template <int W>
__attribute__((always_inline)) inline typename Vec<W>::F erfAS(typename Vec<W>::F x)
{
    using F = typename Vec<W>::F;
    const F zero = {};
    const F ax = x < zero ? -x : x;
    const F t = 1.0f / (1.0f + 0.3275911f * ax);
    const F poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
    const F y = 1.0f - poly * expNonPositive<W>(zero - ax * ax);
    return x < zero ? -y : y;
}

template <int W>
__attribute__((always_inline)) inline typename Vec<W>::F gegluVec(typename Vec<W>::F value, typename Vec<W>::F gate)
{
    return value * (gate * 0.5f * (1.0f + erfAS<W>(gate * 0.70710678118654752f))); // torch's gelu order
}

struct GegluJob {
    const float* in = nullptr; // [rows, 2·I]
    float* out = nullptr;      // [rows, I]
    std::int64_t I = 0;
};

template <int W>
__attribute__((always_inline)) inline void gegluRows(const GegluJob& job, std::int64_t begin, std::int64_t end)
{
    const std::int64_t I = job.I, full = I / W * W;
    for (std::int64_t r = begin; r < end; ++r) {
        const float* value = job.in + r * 2 * I;
        const float* gate = value + I;
        float* out = job.out + r * I;
        for (std::int64_t i = 0; i < full; i += W)
            store<W>(out + i, gegluVec<W>(load<W>(value + i), load<W>(gate + i)));
        if (full < I) { // the last I mod W columns through a padded vector
            float v[W] = {}, g[W] = {}, o[W];
            std::memcpy(v, value + full, std::size_t(I - full) * sizeof(float));
            std::memcpy(g, gate + full, std::size_t(I - full) * sizeof(float));
            store<W>(o, gegluVec<W>(load<W>(v), load<W>(g)));
            std::memcpy(out + full, o, std::size_t(I - full) * sizeof(float));
        }
    }
}

// ---- One instantiation per instruction set, chosen once at run time ----

#define EMOTE_KERNELS_FOR(SUFFIX, TARGET, WIDTH)                                                                     \
    TARGET void runTasks##SUFFIX(const Job& job, std::int64_t begin, std::int64_t end)                                \
    {                                                                                                              \
        runTasks<WIDTH>(job, begin, end);                                                                          \
    }                                                                                                              \
    TARGET void gegluRows##SUFFIX(const GegluJob& job, std::int64_t begin, std::int64_t end)                          \
    {                                                                                                              \
        gegluRows<WIDTH>(job, begin, end);                                                                         \
    }
EMOTE_KERNELS_FOR(Avx512, __attribute__((target("avx512f,avx512vl,avx2,fma"))), 16)
EMOTE_KERNELS_FOR(Avx2, __attribute__((target("avx2,fma"))), 8)
EMOTE_KERNELS_FOR(Baseline, , 4)
#undef EMOTE_KERNELS_FOR

struct Kernels {
    void (*attention)(const Job&, std::int64_t, std::int64_t);
    void (*geglu)(const GegluJob&, std::int64_t, std::int64_t);
};

const Kernels& kernels()
{
    static const Kernels k = [] {
        __builtin_cpu_init();
        if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl"))
            return Kernels{&runTasksAvx512, &gegluRowsAvx512};
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
            return Kernels{&runTasksAvx2, &gegluRowsAvx2};
        return Kernels{&runTasksBaseline, &gegluRowsBaseline};
    }();
    return k;
}

bool usable(const torch::Tensor& x)
{
    return x.defined() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && (x.dim() == 3 || x.dim() == 4) &&
           x.stride(-1) == 1 && x.size(-1) > 0;
}

} // namespace

bool cpuAttentionApplies(const torch::Tensor& q, const std::vector<KeyValues>& kv)
{
    if (!usable(q) || kv.empty())
        return false;
    for (const auto& p : kv)
        if (!usable(p.k) || !usable(p.v))
            return false;
    return true;
}

void cpuAttentionInto(const torch::Tensor& out, const torch::Tensor& q, const std::vector<KeyValues>& kv,
                      std::int64_t heads)
{
    RECORD_FUNCTION("emote::cpu_attention", std::vector<c10::IValue>({q})); // named in libtorch's profiler
    TORCH_CHECK(cpuAttentionApplies(q, kv) && usable(out), "cpuAttention: float32 CPU tensors with a contiguous last "
                                                           "dimension expected");
    TORCH_CHECK(heads > 0 && q.size(-1) % heads == 0, "cpuAttention: ", heads, " heads do not divide ", q.size(-1));
    Job job;
    job.q = viewOf(q);
    job.out = viewOf(out);
    job.heads = heads;
    job.D = q.size(-1) / heads;
    job.Tq = q.size(-2);
    const std::int64_t B = job.q.n1 * job.q.n2;
    const std::int64_t Cv = kv.front().v.size(-1);
    TORCH_CHECK(Cv % heads == 0, "cpuAttention: ", heads, " heads do not divide the values' ", Cv);
    job.Dv = Cv / heads;
    for (const auto& p : kv) {
        TORCH_CHECK(p.k.dim() == p.v.dim() && p.k.size(-2) == p.v.size(-2) && p.k.size(-1) == q.size(-1) &&
                        p.v.size(-1) == Cv && p.k.sizes().slice(0, p.k.dim() - 2) == p.v.sizes().slice(0, p.v.dim() - 2),
                    "cpuAttention: keys ", p.k.sizes(), " and values ", p.v.sizes(), " do not fit queries ", q.sizes());
        TORCH_CHECK(p.batch_offset >= 0, "cpuAttention: negative batch offset");
        job.pieces.push_back({viewOf(p.k), viewOf(p.v), p.batch_offset});
        job.Tk += p.k.size(-2);
    }
    TORCH_CHECK(job.Tk > 0, "cpuAttention: no keys");
    TORCH_CHECK(out.sizes().slice(0, out.dim() - 2) == q.sizes().slice(0, q.dim() - 2) && out.size(-2) == job.Tq &&
                    out.size(-1) == Cv,
                "cpuAttention: output ", out.sizes(), " does not fit queries ", q.sizes());
    if (B == 0 || job.Tq == 0)
        return;
    job.Tkp = (job.Tk + 15) / 16 * 16; // a multiple of every vector width used
    job.scale = float(1.0 / std::sqrt(double(job.D)));
    // Enough tasks for every thread (rows of one (batch, head) split when there are few of them); a task packs its
    // keys and values once, so tasks are whole (batch, head)s where possible.
    const std::int64_t BH = B * heads, want = 4 * std::int64_t(at::get_num_threads());
    job.tasks_per_head = BH >= want ? 1 : std::min((want + BH - 1) / BH, (job.Tq + kRows - 1) / kRows);
    job.rows_per_task = (job.Tq + job.tasks_per_head - 1) / job.tasks_per_head;
    job.rows_per_task = (job.rows_per_task + 15) / 16 * 16; // whole blocks of rows for either kernel
    job.tasks_per_head = (job.Tq + job.rows_per_task - 1) / job.rows_per_task;
    at::parallel_for(0, BH * job.tasks_per_head, 1, [&](std::int64_t begin, std::int64_t end) { kernels().attention(job, begin, end); });
}

torch::Tensor cpuAttention(const torch::Tensor& q, const std::vector<KeyValues>& kv, std::int64_t heads)
{
    TORCH_CHECK(!kv.empty(), "cpuAttention: no keys");
    auto shape = q.sizes().vec();
    shape.back() = kv.front().v.size(-1);
    auto out = torch::empty(shape, q.options());
    cpuAttentionInto(out, q, kv, heads);
    return out;
}

bool cpuGegluApplies(const torch::Tensor& x)
{
    return x.defined() && x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.dim() >= 1 &&
           x.is_contiguous() && x.size(-1) % 2 == 0;
}

torch::Tensor cpuGeglu(const torch::Tensor& x)
{
    RECORD_FUNCTION("emote::cpu_geglu", std::vector<c10::IValue>({x}));
    TORCH_CHECK(cpuGegluApplies(x), "cpuGeglu: a contiguous float32 CPU tensor with an even last dimension expected");
    auto shape = x.sizes().vec();
    shape.back() /= 2;
    auto out = torch::empty(shape, x.options());
    GegluJob job{x.data_ptr<float>(), out.data_ptr<float>(), shape.back()};
    const std::int64_t rows = job.I == 0 ? 0 : x.numel() / (2 * job.I);
    // Rows of at least 16 Ki elements per task: small tensors stay on one thread.
    const std::int64_t grain = std::max<std::int64_t>(1, (std::int64_t(1) << 14) / std::max<std::int64_t>(1, job.I));
    at::parallel_for(0, rows, grain, [&](std::int64_t begin, std::int64_t end) { kernels().geglu(job, begin, end); });
    return out;
}

} // namespace emote::nn
