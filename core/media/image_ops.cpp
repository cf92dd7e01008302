#include "core/media/image_ops.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace emote::media {

namespace {
cv::Mat wrap(const Image& img)
{
    return cv::Mat(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data()));
}
} // namespace

Image resizeImage(const Image& src, int width, int height)
{
    Image out(width, height);
    cv::Mat dst(height, width, CV_8UC3, out.rgb.data());
    const bool shrink = width < src.width || height < src.height;
    cv::resize(wrap(src), dst, cv::Size(width, height), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

RectF fitAspect(int width, int height, double aspect, double cx, double cy)
{
    double w = width, h = height;
    if (w / h > aspect)
        w = h * aspect;
    else
        h = w / aspect;
    RectF r;
    r.w = w;
    r.h = h;
    r.x = std::clamp(cx - w / 2.0, 0.0, double(width) - w);
    r.y = std::clamp(cy - h / 2.0, 0.0, double(height) - h);
    return r;
}

Image cropResize(const Image& src, const RectF& rect, int width, int height)
{
    const int x0 = std::clamp(int(std::lround(rect.x)), 0, src.width - 1);
    const int y0 = std::clamp(int(std::lround(rect.y)), 0, src.height - 1);
    const int x1 = std::clamp(int(std::lround(rect.x + rect.w)), x0 + 1, src.width);
    const int y1 = std::clamp(int(std::lround(rect.y + rect.h)), y0 + 1, src.height);
    const cv::Mat roi = wrap(src)(cv::Rect(x0, y0, x1 - x0, y1 - y0));
    Image out(width, height);
    cv::Mat dst(height, width, CV_8UC3, out.rgb.data());
    const bool shrink = width < roi.cols || height < roi.rows;
    cv::resize(roi, dst, cv::Size(width, height), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

} // namespace emote::media
