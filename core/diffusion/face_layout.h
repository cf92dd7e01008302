// Where the face sits in the Diffusion engine's model frame: the reference crop around the chosen face and the
// boxes Hallo's conditioning uses (face locator / face mask, full mask, lip mask). Torch-free.
//
//   face::FaceAnalysis fa = analyzer.analyze(photo, opts);           // faces in detection order
//   FaceLayout l = planFaceLayout(photo, fa.faces, settings.face_index, 512, 512, "me.jpg");
//   if (!l.found) warn(l.notice);                                     // centred crop, default boxes
//   // l.reference is the 512×512 crop; l.face / l.full / l.lip are boxes in [0,1] of that crop
//
// FACE_INDEX picks a face by its detection index; -1 takes the largest. An index past the faces found is a
// Usage error naming the count. No face at all is not an error: the layout falls back to a centred crop and the
// default boxes (found = false) and says so in `notice`.
#pragma once

#include "core/common/image.h"
#include "core/face/face_analyzer.h"

#include <string>
#include <vector>

namespace emote::diffusion {

struct NormBox {
    double x0 = 0, y0 = 0, x1 = 1, y1 = 1; // fractions of the model frame's width and height
};

struct FaceLayout {
    bool found = false;
    int face_index = -1;   // the face used (detection order); -1 when none
    Image reference;       // the crop, model_width × model_height
    NormBox full, face, lip;
    std::string notice;    // set when the fallback is used
};

// Hallo's face region grows the detector box by this factor (scripts/inference.py --face_expand_ratio).
constexpr double kHalloFaceExpand = 1.2;

FaceLayout planFaceLayout(const Image& photo, const std::vector<face::Face>& faces, int face_index, int model_width,
                          int model_height, const std::string& portrait_name);

} // namespace emote::diffusion
