#include "core/face/face_draw.h"

#include "core/common/error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace emote::face {

Image drawFaces(const Image& photo, const std::vector<Face>& faces)
{
    Image out = photo;
    cv::Mat m(out.height, out.width, CV_8UC3, out.rgb.data());
    constexpr int kShift = 4; // sub-pixel drawing
    auto fx = [](double v) { return int(std::lround((v - 0.5) * (1 << kShift))); }; // pixel [i, i+1) → centre i
    // Lines scale with the photo so that they stay visible on large photos and thin on small ones.
    const int line = std::max(1, int(std::lround(std::max(out.width, out.height) / 600.0)));
    for (size_t i = 0; i < faces.size(); ++i) {
        const Face& f = faces[i];
        const cv::Scalar color = f.small ? cv::Scalar(255, 140, 0) : cv::Scalar(0, 220, 80); // RGB
        cv::rectangle(m, cv::Point(fx(f.box.x), fx(f.box.y)), cv::Point(fx(f.box.right()), fx(f.box.bottom())), color,
                      line, cv::LINE_AA, kShift);
        const int radius =
            std::max(1 << kShift, int(std::lround(std::max(f.box.width, f.box.height) / 150.0 * (1 << kShift))));
        for (const PointF& p : f.landmarks)
            cv::circle(
                m, cv::Point(fx(p.x), fx(p.y)), radius, cv::Scalar(255, 40, 40), cv::FILLED, cv::LINE_AA, kShift);
        const double scale = std::max(0.5, line * 0.6);
        const int baseline_y = std::max(int(std::lround(f.box.y)) - 4 * line, int(20 * scale));
        cv::putText(m, std::to_string(i + 1), cv::Point(int(std::lround(f.box.x)), baseline_y),
            cv::FONT_HERSHEY_SIMPLEX, scale, color, line, cv::LINE_AA);
    }
    return out;
}

std::vector<uint8_t> encodePng(const Image& image)
{
    if (image.empty())
        throw Error(ErrorKind::Internal, "cannot encode an empty image as PNG.");
    cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR); // OpenCV's codecs expect BGR
    std::vector<uint8_t> png;
    if (!cv::imencode(".png", bgr, png))
        throw Error(ErrorKind::Internal, "the PNG encoder failed.");
    return png;
}

} // namespace emote::face
