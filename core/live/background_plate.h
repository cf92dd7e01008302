// The Live engine's layers: the person over a background plate. The head's motion moves the person; the
// background stays where it is, and what the moving head uncovers is filled from the background around it.
// Internal to core/live (OpenCV types); FaceRig owns one when a person matte is given.
//
//   BackgroundPlate plate(region_pixels, person_alpha, grain);   // once per portrait
//   cv::remap(photo, frame_region, mapx, mapy, ...);            // the warped person (and whatever it dragged)
//   plate.composite(mapx, mapy, frame_region);                   // background back in place, every frame
#pragma once

#include <opencv2/core.hpp>

namespace emote::live {

// Fills the pixels of RGB (8-bit, 3 channels) where KNOWN is 0 from the known pixels around them (push–pull:
// averages over a pyramid of coarser levels, then back down, so large holes get the surroundings' colours and
// small ones their immediate neighbours'). Pixels where KNOWN is non-zero are returned unchanged.
cv::Mat fillFromSurroundings(const cv::Mat& rgb, const cv::Mat& known);

class BackgroundPlate {
public:
    BackgroundPlate() = default;
    // ROI: the rig region of the photo (RGB 8-bit); ALPHA: the person's coverage there (8-bit, 255 = person).
    // GRAIN_SIGMA: the photo's noise level, given to the filled pixels so they do not read as a smear.
    BackgroundPlate(const cv::Mat& roi, const cv::Mat& alpha, double grain_sigma);

    bool empty() const { return m_plate.empty(); }
    const cv::Mat& plate() const { return m_plate; }
    const cv::Mat& alpha() const { return m_alpha; }

    // DST holds the region warped by (MAPX, MAPY) (backward maps, region pixels): the person is put back over
    // the plate with its coverage warped the same way, so background pixels never move.
    void composite(const cv::Mat& mapx, const cv::Mat& mapy, cv::Mat& dst) const;

private:
    cv::Mat m_plate; // RGB 8-bit: the photo where it shows background, the fill where the person was
    cv::Mat m_alpha; // 8-bit person coverage
};

} // namespace emote::live
