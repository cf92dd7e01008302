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

// The canonical grid: the detector resamples the video so that one period of the tile spans kGrid pixels.
constexpr int kGrid = 128;
// Band of the mark in cycles per tile period.
constexpr double kMinRadius = 6.0;
constexpr double kMaxRadius = 24.0;
// The tile's period in a frame of W×H: H · kPeriodOfHeight (at least kMinPeriod pixels), so the mark is the
// same picture, relative to the frame's height, at every export size.
constexpr double kPeriodOfHeight = 0.5;
constexpr int kMinPeriod = 64;
// Share of the coefficients that are sync (the rest carry code bits).
constexpr double kSyncFraction = 0.5;
constexpr int kSyncMode = 1;
constexpr int kSyncWin = 5;
// Informed embedding (see WatermarkEmbedder::Impl::inform): rounds, the margin each code bit should have on the
// untouched frame (in units of the plain mark's), the most one coefficient may grow, and the most energy the
// code half of the design may take (in units of its plain energy; the tile is normalised again afterwards, so
// the whole design's budget, (kInformSyncMaxEnergy + kInformMaxEnergy) / 2, is what the plain part may shrink
// by, squared).
constexpr int kInformRounds = 6;
constexpr double kInformMargin = 0.2;
constexpr float kInformMax = 3.0f;
constexpr double kInformMaxEnergy = 1.5;
// Informed sync: each sync coefficient, as the detector will see it on the untouched frame, should be in phase
// within this tangent (about 17°) and have at least this in-phase part (in units of the plain mark's).
constexpr double kInformSyncTan = 0.3;
constexpr double kInformSyncMargin = 1.0;
// The sync half's energy budget (units of its plain energy). 2.0 finds one or two more Still 512² variants in
// bench_watermark but moves the period read on an uneven crop of a moving scene by 3 px (test_watermark).
constexpr double kInformSyncMaxEnergy = 1.75;
constexpr uint64_t kLayoutKey = 0x456d6f7465574d31ull; // "EmoteWM1": fixes the secret layout of the scheme
// Embedding: target RMS of the added luma (in 8-bit levels) and its cap; 255/2.45 → PSNR ≥ 40.3 dB.
constexpr double kBaseRms = 2.2;
constexpr double kMaxRms = 2.45;
// The amplitude is held from frame to frame: lowered at once when a frame needs less (to a step of this size
// below, so that small changes of texture do not move it again), raised only when a frame allows this many
// steps more. A talking head's frames then share one amplitude, and a frame that changed only in part can be
// marked only there.
constexpr float kAmpStep = 1.0f / 256.0f;
constexpr float kAmpRaiseSteps = 4.0f;
// Detection. The sync peak is the largest of 16384 shifts of a phase correlation at each period tried. Around
// half the height (2·kHalfSteps + 1 periods, 82 000 samples) unmarked video gives about 4.4σ, and 6σ has a chance
// of about 1e-4 per video (Gaussian tail × samples); over the whole range (about 400 periods, 6.5 million
// samples) it gives about 5σ (4.5–5.7 on 24 test videos), and 7σ has a chance of about 1e-5. A mark counts as
// found when the sync peak reaches kFoundSyncAtHalf around half the height or kFoundSync anywhere, or
// kPayloadSync together with a payload whose CRC holds (chance 2^-16 on noise).
constexpr int kHalfSteps = 2;
constexpr double kFoundSyncAtHalf = 6.0;
constexpr double kFoundSync = 7.0;
constexpr double kPayloadSync = 5.5;

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
        for (int ky = -kGrid / 2 + 1; ky < kGrid / 2; ++ky)
            for (int kx = 0; kx < kGrid / 2; ++kx) {
                if (kx == 0 && ky <= 0)
                    continue; // the other half of the Hermitian pair
                const double r = std::hypot(double(kx), double(ky));
                if (r >= kMinRadius && r <= kMaxRadius)
                    c.push_back({ky, kx, 1, 0, -1});
            }
        uint64_t s = kLayoutKey;
        for (size_t i = c.size(); i > 1; --i)
            std::swap(c[i - 1], c[size_t(splitmix(s) % i)]);
        const size_t n_sync = size_t(double(c.size()) * kSyncFraction);
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

int wrap(int k, int n = kGrid) { return ((k % n) + n) % n; }

// The design of a mark: one complex value per coefficient of layout(), in the detector's derotated terms (see
// derotated()): 1 for sync, +1 / -1 for code bits 0 / 1, before host interference is allowed for.
using Design = std::vector<std::complex<float>>;

Design plainDesign(const std::vector<uint8_t>& code)
{
    Design d;
    for (const Coefficient& c : layout())
        d.push_back(c.bit < 0 || !code[size_t(c.bit)] ? 1.0f : -1.0f);
    return d;
}

// One period of the mark with DESIGN, rendered at PERIOD pixels, unit RMS. The spectrum is the same at every
// period (cycles per period), so the tile is the same picture at every size.
cv::Mat1f renderTile(const Design& design, int period)
{
    cv::Mat2f spec(period, period, cv::Vec2f(0, 0));
    const auto& coefs = layout();
    for (size_t i = 0; i < coefs.size(); ++i) {
        const Coefficient& c = coefs[i];
        const std::complex<float> v = design[i] * std::complex<float>(c.cos_phase, c.sin_phase);
        spec(wrap(c.ky, period), c.kx) = cv::Vec2f(v.real(), v.imag());
        spec(wrap(-c.ky, period), wrap(-c.kx, period)) = cv::Vec2f(v.real(), -v.imag());
    }
    cv::Mat1f tile;
    cv::dft(spec, tile, cv::DFT_INVERSE | cv::DFT_REAL_OUTPUT);
    const double rms = std::sqrt(cv::mean(tile.mul(tile))[0]);
    tile /= rms;
    return tile;
}

// The detector works on frames no larger than this (longest side, in pixels): the mark's band sits at a fixed
// fraction of the frame, far below the pixel scale of a large video, and smaller frames are cheaper.
constexpr int kWorkMaxSide = 768;
// High-pass and contrast normalisation windows of the detector, as fractions of the video's height (the mark
// scales with the height, so they do too).
constexpr double kHighPassOfHeight = 0.03;
constexpr double kLevelOfHeight = 0.03;
int oddWindow(double size) { return std::max(3, int(std::lround(size)) | 1); }
// Periods searched, as fractions of the video's height: around the embedder's kPeriodOfHeight first (any
// aspect-preserving rescale, crops of the width only), then from kMinSearchRatio (the video inside a larger
// frame) to kMaxSearchRatio (crops of the height, up to 40 %), in steps that move the frame's far edge by a
// small fraction of the finest wave.
constexpr double kMinSearchRatio = 0.4;
constexpr double kMaxSearchRatio = 0.84;

// What one fold of the accumulated frame at one period says.
struct TileReading {
    double period = 0;    // working pixels
    double sync = 0;      // σ
    double peak_x = 0, peak_y = 0; // tile origin in the canonical grid (fractional)
    cv::Mat2f spec;       // DFT of the folded tile
};

// Phase-only correlation of SPEC's sync coefficients with the sync pattern over every cyclic shift.
void syncSurface(const cv::Mat2f& spec, TileReading* r)
{
    cv::Mat2f cross(kGrid, kGrid, cv::Vec2f(0, 0));
    for (const Coefficient& c : layout()) {
        if (c.bit >= 0)
            continue;
        const cv::Vec2f s = spec(wrap(c.ky), wrap(c.kx));
        std::complex<float> v(s[0], s[1]);
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
    r->sync = sd[0] > 0 ? (peak_value - mean[0]) / sd[0] : 0.0;
    // Sub-pixel peak (parabola through the neighbours): a resampled video rarely lands on whole grid pixels.
    auto offset = [](float l, float c, float rr) {
        const float den = l - 2 * c + rr;
        return den < 0 ? std::clamp(0.5f * (l - rr) / den, -0.5f, 0.5f) : 0.0f;
    };
    r->peak_x = peak.x + offset(surface(peak.y, wrap(peak.x - 1)), surface(peak.y, peak.x),
                                surface(peak.y, wrap(peak.x + 1)));
    r->peak_y = peak.y + offset(surface(wrap(peak.y - 1), peak.x), surface(peak.y, peak.x),
                                surface(wrap(peak.y + 1), peak.x));
    r->spec = spec;
}

// Folds ACC (working pixels), resampled so that PERIOD spans kGrid pixels, modulo kGrid, and reads the sync.
TileReading readAtPeriod(const cv::Mat1f& acc, double period)
{
    const double s = double(kGrid) / period;
    cv::Mat1f scaled;
    cv::resize(acc, scaled, cv::Size(), s, s, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Mat1f tile(kGrid, kGrid, 0.0f);
    for (int y = 0; y < scaled.rows; ++y) {
        const float* src = scaled[y];
        float* t = tile[y % kGrid];
        for (int x0 = 0; x0 < scaled.cols; x0 += kGrid) {
            const int n = std::min(kGrid, scaled.cols - x0);
            for (int i = 0; i < n; ++i)
                t[i] += src[x0 + i];
        }
    }
    cv::Mat2f spec;
    cv::dft(tile, spec, cv::DFT_COMPLEX_OUTPUT);
    TileReading r;
    r.period = period;
    syncSurface(spec, &r);
    return r;
}


// What the detector sees of a video: the high-passed, contrast-normalised luma of its frames, at a working size
// (longest side at most kWorkMaxSide), summed. The embedder uses it too, to see its own mark as the detector will.
struct ResidualSum {
    int src_w = 0, src_h = 0; // size of the frames taken (the first frame's)
    cv::Mat1f acc;
    int frames = 0;
    cv::Mat gray, small;
    cv::Mat1f y, low, res, absres, level;

    void add(const Image& frame)
    {
        const int w = frame.width, h = frame.height;
        if (frames == 0) {
            src_w = w;
            src_h = h;
            const double s = std::min(1.0, double(kWorkMaxSide) / std::max(w, h));
            acc = cv::Mat1f(std::max(16, int(std::lround(h * s))), std::max(16, int(std::lround(w * s))), 0.0f);
        } else if (w != src_w || h != src_h) {
            return; // a stream that changes size mid-way: the first size counts
        }
        cv::Mat rgb(h, w, CV_8UC3, const_cast<uint8_t*>(frame.rgb.data()));
        cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
        if (acc.cols != w || acc.rows != h) {
            cv::resize(gray, small, acc.size(), 0, 0, cv::INTER_AREA);
            small.convertTo(y, CV_32F);
        } else {
            gray.convertTo(y, CV_32F);
        }
        // High-pass (removes the image's strong low frequencies, below the mark's band) and contrast
        // normalisation (edges and texture would otherwise outweigh everything: the mask scaled the mark with
        // contrast anyway).
        const int hp = oddWindow(kHighPassOfHeight * acc.rows), lv = oddWindow(kLevelOfHeight * acc.rows);
        cv::blur(y, low, cv::Size(hp, hp), cv::Point(-1, -1), cv::BORDER_REFLECT);
        res = y - low;
        absres = cv::abs(res);
        cv::blur(absres, level, cv::Size(lv, lv), cv::Point(-1, -1), cv::BORDER_REFLECT);
        for (int yy = 0; yy < acc.rows; ++yy) {
            const float* r = res[yy];
            const float* l = level[yy];
            float* a = acc[yy];
            for (int x = 0; x < acc.cols; ++x)
                a[x] += r[x] / (l[x] + 2.0f);
        }
        ++frames;
    }
};

// Coefficient C of the folded tile SPEC, seen from the tile origin (PX, PY) (canonical grid) and with the
// coefficient's secret phase removed: the mark contributes a positive real value (sync, code bit 0) or a
// negative one (code bit 1).
std::complex<float> derotated(const cv::Mat2f& spec, const Coefficient& c, double px, double py)
{
    const double ang = 2.0 * M_PI * (double(c.kx) * px + double(c.ky) * py) / kGrid;
    const std::complex<float> rot(float(std::cos(ang)), float(std::sin(ang)));
    const cv::Vec2f v = spec(wrap(c.ky), wrap(c.kx));
    return std::complex<float>(v[0], v[1]) * rot * std::complex<float>(c.cos_phase, -c.sin_phase);
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

int watermarkPeriod(int /*width: the period follows the height alone*/, int height)
{
    return std::max(kMinPeriod, int(std::lround(height * kPeriodOfHeight)));
}

struct WatermarkEmbedder::Impl {
    std::vector<uint8_t> code; // the payload's code bits
    int period = 0;     // of the tile below
    bool informed = false; // the tile allows for the host of the first frame of this size (see inform())
    cv::Mat1f tile;     // unit-RMS pattern, period × period
    double strength = 1.0;
    int w = 0, h = 0;   // size of the frame the state below describes
    bool ready = false; // an embed() call filled the state
    cv::Mat3b small;    // every 4th pixel of every 4th row of the unmarked frame, kept between calls
    cv::Mat small_gray;
    cv::Mat1f gray_f, sq_raw, mean, sq, mask_small; // per sample, kept between calls
    cv::Mat1f tmp, old_rows;
    float amp = 0;      // global amplitude of the last frame marked (held, see kAmpStep)
    bool have_amp = false;
    std::vector<int> map_x, map_y; // frame pixel of each sample
    std::vector<float> mask_row;
    cv::Mat1b pos, neg;
    cv::Mat pos_rgb, neg_rgb;

    void resize(int fw, int fh)
    {
        if (fw == w && fh == h)
            return;
        w = fw;
        h = fh;
        ready = false;
        if (const int p = watermarkPeriod(w, h); p != period) {
            period = p;
            tile = renderTile(plainDesign(code), period);
            informed = false;
        }
        have_amp = false;
        const int sw = (w + 3) / 4, sh = (h + 3) / 4;
        small.create(sh, sw);
        // Nearest-neighbour sampling, the pixels cv::resize(INTER_NEAREST) picks: floor(i · size / samples).
        map_x.resize(size_t(sw));
        map_y.resize(size_t(sh));
        for (int i = 0; i < sw; ++i)
            map_x[size_t(i)] = std::min(int(std::floor(i * (1.0 / (double(sw) / w)))), w - 1);
        for (int i = 0; i < sh; ++i)
            map_y[size_t(i)] = std::min(int(std::floor(i * (1.0 / (double(sh) / h)))), h - 1);
    }

    // Takes the samples whose pixel lies inside R from FRAME (unmarked there); returns the sample rows taken,
    // [*ROW0, *ROW1).
    void sample(const Image& frame, const ImageRect& r, int* row0, int* row1)
    {
        *row0 = *row1 = 0;
        for (int sy = 0; sy < small.rows; ++sy) {
            const int y = map_y[size_t(sy)];
            if (y < r.y || y >= r.y + r.height || r.width <= 0)
                continue;
            if (*row1 == 0)
                *row0 = sy;
            *row1 = sy + 1;
            const uint8_t* src = frame.row(y);
            cv::Vec3b* dst = small[sy];
            for (int sx = 0; sx < small.cols; ++sx) {
                const int x = map_x[size_t(sx)];
                if (x >= r.x && x < r.x + r.width)
                    dst[sx] = cv::Vec3b(src[3 * x], src[3 * x + 1], src[3 * x + 2]);
            }
        }
    }

    // The amplitude for a frame whose mask allows at most EXACT, given the one held so far.
    float heldAmplitude(float exact) const
    {
        const float base = float(kBaseRms * strength);
        if (have_amp && exact >= amp && exact <= amp + kAmpRaiseSteps * kAmpStep)
            return amp;
        if (exact >= base)
            return base;
        return std::max(0.0f, std::floor(exact / kAmpStep) * kAmpStep - kAmpStep);
    }

    // Perceptual mask from local contrast of the samples (the mask only needs to follow texture, not pixels),
    // smoothed over 5×5 of them; returns the largest amplitude that keeps the frame's mark under the RMS cap.
    // Only the rows that samples rows [ROW0, ROW1) reach are computed anew (all rows when the state is new);
    // their previous values are left in old_rows (from row *BAND0). The box filter sums integers exactly,
    // so a band gives the values a whole-frame pass gives.
    float computeMask(int row0, int row1, int* band0)
    {
        const int sw = small.cols, sh = small.rows;
        if (mask_small.rows != sh || mask_small.cols != sw) {
            gray_f.create(sh, sw);
            sq_raw.create(sh, sw);
            mean.create(sh, sw);
            sq.create(sh, sw);
            mask_small.create(sh, sw);
            row0 = 0;
            row1 = sh;
        }
        const int b0 = row0 < row1 ? std::max(0, row0 - 2) : 0, b1 = row0 < row1 ? std::min(sh, row1 + 2) : 0;
        *band0 = b0;
        if (row0 < row1) {
            cv::cvtColor(small.rowRange(row0, row1), small_gray, cv::COLOR_RGB2GRAY);
            cv::Mat gray_rows = gray_f.rowRange(row0, row1);
            small_gray.convertTo(gray_rows, CV_32F);
            cv::Mat sq_rows = sq_raw.rowRange(row0, row1);
            cv::multiply(gray_rows, gray_rows, sq_rows);
            // Smoothed values of rows [b0, b1), from rows [e0, e1) (their 5×5 windows, or the frame's edge).
            const int e0 = std::max(0, b0 - 2), e1 = std::min(sh, b1 + 2);
            cv::blur(gray_f.rowRange(e0, e1), tmp, cv::Size(5, 5), cv::Point(-1, -1), cv::BORDER_REFLECT);
            tmp.rowRange(b0 - e0, b1 - e0).copyTo(mean.rowRange(b0, b1));
            cv::blur(sq_raw.rowRange(e0, e1), tmp, cv::Size(5, 5), cv::Point(-1, -1), cv::BORDER_REFLECT);
            tmp.rowRange(b0 - e0, b1 - e0).copyTo(sq.rowRange(b0, b1));
            mask_small.rowRange(b0, b1).copyTo(old_rows);
        } else {
            old_rows.release();
        }
        for (int y = b0; y < b1; ++y) {
            const float* m = mean[y];
            const float* q = sq[y];
            float* o = mask_small[y];
            for (int x = 0; x < sw; ++x) {
                const float sd = std::sqrt(std::max(0.0f, q[x] - m[x] * m[x]));
                // Flat areas get 0.2 of the base amplitude, texture up to 2×; near-black and near-white get half
                // (noise shows most there, and clipping would bias the mark). A gentle slope (contrast / 12):
                // piling the mark into strong texture helps robustness little but costs SSIM.
                const float lum = m[x];
                const float tone = lum < 24 ? 0.5f : lum > 232 ? 0.5f : 1.0f;
                o[x] = std::clamp(0.5f + sd / 16.0f, 0.5f, 2.0f) * tone;
            }
        }
        double sum_sq = 0;
        for (int y = 0; y < sh; ++y) {
            const float* o = mask_small[y];
            for (int x = 0; x < sw; ++x)
                sum_sq += double(o[x]) * o[x];
        }
        const double mask_rms = std::sqrt(sum_sq / double(sw * sh));
        return float(std::min(kBaseRms * strength, kMaxRms / std::max(mask_rms, 1e-6)));
    }

    // The frame pixels whose mask value can differ when the samples taken from pixels inside CHANGED differ:
    // a sample's change reaches 2 samples further through the 5×5 smoothing, and mask sample i covers frame
    // pixels 4i .. 4i+3.
    static void reach1d(const std::vector<int>& map, int size, int c0, int c1, int& r0, int& r1)
    {
        r0 = c0;
        r1 = c1;
        const int n = int(map.size());
        int lo = n, hi = -1;
        for (int i = 0; i < n; ++i)
            if (map[size_t(i)] >= c0 && map[size_t(i)] < c1) {
                lo = std::min(lo, i);
                hi = i;
            }
        if (hi < 0)
            return;
        r0 = std::max(0, std::min(c0, 4 * (lo - 2)));
        r1 = std::min(size, std::max(c1, 4 * (hi + 3)));
    }

    ImageRect reach(const ImageRect& changed) const
    {
        const int x0 = std::clamp(changed.x, 0, w), x1 = std::clamp(changed.x + changed.width, x0, w);
        const int y0 = std::clamp(changed.y, 0, h), y1 = std::clamp(changed.y + changed.height, y0, h);
        if (x1 <= x0 || y1 <= y0)
            return {x0, y0, 0, 0};
        int rx0, rx1, ry0, ry1;
        reach1d(map_x, w, x0, x1, rx0, rx1);
        reach1d(map_y, h, y0, y1, ry0, ry1);
        return {rx0, ry0, rx1 - rx0, ry1 - ry0};
    }

    // Informed embedding (in the spirit of Malvar & Florencio's improved spread spectrum): the first whole frame
    // of a size is looked at as the detector will see it, marked, and each code coefficient that the picture
    // itself pushes below a margin (or towards the wrong bit) is raised by what it lacks; each sync coefficient
    // whose phase the picture turns away from the pattern's is turned back (the detector correlates phases
    // only). A few rounds, since the perceptual mask spreads each coefficient a little into its neighbours. The
    // tile then holds for the rest of the video: a talking head's frames share most of their picture with the
    // first one, and a still video is that picture in every frame, so summing frames never averages the
    // picture's own interference out; only the embedder can. The picture and the mark are rescaled together, so
    // what is cancelled stays cancelled at every size. The extra energy is bounded per half (kInformSyncMaxEnergy,
    // kInformMaxEnergy) and the RMS cap holds as always, so the plain part of the mark loses a little.
    void inform(const Image& frame)
    {
        informed = true;
        ResidualSum host;
        host.add(frame);
        const double work_period = period * double(host.acc.rows) / h;
        const TileReading hr = readAtPeriod(host.acc, work_period);
        const auto& coefs = layout();
        const Design plain = plainDesign(code);
        double plain_energy = 0;
        for (const auto& v : plain)
            plain_energy += double(std::norm(v));
        Design cur = plain;
        TileReading own; // where the detector will find the tile's origin
        double gain = 0;  // detector units per unit of design, plain tile
        for (int round = 0; round < kInformRounds; ++round) {
            Image m = frame;
            apply(m, {0, 0, w, h});
            ResidualSum marked;
            marked.add(m);
            const TileReading mr = readAtPeriod(marked.acc, work_period);
            double energy = 0;
            for (const auto& v : cur)
                energy += double(std::norm(v));
            if (round == 0) {
                syncSurface(cv::Mat2f(mr.spec - hr.spec), &own);
                double num = 0;
                for (size_t i = 0; i < coefs.size(); ++i) {
                    const std::complex<float> dm = derotated(mr.spec, coefs[i], own.peak_x, own.peak_y) -
                                                   derotated(hr.spec, coefs[i], own.peak_x, own.peak_y);
                    num += double((dm * std::conj(plain[i])).real());
                }
                gain = num / plain_energy;
                if (!(gain > 0))
                    return;
            }
            const double g = gain * std::sqrt(plain_energy / energy); // the tile is normalised to unit RMS
            // Per code bit: what the detector will add up for it (before its band weights), against the target.
            std::vector<double> seen(size_t(kCodedBits), 0.0);
            std::vector<int> count(size_t(kCodedBits), 0);
            for (size_t i = 0; i < coefs.size(); ++i)
                if (coefs[i].bit >= 0) {
                    seen[size_t(coefs[i].bit)] +=
                        plain[i].real() * derotated(mr.spec, coefs[i], own.peak_x, own.peak_y).real();
                    ++count[size_t(coefs[i].bit)];
                }
            Design next = cur;
            bool changed = false;
            for (size_t i = 0; i < coefs.size(); ++i) {
                const int bit = coefs[i].bit;
                if (bit < 0) {
                    // Sync: the detector keeps only the phase of each coefficient. Where the picture turns it away
                    // from the pattern's, the mark turns it back: it cancels the picture's quadrature part and
                    // keeps the in-phase part at least the plain mark's.
                    const std::complex<float> t = derotated(mr.spec, coefs[i], own.peak_x, own.peak_y);
                    const double target = kInformSyncMargin * g;
                    const double want_re = std::max(double(t.real()), target);
                    if (std::abs(t.imag()) <= kInformSyncTan * want_re && t.real() >= target)
                        continue;
                    const std::complex<float> delta(float(0.8 * (want_re - t.real()) / g),
                                                    float(-0.8 * t.imag() / g));
                    std::complex<float> v = cur[i] + delta;
                    if (std::abs(v) > kInformMax)
                        v *= kInformMax / std::abs(v);
                    next[i] = v;
                    changed = true;
                    continue;
                }
                const double target = kInformMargin * g * count[size_t(bit)];
                if (seen[size_t(bit)] >= target)
                    continue;
                const float b = plain[i].real();
                const float raise = float(0.8 * (target - seen[size_t(bit)]) / (g * count[size_t(bit)]));
                next[i] = std::clamp(cur[i].real() + b * raise, -kInformMax, kInformMax);
                changed = true;
            }
            // Each half of the design (sync, code) within its share of the energy budget. Sync: the cheapest
            // departures from the plain design first; a coefficient the picture turns too far costs more than it
            // brings and stays plain (it still counts on average). Code: every change scaled back alike.
            for (const bool sync_part : {true, false}) {
                auto inPart = [&](size_t i) { return (coefs[i].bit < 0) == sync_part; };
                double part_plain = 0, part_energy = 0, moved = 0;
                for (size_t i = 0; i < coefs.size(); ++i)
                    if (inPart(i)) {
                        part_plain += double(std::norm(plain[i]));
                        part_energy += double(std::norm(next[i]));
                        moved += double(std::norm(next[i] - plain[i]));
                    }
                const double budget = (sync_part ? kInformSyncMaxEnergy : kInformMaxEnergy) * part_plain;
                if (part_energy <= budget)
                    continue;
                if (sync_part) {
                    std::vector<size_t> order;
                    for (size_t i = 0; i < coefs.size(); ++i)
                        if (inPart(i) && next[i] != plain[i])
                            order.push_back(i);
                    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
                        return std::norm(next[x] - plain[x]) > std::norm(next[y] - plain[y]);
                    });
                    for (size_t k = 0; k < order.size() && part_energy > budget; ++k) {
                        part_energy += double(std::norm(plain[order[k]]) - std::norm(next[order[k]]));
                        next[order[k]] = plain[order[k]];
                    }
                } else {
                    const float f = float(std::sqrt((kInformMaxEnergy - 1.0) * part_plain / std::max(moved, 1e-9)));
                    for (size_t i = 0; i < coefs.size(); ++i)
                        if (inPart(i))
                            next[i] = plain[i] + f * (next[i] - plain[i]);
                }
            }
            cur = std::move(next);
            if (!changed)
                break;
            tile = renderTile(cur, period);
        }
    }

    // Adds amp · mask · tile, rounded, to the pixels of R (R, G and B alike, saturating). Split into its positive
    // and negative parts as bytes, each repeated for R, G and B and added / subtracted with OpenCV's SIMD
    // kernels; the rest are plain array loops the compiler vectorises.
    void apply(Image& frame, const ImageRect& r)
    {
        if (r.empty())
            return;
        pos.create(r.height, r.width);
        neg.create(r.height, r.width);
        mask_row.resize(size_t(r.width));
        int mask_y = -1;
        for (int y = r.y; y < r.y + r.height; ++y) {
            if (y / 4 != mask_y) {
                mask_y = y / 4;
                const float* ms = mask_small[mask_y];
                for (int i = 0; i < r.width; ++i)
                    mask_row[size_t(i)] = amp * ms[(r.x + i) / 4];
            }
            const float* mr = mask_row.data();
            const float* t = tile[y % period];
            uint8_t* p = pos[y - r.y];
            uint8_t* n = neg[y - r.y];
            for (int i0 = 0; i0 < r.width;) {
                const int tx = (r.x + i0) % period;
                const int len = std::min(period - tx, r.width - i0);
                for (int i = 0; i < len; ++i) {
                    // Round to nearest through a positive bias: truncation is what SIMD float→int does.
                    const int v = int(mr[i0 + i] * t[tx + i] + 256.5f) - 256;
                    p[i0 + i] = uint8_t(std::clamp(v, 0, 255));
                    n[i0 + i] = uint8_t(std::clamp(-v, 0, 255));
                }
                i0 += len;
            }
        }
        const cv::Mat pos3[3] = {pos, pos, pos};
        const cv::Mat neg3[3] = {neg, neg, neg};
        cv::merge(pos3, 3, pos_rgb);
        cv::merge(neg3, 3, neg_rgb);
        cv::Mat rgb(frame.height, frame.width, CV_8UC3, frame.rgb.data());
        cv::Mat roi = rgb(cv::Rect(r.x, r.y, r.width, r.height));
        cv::add(roi, pos_rgb, roi); // saturating, in place in the frame
        cv::subtract(roi, neg_rgb, roi);
    }
};

WatermarkEmbedder::WatermarkEmbedder(uint64_t payload_bits, double strength) : d(new Impl)
{
    d->code = encodePayload(payload_bits);
    d->strength = std::max(0.0, strength);
}

WatermarkEmbedder::~WatermarkEmbedder() = default;

void WatermarkEmbedder::embed(Image& frame)
{
    if (frame.empty() || d->strength <= 0)
        return;
    d->resize(frame.width, frame.height);
    int row0 = 0, row1 = 0, band0 = 0;
    d->sample(frame, {0, 0, frame.width, frame.height}, &row0, &row1);
    d->amp = d->heldAmplitude(d->computeMask(row0, row1, &band0));
    d->have_amp = true;
    if (!d->informed)
        d->inform(frame);
    d->apply(frame, {0, 0, frame.width, frame.height});
    d->ready = true;
}

ImageRect WatermarkEmbedder::reach(const ImageRect& changed, int width, int height) const
{
    if (width != d->w || height != d->h) {
        // Not prepared for this size: embedUpdate() will refuse, the caller marks the whole frame.
        return {0, 0, width, height};
    }
    return d->reach(changed);
}

bool WatermarkEmbedder::embedUpdate(Image& frame, const ImageRect& changed)
{
    if (frame.empty() || d->strength <= 0)
        return true;
    if (!d->ready || frame.width != d->w || frame.height != d->h)
        return false;
    const ImageRect region = d->reach(changed);
    int row0 = 0, row1 = 0, band0 = 0;
    d->sample(frame, region, &row0, &row1);
    const float amp = d->heldAmplitude(d->computeMask(row0, row1, &band0));
    if (amp != d->amp) {
        // The frame's overall texture moved the global amplitude: every pixel's offset changes.
        d->ready = false;
        return false;
    }
    // Guard: the mask may differ from the previous frame's only where it is applied anew (mask sample i covers
    // frame pixels 4i .. 4i+3). Rows outside the band were not recomputed, so they did not change.
    for (int i = 0; i < d->old_rows.rows; ++i) {
        const int sy = band0 + i;
        const float* a = d->mask_small[sy];
        const float* b = d->old_rows[i];
        const bool rows_inside =
            4 * sy >= region.y && std::min(4 * sy + 4, d->h) <= region.y + region.height;
        for (int sx = 0; sx < d->mask_small.cols; ++sx)
            if (a[sx] != b[sx] && !(rows_inside && 4 * sx >= region.x &&
                                    std::min(4 * sx + 4, d->w) <= region.x + region.width)) {
                d->ready = false;
                return false;
            }
    }
    d->apply(frame, region);
    return true;
}

// ---------------------------------------------------------------------------------------------------------------


struct WatermarkDetector::Impl {
    ResidualSum sum;
};

WatermarkDetector::WatermarkDetector() : d(new Impl) {}
WatermarkDetector::~WatermarkDetector() = default;
int WatermarkDetector::framesAdded() const { return d->sum.frames; }

void WatermarkDetector::addFrame(const Image& frame)
{
    if (frame.width < 16 || frame.height < 16)
        return;
    d->sum.add(frame);
}

WatermarkDetection WatermarkDetector::detect() const
{
    WatermarkDetection out;
    out.frames_used = d->sum.frames;
    if (d->sum.frames == 0)
        return out;
    const cv::Mat1f& acc = d->sum.acc;

    // Scale: the period as a fraction of the height, searched on the sync peak itself. First around half the
    // height (what every aspect-preserving rescale and every crop of the width keeps): few periods tried, so a
    // lower peak already stands out. Then the whole range.
    const int rows = acc.rows;
    const double reps = std::max(1.0, double(std::max(acc.cols, acc.rows)) / (kPeriodOfHeight * rows));
    const double step = 1.0 / (8.0 * kMaxRadius * reps);
    TileReading at_half;
    for (int i = -kHalfSteps; i <= kHalfSteps; ++i) {
        TileReading t = readAtPeriod(acc, kPeriodOfHeight * rows * (1.0 + i * step));
        if (i == -kHalfSteps || t.sync > at_half.sync) // the first always: a flat video has no peak anywhere
            at_half = std::move(t);
    }
    const bool found_at_half = at_half.sync >= kFoundSyncAtHalf;
    out.sync_at_half_height = at_half.sync;
    TileReading best = at_half;
    for (double r = kMinSearchRatio; r <= kMaxSearchRatio && !found_at_half; r *= 1.0 + step) {
        TileReading t = readAtPeriod(acc, r * rows);
        if (t.sync > best.sync)
            best = std::move(t);
    }
    for (int i : {-1, 1}) {
        TileReading t = readAtPeriod(acc, best.period * (1.0 + 0.5 * i * step));
        if (t.sync > best.sync)
            best = std::move(t);
    }
    if (best.spec.empty())
        return out;
    out.sync_score = best.sync;
    const double to_source = double(d->sum.src_w) / acc.cols;
    out.period_px = best.period * to_source;
    out.shift_x = int(std::lround(best.peak_x * best.period / kGrid * to_source));
    out.shift_y = int(std::lround(best.peak_y * best.period / kGrid * to_source));

    const cv::Mat2f& spec = best.spec;
    const auto& coefs = layout();
    // Soft decisions weighted per frequency band by what the channel left of the mark there: the sync
    // coefficients (known values) measure the mark's amplitude, all coefficients the noise power. Codecs and
    // rescaling remove the upper bands first; coefficients there would only add noise.
    constexpr int kBandWidth = 3;
    const size_t n_bands = size_t(kMaxRadius) / kBandWidth + 1;
    std::vector<double> amp(n_bands, 0.0), power(n_bands, 0.0);
    std::vector<int> n_sync(n_bands, 0), n_all(n_bands, 0);
    auto derotatedAt = [&](const Coefficient& c) { return derotated(spec, c, best.peak_x, best.peak_y); };
    auto band = [](const Coefficient& c) {
        return size_t(std::hypot(double(c.kx), double(c.ky))) / kBandWidth;
    };
    for (const Coefficient& c : coefs) {
        const std::complex<float> v = derotatedAt(c);
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
            soft[size_t(c.bit)] += float(derotatedAt(c).real() * weight[band(c)]);
    const std::optional<uint64_t> payload = decodePayload(soft);
    if (payload) {
        const std::vector<uint8_t> code = encodePayload(*payload);
        int right = 0;
        for (int i = 0; i < kCodedBits; ++i)
            right += (soft[size_t(i)] < 0) == (code[size_t(i)] != 0);
        out.raw_bit_accuracy = double(right) / kCodedBits;
    }
    const bool payload_ok = payload && out.sync_score >= kPayloadSync;
    if (payload_ok || found_at_half || out.sync_score >= kFoundSync) {
        out.marked = true;
        if (payload_ok)
            out.payload = payload;
        // Chance that unmarked video passes: the sync tail (Gaussian, over every shift and period tried), times
        // 2^-16 for the CRC when the payload confirms it. Confidence is its complement.
        const double periods = found_at_half ? 2.0 * kHalfSteps + 3.0
                                             : std::log(kMaxSearchRatio / kMinSearchRatio) / step + 2.0 * kHalfSteps + 3.0;
        const double tries = double(kGrid * kGrid) * periods;
        const double tail = std::min(1.0, 0.5 * std::erfc(out.sync_score / std::sqrt(2.0)) * tries);
        out.confidence = 1.0 - tail * (payload_ok ? std::ldexp(1.0, -kCrcBits) : 1.0);
    }
    return out;
}

} // namespace emote::provenance
