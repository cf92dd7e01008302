// The Live engine's mouth: what shows between the lips when the rig opens them — drawn like a photograph.
// Internal to core/live (OpenCV types); FaceRig owns one.
//
//   MouthRenderer mouth(region_pixels, landmarks68_region, upright, look);   // once per portrait
//   mouth.draw(animated_landmarks, motion, region_pixels_of_frame);         // every frame, after the warp
//
// Two sources for the inside of the mouth:
// - The photo's own, when the portrait shows an open mouth or teeth: its upper teeth stay with the upper lip
//   (the skull), its lower teeth and lip with the jaw, and the gap the jaw opens between them is cavity. A
//   smile with teeth never gets a second, synthetic row.
// - Otherwise a synthetic one: a row of individual upper teeth (each with its own width and rounded edge, darker
//   towards the corners and under the lip, soft gaps instead of outlines) in the photo's tooth colour or an
//   off-white in its white balance, lower front teeth as the jaw drops, a tongue, and a warm dark cavity with
//   light falling off into it.
// Either way the drawn pixels are matched to the plate: blurred like the photo around them and given its grain.
#pragma once

#include "core/live/articulation.h"
#include "core/live/curves.h"

#include <opencv2/core.hpp>

#include <vector>

namespace emote::live {

struct PlateLook {
    double blur_sigma_px = 0.6; // how soft the photo is at the output's scale (Gaussian sigma, pixels)
    double grain_sigma = 0.0;   // the photo's noise (levels, 0..255)
};

// Estimates the plate's noise level (levels) in ROI (RGB, 8-bit) from the Laplacian of its luma: the
// fast noise estimate of Immerkær (1996), robust to edges because it takes the median-scaled mean.
double estimateGrain(const cv::Mat& roi);

class MouthRenderer {
public:
    MouthRenderer() = default;
    // ROI: the rig region of the photo (RGB 8-bit); SRC: the 68 landmarks in ROI's pixels.
    MouthRenderer(const cv::Mat& roi, const std::vector<cv::Point2d>& src, const UprightFrame& upright,
                  const PlateLook& look);

    // Draws the inside of the mouth for the animated landmarks L (ROI pixels) into ROI (already warped).
    void draw(const std::vector<cv::Point2d>& L, const MotionFrame& m, cv::Mat& roi) const;

    bool usesPhotoMouth() const { return m_photo_mouth; }

private:
    cv::Mat m_photo;          // ROI of the photo, float RGB (the photo mouth's texture)
    cv::Mat m_grain;          // ROI-sized noise, float, unit variance (static, like a photo's grain)
    std::vector<cv::Point2d> m_src_up; // landmarks in the upright frame
    std::vector<cv::Point2d> m_src_upper, m_src_lower; // the photo's inner lip lines (upright, sorted by x)
    UprightFrame m_up;
    PlateLook m_look;
    cv::Vec3f m_lip, m_skin, m_teeth;
    cv::Vec3f m_light{1, 1, 1}; // the photo's light per channel: colour cast times exposure
    double m_mw = 1;          // mouth width (corner to corner), pixels
    double m_src_gap = 0;     // the photo's inner-lip opening, pixels
    // Where the photo's upper and lower rows part (y: 0 = upper lip, 1 = lower lip) across the opening (x: 0..1
    // from corner to corner).
    std::vector<cv::Point2d> m_split_at;
    bool m_photo_mouth = false;
    double m_brightness = 1;
};

} // namespace emote::live
