// PSNR and SSIM (Wang et al. 2004: 11×11 Gaussian, σ 1.5, on luma) between two RGB images of one size, for the
// provenance tests' imperceptibility checks.
#pragma once

#include "core/common/image.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace emote::test {

inline cv::Mat1f lumaOf(const Image& img)
{
    cv::Mat rgb(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data()));
    cv::Mat gray;
    cv::cvtColor(rgb, gray, cv::COLOR_RGB2GRAY);
    cv::Mat1f f;
    gray.convertTo(f, CV_32F);
    return f;
}

// PSNR over all three channels (dB; 99 when identical).
inline double psnrRgb(const Image& a, const Image& b)
{
    double se = 0;
    for (size_t i = 0; i < a.rgb.size(); ++i) {
        const double d = double(a.rgb[i]) - double(b.rgb[i]);
        se += d * d;
    }
    const double mse = se / double(a.rgb.size());
    return mse <= 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

inline double ssimLuma(const Image& a, const Image& b)
{
    const cv::Mat1f x = lumaOf(a), y = lumaOf(b);
    const double c1 = (0.01 * 255) * (0.01 * 255), c2 = (0.03 * 255) * (0.03 * 255);
    auto g = [](const cv::Mat1f& m) {
        cv::Mat1f o;
        cv::GaussianBlur(m, o, cv::Size(11, 11), 1.5);
        return o;
    };
    const cv::Mat1f mx = g(x), my = g(y);
    const cv::Mat1f sxx = g(x.mul(x)) - mx.mul(mx), syy = g(y.mul(y)) - my.mul(my), sxy = g(x.mul(y)) - mx.mul(my);
    cv::Mat1f num = (2 * mx.mul(my) + c1).mul(2 * sxy + c2);
    cv::Mat1f den = (mx.mul(mx) + my.mul(my) + c1).mul(sxx + syy + c2);
    cv::Mat1f map;
    cv::divide(num, den, map);
    return cv::mean(map)[0];
}

} // namespace emote::test
