#include "core/live/eye_lids.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace emote::live {

namespace {

using P = cv::Point2d;

constexpr int kFirst[2] = {36, 42}; // 68-point eyes: corner, two upper lid points, corner, two lower lid points

double luma(const cv::Vec3f& c) { return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]; }

// The eye's upper and lower lid lines through its 6 landmarks (upright frame), sorted by x.
void lidLines(const std::vector<P>& up, int b, std::vector<P>& upper, std::vector<P>& lower)
{
    upper = sortedByX(catmullRom({up[size_t(b)], up[size_t(b + 1)], up[size_t(b + 2)], up[size_t(b + 3)]}, 6));
    lower = sortedByX(catmullRom({up[size_t(b)], up[size_t(b + 5)], up[size_t(b + 4)], up[size_t(b + 3)]}, 6));
}

} // namespace

EyeLids::EyeLids(const cv::Mat& roi, const std::vector<P>& src, const UprightFrame& upright)
    : m_up(upright)
{
    roi.convertTo(m_photo, CV_32FC3);
    for (const P& p : src)
        m_src_up.push_back(m_up.to(p));
    // The lashes' colour: the darkest tenth of the pixels along the upper lid line.
    for (int e = 0; e < 2; ++e) {
        const int b = kFirst[e];
        std::vector<P> upper, lower;
        lidLines(m_src_up, b, upper, lower);
        const double ew = std::abs(m_src_up[size_t(b + 3)].x - m_src_up[size_t(b)].x);
        std::vector<std::pair<double, cv::Vec3f>> px;
        for (double x = upper.front().x; x <= upper.back().x; x += 0.5)
            for (double dy = -0.08 * ew; dy <= 0.08 * ew; dy += 0.5) {
                const cv::Vec3f c = bilinear(m_photo, m_up.from(P(x, curveAt(upper, x) + dy)));
                px.emplace_back(luma(c), c);
            }
        cv::Vec3f lash(40, 30, 28);
        if (!px.empty()) {
            std::sort(px.begin(), px.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            const size_t n = std::max<size_t>(1, px.size() / 10);
            lash = {0, 0, 0};
            for (size_t k = 0; k < n; ++k)
                lash += px[k].second;
            lash *= float(1.0 / double(n));
        }
        m_lash[e] = lash;
    }
}

void EyeLids::draw(const std::vector<P>& L, const MotionFrame& m, cv::Mat& roi) const
{
    if (m_src_up.size() != 68 || L.size() < 68)
        return;
    std::vector<P> A;
    for (int i = 0; i < 68; ++i)
        A.push_back(m_up.to(L[size_t(i)]));
    for (int e = 0; e < 2; ++e) {
        const double c = e == 0 ? m.blink_l : m.blink_r;
        // Squints and half-open lids are the warp's (gaze shifts stay); a blink's lid is drawn.
        const double w = smoothstep(0.45, 0.7, c);
        if (w <= 0.0)
            continue;
        const int b = kFirst[e];
        std::vector<P> upper, lower;
        lidLines(A, b, upper, lower);
        // Animated eye ← photo's eye: the similarity that takes the photo's corners to the animated ones (the
        // eyeball turns and moves with the head, not with the lids).
        const P sa = m_src_up[size_t(b)], sb = m_src_up[size_t(b + 3)], aa = A[size_t(b)], ab = A[size_t(b + 3)];
        const P vs = sb - sa, va = ab - aa;
        const double ks = std::hypot(vs.x, vs.y), ka = std::hypot(va.x, va.y);
        if (ks < 1 || ka < 1)
            continue;
        const double rot = std::atan2(va.y, va.x) - std::atan2(vs.y, vs.x);
        const double cr = std::cos(-rot), sr = std::sin(-rot), k = ks / ka;
        const double ew = ka;
        // The gaze the warp gave the iris (FaceRig moves the eye's centre point), fading towards the lids.
        const double o = 1.0 - c;
        const P gaze = m_up.to(m_up.centre + P(m.gaze_x * kGazeX * ew * o, m.gaze_y * kGazeY * ew * o));
        const P centre = (aa + ab) * 0.5;

        std::vector<cv::Point2f> outline;
        for (const P& q : upper)
            outline.emplace_back(m_up.from(q));
        for (const P& q : lower)
            outline.emplace_back(m_up.from(q));
        const cv::Rect box = grownWithin(cv::boundingRect(outline), 3 + int(ew / 12), roi.size());
        if (box.width < 2 || box.height < 2)
            continue;
        const double xl = upper.front().x, xr = upper.back().x;
        const double shadow_px = std::max(1.0, 0.12 * ew);
        for (int y = box.y; y < box.y + box.height; ++y) {
            cv::Vec3b* row = roi.ptr<cv::Vec3b>(y);
            for (int x = box.x; x < box.x + box.width; ++x) {
                const P q = m_up.to(P(x, y));
                if (q.x < xl - 0.5 || q.x > xr + 0.5)
                    continue;
                const double top = curveAt(upper, q.x), bot = curveAt(lower, q.x);
                const double cover = std::clamp(q.y - top + 0.5, 0.0, 1.0) * std::clamp(bot - q.y + 0.5, 0.0, 1.0) *
                                     std::clamp(q.x - xl + 0.5, 0.0, 1.0) * std::clamp(xr - q.x + 0.5, 0.0, 1.0);
                if (cover <= 0.0)
                    continue;
                // Where this pixel of the eyeball was in the photo.
                const double dc = std::hypot(q.x - centre.x, q.y - centre.y) / (0.3 * ew);
                const P d = q - aa - gaze * std::exp(-0.5 * dc * dc);
                const P s = sa + P(cr * d.x - sr * d.y, sr * d.x + cr * d.y) * k;
                cv::Vec3f eye = bilinear(m_photo, m_up.from(s));
                eye *= float(1.0 - 0.3 * std::exp(-(q.y - top) / shadow_px)); // the lid's shadow under its edge
                const double a = cover * w;
                cv::Vec3b& px = row[x];
                for (int ch = 0; ch < 3; ++ch)
                    px[ch] = cv::saturate_cast<uchar>(px[ch] * (1 - a) + eye[ch] * a);
            }
        }
        // The lashes along the lid's edge as it comes down.
        const double la = smoothstep(0.45, 0.95, c) * 0.35; // over the photo's own lashes, which come down too
        if (la > 0.0) {
            cv::Mat area = roi(box);
            cv::Mat overlay = area.clone();
            std::vector<cv::Point> line;
            for (const P& q : upper) {
                const P r = m_up.from(q);
                line.emplace_back(int(std::lround((r.x - box.x) * 4)), int(std::lround((r.y - box.y) * 4)));
            }
            const cv::Vec3f& lc = m_lash[e];
            cv::polylines(overlay, line, false, cv::Scalar(lc[0], lc[1], lc[2]), std::max(1, int(std::lround(ew / 24))),
                          cv::LINE_AA, 2);
            cv::addWeighted(overlay, la, area, 1 - la, 0, area);
        }
    }
}

} // namespace emote::live
