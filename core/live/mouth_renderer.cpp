#include "core/live/mouth_renderer.h"

#include "core/live/curves.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace emote::live {

namespace {

using P = cv::Point2d;

double luma(const cv::Vec3f& c) { return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]; }

cv::Vec3f mix(const cv::Vec3f& a, const cv::Vec3f& b, double w) { return a * float(1 - w) + b * float(w); }

// The upper arch, centre outwards: central incisor, lateral incisor, canine, two premolars, a molar. Widths as a
// fraction of the mouth's width (adult proportions), length relative to the central incisor's.
constexpr double kUpperWidth[6] = {0.118, 0.092, 0.088, 0.074, 0.07, 0.085};
constexpr double kUpperLength[6] = {1.0, 0.88, 0.93, 0.8, 0.74, 0.68};
constexpr double kLowerWidth[4] = {0.072, 0.076, 0.082, 0.075};

// Which tooth (0 = central) covers arch position A (pixels from the midline along the arch), and where across it
// (0..1 from its mesial edge). WIDTHS in pixels.
template <size_t N>
int toothAt(double a, const double (&widths)[N], double mw, double& t)
{
    double start = 0;
    for (size_t k = 0; k < N; ++k) {
        const double w = widths[k] * mw;
        if (a < start + w) {
            t = (a - start) / w;
            return int(k);
        }
        start += w;
    }
    t = 1;
    return -1;
}

// Brightness across one tooth: a convex face, rounded corners at the biting edge, and a soft dark gap to its
// neighbours (no outlines: at a few pixels per tooth the gap is a shade, not a line).
double toothShade(double t, double tooth_px)
{
    const double edge = std::min(t, 1 - t) * tooth_px; // pixels to the nearest gap
    const double gap = 1.0 - 0.16 * std::exp(-(edge * edge) / 0.35);
    return (0.93 + 0.07 * std::sin(M_PI * t)) * gap;
}

// How far a tooth reaches at T across it, as a fraction of its length: rounded corners.
double toothProfile(double t)
{
    const double e = std::max(0.0, (std::abs(2 * t - 1) - 0.6) / 0.4);
    return 1.0 - 0.22 * e * e;
}


} // namespace

double estimateGrain(const cv::Mat& roi)
{
    if (roi.cols < 8 || roi.rows < 8)
        return 0.0;
    cv::Mat grey, lap;
    cv::cvtColor(roi, grey, cv::COLOR_RGB2GRAY);
    grey.convertTo(grey, CV_32F);
    const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
    cv::filter2D(grey, lap, CV_32F, kernel, cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
    // Edges inflate the sum; the median of |response| scaled to a mean (×1.2533/0.6745 for a Gaussian) is robust.
    const cv::Mat a = cv::Mat(cv::abs(lap(cv::Rect(1, 1, lap.cols - 2, lap.rows - 2)))).reshape(1, 1);
    std::vector<float> v(a.begin<float>(), a.end<float>());
    std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
    const double med = v[v.size() / 2];
    const double mean_abs = med * 1.2533 / 0.6745;
    return std::sqrt(M_PI / 2.0) * mean_abs / 6.0;
}

MouthRenderer::MouthRenderer(const cv::Mat& roi, const std::vector<P>& src, const UprightFrame& upright,
                             const PlateLook& look)
    : m_up(upright), m_look(look)
{
    roi.convertTo(m_photo, CV_32FC3);
    for (const P& p : src)
        m_src_up.push_back(m_up.to(p));
    m_mw = std::max(3.0, cv::norm(src[54] - src[48]));
    auto sampleMean = [&](const std::vector<int>& idx) {
        cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
        std::vector<cv::Point> pts;
        for (int i : idx)
            pts.emplace_back(int(std::lround(src[size_t(i)].x)), int(std::lround(src[size_t(i)].y)));
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
        const cv::Scalar s = cv::mean(roi, mask);
        return cv::Vec3f(float(s[0]), float(s[1]), float(s[2]));
    };
    m_lip = sampleMean({48, 49, 50, 51, 52, 53, 54, 64, 63, 62, 61, 60});
    m_skin = sampleMean({1, 31, 33, 35, 15, 13, 3});
    m_brightness = std::clamp(luma(m_skin) / 170.0, 0.25, 1.5);
    const std::vector<P>& S = m_src_up;
    m_src_gap = std::max({S[67].y - S[61].y, S[66].y - S[62].y, S[65].y - S[63].y, 0.0});
    m_src_upper = sortedByX(catmullRom({S[60], S[61], S[62], S[63], S[64]}, 6));
    m_src_lower = sortedByX(catmullRom({S[60], S[67], S[66], S[65], S[64]}, 6));

    // Tooth colour: the photo's own where teeth show (bright, less red than the lips), else an off-white in the
    // photo's white balance and exposure. Never pure white.
    bool found = false;
    if (m_src_gap > 0.03 * m_mw) {
        // Teeth show under the upper lip: look in the upper 60 % of the opening (a highlight on a closed lower
        // lip, which the landmarks often take into the opening, is not teeth).
        cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
        std::vector<cv::Point> pts;
        for (int i = 60; i <= 64; ++i)
            pts.emplace_back(int(std::lround(src[size_t(i)].x)), int(std::lround(src[size_t(i)].y)));
        for (int k = 0; k < 3; ++k) {
            const P q = src[size_t(63 - k)] + (src[size_t(65 + k)] - src[size_t(63 - k)]) * 0.6;
            pts.emplace_back(int(std::lround(q.x)), int(std::lround(q.y)));
        }
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
        std::vector<float> ch[3];
        int inside = 0;
        const double lip_chroma = std::max(8.0, m_lip[0] - 0.5 * (m_lip[1] + m_lip[2]));
        for (int y = 0; y < roi.rows; ++y)
            for (int x = 0; x < roi.cols; ++x) {
                if (!mask.at<uint8_t>(y, x))
                    continue;
                ++inside;
                const cv::Vec3b c = roi.at<cv::Vec3b>(y, x);
                const double l = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
                const double chroma = c[0] - 0.5 * (c[1] + c[2]);
                if (l > std::max(luma(m_lip) + 25, 0.75 * luma(m_skin)) && chroma < 0.6 * lip_chroma)
                    for (int k = 0; k < 3; ++k)
                        ch[k].push_back(c[k]);
            }
        // Teeth fill a good part of an opening; a highlight on closed lips (a few bright pixels) is not teeth.
        if (inside > 0 && ch[0].size() > size_t(std::max(4, inside / 5))) {
            for (int k = 0; k < 3; ++k) {
                std::nth_element(ch[k].begin(), ch[k].begin() + long(ch[k].size() * 3 / 4), ch[k].end());
                m_teeth[k] = ch[k][ch[k].size() * 3 / 4];
            }
            found = true;
        }
    }
    // The photo's light: its colour cast (grey world, half strength) and exposure (the skin's level).
    {
        const cv::Scalar avg = cv::mean(roi);
        const double grey = std::max(1.0, (avg[0] + avg[1] + avg[2]) / 3.0);
        for (int k = 0; k < 3; ++k)
            m_light[k] = float(std::pow(std::clamp(avg[k] / grey, 0.7, 1.3), 0.5) * std::clamp(m_brightness, 0.45, 1.25));
    }
    if (!found) {
        // The light's colour from the skin, which it lights as it lights the teeth: the skin's hue against a
        // typical skin's (a grey-world cast from the whole region is pulled about by the background, and gave
        // blue-grey teeth in a warm-lit face).
        const cv::Vec3f typical_skin(200, 150, 125);
        const double skin_l = std::max(1.0, luma(m_skin)), typical_l = luma(typical_skin);
        const cv::Vec3f base(232, 226, 212);
        for (int k = 0; k < 3; ++k)
            m_teeth[k] = float(base[k] * std::pow(std::clamp((m_skin[k] / skin_l) / (typical_skin[k] / typical_l), 0.7, 1.3), 0.4));
        const double target = std::clamp(luma(m_skin) * 1.35, 120.0, 224.0);
        m_teeth *= float(target / std::max(1.0, luma(m_teeth)));
    }
    // The photo's own open mouth: its pixels are the teeth and cavity (never a second row of synthetic teeth).
    // Open means teeth show, or the opening is darker than the lips (a gap the landmarks report between closed
    // lips is lip, and gets synthetic teeth once the jaw opens it further).
    if (m_src_gap > 0.06 * m_mw) {
        cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
        std::vector<cv::Point> pts;
        for (int i = 60; i <= 67; ++i)
            pts.emplace_back(int(std::lround(src[size_t(i)].x)), int(std::lround(src[size_t(i)].y)));
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
        const cv::Scalar inside = cv::mean(roi, mask);
        const cv::Vec3f in = cv::Vec3f(float(inside[0]), float(inside[1]), float(inside[2]));
        const double inside_luma = luma(in);
        // (Landmarks often report a gap of a fifth of the mouth's width between closed lips, and dark lipstick and
        // the seam between the lips are dark: an opening without teeth must be wide open, much darker than the
        // lips, and not of the lips' own hue.)
        const cv::Vec3f hue_in = in * float(1.0 / std::max(1.0, inside_luma)), hue_lip = m_lip * float(1.0 / std::max(1.0, luma(m_lip)));
        const bool other_hue = cv::norm(hue_in - hue_lip) > 0.25;
        m_photo_mouth = found || (m_src_gap > 0.3 * m_mw && inside_luma < 0.45 * luma(m_lip) && other_hue);
    }
    const double tl = luma(m_teeth);
    if (tl > 228)
        m_teeth *= float(228 / tl);

    // Where the photo's upper and lower rows part, column by column across the opening (one height for the whole
    // mouth cut the teeth along a straight line under their own curved, uneven edge). Down each column the upper
    // teeth are the first bright run; lower teeth, if any, a bright run after a dark gap. The parting is the
    // middle of that gap, or just below the upper teeth when no lower ones show (a smile: the lower lip covers
    // them).
    if (m_photo_mouth) {
        constexpr int kColumns = 24, kSamples = 24;
        const double bright = found ? 0.72 * luma(m_teeth) : 1e9;
        std::vector<double> split(kColumns, -1);
        for (int c = 0; c < kColumns; ++c) {
            const double x = S[60].x + (c + 0.5) / kColumns * (S[64].x - S[60].x);
            const double top = curveAt(m_src_upper, x), bot = curveAt(m_src_lower, x);
            if (bot - top < 1.0)
                continue;
            double lum[kSamples];
            for (int k = 0; k < kSamples; ++k)
                lum[k] = luma(bilinear(m_photo, m_up.from(P(x, top + (k + 0.5) / kSamples * (bot - top)))));
            int k = 0;
            while (k < kSamples && lum[k] < bright) // the upper lip's inner edge, above the teeth
                ++k;
            const int upper_start = k;
            while (k < kSamples && lum[k] >= bright)
                ++k;
            const int upper_end = k; // first sample past the upper teeth
            while (k < kSamples && lum[k] < bright)
                ++k;
            if (upper_start >= kSamples / 2) // no upper teeth in the upper half of this column
                continue;
            split[size_t(c)] = k < kSamples ? (upper_end + k) / 2.0 / kSamples // lower teeth below a dark gap
                                            : std::min(1.0, (upper_end + 0.5) / kSamples);
        }
        // The middle third decides for columns without teeth (as before: without any, the middle of the opening).
        double fallback = 0.5;
        std::vector<double> mid;
        for (int c = kColumns / 3; c < 2 * kColumns / 3; ++c)
            if (split[size_t(c)] >= 0)
                mid.push_back(split[size_t(c)]);
        if (!mid.empty()) {
            std::nth_element(mid.begin(), mid.begin() + long(mid.size() / 2), mid.end());
            fallback = mid[mid.size() / 2];
        }
        for (double& v : split)
            if (v < 0)
                v = fallback;
        // Along the teeth's lower edges, not up into the gaps between them; as (fraction across, split) points.
        const std::vector<double> even = boxMean(runningExtreme(split, 1, true), 1);
        for (int c = 0; c < kColumns; ++c)
            m_split_at.emplace_back((c + 0.5) / kColumns, even[size_t(c)]);
    }
    // Grain: a static pattern like the photo's own (the plate does not change between frames either).
    m_grain.create(roi.size(), CV_32F);
    cv::RNG rng(0x6d6f757468ull);
    rng.fill(m_grain, cv::RNG::NORMAL, 0.0, 1.0);
}

void MouthRenderer::draw(const std::vector<P>& L, const MotionFrame& m, cv::Mat& roi) const
{
    if (m_photo.empty())
        return;
    P up[8];
    for (int i = 0; i < 8; ++i)
        up[i] = m_up.to(L[size_t(60 + i)]);
    // Smooth lip lines (the 8 inner landmarks joined straight read as an octagon on a wide mouth).
    const std::vector<P> upper_c = catmullRom({up[0], up[1], up[2], up[3], up[4]}, 6);
    std::vector<P> lower_c = catmullRom({up[0], up[7], up[6], up[5], up[4]}, 6);
    {
        // A wide-open mouth is round: the lower lip's inner line runs as a half-ellipse from corner to corner
        // (the 5 inner landmarks joined smoothly give a trapezoid with straight sides). Only ever deeper than
        // the landmarks' line, never past the outer lip (clipped below), and only as the jaw drops well.
        const double xl = std::min(up[0].x, up[4].x), xr = std::max(up[0].x, up[4].x);
        const double half = std::max(1.0, (xr - xl) / 2), cx = (xl + xr) / 2;
        const double depth = up[6].y - (up[0].y + up[4].y) / 2; // the middle below the corners' line
        const double open = up[6].y - up[2].y;
        const double w = smoothstep(0.15, 0.35, open / std::max(1.0, m_mw));
        if (w > 0 && depth > 0)
            for (P& p : lower_c) {
                const double u = std::clamp((p.x - cx) / half, -1.0, 1.0);
                const double base = up[0].y + (up[4].y - up[0].y) * (p.x - up[0].x) / std::max(1e-9, up[4].x - up[0].x);
                const double ellipse = base + depth * std::sqrt(std::max(0.0, 1 - u * u));
                p.y = std::max(p.y, p.y + (ellipse - p.y) * w);
            }
    }
    const std::vector<P> upper = sortedByX(upper_c), lower = sortedByX(lower_c);
    const double gap = std::max({up[7].y - up[1].y, up[6].y - up[2].y, up[5].y - up[3].y});
    const double mw = m_mw;
    const double gate = m_photo_mouth ? smoothstep(0.4, 1.6, gap)
                                      : smoothstep(m_src_gap + 0.01 * mw, m_src_gap + 0.07 * mw, gap);
    if (gate <= 0.01)
        return;

    std::vector<cv::Point2f> poly;
    for (const P& p : upper_c) {
        const P q = m_up.from(p);
        poly.emplace_back(float(q.x), float(q.y));
    }
    for (size_t i = lower_c.size() - 2; i >= 1; --i) {
        const P q = m_up.from(lower_c[i]);
        poly.emplace_back(float(q.x), float(q.y));
    }
    const double blur = m_look.blur_sigma_px;
    const int pad = 2 + int(std::ceil(2 * blur));
    const cv::Rect box = grownWithin(cv::boundingRect(poly), pad, roi.size());
    if (box.width < 3 || box.height < 3)
        return;

    // Coverage of the opening, supersampled, never past the outer lip line, softened like the photo's edges.
    const int ss = 4;
    cv::Mat big = cv::Mat::zeros(box.height * ss, box.width * ss, CV_8U);
    std::vector<cv::Point> ipoly;
    for (const auto& q : poly)
        ipoly.emplace_back(int(std::lround((q.x - box.x) * ss)), int(std::lround((q.y - box.y) * ss)));
    cv::fillPoly(big, std::vector<std::vector<cv::Point>>{ipoly}, cv::Scalar(255), cv::LINE_AA);
    {
        cv::Mat outer = cv::Mat::zeros(big.size(), CV_8U);
        std::vector<cv::Point> opoly;
        for (int i = 48; i <= 59; ++i)
            opoly.emplace_back(int(std::lround((L[size_t(i)].x - box.x) * ss)), int(std::lround((L[size_t(i)].y - box.y) * ss)));
        cv::fillPoly(outer, std::vector<std::vector<cv::Point>>{opoly}, cv::Scalar(255), cv::LINE_AA);
        cv::erode(outer, outer, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(ss * 2 + 1, ss * 2 + 1)));
        cv::min(big, outer, big);
    }
    cv::Mat mask;
    cv::resize(big, mask, box.size(), 0, 0, cv::INTER_AREA);
    mask.convertTo(mask, CV_32F, 1.0 / 255.0);
    const double edge_sigma = std::max(0.7, blur);
    cv::GaussianBlur(mask, mask, cv::Size(0, 0), edge_sigma);

    cv::Mat layer;
    roi(box).convertTo(layer, CV_32FC3);

    const double xl = up[0].x, xr = up[4].x;
    const double cx = (xl + xr) / 2, half = std::max(1.0, (xr - xl) / 2);
    const P& s0 = m_src_up[60];
    const P& s4 = m_src_up[64];

    // Cavity: warm dark red-brown near the lips, falling off to near-black deep inside; never flat.
    // The inside of a mouth is the same flesh whatever the lipstick: a fixed palette in the photo's light.
    const cv::Vec3f near = m_light.mul(cv::Vec3f(104, 44, 38));
    const cv::Vec3f deep = m_light.mul(cv::Vec3f(24, 11, 10));
    // The moist inner edge of the lips: deeper, more saturated red than their outside, never grey.
    const cv::Vec3f lip_inner = m_light.mul(cv::Vec3f(150, 74, 70));
    const cv::Vec3f tongue = m_light.mul(cv::Vec3f(172, 92, 90));
    const double falloff = std::max(1.5, 0.14 * mw);
    const double edge_w = std::max(1.0, 0.03 * mw);
    const double span_mid = std::max(1.0, gap);
    // Teeth (synthetic): the upper incisors show below the upper lip by a few percent of the mouth's width,
    // more when the lips spread; the lower front teeth once the jaw has dropped well.
    const double upper_len0 = std::min(span_mid * 0.62, (0.075 + 0.06 * m.lip_wide + 0.025 * m.jaw) * mw);
    const double lower_len0 = gap > 0.3 * mw ? std::min(0.045 * mw, (gap - 0.3 * mw) * 0.35) : 0.0;
    const double row_edge = std::max(1.0, 1.6 * blur);
    const double tongue_tip = m.tongue * span_mid * 0.55;
    const double arch_r = 0.55 * mw; // the arch seen from the front: teeth narrow towards the corners

    for (int y = 0; y < box.height; ++y) {
        const float* mk = mask.ptr<float>(y);
        cv::Vec3f* out = layer.ptr<cv::Vec3f>(y);
        const float* grain = m_grain.ptr<float>(box.y + y) + box.x;
        for (int x = 0; x < box.width; ++x) {
            if (mk[x] <= 0.002f)
                continue;
            const P q = m_up.to(P(box.x + x, box.y + y)); // pixel centres at whole coordinates, as the warp's
            const double top = curveAt(upper, q.x), bot = curveAt(lower, q.x);
            const double d_top = q.y - top, d_bot = bot - q.y;
            const double u = std::min(1.0, std::abs(q.x - cx) / half);
            const double dist = std::max(0.0, std::min(d_top, d_bot));
            // The photo's own rows (when it shows its mouth): the upper one rides on the upper lip, the lower one
            // on the jaw; the cavity and tongue show between them.
            double ue = 0, le = 0, sx = 0, top_s = 0, bot_s = 0;
            if (m_photo_mouth) {
                const double sfrac = std::clamp((q.x - xl) / std::max(1.0, xr - xl), 0.0, 1.0);
                sx = s0.x + sfrac * (s4.x - s0.x);
                top_s = curveAt(m_src_upper, sx);
                bot_s = curveAt(m_src_lower, sx);
                const double span_s = std::max(0.5, bot_s - top_s);
                const double split = curveAt(m_split_at, sfrac);
                ue = split * span_s;
                le = (1 - split) * span_s;
            }
            // Cavity: darkest up under the teeth and the palate, a warm dark red lower down and near the lips,
            // darker towards the corners; never flat.
            const double open_top = top + ue, open_bot = bot - le;
            const double open_h = std::max(1.0, open_bot - open_top);
            const double v = std::clamp((q.y - open_top) / open_h, 0.0, 1.0);
            const double near_lips = std::exp(-dist / falloff);
            cv::Vec3f col = deep + (near - deep) * float(std::max({0.5 * near_lips, 0.12 + 0.55 * v * v}));
            col *= float(1.0 - 0.35 * u * u);
            // Tongue: a rounded body low in the open mouth (above the photo's lower row when it has one), lit
            // from the front with a moist highlight along its top, falling into shadow below and at the sides;
            // its tip raised for /l/ and /th/.
            {
                // A dome narrower than the opening, so it reads as a tongue inside the mouth and not as a second
                // lower lip along it (a band of one height from corner to corner did); its sides fall away into
                // the cavity's shadow, its top edge is soft.
                const double xr_n = (q.x - cx) / half;
                const double uu = std::min(1.0, u / 0.72);
                const double body = open_h * (0.14 + 0.3 * smoothstep(0.25, 0.8, m.jaw));
                const double surface = open_bot - (body * (1 - uu * uu) + tongue_tip * std::exp(-(xr_n * xr_n) / 0.09));
                const double soft = 2.0 * row_edge;
                if (u < 0.72 && q.y > surface - soft) {
                    const double into = (q.y - surface) / std::max(1.0, body);
                    double shade = (0.55 + 0.45 * std::exp(-into * 1.4)) * (1 - 0.55 * uu * uu);
                    shade += 0.12 * std::exp(-std::pow((into - 0.1) / 0.08, 2.0)) * (1 - uu); // wet sheen
                    col = mix(col, tongue * float(shade), std::clamp((q.y - surface) / soft + 0.5, 0.0, 1.0));
                }
            }
            bool synthetic = true;
            if (m_photo_mouth) {
                // The rows' edges against the opened cavity are as soft as the photo's.
                const double wl = std::clamp((le - d_bot) / row_edge + 0.5, 0.0, 1.0);
                const double wu = std::clamp((ue - d_top) / row_edge + 0.5, 0.0, 1.0);
                const cv::Vec3f lower_px = bilinear(m_photo, m_up.from(P(sx, bot_s - d_bot)));
                const cv::Vec3f upper_px = bilinear(m_photo, m_up.from(P(sx, top_s + d_top)));
                if (wu + wl >= 1.0) // the rows meet (at rest) or overlap (the upper one in front)
                    col = mix(lower_px, upper_px, wu);
                else // the jaw opened a gap between them: cavity
                    col = col * float(1 - wu - wl) + upper_px * float(wu) + lower_px * float(wl);
                synthetic = wl < 0.5 && wu < 0.5;
            } else {
                const double a = arch_r * std::asin(std::clamp((q.x - cx) / arch_r, -1.0, 1.0)); // along the arch
                const double stretch = 1.0 / std::max(0.35, std::sqrt(std::max(0.0, 1 - std::pow((q.x - cx) / arch_r, 2))));
                // Lower front teeth: behind the lower lip, in its shadow.
                if (lower_len0 > 0) {
                    double t = 0;
                    const int k = toothAt(std::abs(a), kLowerWidth, mw, t);
                    if (k >= 0) {
                        const double len = lower_len0 * toothProfile(t) * std::max(0.0, 1 - 1.6 * u * u);
                        const double cov = std::clamp(len - d_bot + 0.5, 0.0, 1.0);
                        if (cov > 0) {
                            const double shade = 0.5 * (1 - 0.45 * u) * toothShade(t, kLowerWidth[k] * mw / stretch) *
                                                 (0.8 + 0.2 * smoothstep(0, len, d_bot));
                            col = mix(col, mix(m_teeth * float(shade), col, 0.25), cov);
                        }
                    }
                }
                // Upper teeth: individual teeth along the arch, darker under the lip and towards the corners.
                double t = 0;
                const int k = toothAt(std::abs(a), kUpperWidth, mw, t);
                if (k >= 0 && u < 0.9) {
                    const double len = upper_len0 * kUpperLength[k] * toothProfile(t) * std::max(0.0, 1 - 0.65 * u * u);
                    const double cov = std::clamp(len - d_top + 0.5, 0.0, 1.0);
                    if (cov > 0) {
                        double shade = (0.8 + 0.2 * smoothstep(0.0, 0.5 * len, d_top)) * (1 - 0.5 * std::pow(u, 1.5)) *
                                       toothShade(t, kUpperWidth[k] * mw / stretch) * (k >= 3 ? 0.86 : 1.0);
                        cv::Vec3f tc = m_teeth * float(shade);
                        if (d_top > 0.82 * len) // the biting edge is translucent: a little of the dark behind it
                            tc = mix(tc, col, 0.22);
                        col = mix(col, tc, cov);
                    }
                }
            }
            // The lips' moist inner edge: their colour, in shadow, where they turn into the mouth.
            if (dist < edge_w && synthetic)
                col = mix(col, lip_inner * float(1.0 - 0.25 * u), 0.3 * (1 - dist / edge_w));
            if (synthetic) // grain, weaker in the dark as a sensor's (and a codec's) is
                col += cv::Vec3f::all(float(grain[x] * m_look.grain_sigma * std::clamp(0.25 + luma(col) / 140.0, 0.25, 1.0)));
            out[x] = col;
        }
    }
    // Soft like the plate: a synthetic layer is sharper than any photo; blur it to the photo's softness.
    const double extra = std::sqrt(std::max(0.0, blur * blur - 0.35 * 0.35)) * (m_photo_mouth ? 0.5 : 1.0);
    if (extra > 0.25)
        cv::GaussianBlur(layer, layer, cv::Size(0, 0), extra);

    cv::Mat dst = roi(box);
    for (int y = 0; y < box.height; ++y) {
        const float* mk = mask.ptr<float>(y);
        const cv::Vec3f* src = layer.ptr<cv::Vec3f>(y);
        cv::Vec3b* o = dst.ptr<cv::Vec3b>(y);
        for (int x = 0; x < box.width; ++x) {
            const float a = float(mk[x] * gate);
            if (a <= 0.002f)
                continue;
            for (int k = 0; k < 3; ++k)
                o[x][k] = cv::saturate_cast<uint8_t>(o[x][k] * (1 - a) + src[x][k] * a);
        }
    }
}

} // namespace emote::live
