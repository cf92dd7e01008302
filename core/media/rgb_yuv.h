// RGB → YUV 4:2:0 for the H.264 export: full-range 8-bit RGB in, limited-range BT.709 out (Y 16..235, Cb/Cr
// 16..240), chroma the mean of each 2×2 block. Exact integer arithmetic, pixel by pixel and block by block, so a
// rectangle converted alone equals the same rectangle of a whole-frame conversion: a frame that changes only in
// part is updated only there.
//
//   emote::media::YuvPlanes dst{y, cb, cr, stride_y, stride_c};
//   emote::media::rgbToYuv420(frame, {0, 0, w, h}, dst);     // whole frame (w, h even)
//   emote::media::rgbToYuv420(frame, changed, dst);           // later: only what changed (grown to even edges)
#pragma once

#include "core/common/image.h"

#include <cstdint>

namespace emote::media {

struct YuvPlanes {
    uint8_t* y = nullptr;
    uint8_t* cb = nullptr;
    uint8_t* cr = nullptr;
    int stride_y = 0;
    int stride_c = 0;
};

// RECT grown to even edges (chroma blocks) and limited to the W×H picture (W, H even).
ImageRect evenRect(const ImageRect& rect, int w, int h);

// Converts evenRect(RECT) of SRC's top-left W×H (W, H even, at most SRC's size) into DST.
void rgbToYuv420(const Image& src, int w, int h, const ImageRect& rect, const YuvPlanes& dst);

} // namespace emote::media
