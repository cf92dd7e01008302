// The Live engine's renderer: a face rigged on its 68 landmarks, animated by MotionFrames. A piecewise-affine
// mesh warp over the landmarks, extra face points and two rings around the head (the region border stays
// fixed); with a person matte the warped person is laid over a background plate, so the background beside the
// head never moves and what the head uncovers is filled from its surroundings. The inside of the mouth is drawn
// like a photograph (MouthRenderer: the photo's own teeth when it shows them, else synthetic ones), eyelids
// close with skin from above the eye, and the result is written back into the full photo at its own size.
//
//   emote::live::RigOptions o;  o.person_alpha = matte;   // optional: PersonMatte::segment(photo)
//   emote::live::FaceRig rig(photo, landmarks68, o);      // once per portrait
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

struct RigOptions {
    // The person's coverage (photo-sized, width·height bytes, 255 = person). Empty: no layers — the whole rig
    // region is warped (background beside the head moves with it).
    std::vector<uint8_t> person_alpha;
    // Output pixels per pixel of the original photo: above 1 the photo was enlarged, so it is softer and the
    // drawn mouth is softened to match.
    double source_scale = 1.0;
    // The dense face mesh (face::FaceMesh, 468 points in photo pixels, z towards the camera negative): gives
    // every rig point its depth for 3D turns. Empty: depths from a template face.
    std::vector<face::Point3F> face_mesh;
};

class FaceRig {
public:
    // LANDMARKS: 68 points (dlib/iBUG order) in PHOTO's pixels. Throws emote::Error(Input) if the face is
    // degenerate (e.g. fewer than 68 points or a zero-size mouth).
    FaceRig(const Image& photo, const std::vector<face::PointF>& landmarks, const RigOptions& options = {});
    ~FaceRig();
    FaceRig(FaceRig&&) noexcept;
    FaceRig& operator=(FaceRig&&) noexcept;

    // Writes the animated face into FRAME (which must be PHOTO-sized; pixels outside the region are left as
    // they are, so pass a copy of the photo once and reuse it).
    void render(const MotionFrame& motion, Image& frame) const;

    // Where the 68 landmarks end up for MOTION (photo pixels) — for tools and tests.
    std::vector<face::PointF> animatedLandmarks(const MotionFrame& motion) const;

    RigRegion region() const;
    bool layered() const;        // a person matte separates the person from a background plate
    bool usesPhotoMouth() const; // the photo's own open mouth is the teeth and cavity
    bool redrawsClosedLips() const; // the photo's lips are parted: closed lips are drawn from its lip bands
    bool denseDepth() const;     // depths from the dense face mesh
    double faceWidth() const;  // jaw-to-jaw distance, pixels
    double faceHeight() const; // brow line to chin, pixels

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::live
