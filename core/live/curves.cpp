#include "core/live/curves.h"

#include <algorithm>

namespace emote::live {

using P = cv::Point2d;

std::vector<P> catmullRom(const std::vector<P>& p, int seg)
{
    std::vector<P> out;
    const size_t n = p.size();
    if (n < 2)
        return p;
    auto at = [&](long i) {
        if (i < 0)
            return p[0] * 2 - p[1];
        if (i >= long(n))
            return p[n - 1] * 2 - p[n - 2];
        return p[size_t(i)];
    };
    for (size_t i = 0; i + 1 < n; ++i) {
        const P p0 = at(long(i) - 1), p1 = p[i], p2 = p[i + 1], p3 = at(long(i) + 2);
        for (int k = 0; k < seg; ++k) {
            const double t = double(k) / seg, t2 = t * t, t3 = t2 * t;
            out.push_back(0.5 * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t2 +
                                 (-p0 + 3 * p1 - 3 * p2 + p3) * t3));
        }
    }
    out.push_back(p[n - 1]);
    return out;
}

double curveAt(const std::vector<P>& pts, double x)
{
    if (x <= pts.front().x)
        return pts.front().y;
    const auto it = std::lower_bound(pts.begin(), pts.end(), x, [](const P& p, double v) { return p.x < v; });
    if (it == pts.end())
        return pts.back().y;
    const P& b = *it;
    const P& a = *(it - 1);
    const double t = (x - a.x) / std::max(1e-9, b.x - a.x);
    return a.y + t * (b.y - a.y);
}

std::vector<P> sortedByX(std::vector<P> v)
{
    std::sort(v.begin(), v.end(), [](const P& a, const P& b) { return a.x < b.x; });
    return v;
}

cv::Vec3f bilinear(const cv::Mat& img, const P& p)
{
    const double x = std::clamp(p.x, 0.0, double(img.cols - 1)), y = std::clamp(p.y, 0.0, double(img.rows - 1));
    const int x0 = std::min(int(x), std::max(0, img.cols - 2)), y0 = std::min(int(y), std::max(0, img.rows - 2));
    const int x1 = std::min(x0 + 1, img.cols - 1), y1 = std::min(y0 + 1, img.rows - 1);
    const float fx = float(x - x0), fy = float(y - y0);
    const cv::Vec3f a = img.at<cv::Vec3f>(y0, x0), b = img.at<cv::Vec3f>(y0, x1), c = img.at<cv::Vec3f>(y1, x0),
                    d = img.at<cv::Vec3f>(y1, x1);
    return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}

double smoothstep(double e0, double e1, double x)
{
    const double t = std::clamp((x - e0) / (e1 - e0), 0.0, 1.0);
    return t * t * (3 - 2 * t);
}

// The smallest (or largest, MAX) of V over 2·R+1 values around each.
std::vector<double> runningExtreme(const std::vector<double>& v, int r, bool max)
{
    std::vector<double> out(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        double e = v[i];
        for (long j = std::max(0L, long(i) - r); j <= std::min(long(v.size()) - 1, long(i) + r); ++j)
            e = max ? std::max(e, v[size_t(j)]) : std::min(e, v[size_t(j)]);
        out[i] = e;
    }
    return out;
}

// The mean of V over 2·R+1 values around each (fewer at the ends).
std::vector<double> boxMean(const std::vector<double>& v, int r)
{
    std::vector<double> out(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        double sum = 0;
        int count = 0;
        for (long j = std::max(0L, long(i) - r); j <= std::min(long(v.size()) - 1, long(i) + r); ++j, ++count)
            sum += v[size_t(j)];
        out[i] = sum / count;
    }
    return out;
}

} // namespace emote::live
