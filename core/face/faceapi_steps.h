// The steps between face-api's networks, with face-api's exact arithmetic: input tensors (pad to square +
// TF legacy bilinear resize), crop boxes, detector decoding and NMS, landmark post-processing and the two face
// alignments. Each function reproduces what @vladmandic/face-api 1.7.15 computes in JavaScript (float64
// unless noted), so that the golden outputs in tests/golden/faceapi are matched to the last bit where the
// README says they must be (integer crop boxes, input tensors).
//
//   using namespace emote::face;
//   const BoxI crop = faceapi::clipAtImageBorders(faceapi::relativeRoundTrip(det.box, w, h), w, h);
//   FloatTensor input = faceapi::toBatchTensor(image, {crop}, 112, faceapi::SquarePad::Center);
//   ... run FaceNets::landmarks(input) ...
//   std::vector<PointF> lm = faceapi::landmarkPositions(rel, crop.width, crop.height, det.box);
//
// Most callers want FaceAnalyzer (face_analyzer.h), which chains these steps.
#pragma once

#include "core/common/image.h"
#include "core/face/face_types.h"

#include <vector>

namespace emote::face::faceapi {

// JavaScript Math.round: halves go up (floor(v + 0.5)), unlike std::rint and Python's round.
int jsRound(double v);

// The size of the image inside a detector's square input: round(W · (size / max(W, H))) and likewise H.
struct ReshapedSize {
    int width = 0;
    int height = 0;
};
ReshapedSize reshapedSize(int image_width, int image_height, int input_size);

// Where toBatchTensor puts the zero padding that makes a crop square.
enum class SquarePad {
    End,    // all at the bottom / right (both detectors)
    Center, // round(d/2) at the bottom / right, the rest at the top / left (all face nets)
};

// Cut each box out of IMAGE (boxes must lie inside it), pad it to a square with zeros, and resize it to
// SIZE × SIZE with TF's legacy bilinear mapping evaluated in float64. Returns N × SIZE × SIZE × 3 RGB values
// in 0..255 (float32, before any normalisation).
FloatTensor toBatchTensor(const Image& image, const std::vector<BoxI>& crops, int size, SquarePad pad);

// face-api maps detection boxes to relative coordinates and back before cutting: x·(1/W)·W, per component.
BoxF relativeRoundTrip(const BoxF& box, int image_width, int image_height);

// face-api's clipAtImageBorders: clip to the image, then floor x, y, width and height separately.
BoxI clipAtImageBorders(const BoxF& box, int image_width, int image_height);

struct SsdDecodeOptions {
    double min_confidence = 0.5;
    int max_results = 100;
    double iou_threshold = 0.5;
    int input_size = 512;
};

// Detections from SSD's decoded boxes (A × 4 `ymin, xmin, ymax, xmax`, relative to the input square) and
// scores (A): face-api's greedy NMS, then the mapping to image pixels. Sorted by descending score.
std::vector<Detection> ssdDetections(const FloatTensor& boxes, const FloatTensor& scores, int image_width,
                                     int image_height, const SsdDecodeOptions& options = {});

struct TinyDecodeOptions {
    int input_size = 416;
    double score_threshold = 0.5;
    double iou_threshold = 0.4;
};

// Detections from the tiny detector's raw output (1 × G × G × 25: 5 anchors × tx, ty, tw, th, to).
std::vector<Detection> tinyDetections(const FloatTensor& output, int image_width, int image_height,
                                      const TinyDecodeOptions& options = {});

// Landmark net output (136 values in the 112 square) → 136 float32 positions relative to the crop, with
// face-api's padding correction (FaceLandmark68NetBase.postProcess). INPUT_SIZE is the net's input side (112).
std::vector<float> landmarksRelative(const float* output, int crop_width, int crop_height, int input_size = 112);

// Relative landmarks → image pixels, shifted by the detection box origin (unclipped, unfloored) as face-api
// does; UNSHIFTED (optional) receives the positions relative to that origin.
std::vector<PointF> landmarkPositions(const std::vector<float>& relative, int crop_width, int crop_height,
                                      const BoxF& detection_box, std::vector<PointF>* unshifted = nullptr);

// The box that feeds the expression and age/gender nets: min bbox of the landmarks (face-api's minBbox, whose
// max starts at 0) padded by 20 %, after face-api's relative round trip. As reported in `aligned_rect`.
BoxF alignedRect(const std::vector<PointF>& landmarks, int image_width, int image_height);

// The dlib-style aligned square that feeds the recognition net (face-api's alignDlib). CROP_* are the size of
// the landmark crop the points came from.
BoxF dlibRect(const std::vector<PointF>& landmarks, int crop_width, int crop_height);

// face-api's integer roll/pitch/yaw heuristic (degrees) from the unshifted landmarks.
struct FaceApiAngle {
    int roll = 0;
    int pitch = 0;
    int yaw = 0;
};
FaceApiAngle faceAngle(const std::vector<PointF>& unshifted);

} // namespace emote::face::faceapi
