// Small image operations on emote::Image (OpenCV underneath, not exposed).
#pragma once

#include "core/common/image.h"

namespace emote::media {

struct RectF {
    double x = 0, y = 0, w = 0, h = 0;
};

// High-quality resize (area filter when shrinking, bicubic when enlarging).
Image resizeImage(const Image& src, int width, int height);

// The largest rectangle of ASPECT (width / height) inside the image, centred on (cx, cy) as far as the borders allow.
RectF fitAspect(int width, int height, double aspect, double cx, double cy);

// Crop RECT (clamped to the image) and resize it to width × height.
Image cropResize(const Image& src, const RectF& rect, int width, int height);

} // namespace emote::media
