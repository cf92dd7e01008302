#include "core/live/lip_closure.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace emote::live {

namespace {

using P = cv::Point2d;

double luma(const cv::Vec3f& c) { return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]; }

std::vector<P> lineThrough(const std::vector<P>& S, std::initializer_list<int> idx)
{
    std::vector<P> pts;
    for (int i : idx)
        pts.push_back(S[size_t(i)]);
    return sortedByX(catmullRom(pts, 6));
}

} // namespace

LipClosure::LipClosure(const cv::Mat& roi, const std::vector<P>& src, const UprightFrame& upright, const cv::Vec3f& lip)
    : m_up(upright), m_lip(lip)
{
    roi.convertTo(m_photo, CV_32FC3);
    for (const P& p : src)
        m_src_up.push_back(m_up.to(p));
    const std::vector<P>& S = m_src_up;
    m_mw = std::max(3.0, cv::norm(S[54] - S[48]));
    m_src_gap = std::max({S[67].y - S[61].y, S[66].y - S[62].y, S[65].y - S[63].y, 0.0});
    m_outer_upper = lineThrough(S, {48, 49, 50, 51, 52, 53, 54});
    m_outer_lower = lineThrough(S, {48, 59, 58, 57, 56, 55, 54});

    // Read the opening from the pixels, column by column between the outer lip lines: teeth are brighter than the
    // lips and not of their hue, the mouth's inside much darker. The upper lip ends at the first such pixel from
    // the top, the lower lip starts after the last one.
    const double xl = std::min(S[48].x, S[54].x), xr = std::max(S[48].x, S[54].x);
    const int columns = std::max(8, int(std::lround(xr - xl)));
    const double lip_luma = std::max(1.0, luma(lip));
    const cv::Vec3f lip_hue = lip * float(1.0 / lip_luma);
    auto partedAt = [&](const cv::Vec3f& c) {
        const double l = luma(c);
        const double hue = cv::norm(c * float(1.0 / std::max(1.0, l)) - lip_hue);
        const bool tooth = l > lip_luma + 22 && hue > 0.18;
        const bool inside = l < 0.5 * lip_luma;
        return tooth || inside;
    };
    const size_t nc = size_t(columns);
    std::vector<double> xs(nc), top(nc), bot(nc);
    std::vector<bool> open(nc, false);
    int open_columns = 0;
    double widest = 0;
    for (int i = 0; i < columns; ++i) {
        const double x = xl + (xr - xl) * (i + 0.5) / columns;
        xs[size_t(i)] = x;
        const double y0 = curveAt(m_outer_upper, x), y1 = curveAt(m_outer_lower, x);
        if (y1 - y0 < 2)
            continue;
        // Two neighbouring samples (a pixel) must agree: a single bright speck on a lip is a highlight.
        const int n = int(std::ceil((y1 - y0) * 2));
        std::vector<bool> hit(size_t(n + 1));
        std::vector<double> lum(size_t(n + 1));
        for (int k = 0; k <= n; ++k) {
            const cv::Vec3f c = bilinear(m_photo, m_up.from(P(x, y0 + (y1 - y0) * k / n)));
            hit[size_t(k)] = partedAt(c);
            lum[size_t(k)] = luma(c);
        }
        // Runs of parted pixels. One touching either end of the column is skin beyond the lip line, not the
        // opening. The opening is the longest run and those close to it (teeth, a darker gap, lower teeth); a
        // run further off is a highlight on a lip.
        std::vector<std::pair<int, int>> runs;
        for (int k = 0; k < n;) {
            if (!(hit[size_t(k)] && hit[size_t(k + 1)])) {
                ++k;
                continue;
            }
            int e = k + 1;
            while (e < n && hit[size_t(e + 1)])
                ++e;
            if (k > 1 && e < n - 1)
                runs.emplace_back(k, e);
            k = e + 1;
        }
        int first = -1, last = -1;
        if (!runs.empty()) {
            size_t best = 0;
            for (size_t j = 1; j < runs.size(); ++j)
                if (runs[j].second - runs[j].first > runs[best].second - runs[best].first)
                    best = j;
            const int near = std::max(2, int(std::lround(0.05 * m_mw * n / (y1 - y0))));
            first = runs[best].first;
            last = runs[best].second;
            for (size_t j = best; j-- > 0;)
                if (first - runs[j].second <= near)
                    first = runs[j].first;
            for (size_t j = best + 1; j < runs.size(); ++j)
                if (runs[j].first - last <= near)
                    last = runs[j].second;
        }
        if (first < 0)
            continue;
        // Under the lower teeth the mouth's inside is often a dark red, of the lips' hue and darker than them but
        // not dark enough to count as the inside: the lower lip starts where the column is as bright as the
        // lower lip itself again (read below that, on its outer two thirds).
        if (last + 2 < n) {
            const int from = last + 1 + (n - last - 1) / 3, to = std::max(from + 1, n - (n - last) / 8);
            std::vector<double> band(lum.begin() + from, lum.begin() + to);
            std::nth_element(band.begin(), band.begin() + long(band.size() * 3 / 4), band.end());
            const double lower_lip = band[band.size() * 3 / 4];
            const int limit = last + (n - last) / 2;
            while (last < limit && lum[size_t(last + 1)] < 0.8 * lower_lip)
                ++last;
        }
        const double yt = y0 + (y1 - y0) * first / n, yb = y0 + (y1 - y0) * last / n;
        if (yb - yt < 0.02 * m_mw)
            continue;
        top[size_t(i)] = yt;
        bot[size_t(i)] = yb;
        open[size_t(i)] = true;
        ++open_columns;
        widest = std::max(widest, yb - yt);
    }
    // Parted: an opening over a good part of the mouth's width, not a dark seam between closed lips.
    m_slit = widest > 0.06 * m_mw;
    m_parted = m_slit && open_columns >= columns / 4;
    if (!m_parted)
        return;
    // As fractions of each column from the outer upper to the outer lower lip line; columns where no opening
    // showed (near the corners, a tooth as dark as a lip) take their neighbours' (between open columns) or the
    // nearest open column's (towards a corner, where the lines meet anyway): closed lips are never read from
    // where face-api put a seam over teeth.
    std::vector<double> ft(nc, -1), fb(nc, -1);
    for (size_t i = 0; i < nc; ++i)
        if (open[i]) {
            const double y0 = curveAt(m_outer_upper, xs[i]), y1 = curveAt(m_outer_lower, xs[i]);
            ft[i] = (top[i] - y0) / std::max(1e-6, y1 - y0);
            fb[i] = (bot[i] - y0) / std::max(1e-6, y1 - y0);
        }
    for (size_t i = 0; i < nc; ++i) {
        if (open[i])
            continue;
        long lo = long(i) - 1, hi = long(i) + 1;
        while (lo >= 0 && !open[size_t(lo)])
            --lo;
        while (hi < long(nc) && !open[size_t(hi)])
            ++hi;
        if (lo >= 0 && hi < long(nc)) {
            const double w = double(long(i) - lo) / double(hi - lo);
            ft[i] = ft[size_t(lo)] + w * (ft[size_t(hi)] - ft[size_t(lo)]);
            fb[i] = fb[size_t(lo)] + w * (fb[size_t(hi)] - fb[size_t(lo)]);
        } else {
            const size_t k = size_t(lo >= 0 ? lo : hi);
            ft[i] = ft[k];
            fb[i] = fb[k];
        }
    }
    // The lip lines run smooth over the teeth: the upper one along their tops (not down into the gaps between
    // them), the lower one along their lower edge, then evened out.
    const int r = std::max(1, int(std::lround(0.05 * columns)));
    ft = boxMean(runningExtreme(ft, r, false), r);
    fb = boxMean(runningExtreme(fb, r, true), r);
    // A pixel or so onto the lip: the opening's edge is blended with teeth in the photo.
    const double margin = std::max(1.0, 0.015 * m_mw);
    for (size_t i = 0; i < nc; ++i) {
        const double x = xs[i];
        const double y0 = curveAt(m_outer_upper, x), y1 = curveAt(m_outer_lower, x);
        const double t = std::max(y0, y0 + ft[i] * (y1 - y0) - margin);
        const double b = std::clamp(y0 + fb[i] * (y1 - y0) + margin, t, y1);
        m_inner_upper.emplace_back(x, t);
        m_inner_lower.emplace_back(x, b);
    }
}

double LipClosure::openingAt(double x) const
{
    if (!m_parted)
        return 0.0;
    return std::max(0.0, curveAt(m_inner_lower, x) - curveAt(m_inner_upper, x));
}

double LipClosure::upperEdgeAt(double x) const { return curveAt(m_inner_upper, x); }

void LipClosure::draw(const std::vector<P>& L, const MotionFrame& m, cv::Mat& roi, const cv::Mat& mapx,
                      const cv::Mat& mapy) const
{
    if (m_photo.empty())
        return;
    const double c = std::max(m.lip_close, m.lip_bite * 0.85f);
    const float a = float(smoothstep(0.45, 0.95, c));
    if (a <= 0.01f)
        return;
    if (m_parted)
        drawFromPhoto(L, a, roi, mapx, mapy);
    else if (m_slit && m_src_gap >= 0.02 * m_mw)
        drawBand(L, a, roi);
}

void LipClosure::drawFromPhoto(const std::vector<P>& L, float a, cv::Mat& roi, const cv::Mat& mapx,
                               const cv::Mat& mapy) const
{
    std::vector<P> A;
    for (const P& p : L)
        A.push_back(m_up.to(p));
    const std::vector<P> upper = lineThrough(A, {48, 49, 50, 51, 52, 53, 54});
    const std::vector<P> lower = lineThrough(A, {48, 59, 58, 57, 56, 55, 54});
    std::vector<cv::Point2f> outer;
    for (int i = 48; i <= 59; ++i)
        outer.emplace_back(float(L[size_t(i)].x), float(L[size_t(i)].y));
    // Grown by a fifth of the mouth's width: what the warp shows of the opening may lie outside the outline.
    const cv::Rect box = grownWithin(cv::boundingRect(outer), std::max(3, int(std::ceil(0.2 * m_mw))), roi.size());
    if (box.width < 3 || box.height < 3)
        return;
    // The closed mouth's outline, anti-aliased and as soft as an edge in the photo.
    const int ss = 4;
    cv::Mat big = cv::Mat::zeros(box.height * ss, box.width * ss, CV_8U);
    std::vector<cv::Point> poly;
    for (const auto& q : outer)
        poly.emplace_back(int(std::lround((q.x - box.x) * ss)), int(std::lround((q.y - box.y) * ss)));
    cv::fillPoly(big, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255), cv::LINE_AA);
    cv::Mat mask;
    cv::resize(big, mask, box.size(), 0, 0, cv::INTER_AREA);
    mask.convertTo(mask, CV_32F, 1.0 / 255.0);
    cv::GaussianBlur(mask, mask, cv::Size(0, 0), 0.7);
    // Wherever the warp shows the photo's opening (its teeth, its dark inside) the lips cover it too: face-api's
    // outer lip line can lie on the teeth, and the warp then puts teeth just outside the closed lips' outline.
    // Read from the warp's own map (the photo pixel each output pixel shows). For such a pixel outside the
    // outline, the colour is that of the photo's lip nearest the opening there.
    cv::Mat opening = cv::Mat::zeros(box.size(), CV_32F);
    cv::Mat near_lower = cv::Mat::zeros(box.size(), CV_8U);
    const double ixl = m_inner_upper.front().x, ixr = m_inner_upper.back().x;
    for (int y = 0; y < box.height; ++y)
        for (int x = 0; x < box.width; ++x) {
            const P src = m_up.to(P(mapx.at<float>(box.y + y, box.x + x), mapy.at<float>(box.y + y, box.x + x)));
            if (src.x < ixl || src.x > ixr)
                continue;
            const double iu = curveAt(m_inner_upper, src.x), il = curveAt(m_inner_lower, src.x);
            const double depth = std::min(src.y - iu, il - src.y); // pixels inside the opening
            opening.at<float>(y, x) = float(std::clamp(depth + 1.5, 0.0, 1.0)); // and the edge pixel beyond
            near_lower.at<uint8_t>(y, x) = src.y - iu > il - src.y;
        }
    cv::GaussianBlur(opening, opening, cv::Size(0, 0), 0.7);

    const double axl = A[48].x, axr = A[54].x;
    const double sxl = m_src_up[48].x, sxr = m_src_up[54].x;
    const double line_w = std::max(0.6, 0.022 * m_mw);
    const double shadow_at = std::max(0.8, 0.035 * m_mw);
    for (int y = 0; y < box.height; ++y) {
        const float* mk = mask.ptr<float>(y);
        const float* op = opening.ptr<float>(y);
        cv::Vec3b* o = roi.ptr<cv::Vec3b>(box.y + y) + box.x;
        for (int x = 0; x < box.width; ++x) {
            const float w = std::max(mk[x], op[x]) * a;
            if (w <= 0.002f)
                continue;
            const P q = m_up.to(P(box.x + x, box.y + y));
            // Across the mouth: the same fraction of the way from corner to corner in the photo.
            const double f = std::clamp((q.x - axl) / std::max(1.0, axr - axl), 0.0, 1.0);
            const double sx = sxl + f * (sxr - sxl);
            const double uo = curveAt(upper, q.x), lo = curveAt(lower, q.x);
            const double su = curveAt(m_outer_upper, sx), sl = curveAt(m_outer_lower, sx);
            const double si = curveAt(m_inner_upper, sx), sj = curveAt(m_inner_lower, sx);
            // The lips meet where their own thicknesses put the seam.
            const double tu = std::max(0.0, si - su), tl = std::max(0.0, sl - sj);
            const double seam = uo + std::max(0.0, lo - uo) * (tu + tl > 0 ? tu / (tu + tl) : 0.5);
            double sy;
            if (q.y < seam)
                sy = su + std::clamp((q.y - uo) / std::max(1e-6, seam - uo), 0.0, 1.0) * tu;
            else
                sy = sj + std::clamp((q.y - seam) / std::max(1e-6, lo - seam), 0.0, 1.0) * tl;
            if (mk[x] < 0.5f && op[x] > 0.0f) {
                // Outside the outline: just into the lip beside the opening, the lower one when nearer to it.
                sy = near_lower.at<uint8_t>(y, x) ? sj + 0.3 * tl : si - 0.3 * tu;
            }
            cv::Vec3f col = bilinear(m_photo, m_up.from(P(sx, sy)));
            // The dark line where the lips meet, thinner towards the corners, and the upper lip's shadow under it.
            const double taper = 1.0 - std::pow(std::abs(2 * f - 1), 3.0);
            const double d = q.y - seam;
            const double dark = 0.65 * taper * std::exp(-(d * d) / (line_w * line_w));
            const double sh = d > 0 ? 0.14 * taper * std::exp(-std::pow((d - shadow_at) / shadow_at, 2.0)) : 0.0;
            col *= float(1.0 - std::max(dark, sh));
            for (int k = 0; k < 3; ++k)
                o[x][k] = cv::saturate_cast<uint8_t>(o[x][k] * (1 - w) + col[k] * w);
        }
    }
}

// Over lips the warp brought together: a band of lip colour along the seam, any tooth-coloured pixel left inside
// the outer lip contour turned to lip, the seam's dark line and the upper lip's shadow.
void LipClosure::drawBand(const std::vector<P>& L, float a, cv::Mat& roi) const
{
    // The seam: corner, the middle of the upper and lower inner points, corner.
    std::vector<cv::Point2f> seam{cv::Point2f(float(L[60].x), float(L[60].y))};
    for (int k = 0; k < 3; ++k) {
        const P mid = (L[size_t(61 + k)] + L[size_t(67 - k)]) * 0.5;
        seam.emplace_back(float(mid.x), float(mid.y));
    }
    seam.emplace_back(float(L[64].x), float(L[64].y));
    const double mw = m_mw;
    const double half = std::max(1.5, 0.045 * mw) * (0.6 + 0.4 * a); // band half-height
    std::vector<cv::Point2f> outer_pts;
    for (int i = 48; i <= 59; ++i)
        outer_pts.emplace_back(float(L[size_t(i)].x), float(L[size_t(i)].y));
    const cv::Rect box =
        grownWithin(cv::boundingRect(outer_pts) | cv::boundingRect(seam), int(std::ceil(half)) + 3, roi.size());
    if (box.width < 3 || box.height < 3)
        return;
    const int ss = 4;
    cv::Mat band = cv::Mat::zeros(box.height * ss, box.width * ss, CV_8U);
    cv::Mat line = cv::Mat::zeros(band.size(), CV_8U), shade = cv::Mat::zeros(band.size(), CV_8U);
    std::vector<cv::Point> pts, below;
    // The upper lip's shadow falls just under the seam (down the face: the upright frame's y).
    const P down = m_up.offset(P(0, std::max(0.8, 0.035 * mw)));
    for (const auto& q : seam) {
        pts.emplace_back(int(std::lround((q.x - box.x) * ss)), int(std::lround((q.y - box.y) * ss)));
        below.emplace_back(int(std::lround((q.x + down.x - box.x) * ss)), int(std::lround((q.y + down.y - box.y) * ss)));
    }
    // Thicker in the middle, thin at the corners where the lips taper.
    const double line_w = std::max(0.9, 0.04 * mw);
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
        const double taper = (i == 0 || i + 2 == pts.size()) ? 0.55 : 1.0;
        cv::line(band, pts[i], pts[i + 1], cv::Scalar(255), std::max(1, int(2 * half * taper * ss)), cv::LINE_AA);
        cv::line(line, pts[i], pts[i + 1], cv::Scalar(255), std::max(1, int(line_w * (0.6 + 0.4 * taper) * ss)), cv::LINE_AA);
        cv::line(shade, below[i], below[i + 1], cv::Scalar(255), std::max(1, int(2 * line_w * taper * ss)), cv::LINE_AA);
    }
    // Never past the outer lip contour.
    cv::Mat outer = cv::Mat::zeros(band.size(), CV_8U);
    std::vector<cv::Point> outer_poly;
    for (const auto& q : outer_pts)
        outer_poly.emplace_back(int(std::lround((q.x - box.x) * ss)), int(std::lround((q.y - box.y) * ss)));
    cv::fillPoly(outer, std::vector<std::vector<cv::Point>>{outer_poly}, cv::Scalar(255), cv::LINE_AA);
    cv::min(band, outer, band);
    cv::min(shade, outer, shade);
    cv::Mat mask, seam_mask, shade_mask, lips_mask;
    cv::resize(band, mask, box.size(), 0, 0, cv::INTER_AREA);
    cv::resize(line, seam_mask, box.size(), 0, 0, cv::INTER_AREA);
    cv::resize(shade, shade_mask, box.size(), 0, 0, cv::INTER_AREA);
    cv::resize(outer, lips_mask, box.size(), 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(mask, mask, cv::Size(3, 3), 0.8);
    cv::GaussianBlur(shade_mask, shade_mask, cv::Size(3, 3), 0.8);
    const cv::Vec3f lip = m_lip, dark = m_lip * 0.42f, shadow = m_lip * 0.72f;
    const float lip_luma = 0.299f * lip[0] + 0.587f * lip[1] + 0.114f * lip[2];
    const float lip_chroma = std::max(8.0f, lip[0] - 0.5f * (lip[1] + lip[2]));
    for (int y = 0; y < box.height; ++y) {
        cv::Vec3b* row = roi.ptr<cv::Vec3b>(box.y + y) + box.x;
        const uint8_t* mk = mask.ptr<uint8_t>(y);
        const uint8_t* sk = seam_mask.ptr<uint8_t>(y);
        const uint8_t* hk = shade_mask.ptr<uint8_t>(y);
        const uint8_t* lk = lips_mask.ptr<uint8_t>(y);
        for (int x = 0; x < box.width; ++x) {
            if (!mk[x] && !lk[x] && !sk[x])
                continue;
            cv::Vec3b& o = row[x];
            // Keep the photo's own shading where it is lip already (bright teeth are what to hide).
            const float luma = 0.299f * o[0] + 0.587f * o[1] + 0.114f * o[2];
            const float cover = std::clamp((luma - lip_luma) / 40.0f + 0.35f, 0.35f, 1.0f);
            // Tooth-like: brighter than the lips and less red.
            const float chroma = float(o[0]) - 0.5f * (float(o[1]) + float(o[2]));
            const float tooth = std::clamp((luma - lip_luma - 8.0f) / 25.0f, 0.0f, 1.0f) *
                                std::clamp(1.0f - chroma / lip_chroma, 0.0f, 1.0f);
            const float w = a * std::max((mk[x] / 255.0f) * cover, (lk[x] / 255.0f) * tooth);
            const float hw = a * (hk[x] / 255.0f) * 0.3f;
            const float sw = a * (sk[x] / 255.0f) * 0.7f;
            for (int k = 0; k < 3; ++k) {
                float v = o[k] * (1 - w) + lip[k] * w;
                v = v * (1 - hw) + std::min(v, shadow[k]) * hw;
                o[k] = cv::saturate_cast<uint8_t>(v * (1 - sw) + dark[k] * sw);
            }
        }
    }
}

} // namespace emote::live
