#include "core/media/rgb_yuv.h"

#include <algorithm>

namespace emote::media {

namespace {

// BT.709 (Kr 0.2126, Kb 0.0722), scaled to the limited range, as 16-bit fixed point.
constexpr int fix(double v) { return int(v * 65536.0 + (v < 0 ? -0.5 : 0.5)); }
constexpr double kYs = 219.0 / 255.0, kCs = 224.0 / 255.0;
constexpr int kYR = fix(kYs * 0.2126), kYG = fix(kYs * 0.7152), kYB = fix(kYs * 0.0722);
constexpr int kUR = fix(kCs * -0.2126 / 1.8556), kUG = fix(kCs * -0.7152 / 1.8556), kUB = fix(kCs * 0.5);
constexpr int kVR = fix(kCs * 0.5), kVG = fix(kCs * -0.7152 / 1.5748), kVB = fix(kCs * -0.0722 / 1.5748);
constexpr int kYOffset = (16 << 16) + (1 << 15);   // + 16, rounded
constexpr int kCOffset = (128 << 18) + (1 << 17);  // chroma from sums of 4 pixels: + 128, rounded

} // namespace

ImageRect evenRect(const ImageRect& rect, int w, int h)
{
    const int x0 = std::clamp(rect.x, 0, w) & ~1, y0 = std::clamp(rect.y, 0, h) & ~1;
    const int x1 = std::min(w, (std::clamp(rect.x + rect.width, 0, w) + 1) & ~1);
    const int y1 = std::min(h, (std::clamp(rect.y + rect.height, 0, h) + 1) & ~1);
    return {x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0)};
}

void rgbToYuv420(const Image& src, int w, int h, const ImageRect& rect, const YuvPlanes& dst)
{
    const ImageRect r = evenRect(rect, w, h);
    if (r.empty())
        return;
    for (int y = r.y; y < r.y + r.height; y += 2) {
        const uint8_t* s0 = src.row(y) + 3 * r.x;
        const uint8_t* s1 = src.row(y + 1) + 3 * r.x;
        uint8_t* y0 = dst.y + size_t(y) * size_t(dst.stride_y) + r.x;
        uint8_t* y1 = y0 + dst.stride_y;
        uint8_t* cb = dst.cb + size_t(y / 2) * size_t(dst.stride_c) + r.x / 2;
        uint8_t* cr = dst.cr + size_t(y / 2) * size_t(dst.stride_c) + r.x / 2;
        for (int x = 0; x < r.width; ++x) {
            y0[x] = uint8_t((kYR * s0[3 * x] + kYG * s0[3 * x + 1] + kYB * s0[3 * x + 2] + kYOffset) >> 16);
            y1[x] = uint8_t((kYR * s1[3 * x] + kYG * s1[3 * x + 1] + kYB * s1[3 * x + 2] + kYOffset) >> 16);
        }
        for (int x = 0; x < r.width / 2; ++x) {
            const uint8_t* a = s0 + 6 * x;
            const uint8_t* b = s1 + 6 * x;
            const int rs = a[0] + a[3] + b[0] + b[3];
            const int gs = a[1] + a[4] + b[1] + b[4];
            const int bs = a[2] + a[5] + b[2] + b[5];
            cb[x] = uint8_t((kUR * rs + kUG * gs + kUB * bs + kCOffset) >> 18);
            cr[x] = uint8_t((kVR * rs + kVG * gs + kVB * bs + kCOffset) >> 18);
        }
    }
}

} // namespace emote::media
