// Small value types shared by the face library (no torch, OpenCV or Qt types).
//
//   emote::face::BoxF box{10.5, 20.0, 64.0, 80.0};   // x, y, width, height in image pixels
//   double right = box.right();
//   emote::face::FloatTensor t{{1, 112, 112, 3}, std::vector<float>(112 * 112 * 3)};   // NHWC
#pragma once

#include <cstdint>
#include <vector>

namespace emote::face {

// Image coordinates: pixels, x right, y down, origin at the top-left corner of the top-left pixel.
struct PointF {
    double x = 0.0;
    double y = 0.0;
};

// A point with depth: x, y in image pixels; z in pixels too, along the view axis (negative = towards the camera).
struct Point3F {
    double x = 0.0;
    double y = 0.0;
    double z = 0.0;
};

struct BoxF {
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
    double area() const { return width * height; }
};

// An integer pixel rectangle, e.g. the region cut out of an image for a network.
struct BoxI {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    bool empty() const { return width <= 0 || height <= 0; }
    bool operator==(const BoxI&) const = default;
};

struct Detection {
    double score = 0.0; // detector confidence, 0..1
    BoxF box;           // image pixels; may extend past the image's right/bottom edge
};

enum class DetectorKind {
    Ssd,  // SSD MobileNetV1: the accurate default
    Tiny, // Tiny face detector: faster, less accurate
};

enum class LandmarkModel {
    Full, // FaceLandmark68Net
    Tiny, // FaceLandmark68TinyNet
};

// A dense float32 tensor in NHWC (channels last) layout, the order face-api uses everywhere.
struct FloatTensor {
    std::vector<int64_t> shape;
    std::vector<float> values;

    int64_t numel() const
    {
        int64_t n = 1;
        for (const int64_t d : shape)
            n *= d;
        return n;
    }
};

} // namespace emote::face
