#include "core/face/face_crop.h"

#include "core/common/error.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace emote::face {

namespace {

cv::Mat wrap(const Image& img) { return cv::Mat(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data())); }
cv::Mat wrap(Mask8& m) { return cv::Mat(m.height, m.width, CV_8UC1, m.values.data()); }

// OpenCV samples at pixel centres (pixel i at i); our coordinates put pixel i at [i, i+1). For
// dst = s·src + t in ours, OpenCV's matrix needs t + (s − 1)/2.
cv::Mat affineFor(const SimilarityTransform& t)
{
    return (cv::Mat_<double>(2, 3) << t.scale, 0.0, t.tx + (t.scale - 1.0) / 2, 0.0, t.scale,
            t.ty + (t.scale - 1.0) / 2);
}

int borderMode(BorderFill f)
{
    switch (f) {
    case BorderFill::Replicate: return cv::BORDER_REPLICATE;
    case BorderFill::Reflect: return cv::BORDER_REFLECT_101;
    case BorderFill::Constant: return cv::BORDER_CONSTANT;
    case BorderFill::ShiftInside: return cv::BORDER_REPLICATE; // never reached outside the photo
    }
    return cv::BORDER_REPLICATE;
}

FaceCrop cropAround(const Image& photo, PointF center, double face_size, const CropOptions& o)
{
    if (photo.empty())
        throwUsage("cannot crop a face out of an empty image.");
    if (!(o.aspect > 0.05 && o.aspect < 20.0))
        throwUsage("the crop aspect must lie between 0.05 and 20, got " + std::to_string(o.aspect) + ".");
    if (!(o.expand > 0.0 && o.expand <= 50.0))
        throwUsage("the crop expand ratio must lie in (0, 50], got " + std::to_string(o.expand) + ".");
    if (o.output_height_px < 0 || o.output_height_px > 16384)
        throwUsage("the crop height must lie in 0..16384 px.");
    if (!(face_size > 0.0))
        throwUsage("cannot crop around an empty face box.");

    const double W = photo.width, H = photo.height;
    double win_h = o.expand * face_size;
    double win_w = win_h * o.aspect;
    const double cx = center.x + o.offset_x * face_size;
    const double cy = center.y + o.offset_y * face_size;
    if (o.fill == BorderFill::ShiftInside) {
        const double f = std::min({1.0, W / win_w, H / win_h});
        win_w *= f;
        win_h *= f;
    }
    double x0 = cx - win_w / 2, y0 = cy - win_h / 2;
    if (o.fill == BorderFill::ShiftInside) {
        x0 = std::clamp(x0, 0.0, W - win_w);
        y0 = std::clamp(y0, 0.0, H - win_h);
    }

    FaceCrop crop;
    crop.window = {x0, y0, win_w, win_h};
    crop.padded = x0 < 0 || y0 < 0 || x0 + win_w > W || y0 + win_h > H;
    const int out_h = o.output_height_px > 0 ? o.output_height_px : std::max(1, int(std::lround(win_h)));
    const int out_w = std::max(1, int(std::lround(out_h * o.aspect)));
    const double s = out_h / win_h;
    crop.transform = {s, -x0 * s, -y0 * s};

    // Shrinking: low-pass first so that the bilinear warp does not alias (sigma as skimage's rescale picks it).
    // Only the window's neighbourhood is filtered: huge photos stay cheap.
    const double sigma = s < 1.0 ? (1.0 / s - 1.0) / 2.0 : 0.0;
    const int margin = 2 + int(std::ceil(3 * sigma));
    const int rx0 = std::clamp(int(std::floor(x0)) - margin, 0, photo.width - 1);
    const int ry0 = std::clamp(int(std::floor(y0)) - margin, 0, photo.height - 1);
    const int rx1 = std::clamp(int(std::ceil(x0 + win_w)) + margin, rx0 + 1, photo.width);
    const int ry1 = std::clamp(int(std::ceil(y0 + win_h)) + margin, ry0 + 1, photo.height);
    cv::Mat roi = wrap(photo)(cv::Rect(rx0, ry0, rx1 - rx0, ry1 - ry0));
    // ROI is a view into the caller's (const) photo: blur into a new buffer. (Blurring into `src = roi` wrote
    // into the photo itself, so every crop softened the photo a little more and later face analyses of the
    // "same" photo differed.)
    cv::Mat src;
    if (sigma > 0.3)
        cv::GaussianBlur(roi, src, cv::Size(0, 0), sigma, sigma, cv::BORDER_REPLICATE);
    else
        src = roi;

    // The ROI ends where the photo ends wherever the window passes the photo's edge, so the border fill below
    // extrapolates from the photo's real edge.
    SimilarityTransform local = crop.transform;
    local.tx += s * rx0;
    local.ty += s * ry0;
    crop.image = Image(out_w, out_h);
    cv::Mat dst(out_h, out_w, CV_8UC3, crop.image.rgb.data());
    const cv::Scalar fill(o.fill_color.r, o.fill_color.g, o.fill_color.b);
    cv::warpAffine(src, dst, affineFor(local), dst.size(), s > 1.0 ? cv::INTER_CUBIC : cv::INTER_LINEAR,
                   borderMode(o.fill), fill);
    return crop;
}

} // namespace

std::vector<PointF> SimilarityTransform::pointsToCrop(const std::vector<PointF>& pts) const
{
    std::vector<PointF> out;
    out.reserve(pts.size());
    for (const PointF& p : pts)
        out.push_back(toCrop(p));
    return out;
}

std::vector<PointF> SimilarityTransform::pointsToImage(const std::vector<PointF>& pts) const
{
    std::vector<PointF> out;
    out.reserve(pts.size());
    for (const PointF& p : pts)
        out.push_back(toImage(p));
    return out;
}

FaceCrop cropFace(const Image& photo, const BoxF& box, const CropOptions& options)
{
    return cropAround(photo, {box.x + box.width / 2, box.y + box.height / 2}, std::max(box.width, box.height),
                      options);
}

FaceCrop cropFace(const Image& photo, const Face& face, const CropOptions& options)
{
    if (face.landmarks.empty())
        return cropFace(photo, face.box, options);
    // The landmarks hug the face (brows to chin) more tightly and consistently than the detector's box.
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const PointF& p : face.landmarks) {
        x0 = std::min(x0, p.x);
        y0 = std::min(y0, p.y);
        x1 = std::max(x1, p.x);
        y1 = std::max(y1, p.y);
    }
    return cropAround(photo, {(x0 + x1) / 2, (y0 + y1) / 2}, std::max(x1 - x0, y1 - y0), options);
}

Mask8 faceRegionMask(int width, int height, const std::vector<PointF>& lm, const FaceMaskOptions& o)
{
    if (width <= 0 || height <= 0)
        throwUsage("a face mask needs a positive size.");
    if (lm.size() != 68)
        throwUsage("a face mask needs the 68 landmarks, got " + std::to_string(lm.size()) + " points.");
    Mask8 mask(width, height);

    std::vector<cv::Point2d> pts;
    for (const PointF& p : lm)
        pts.push_back({p.x, p.y});
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (const auto& p : pts) {
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
    const double face_size = std::max(x1 - x0, y1 - y0);
    if (o.include_forehead) {
        // Up is perpendicular to the eye line; the forehead rises about half the eye-to-mouth distance
        // above the brows.
        cv::Point2d le(0, 0), re(0, 0), mouth(0, 0);
        for (int i = 36; i < 42; ++i)
            le += pts[size_t(i)] / 6.0;
        for (int i = 42; i < 48; ++i)
            re += pts[size_t(i)] / 6.0;
        for (int i = 48; i < 68; ++i)
            mouth += pts[size_t(i)] / 20.0;
        const cv::Point2d eye_dir = re - le;
        const double n = std::hypot(eye_dir.x, eye_dir.y);
        if (n > 1e-9) {
            const cv::Point2d up(eye_dir.y / n, -eye_dir.x / n);
            const cv::Point2d eyes = (le + re) / 2.0;
            const double rise = 0.5 * std::hypot(mouth.x - eyes.x, mouth.y - eyes.y);
            for (int i = 17; i <= 26; ++i)
                pts.push_back(pts[size_t(i)] + up * rise);
        }
    }
    std::vector<cv::Point2f> ptsf(pts.begin(), pts.end());
    std::vector<cv::Point2f> hull;
    cv::convexHull(ptsf, hull);
    constexpr int kShift = 4; // sub-pixel vertices
    std::vector<cv::Point> poly;
    for (const auto& p : hull)
        poly.push_back({int(std::lround((p.x - 0.5) * (1 << kShift))), int(std::lround((p.y - 0.5) * (1 << kShift)))});
    cv::Mat m = wrap(mask);
    cv::fillConvexPoly(m, poly, cv::Scalar(255), cv::LINE_AA, kShift);

    if (o.grow > 0.0) {
        const int r = std::max(1, int(std::lround(o.grow * face_size)));
        cv::dilate(m, m, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * r + 1, 2 * r + 1)));
    }
    const double feather = o.feather_px >= 0.0 ? o.feather_px : 0.04 * face_size;
    if (feather > 0.5)
        cv::GaussianBlur(m, m, cv::Size(0, 0), feather / 2.0);
    return mask;
}

Mask8 faceLocatorMask(int width, int height, const std::vector<BoxF>& boxes, double expand)
{
    if (width <= 0 || height <= 0)
        throwUsage("a face-locator mask needs a positive size.");
    if (!(expand > 0.0))
        throwUsage("the face-locator expand ratio must be positive.");
    Mask8 mask(width, height);
    cv::Mat m = wrap(mask);
    for (const BoxF& b : boxes) {
        const double cx = b.x + b.width / 2, cy = b.y + b.height / 2;
        const double w = b.width * expand, h = b.height * expand;
        // Every pixel the box touches is inside (floor/ceil): the locator marks where the face may be.
        const int x0 = std::clamp(int(std::floor(cx - w / 2)), 0, width);
        const int y0 = std::clamp(int(std::floor(cy - h / 2)), 0, height);
        const int x1 = std::clamp(int(std::ceil(cx + w / 2)), 0, width);
        const int y1 = std::clamp(int(std::ceil(cy + h / 2)), 0, height);
        if (x1 > x0 && y1 > y0)
            m(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(255);
    }
    return mask;
}

Image pasteCrop(const Image& photo, const Image& crop_result, const SimilarityTransform& t, const Mask8* mask)
{
    if (photo.empty() || crop_result.empty())
        throwUsage("cannot paste an empty image.");
    if (!(t.scale > 0.0))
        throwUsage("the crop transform needs a positive scale.");
    Mask8 alpha;
    if (mask) {
        if (mask->width != crop_result.width || mask->height != crop_result.height)
            throwUsage("the paste mask must have the crop's size.");
        alpha = *mask;
    } else {
        alpha = Mask8(crop_result.width, crop_result.height);
        cv::Mat a = wrap(alpha);
        const int edge = std::max(1, int(std::lround(0.02 * std::min(crop_result.width, crop_result.height))));
        a(cv::Rect(edge, edge, std::max(1, crop_result.width - 2 * edge), std::max(1, crop_result.height - 2 * edge)))
            .setTo(255);
        cv::GaussianBlur(a, a, cv::Size(0, 0), edge / 2.0);
    }

    // Only the crop's footprint in the photo is warped and blended.
    const BoxF fp = t.toImage(BoxF{0, 0, double(crop_result.width), double(crop_result.height)});
    const int x0 = std::clamp(int(std::floor(fp.x)) - 1, 0, photo.width);
    const int y0 = std::clamp(int(std::floor(fp.y)) - 1, 0, photo.height);
    const int x1 = std::clamp(int(std::ceil(fp.right())) + 1, 0, photo.width);
    const int y1 = std::clamp(int(std::ceil(fp.bottom())) + 1, 0, photo.height);
    Image out = photo;
    if (x1 <= x0 || y1 <= y0)
        return out;
    // crop → footprint: p_fp = p_crop / s − t/s − (x0, y0).
    const SimilarityTransform back{1.0 / t.scale, -t.tx / t.scale - x0, -t.ty / t.scale - y0};
    const cv::Size size(x1 - x0, y1 - y0);
    cv::Mat rgb, a;
    const bool enlarge = back.scale > 1.0;
    cv::warpAffine(wrap(crop_result), rgb, affineFor(back), size, enlarge ? cv::INTER_CUBIC : cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT);
    cv::warpAffine(wrap(alpha), a, affineFor(back), size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::Mat dst = wrap(out)(cv::Rect(x0, y0, size.width, size.height));
    for (int y = 0; y < size.height; ++y) {
        uint8_t* d = dst.ptr<uint8_t>(y);
        const uint8_t* s = rgb.ptr<uint8_t>(y);
        const uint8_t* w = a.ptr<uint8_t>(y);
        for (int x = 0; x < size.width; ++x)
            for (int c = 0; c < 3; ++c) {
                const int v = (int(s[3 * x + c]) * w[x] + int(d[3 * x + c]) * (255 - w[x]) + 127) / 255;
                d[3 * x + c] = uint8_t(v);
            }
    }
    return out;
}

} // namespace emote::face
