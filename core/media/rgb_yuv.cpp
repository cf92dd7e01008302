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

namespace {

constexpr int kChunk = 256; // pixels per step (an even number): the planar copies stay in L1

// One pair of rows, N pixels (N even): RGB rows S0, S1 into luma rows Y0, Y1 and chroma rows CB, CR. The
// pixels are first split into planes (the only strided access), so that the arithmetic runs on plain arrays
// the compiler vectorises.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
void convertRows(const uint8_t* s0, const uint8_t* s1, int n, uint8_t* y0, uint8_t* y1, uint8_t* cb, uint8_t* cr)
{
    alignas(32) uint8_t r[2][kChunk], g[2][kChunk], b[2][kChunk];
    for (int x0 = 0; x0 < n; x0 += kChunk) {
        const int m = std::min(kChunk, n - x0);
        for (int k = 0; k < 2; ++k) {
            const uint8_t* s = (k ? s1 : s0) + 3 * x0;
            uint8_t* yy = (k ? y1 : y0) + x0;
            uint8_t* rk = r[k];
            uint8_t* gk = g[k];
            uint8_t* bk = b[k];
            for (int x = 0; x < m; ++x) {
                rk[x] = s[3 * x];
                gk[x] = s[3 * x + 1];
                bk[x] = s[3 * x + 2];
            }
            for (int x = 0; x < m; ++x)
                yy[x] = uint8_t((kYR * rk[x] + kYG * gk[x] + kYB * bk[x] + kYOffset) >> 16);
        }
        uint8_t* u = cb + x0 / 2;
        uint8_t* v = cr + x0 / 2;
        for (int x = 0; x < m / 2; ++x) {
            const int rs = r[0][2 * x] + r[0][2 * x + 1] + r[1][2 * x] + r[1][2 * x + 1];
            const int gs = g[0][2 * x] + g[0][2 * x + 1] + g[1][2 * x] + g[1][2 * x + 1];
            const int bs = b[0][2 * x] + b[0][2 * x + 1] + b[1][2 * x] + b[1][2 * x + 1];
            u[x] = uint8_t((kUR * rs + kUG * gs + kUB * bs + kCOffset) >> 18);
            v[x] = uint8_t((kVR * rs + kVG * gs + kVB * bs + kCOffset) >> 18);
        }
    }
}

} // namespace

void rgbToYuv420(const Image& src, int w, int h, const ImageRect& rect, const YuvPlanes& dst)
{
    const ImageRect r = evenRect(rect, w, h);
    if (r.empty())
        return;
    for (int y = r.y; y < r.y + r.height; y += 2) {
        uint8_t* y0 = dst.y + size_t(y) * size_t(dst.stride_y) + r.x;
        convertRows(src.row(y) + 3 * r.x, src.row(y + 1) + 3 * r.x, r.width, y0, y0 + dst.stride_y,
                    dst.cb + size_t(y / 2) * size_t(dst.stride_c) + r.x / 2,
                    dst.cr + size_t(y / 2) * size_t(dst.stride_c) + r.x / 2);
    }
}

} // namespace emote::media
