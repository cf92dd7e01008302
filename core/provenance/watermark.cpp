#include "core/provenance/watermark.h"

#include "core/provenance/payload_code.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <complex>
#include <vector>

namespace emote::provenance {

namespace {

constexpr int kTile = 128;
// Band of the mark in DFT bins of the tile (cycles per 128 px): 6..20 = 0.047..0.156 cycles/pixel.
constexpr double kMinRadius = 6.0;
constexpr double kMaxRadius = 20.0;
constexpr uint64_t kLayoutKey = 0x456d6f7465574d31ull; // "EmoteWM1": fixes the secret layout of the scheme
// Embedding: target RMS of the added luma (in 8-bit levels) and its cap; 255/2.2 → PSNR ≈ 41 dB.
constexpr double kBaseRms = 1.6;
constexpr double kMaxRms = 2.0;
// Detection: sync peak (in standard deviations) above which a CRC-valid payload counts as a mark. The
// largest of 16384 samples of noise is about 4.2σ; 6σ has a chance below 1e-5 per video even before the CRC.
constexpr double kSyncThreshold = 6.0;

uint64_t splitmix(uint64_t& s)
{
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

struct Coefficient {
    int ky = 0, kx = 0; // DFT bin (ky may be negative)
    float cos_phase = 1, sin_phase = 0;
    int bit = -1;       // code bit it carries; -1 = sync
};

// The fixed layout of the scheme: which bins carry sync and which carry which code bit, with which phase.
const std::vector<Coefficient>& layout()
{
    static const std::vector<Coefficient> coefs = [] {
        std::vector<Coefficient> c;
        for (int ky = -kTile / 2 + 1; ky < kTile / 2; ++ky)
            for (int kx = 0; kx < kTile / 2; ++kx) {
                if (kx == 0 && ky <= 0)
                    continue; // the other half of the Hermitian pair
                const double r = std::hypot(double(kx), double(ky));
                if (r >= kMinRadius && r <= kMaxRadius)
                    c.push_back({ky, kx, 1, 0, -1});
            }
        uint64_t s = kLayoutKey;
        for (size_t i = c.size(); i > 1; --i)
            std::swap(c[i - 1], c[size_t(splitmix(s) % i)]);
        const size_t n_sync = c.size() / 4;
        for (size_t i = 0; i < c.size(); ++i) {
            const double phase = double(splitmix(s) >> 11) * (2.0 * M_PI / double(1ull << 53));
            c[i].cos_phase = float(std::cos(phase));
            c[i].sin_phase = float(std::sin(phase));
            c[i].bit = i < n_sync ? -1 : int((i - n_sync) % size_t(kCodedBits));
        }
        return c;
    }();
    return coefs;
}

int wrap(int k) { return ((k % kTile) + kTile) % kTile; }

// The spatial tile of PAYLOAD, unit RMS.
cv::Mat1f patternTile(uint64_t payload)
{
    const std::vector<uint8_t> code = encodePayload(payload);
    cv::Mat2f spec(kTile, kTile, cv::Vec2f(0, 0));
    for (const Coefficient& c : layout()) {
        const float sign = c.bit < 0 ? 1.0f : (code[size_t(c.bit)] ? -1.0f : 1.0f);
        const cv::Vec2f v(sign * c.cos_phase, sign * c.sin_phase);
        spec(wrap(c.ky), c.kx) = v;
        spec(wrap(-c.ky), wrap(-c.kx)) = cv::Vec2f(v[0], -v[1]);
    }
    cv::Mat1f tile;
    cv::dft(spec, tile, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT);
    const double rms = std::sqrt(cv::mean(tile.mul(tile))[0]);
    tile /= rms;
    return tile;
}

} // namespace

uint64_t WatermarkPayload::packed() const
{
    const uint64_t id = install_id & ((1ull << kInstallIdBits) - 1);
    const uint64_t job = uint64_t(job_hash) & ((1ull << kJobHashBits) - 1);
    return (id << kJobHashBits) | job;
}

WatermarkPayload WatermarkPayload::unpack(uint64_t bits)
{
    WatermarkPayload p;
    p.install_id = bits >> kJobHashBits;
    p.job_hash = uint32_t(bits & ((1ull << kJobHashBits) - 1));
    return p;
}

// ---------------------------------------------------------------------------------------------------------------

struct WatermarkEmbedder::Impl {
    cv::Mat1f tile;     // unit-RMS pattern
    double strength = 1.0;
    cv::Mat small, small_gray;
    cv::Mat1f gray_f, mean, sq, mask_small;
    std::vector<float> mask_row;
    cv::Mat1b pos, neg;
    cv::Mat pos_rgb, neg_rgb;
};

WatermarkEmbedder::WatermarkEmbedder(uint64_t payload_bits, double strength) : d(new Impl)
{
    d->tile = patternTile(payload_bits);
    d->strength = std::max(0.0, strength);
}

WatermarkEmbedder::~WatermarkEmbedder() = default;

void WatermarkEmbedder::embed(Image& frame)
{
    if (frame.empty() || d->strength <= 0)
        return;
    const int w = frame.width, h = frame.height;
    cv::Mat rgb(h, w, CV_8UC3, frame.rgb.data());
    // Perceptual mask from local contrast, computed on every 4th pixel of every 4th row (cheap, and the mask
    // only needs to follow texture, not pixels), smoothed over 5×5 of those samples.
    const int sw = (w + 3) / 4, sh = (h + 3) / 4;
    cv::resize(rgb, d->small, cv::Size(sw, sh), 0, 0, cv::INTER_NEAREST);
    cv::cvtColor(d->small, d->small_gray, cv::COLOR_RGB2GRAY);
    d->small_gray.convertTo(d->gray_f, CV_32F);
    cv::blur(d->gray_f, d->mean, cv::Size(5, 5), cv::Point(-1, -1), cv::BORDER_REFLECT);
    cv::multiply(d->gray_f, d->gray_f, d->sq);
    cv::blur(d->sq, d->sq, cv::Size(5, 5), cv::Point(-1, -1), cv::BORDER_REFLECT);
    d->mask_small.create(sh, sw);
    double sum_sq = 0;
    for (int y = 0; y < sh; ++y) {
        const float* m = d->mean[y];
        const float* q = d->sq[y];
        float* o = d->mask_small[y];
        for (int x = 0; x < sw; ++x) {
            const float sd = std::sqrt(std::max(0.0f, q[x] - m[x] * m[x]));
            // Flat areas get 0.2 of the base amplitude, texture up to 2×; near-black and near-white get half
            // (noise shows most there, and clipping would bias the mark). A gentle slope (contrast / 12):
            // piling the mark into strong texture helps robustness little but costs SSIM.
            const float lum = m[x];
            const float tone = lum < 24 ? 0.5f : lum > 232 ? 0.5f : 1.0f;
            const float v = std::clamp(0.2f + sd / 12.0f, 0.2f, 2.0f) * tone;
            o[x] = v;
            sum_sq += double(v) * v;
        }
    }
    const double mask_rms = std::sqrt(sum_sq / double(sw * sh));
    const float amp = float(std::min(kBaseRms * d->strength, kMaxRms / std::max(mask_rms, 1e-6)));
    // Offset = amp · mask · tile, rounded, split into its positive and negative parts as bytes; each is
    // repeated for R, G and B and added / subtracted with saturation. Plain array loops (vectorised) and
    // OpenCV's SIMD kernels keep this well under 1 ms per 512² frame.
    d->pos.create(h, w);
    d->neg.create(h, w);
    d->mask_row.resize(size_t(w));
    for (int y = 0; y < h; ++y) {
        if (y % 4 == 0) {
            const float* ms = d->mask_small[y / 4];
            for (int x = 0; x < w; ++x)
                d->mask_row[size_t(x)] = amp * ms[x / 4];
        }
        const float* mr = d->mask_row.data();
        const float* t = d->tile[y % kTile];
        uint8_t* pos = d->pos[y];
        uint8_t* neg = d->neg[y];
        for (int x0 = 0; x0 < w; x0 += kTile) {
            const int n = std::min(kTile, w - x0);
            for (int i = 0; i < n; ++i) {
                // Round to nearest through a positive bias: truncation is what SIMD float→int does.
                const int v = int(mr[x0 + i] * t[i] + 256.5f) - 256;
                pos[x0 + i] = uint8_t(std::clamp(v, 0, 255));
                neg[x0 + i] = uint8_t(std::clamp(-v, 0, 255));
            }
        }
    }
    const cv::Mat pos3[3] = {d->pos, d->pos, d->pos};
    const cv::Mat neg3[3] = {d->neg, d->neg, d->neg};
    cv::merge(pos3, 3, d->pos_rgb);
    cv::merge(neg3, 3, d->neg_rgb);
    cv::add(rgb, d->pos_rgb, rgb); // saturating, in place in the frame
    cv::subtract(rgb, d->neg_rgb, rgb);
}

// ---------------------------------------------------------------------------------------------------------------

struct WatermarkDetector::Impl {
    cv::Mat1d acc = cv::Mat1d(kTile, kTile, 0.0);
    int frames = 0;
    cv::Mat gray;
    cv::Mat1f y, low, res, absres, level;
};

WatermarkDetector::WatermarkDetector() : d(new Impl) {}
WatermarkDetector::~WatermarkDetector() = default;
int WatermarkDetector::framesAdded() const { return d->frames; }

void WatermarkDetector::addFrame(const Image& frame)
{
    if (frame.width < 16 || frame.height < 16)
        return;
    const int w = frame.width, h = frame.height;
    cv::Mat rgb(h, w, CV_8UC3, const_cast<uint8_t*>(frame.rgb.data()));
    cv::cvtColor(rgb, d->gray, cv::COLOR_RGB2GRAY);
    d->gray.convertTo(d->y, CV_32F);
    // High-pass (removes the image's strong low frequencies, below the mark's band) and contrast normalisation
    // (edges and texture would otherwise outweigh everything: the mask scaled the mark with contrast anyway).
    cv::blur(d->y, d->low, cv::Size(15, 15), cv::Point(-1, -1), cv::BORDER_REFLECT);
    d->res = d->y - d->low;
    d->absres = cv::abs(d->res);
    cv::blur(d->absres, d->level, cv::Size(15, 15), cv::Point(-1, -1), cv::BORDER_REFLECT);
    for (int yy = 0; yy < h; ++yy) {
        const float* r = d->res[yy];
        const float* l = d->level[yy];
        double* a = d->acc[yy % kTile];
        for (int x = 0; x < w; ++x)
            a[x % kTile] += double(r[x] / (l[x] + 2.0f));
    }
    ++d->frames;
}

WatermarkDetection WatermarkDetector::detect() const
{
    WatermarkDetection out;
    out.frames_used = d->frames;
    if (d->frames == 0)
        return out;
    cv::Mat1f acc;
    d->acc.convertTo(acc, CV_32F);
    cv::Mat2f spec;
    cv::dft(acc, spec, cv::DFT_COMPLEX_OUTPUT);
    const auto& coefs = layout();
    auto at = [&](int ky, int kx) {
        const cv::Vec2f v = spec(wrap(ky), wrap(kx));
        return std::complex<float>(v[0], v[1]);
    };

    // Sync: phase-only correlation over every cyclic shift.
    cv::Mat2f cross(kTile, kTile, cv::Vec2f(0, 0));
    for (const Coefficient& c : coefs) {
        if (c.bit >= 0)
            continue;
        std::complex<float> v = at(c.ky, c.kx);
        const float mag = std::abs(v);
        if (mag <= 0)
            continue;
        v = v / mag * std::complex<float>(c.cos_phase, -c.sin_phase);
        cross(wrap(c.ky), c.kx) = cv::Vec2f(v.real(), v.imag());
        cross(wrap(-c.ky), wrap(-c.kx)) = cv::Vec2f(v.real(), -v.imag());
    }
    cv::Mat1f surface;
    cv::dft(cross, surface, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT);
    cv::Point peak;
    double peak_value = 0;
    cv::minMaxLoc(surface, nullptr, &peak_value, nullptr, &peak);
    cv::Scalar mean, sd;
    cv::meanStdDev(surface, mean, sd);
    out.sync_score = sd[0] > 0 ? (peak_value - mean[0]) / sd[0] : 0.0;
    out.shift_x = peak.x;
    out.shift_y = peak.y;

    // Soft decisions weighted per frequency band by what the channel left of the mark there: the sync
    // coefficients (known values) measure the mark's amplitude, all coefficients the noise power. Codecs and
    // rescaling remove the upper bands first; coefficients there would only add noise.
    constexpr int kBandWidth = 3;
    const size_t n_bands = size_t(kMaxRadius) / kBandWidth + 1;
    std::vector<double> amp(n_bands, 0.0), power(n_bands, 0.0);
    std::vector<int> n_sync(n_bands, 0), n_all(n_bands, 0);
    auto derotated = [&](const Coefficient& c) {
        const double ang = 2.0 * M_PI * (double(c.kx) * peak.x + double(c.ky) * peak.y) / kTile;
        const std::complex<float> rot(float(std::cos(ang)), float(std::sin(ang)));
        return at(c.ky, c.kx) * rot * std::complex<float>(c.cos_phase, -c.sin_phase);
    };
    auto band = [](const Coefficient& c) {
        return size_t(std::hypot(double(c.kx), double(c.ky))) / kBandWidth;
    };
    for (const Coefficient& c : coefs) {
        const std::complex<float> v = derotated(c);
        const size_t b = band(c);
        power[b] += 0.5 * std::norm(v);
        ++n_all[b];
        if (c.bit < 0) {
            amp[b] += v.real();
            ++n_sync[b];
        }
    }
    std::vector<double> weight(n_bands, 0.0);
    for (size_t b = 0; b < n_bands; ++b)
        if (n_sync[b] > 0 && n_all[b] > 0 && power[b] > 0)
            weight[b] = std::max(0.0, amp[b] / n_sync[b]) / (power[b] / n_all[b]);

    std::vector<float> soft(size_t(kCodedBits), 0.0f);
    for (const Coefficient& c : coefs)
        if (c.bit >= 0)
            soft[size_t(c.bit)] += float(derotated(c).real() * weight[band(c)]);
    const std::optional<uint64_t> payload = decodePayload(soft);
    if (payload) {
        const std::vector<uint8_t> code = encodePayload(*payload);
        int right = 0;
        for (int i = 0; i < kCodedBits; ++i)
            right += (soft[size_t(i)] < 0) == (code[size_t(i)] != 0);
        out.raw_bit_accuracy = double(right) / kCodedBits;
    }
    if (payload && out.sync_score >= kSyncThreshold) {
        out.marked = true;
        out.payload = payload;
        // Chance that unmarked video passes both tests: the sync tail (16384 shifts, Gaussian) times 2^-16
        // for the CRC. Confidence is its complement.
        const double tail = 0.5 * std::erfc(out.sync_score / std::sqrt(2.0)) * double(kTile * kTile);
        out.confidence = 1.0 - std::min(1.0, tail) * std::ldexp(1.0, -kCrcBits);
    }
    return out;
}

} // namespace emote::provenance
