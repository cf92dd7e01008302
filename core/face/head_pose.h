// Coarse 2D head pose from the 68 landmarks (no 3D model): roll from the eye line, yaw from where the nose
// tip sits between the jaw ends, pitch from where it sits between the eye line and the mouth.
//
//   emote::face::HeadPose pose = emote::face::estimateHeadPose(face.landmarks);
//   if (std::abs(pose.yaw_deg) > 30) warn("the face is turned away; use a frontal photo");
//
// Good to a few degrees near frontal and to ±10° up to about 45° of yaw; meant for gating and framing
// (is the face frontal enough? which way is it tilted?), not for 3D reconstruction.
#pragma once

#include "core/face/face_types.h"

#include <vector>

namespace emote::face {

struct HeadPose {
    // In-plane rotation of the eye line: positive when the eye on the image's right is lower (the face is
    // turned clockwise on screen).
    double roll_deg = 0.0;
    // Left/right turn: positive when the nose points towards the image's right.
    double yaw_deg = 0.0;
    // Up/down nod: positive when the face looks down (the nose tip moves towards the mouth).
    double pitch_deg = 0.0;
};

// LANDMARKS: the 68 points in dlib/iBUG order (image pixels). Throws emote::Error(Internal) for another count.
HeadPose estimateHeadPose(const std::vector<PointF>& landmarks);

} // namespace emote::face
