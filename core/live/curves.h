// Small 2D helpers the Live renderers share (internal to core/live): the face's upright frame, smooth lines
// through landmarks and reading a photo between its pixels.
//
//   auto lid = sortedByX(catmullRom({corner_a, upper_1, upper_2, corner_b}, 6));
//   double y = curveAt(lid, x);                 // the line's height at x
//   cv::Vec3f c = bilinear(photo_f32, {x, y});  // float RGB between pixels
#pragma once

#include <opencv2/core.hpp>

#include <vector>

namespace emote::live {

// The face's upright frame: the eye line made level (roll removed), in region pixels.
struct UprightFrame {
    cv::Point2d centre;
    double c = 1, s = 0; // cos/sin of the face's roll
    cv::Point2d to(const cv::Point2d& p) const
    {
        const cv::Point2d r = p - centre;
        return {c * r.x + s * r.y, -s * r.x + c * r.y};
    }
    cv::Point2d from(const cv::Point2d& q) const { return centre + offset(q); }
    cv::Point2d offset(const cv::Point2d& d) const { return {c * d.x - s * d.y, s * d.x + c * d.y}; }
};

// Points of a Catmull–Rom spline through P (open curve, ends included), SEG samples per span.
std::vector<cv::Point2d> catmullRom(const std::vector<cv::Point2d>& p, int seg);
// y of the polyline through PTS (sorted by x) at X, linear; clamps at the ends.
double curveAt(const std::vector<cv::Point2d>& pts, double x);
std::vector<cv::Point2d> sortedByX(std::vector<cv::Point2d> v);
// IMG: CV_32FC3; P clamped into the image.
cv::Vec3f bilinear(const cv::Mat& img, const cv::Point2d& p);
double smoothstep(double e0, double e1, double x);
// The smallest (or largest, MAX) of V over 2·R+1 values around each (fewer at the ends).
std::vector<double> runningExtreme(const std::vector<double>& v, int r, bool max);
// The mean of V over 2·R+1 values around each (fewer at the ends).
std::vector<double> boxMean(const std::vector<double>& v, int r);
// R grown by PAD pixels on every side, cut to an image of SIZE.
inline cv::Rect grownWithin(const cv::Rect& r, int pad, const cv::Size& size)
{
    return cv::Rect(r.x - pad, r.y - pad, r.width + 2 * pad, r.height + 2 * pad) & cv::Rect(cv::Point(), size);
}

} // namespace emote::live
