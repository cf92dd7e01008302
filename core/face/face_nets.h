// face-api's seven pretrained networks, run natively (libtorch behind this torch-free header).
//
//   emote::face::FaceNets nets(emote::face::FaceNets::defaultModelsDir(), emote::face::kAllFaceNets);
//   FloatTensor input = faceapi::toBatchTensor(image, {crop}, 112, faceapi::SquarePad::Center); // 0..255
//   emote::face::LandmarkNetOutput lm = nets.landmarks(input, emote::face::LandmarkModel::Full);
//   // lm.output: N × 136 raw positions in the 112 square
//
// Inputs are N × S × S × 3 RGB values in 0..255 exactly as face-api's toBatchTensor makes them (see
// faceapi_steps.h); each net applies its own normalisation. Outputs are NHWC like face-api's, so they compare
// directly with the golden tensors. Weights load once from the tfjs files in `<models>/face-api/`; all methods
// are const and safe to call from several threads at once (each call runs under its own inference guard).
#pragma once

#include "core/face/face_types.h"

#include <filesystem>
#include <memory>

namespace emote::face {

// Which networks a FaceNets loads (bit flags).
enum FaceNetFlag : unsigned {
    kSsdMobilenetV1 = 1u << 0,   // ssd_mobilenetv1_model
    kTinyFaceDetector = 1u << 1, // tiny_face_detector_model
    kLandmark68 = 1u << 2,       // face_landmark_68_model
    kLandmark68Tiny = 1u << 3,   // face_landmark_68_tiny_model
    kRecognition = 1u << 4,      // face_recognition_model
    kExpression = 1u << 5,       // face_expression_model
    kAgeGender = 1u << 6,        // age_gender_model
    kAllFaceNets = (1u << 7) - 1,
};

struct SsdNetOutput {
    FloatTensor box_encodings; // A × 4 raw (ty, tx, th, tw), A = 5118 anchors for a 512 input
    FloatTensor class_logits;  // A × 3 (column 1 = face)
    FloatTensor boxes;         // A × 4 decoded (ymin, xmin, ymax, xmax), relative to the input square
    FloatTensor scores;        // A, sigmoid(class_logits[:, 1])
};

struct LandmarkNetOutput {
    FloatTensor features; // N × 1 × 1 × C (C = 256 full, 128 tiny), after the average pool
    FloatTensor output;   // N × 136 raw (x0, y0, x1, y1, ...) in the input square, 0..1
};

struct ExpressionNetOutput {
    FloatTensor features; // N × 1 × 1 × 256
    FloatTensor logits;   // N × 7
    FloatTensor probs;    // N × 7 softmax: neutral, happy, sad, angry, fearful, disgusted, surprised
};

struct AgeGenderNetOutput {
    FloatTensor features;      // N × 7 × 7 × 512 (TinyXception output, before the average pool)
    FloatTensor age;           // N, years
    FloatTensor gender_logits; // N × 2
    FloatTensor gender_probs;  // N × 2, column 0 = male
};

class FaceNets {
public:
    // Loads the networks named by NETS (FaceNetFlag bits) from FACE_MODELS_DIR (the folder holding the
    // `*-weights_manifest.json` files). Throws emote::Error(Input) naming any missing or damaged file.
    explicit FaceNets(const std::filesystem::path& face_models_dir, unsigned nets = kAllFaceNets);
    ~FaceNets();
    FaceNets(FaceNets&&) noexcept;
    FaceNets& operator=(FaceNets&&) noexcept;
    FaceNets(const FaceNets&) = delete;
    FaceNets& operator=(const FaceNets&) = delete;

    // `$EMOTE_MODELS_DIR/face-api` when that variable is set, else the build's models folder + `/face-api`.
    static std::filesystem::path defaultModelsDir();

    bool has(FaceNetFlag net) const;

    SsdNetOutput ssd(const FloatTensor& input) const;                     // 1 × 512 × 512 × 3
    FloatTensor tinyDetector(const FloatTensor& input) const; // 1 × S × S × 3 → 1 × S/32 × S/32 × 25
    LandmarkNetOutput landmarks(const FloatTensor& input, LandmarkModel model) const; // N × 112 × 112 × 3
    FloatTensor recognition(const FloatTensor& input) const;              // N × 150 × 150 × 3 → N × 128
    ExpressionNetOutput expression(const FloatTensor& input) const;       // N × 112 × 112 × 3
    AgeGenderNetOutput ageGender(const FloatTensor& input) const;         // N × 112 × 112 × 3

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace emote::face
