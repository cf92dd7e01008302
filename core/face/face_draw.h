// Drawing face analysis results on a photo, and PNG encoding for `emote faces --draw`.
//
//   emote::Image annotated = emote::face::drawFaces(photo, analysis.faces);
//   std::vector<uint8_t> png = emote::face::encodePng(annotated);
#pragma once

#include "core/common/image.h"
#include "core/face/face_analyzer.h"

#include <cstdint>
#include <vector>

namespace emote::face {

// A copy of PHOTO with each face's box (numbered as in FACES; orange for small faces) and its 68 landmarks.
Image drawFaces(const Image& photo, const std::vector<Face>& faces);

// Lossless PNG bytes of IMAGE. Throws emote::Error(Internal) if the encoder fails.
std::vector<uint8_t> encodePng(const Image& image);

} // namespace emote::face
