// The Live engine's eyelids: a blink slides the upper lid down over the eyeball, as a lid does, instead of
// squeezing the eye into a slit (which showed the pupil through a "closed" lid). Internal to core/live; FaceRig
// owns one.
//
//   EyeLids lids(region_pixels, landmarks68_region, upright);   // once per portrait
//   lids.draw(animated_landmarks, motion, region_pixels_of_frame); // every frame, after the warp
//
// Inside each eye's animated opening the eyeball is drawn where it was (it moves with the eye's corners, not
// with the lids) and cut off by the upper lid, with the lid's shadow just under its edge; a soft lash line
// in the photo's own lash colour follows the lid's edge as it comes down. Squints (lids up to 45 % down) are left
// to the warp, so gaze shifts stay.
#pragma once

#include "core/live/articulation.h"
#include "core/live/curves.h"

#include <opencv2/core.hpp>

#include <vector>

namespace emote::live {

class EyeLids {
public:
    // How far a full gaze (MotionFrame::gaze_x/y = ±1) moves the iris, as a fraction of the eye's width.
    static constexpr double kGazeX = 0.14, kGazeY = 0.08;

    EyeLids() = default;
    // ROI: the rig region of the photo (RGB 8-bit); SRC: the 68 landmarks in ROI's pixels.
    EyeLids(const cv::Mat& roi, const std::vector<cv::Point2d>& src, const UprightFrame& upright);

    // For the animated landmarks L (ROI pixels), into ROI (already warped).
    void draw(const std::vector<cv::Point2d>& L, const MotionFrame& m, cv::Mat& roi) const;

private:
    cv::Mat m_photo; // ROI of the photo, float RGB
    std::vector<cv::Point2d> m_src_up;
    UprightFrame m_up;
    cv::Vec3f m_lash[2];
};

} // namespace emote::live
