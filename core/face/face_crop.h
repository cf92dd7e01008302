// Crops, masks and paste-back for the engines (plain C++; OpenCV stays inside face_crop.cpp).
//
//   const emote::face::Face& face = analysis.faces.front();
//   emote::face::CropOptions opt;                  // square, 1.8 × the face, 512 px, edges replicated
//   emote::face::FaceCrop crop = emote::face::cropFace(photo, face, opt);
//   // crop.transform maps photo pixels to crop pixels; run the engine on crop.image ...
//   emote::face::Mask8 mask = emote::face::faceRegionMask(crop.image.width, crop.image.height,
//                                                         crop.transform.pointsToCrop(face.landmarks));
//   emote::Image out = emote::face::pasteCrop(photo, engine_frame, crop.transform, &mask);
//   emote::face::Mask8 locator = emote::face::faceLocatorMask(512, 512, boxes_over_the_clip);
//
// Coordinates are continuous pixels: pixel (i, j) covers [i, i+1) × [j, j+1) — the convention of the face
// boxes and landmarks. Masks are 8-bit, 0 = outside, 255 = inside.
#pragma once

#include "core/common/image.h"
#include "core/face/face_analyzer.h"
#include "core/face/face_types.h"

#include <cstdint>
#include <vector>

namespace emote::face {

// crop = photo · scale + (tx, ty): a uniform scale and a shift (no rotation).
struct SimilarityTransform {
    double scale = 1.0;
    double tx = 0.0;
    double ty = 0.0;

    PointF toCrop(const PointF& p) const { return {p.x * scale + tx, p.y * scale + ty}; }
    PointF toImage(const PointF& p) const { return {(p.x - tx) / scale, (p.y - ty) / scale}; }
    BoxF toCrop(const BoxF& b) const { return {b.x * scale + tx, b.y * scale + ty, b.width * scale, b.height * scale}; }
    BoxF toImage(const BoxF& b) const
    {
        return {(b.x - tx) / scale, (b.y - ty) / scale, b.width / scale, b.height / scale};
    }
    std::vector<PointF> pointsToCrop(const std::vector<PointF>& pts) const;
    std::vector<PointF> pointsToImage(const std::vector<PointF>& pts) const;
};

// What fills the part of a crop window that lies outside the photo.
enum class BorderFill {
    ShiftInside, // move the window inside the photo (shrinking it when the photo is too small): no fill at all
    Replicate,   // repeat the edge pixels (cv::BORDER_REPLICATE)
    Reflect,     // mirror the photo at its edge (cv::BORDER_REFLECT_101)
    Constant,    // a flat colour
};

struct CropOptions {
    double aspect = 1.0;       // crop width / height
    double expand = 1.8;       // crop height = expand × face size (face size: the larger side of the face box)
    double offset_x = 0.0;     // crop centre shift in face sizes, + = right
    double offset_y = 0.0;     // crop centre shift in face sizes, + = down
    int output_height_px = 512; // crop height in pixels (width = round(height × aspect)); 0 keeps the photo's scale
    BorderFill fill = BorderFill::Replicate;
    Rgb fill_color{0, 0, 0};   // for BorderFill::Constant
};

struct FaceCrop {
    Image image;
    SimilarityTransform transform; // photo pixels → crop pixels
    BoxF window;                   // the crop window in photo pixels (may extend past the photo when padded)
    bool padded = false;           // part of the window lay outside the photo and was filled
};

// Crop around a face box (a detection box or any face rectangle). Throws emote::Error(Usage) for bad options.
FaceCrop cropFace(const Image& photo, const BoxF& face_box, const CropOptions& options = {});
// Crop around an analysed face: centred on its landmarks' bounding box when it has landmarks, else its box.
FaceCrop cropFace(const Image& photo, const Face& face, const CropOptions& options = {});

// 8-bit single-channel mask, rows packed.
struct Mask8 {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> values; // height · width

    Mask8() = default;
    Mask8(int w, int h) : width(w), height(h), values(size_t(w) * size_t(h), 0) {}
    bool empty() const { return width <= 0 || height <= 0; }
    uint8_t at(int x, int y) const { return values[size_t(y) * size_t(width) + size_t(x)]; }
};

struct FaceMaskOptions {
    bool include_forehead = true; // extend above the brows (the 68 points stop there)
    double grow = 0.0;            // dilate by this fraction of the face size before feathering
    double feather_px = -1.0;     // soft edge width; < 0 picks 4 % of the face size
};

// The face region: convex hull of the 68 landmarks (plus forehead), feathered, in a WIDTH × HEIGHT frame.
Mask8 faceRegionMask(int width, int height, const std::vector<PointF>& landmarks, const FaceMaskOptions& options = {});

// EMO's face-locator mask: the union of the face boxes of every frame of a clip (each scaled by EXPAND around
// its centre), 255 inside, 0 outside.
Mask8 faceLocatorMask(int width, int height, const std::vector<BoxF>& boxes, double expand = 1.0);

// Paste CROP_RESULT (an image in crop space, e.g. an engine's output frame) back into PHOTO through TRANSFORM,
// blended by MASK (crop space; null: the whole crop with a 2 % feathered edge). Returns the composited photo.
Image pasteCrop(const Image& photo, const Image& crop_result, const SimilarityTransform& transform,
                const Mask8* mask = nullptr);

} // namespace emote::face
