#include "core/live/background_plate.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace emote::live {

cv::Mat fillFromSurroundings(const cv::Mat& rgb, const cv::Mat& known)
{
    CV_Assert(rgb.type() == CV_8UC3 && known.type() == CV_8U && rgb.size() == known.size());
    cv::Mat w0 = known > 0;
    w0.convertTo(w0, CV_32F, 1.0 / 255.0);
    if (cv::countNonZero(w0) == 0)
        return rgb.clone(); // nothing to fill from
    cv::Mat c0;
    rgb.convertTo(c0, CV_32FC3);
    cv::Mat w3;
    cv::merge(std::vector<cv::Mat>{w0, w0, w0}, w3);
    c0 = c0.mul(w3); // premultiplied by the weight
    std::vector<cv::Mat> col{c0}, wt{w0};
    // Push: average the known pixels over coarser and coarser levels until every pixel of a level sees some.
    while (true) {
        double min_w = 0;
        cv::minMaxLoc(wt.back(), &min_w);
        const cv::Size s = wt.back().size();
        if (min_w > 0 || (s.width <= 2 && s.height <= 2))
            break;
        const cv::Size half((s.width + 1) / 2, (s.height + 1) / 2);
        cv::Mat c, w;
        cv::resize(col.back(), c, half, 0, 0, cv::INTER_AREA);
        cv::resize(wt.back(), w, half, 0, 0, cv::INTER_AREA);
        col.push_back(c);
        wt.push_back(w);
    }
    // The top: the average colour where a level pixel saw nothing at all (only with a tiny top level).
    cv::Mat up;
    {
        const cv::Scalar total_c = cv::sum(col.back()), total_w = cv::sum(wt.back());
        const double tw = std::max(1e-6, total_w[0]);
        const cv::Vec3f avg(float(total_c[0] / tw), float(total_c[1] / tw), float(total_c[2] / tw));
        up = cv::Mat(col.back().size(), CV_32FC3, cv::Scalar(avg[0], avg[1], avg[2]));
    }
    // Pull: each level keeps what it knows and takes the rest from the level above.
    for (size_t l = col.size(); l-- > 0;) {
        if (up.size() != col[l].size())
            cv::resize(up, up, col[l].size(), 0, 0, cv::INTER_LINEAR);
        cv::Mat level(col[l].size(), CV_32FC3);
        for (int y = 0; y < level.rows; ++y) {
            const cv::Vec3f* c = col[l].ptr<cv::Vec3f>(y);
            const float* w = wt[l].ptr<float>(y);
            const cv::Vec3f* u = up.ptr<cv::Vec3f>(y);
            cv::Vec3f* o = level.ptr<cv::Vec3f>(y);
            for (int x = 0; x < level.cols; ++x) {
                const float k = std::min(1.0f, w[x]);
                o[x] = w[x] > 1e-6f ? c[x] * (k / w[x]) + u[x] * (1 - k) : u[x];
            }
        }
        up = level;
    }
    cv::Mat out;
    up.convertTo(out, CV_8UC3);
    rgb.copyTo(out, known);
    return out;
}

BackgroundPlate::BackgroundPlate(const cv::Mat& roi, const cv::Mat& alpha, double grain_sigma)
{
    CV_Assert(roi.type() == CV_8UC3 && alpha.type() == CV_8U && roi.size() == alpha.size());
    m_alpha = alpha.clone();
    // Fill from clean background only: a matte's edge is a few pixels uncertain (hair, soft upsampling), so the
    // person is grown before the fill reads its surroundings.
    const int grow = std::max(2, int(std::lround(0.012 * std::max(roi.cols, roi.rows))));
    cv::Mat person = alpha > 8;
    cv::dilate(person, person, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
    cv::Mat known;
    cv::bitwise_not(person, known);
    cv::Mat fill = fillFromSurroundings(roi, known);
    // The plate shows the photo where it saw background and the fill where the person stood, blended by the
    // coverage: a pixel the head does not leave stays the photo's own.
    cv::Mat noise(roi.size(), CV_32F);
    cv::RNG rng(0x706c617465ull);
    rng.fill(noise, cv::RNG::NORMAL, 0.0, grain_sigma);
    m_plate.create(roi.size(), CV_8UC3);
    for (int y = 0; y < roi.rows; ++y) {
        const cv::Vec3b* p = roi.ptr<cv::Vec3b>(y);
        const cv::Vec3b* f = fill.ptr<cv::Vec3b>(y);
        const uint8_t* a = alpha.ptr<uint8_t>(y);
        const uint8_t* kn = known.ptr<uint8_t>(y);
        const float* nz = noise.ptr<float>(y);
        cv::Vec3b* o = m_plate.ptr<cv::Vec3b>(y);
        for (int x = 0; x < roi.cols; ++x) {
            const float w = kn[x] ? 0.0f : a[x] / 255.0f; // share of the fill
            for (int k = 0; k < 3; ++k)
                o[x][k] = cv::saturate_cast<uint8_t>(p[x][k] * (1 - w) + (f[x][k] + nz[x]) * w);
        }
    }
}

void BackgroundPlate::composite(const cv::Mat& mapx, const cv::Mat& mapy, cv::Mat& dst) const
{
    if (m_plate.empty())
        return;
    cv::Mat a;
    cv::remap(m_alpha, a, mapx, mapy, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    for (int y = 0; y < dst.rows; ++y) {
        const uint8_t* ap = a.ptr<uint8_t>(y);
        const uint8_t* a0 = m_alpha.ptr<uint8_t>(y);
        const float* mx = mapx.ptr<float>(y);
        const float* my = mapy.ptr<float>(y);
        const cv::Vec3b* pl = m_plate.ptr<cv::Vec3b>(y);
        cv::Vec3b* o = dst.ptr<cv::Vec3b>(y);
        for (int x = 0; x < dst.cols; ++x) {
            if (ap[x] == 255)
                continue; // all person: the warped pixel stays
            // Unmoved and the photo's own pixel: nothing to do (keeps the photo exact where nothing moves).
            if (ap[x] == a0[x] && std::abs(mx[x] - float(x)) < 1e-3f && std::abs(my[x] - float(y)) < 1e-3f)
                continue;
            const int w = ap[x];
            for (int k = 0; k < 3; ++k)
                o[x][k] = uint8_t((o[x][k] * w + pl[x][k] * (255 - w) + 127) / 255);
        }
    }
}

} // namespace emote::live
