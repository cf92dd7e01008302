// The Live engine's closed lips (p, b, m pressed; f, v bitten): what the mouth looks like when the rig shuts it.
// Internal to core/live (OpenCV types); FaceRig owns one.
//
//   LipClosure lips(region_pixels, landmarks68_region, upright, lip_rgb);   // once per portrait
//   lips.draw(animated_landmarks, motion, region_pixels_of_frame, mapx, mapy);   // every frame, after the warp
//
// Two ways, chosen from the photo:
// - The photo shows an opening (teeth, or a dark mouth) between its lips: the closed lips are drawn again from
//   the photo's own lips. The opening is found from the pixels (face-api's inner lip points often lie on the
//   teeth, short of the corners, so closing those points left teeth showing); the upper lip's band of the photo
//   fills the closed mouth down to the seam, the lower lip's band from there, each stretched to its share of
//   the closed height, so no tooth pixel is sampled and the lips keep their texture and colour.
//   The lower lip starts where the column is as bright as the lower lip again (the dark red under the lower
//   teeth is the mouth's inside, not lip).
// - The photo shows a narrow slit somewhere (as high as a parted mouth's, over only part of the width): the warp
//   has brought the lips together, and a band of lip colour along the seam hides what the landmarks left
//   between them.
// - The photo's lips are closed (only the dark line where they meet): nothing is drawn. The warp moves the
//   photo's own lips and their own seam (a band painted over them read as a grey line drawn on the mouth).
// Where drawn, a thin dark line where the lips meet, with the upper lip's soft shadow under it (what makes a
// mouth read as shut, to people and to landmark models alike).
#pragma once

#include "core/live/articulation.h"
#include "core/live/curves.h"

#include <opencv2/core.hpp>

#include <vector>

namespace emote::live {

class LipClosure {
public:
    LipClosure() = default;
    // ROI: the rig region of the photo (RGB 8-bit); SRC: the 68 landmarks in ROI's pixels; LIP: the lips' colour.
    LipClosure(const cv::Mat& roi, const std::vector<cv::Point2d>& src, const UprightFrame& upright,
               const cv::Vec3f& lip);

    // For the animated landmarks L (ROI pixels), into ROI (already warped). MAPX/MAPY: the warp's map (for each
    // ROI pixel the photo pixel it shows, CV_32F, ROI-sized): wherever it shows the photo's opening the closed lips
    // cover it too.
    void draw(const std::vector<cv::Point2d>& L, const MotionFrame& m, cv::Mat& roi, const cv::Mat& mapx,
              const cv::Mat& mapy) const;

    // Whether the photo's lips are parted (teeth or a dark opening found between them), so that closed lips
    // are drawn from the photo's lip bands.
    bool redrawsLips() const { return m_parted; }
    // The photo's inner lip lines as found from its pixels, in the upright frame, sorted by x (empty when the
    // lips are not parted): the upper lip ends at upper, the lower lip starts at lower.
    const std::vector<cv::Point2d>& innerUpper() const { return m_inner_upper; }
    const std::vector<cv::Point2d>& innerLower() const { return m_inner_lower; }
    // The height of the photo's opening at X in the upright frame (pixels; 0 when the lips are not parted): how
    // far the lips travel to meet, which face-api's inner points, on the teeth, underestimate.
    double openingAt(double x) const;
    // Where the photo's upper lip ends above its opening at X (upright frame; only when redrawsLips()).
    double upperEdgeAt(double x) const;

private:
    void drawBand(const std::vector<cv::Point2d>& L, float a, cv::Mat& roi) const;
    void drawFromPhoto(const std::vector<cv::Point2d>& L, float a, cv::Mat& roi, const cv::Mat& mapx,
                       const cv::Mat& mapy) const;

    cv::Mat m_photo; // ROI of the photo, float RGB
    UprightFrame m_up;
    std::vector<cv::Point2d> m_src_up;                  // the photo's landmarks, upright
    std::vector<cv::Point2d> m_outer_upper, m_outer_lower; // the photo's outer lip lines (upright, sorted by x)
    std::vector<cv::Point2d> m_inner_upper, m_inner_lower; // where its lips end towards the opening
    cv::Vec3f m_lip;
    double m_mw = 1;      // mouth width, pixels
    double m_src_gap = 0; // face-api's inner-lip opening in the photo, pixels
    bool m_parted = false;
    bool m_slit = false; // an opening as high as a parted mouth's somewhere (not only the dark line of closed lips)
};

} // namespace emote::live
