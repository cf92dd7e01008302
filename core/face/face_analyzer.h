// Faces in a photo: detection, 68 landmarks, 128-d identity descriptor, expression, head pose — face-api's
// pretrained networks (@vladmandic/face-api 1.7.15) run natively, with face-api's exact pre/post-processing.
//
//   emote::face::FaceAnalyzer analyzer;                     // loads the models once (~0.2 s); reuse it
//   const emote::Image photo = emote::media::readImage("me.jpg");
//   emote::face::FaceAnalysis result = analyzer.analyze(photo);
//   for (const emote::face::Face& f : result.faces)         // largest face first
//       std::printf("%.0f×%.0f at (%.0f, %.0f), %s\n", f.box.width, f.box.height, f.box.x, f.box.y,
//                   emote::face::expressionName(f.topExpression()));
//   double d = emote::face::identityDistance(a.descriptor, b.descriptor); // < 0.6: same person
//
// analyze() is const and may run from several threads at once on one analyzer. Photos whose longest side
// exceeds AnalyzeOptions::max_analysis_side_px are analysed on a downscaled copy; every coordinate returned is
// in the original photo's pixels. Grayscale and RGBA files arrive as RGB through media::readImage.
#pragma once

#include "core/common/image.h"
#include "core/face/face_nets.h"
#include "core/face/face_types.h"
#include "core/face/head_pose.h"

#include <array>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace emote::face {

// The seven classes of face-api's expression net, in its output order.
enum class Expression { Neutral, Happy, Sad, Angry, Fearful, Disgusted, Surprised };
constexpr int kExpressionCount = 7;
const char* expressionName(Expression e); // "neutral", "happy", ...

// What to compute for each detected face (bit flags). Descriptor, expression and age/gender need the
// landmarks (their crops are aligned from them), so asking for any of them runs the landmark net too.
enum FaceStage : unsigned {
    kStageLandmarks = 1u << 0,
    kStageDescriptor = 1u << 1,
    kStageExpression = 1u << 2,
    kStageAgeGender = 1u << 3,
    kStagesDefault = kStageLandmarks | kStageDescriptor | kStageExpression,
    kStagesAll = kStagesDefault | kStageAgeGender,
};

enum class FaceOrder {
    LargestFirst,  // by box area, largest first (ties keep the detector's order)
    DetectorOrder, // as the detector ranks them: by descending score
};

struct AnalyzeOptions {
    DetectorKind detector = DetectorKind::Ssd;
    double min_confidence = 0.5;  // SSD minConfidence / tiny scoreThreshold (face-api's defaults)
    int max_faces = 100;          // SSD maxResults; also caps the tiny detector's list
    int tiny_input_size = 416;    // tiny detector input side, a multiple of 32
    unsigned stages = kStagesDefault;
    LandmarkModel landmark_model = LandmarkModel::Full;
    FaceOrder order = FaceOrder::LargestFirst;
    int max_analysis_side_px = 2048; // larger photos are analysed on a downscaled copy
    int small_face_px = 48;          // faces shorter than this are flagged `small`
    // Not empty: these boxes (original photo pixels) are the faces and no detector runs — face-api's
    // detectFaceLandmarks on given detections. Their score is 1. A tracker that holds a face's box steady
    // across frames gets landmarks without the detector's frame-to-frame box noise.
    std::vector<BoxF> boxes;
};

struct Face {
    double score = 0.0;            // detector confidence, 0..1
    BoxF box;                      // detection box (original photo pixels; may pass the right/bottom edge)
    std::vector<PointF> landmarks; // 68 points, dlib/iBUG order; empty without kStageLandmarks
    std::vector<float> descriptor; // 128-d identity embedding (not normalised); empty without kStageDescriptor
    std::array<float, kExpressionCount> expressions{}; // probabilities in Expression order
    bool has_expressions = false;
    double age_years = -1.0;       // with kStageAgeGender
    double male_probability = -1.0;
    HeadPose pose;                 // from the landmarks
    bool has_pose = false;
    bool small = false;            // box height under AnalyzeOptions::small_face_px: expect poorer results

    Expression topExpression() const;
};

struct FaceAnalysis {
    int image_width = 0;  // the photo analysed (original pixels)
    int image_height = 0;
    double analysis_scale = 1.0; // downscaled copy / original (1 when analysed at full size)
    std::vector<Face> faces;
    std::vector<std::string> warnings; // human-readable, one per problem (small faces, downscaling)
};

class FaceAnalyzer {
public:
    // Loads the networks named by NETS (FaceNetFlag bits) from FACE_MODELS_DIR once. Throws emote::Error(Input)
    // naming a missing or damaged model file and the setup command that restores it.
    explicit FaceAnalyzer(const std::filesystem::path& face_models_dir = FaceNets::defaultModelsDir(),
                          unsigned nets = kAllFaceNets);
    ~FaceAnalyzer();
    FaceAnalyzer(FaceAnalyzer&&) noexcept;
    FaceAnalyzer& operator=(FaceAnalyzer&&) noexcept;

    // Throws emote::Error(Usage) for options that need a net this analyzer did not load or are out of range.
    FaceAnalysis analyze(const Image& image, const AnalyzeOptions& options = {}) const;

    const FaceNets& nets() const;

private:
    std::unique_ptr<FaceNets> m_nets;
};

// Euclidean distance between two descriptors; face-api's threshold for "same person" is 0.6.
// Throws emote::Error(Usage) when the sizes differ or are zero.
double identityDistance(const std::vector<float>& a, const std::vector<float>& b);
constexpr double kSameIdentityDistance = 0.6;

} // namespace emote::face
