// The Live engine's renderer: a face rigged on its 68 landmarks, animated by MotionFrames. A piecewise-affine
// mesh warp over the landmarks, extra face points and two rings around the head (the region border stays fixed, so the background
// never moves), a synthesised mouth interior (cavity, teeth, tongue) shaded to the photo, eyelids closed with
// skin from above the eye, and the result written back into the full photo at its own size.
//
//   emote::live::FaceRig rig(photo, landmarks68);          // once per portrait
//   emote::Image frame = photo;                             // the full photo, reused every frame
//   rig.render(motion, frame);                              // only the face region is rewritten
#pragma once

#include "core/common/image.h"
#include "core/face/face_types.h"
#include "core/live/articulation.h"

#include <memory>
#include <vector>

namespace emote::live {

struct RigRegion {
    int x = 0, y = 0, width = 0, height = 0; // the rewritten region of the photo
};

class FaceRig {
public:
    // LANDMARKS: 68 points (dlib/iBUG order) in PHOTO's pixels. Throws emote::Error(Input) if the face is
    // degenerate (e.g. fewer than 68 points or a zero-size mouth).
    FaceRig(const Image& photo, const std::vector<face::PointF>& landmarks);
    ~FaceRig();
    FaceRig(FaceRig&&) noexcept;
    FaceRig& operator=(FaceRig&&) noexcept;

    // Writes the animated face into FRAME (which must be PHOTO-sized; pixels outside the region are left as
    // they are, so pass a copy of the photo once and reuse it).
    void render(const MotionFrame& motion, Image& frame) const;

    // Where the 68 landmarks end up for MOTION (photo pixels) — for tools and tests.
    std::vector<face::PointF> animatedLandmarks(const MotionFrame& motion) const;

    RigRegion region() const;
    double faceWidth() const;  // jaw-to-jaw distance, pixels
    double faceHeight() const; // brow line to chin, pixels

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::live
