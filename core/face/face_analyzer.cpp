#include "core/face/face_analyzer.h"

#include "core/common/error.h"
#include "core/face/faceapi_steps.h"
#include "core/media/image_ops.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace emote::face {

namespace {

using faceapi::SquarePad;

// Net input sides fixed by the pretrained weights.
constexpr int kSsdInputPx = 512;
constexpr int kFaceNetInputPx = 112;
constexpr int kRecognitionInputPx = 150;

std::string format(const char* fmt, double a, double b = 0, double c = 0, double d = 0)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a, b, c, d);
    return buf;
}

void checkOptions(const AnalyzeOptions& o, const FaceNets& nets)
{
    if (!(o.min_confidence >= 0.0 && o.min_confidence < 1.0))
        throwUsage("the minimum face confidence must lie in [0, 1), got " + std::to_string(o.min_confidence) + ".");
    if (o.max_faces < 1)
        throwUsage("the maximum number of faces must be at least 1.");
    if (o.tiny_input_size < 32 || o.tiny_input_size % 32 != 0 || o.tiny_input_size > 2048)
        throwUsage("the tiny detector's input size must be a multiple of 32 between 32 and 2048, got " +
                   std::to_string(o.tiny_input_size) + ".");
    if (o.max_analysis_side_px < 64)
        throwUsage("the analysis size must be at least 64 px.");
    auto need = [&](bool wanted, FaceNetFlag net, const char* what) {
        if (wanted && !nets.has(net))
            throwUsage(std::string("this face analyzer was created without the ") + what + " network.");
    };
    need(o.detector == DetectorKind::Ssd, kSsdMobilenetV1, "SSD MobileNetV1 detector");
    need(o.detector == DetectorKind::Tiny, kTinyFaceDetector, "tiny face detector");
    const bool landmarks = o.stages != 0;
    need(landmarks && o.landmark_model == LandmarkModel::Full, kLandmark68, "68-point landmark");
    need(landmarks && o.landmark_model == LandmarkModel::Tiny, kLandmark68Tiny, "tiny 68-point landmark");
    need(o.stages & kStageDescriptor, kRecognition, "face recognition");
    need(o.stages & kStageExpression, kExpression, "expression");
    need(o.stages & kStageAgeGender, kAgeGender, "age/gender");
}

} // namespace

const char* expressionName(Expression e)
{
    static constexpr const char* kNames[kExpressionCount] = {"neutral", "happy",     "sad",      "angry",
                                                             "fearful", "disgusted", "surprised"};
    const int i = int(e);
    return i >= 0 && i < kExpressionCount ? kNames[i] : "unknown";
}

Expression Face::topExpression() const
{
    return Expression(std::max_element(expressions.begin(), expressions.end()) - expressions.begin());
}

FaceAnalyzer::FaceAnalyzer(const std::filesystem::path& face_models_dir, unsigned nets)
    : m_nets(std::make_unique<FaceNets>(face_models_dir, nets))
{
}

FaceAnalyzer::~FaceAnalyzer() = default;
FaceAnalyzer::FaceAnalyzer(FaceAnalyzer&&) noexcept = default;
FaceAnalyzer& FaceAnalyzer::operator=(FaceAnalyzer&&) noexcept = default;

const FaceNets& FaceAnalyzer::nets() const { return *m_nets; }

FaceAnalysis FaceAnalyzer::analyze(const Image& image, const AnalyzeOptions& opt) const
{
    if (image.empty() || image.rgb.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error(ErrorKind::Internal, "face analysis got an empty or malformed image.");
    checkOptions(opt, *m_nets);

    FaceAnalysis result;
    result.image_width = image.width;
    result.image_height = image.height;

    // Huge photos: the detectors see at most 512 px anyway, and face crops stay sharp at 2048 px.
    const Image* work = &image;
    Image scaled;
    double sx = 1.0, sy = 1.0;
    const int longest = std::max(image.width, image.height);
    if (longest > opt.max_analysis_side_px) {
        const double s = double(opt.max_analysis_side_px) / double(longest);
        const int w = std::max(1, int(std::lround(image.width * s)));
        const int h = std::max(1, int(std::lround(image.height * s)));
        scaled = media::resizeImage(image, w, h);
        work = &scaled;
        sx = double(w) / image.width;
        sy = double(h) / image.height;
        result.analysis_scale = std::min(sx, sy);
        result.warnings.push_back(format("the photo is %.0f×%.0f px; faces were found on a %.0f×%.0f copy.",
                                         image.width, image.height, w, h));
    }
    const int w = work->width, h = work->height;
    const BoxI whole{0, 0, w, h};

    std::vector<Detection> detections;
    if (!opt.boxes.empty()) {
        for (const BoxF& b : opt.boxes) {
            Detection d;
            d.score = 1.0;
            d.box = {b.x * sx, b.y * sy, b.width * sx, b.height * sy};
            detections.push_back(d);
        }
    } else if (opt.detector == DetectorKind::Ssd) {
        const SsdNetOutput out = m_nets->ssd(faceapi::toBatchTensor(*work, {whole}, kSsdInputPx, SquarePad::End));
        faceapi::SsdDecodeOptions d;
        d.min_confidence = opt.min_confidence;
        d.max_results = opt.max_faces;
        detections = faceapi::ssdDetections(out.boxes, out.scores, w, h, d);
    } else {
        const FloatTensor out =
            m_nets->tinyDetector(faceapi::toBatchTensor(*work, {whole}, opt.tiny_input_size, SquarePad::End));
        faceapi::TinyDecodeOptions d;
        d.input_size = opt.tiny_input_size;
        d.score_threshold = opt.min_confidence;
        detections = faceapi::tinyDetections(out, w, h, d);
        if (int(detections.size()) > opt.max_faces)
            detections.resize(size_t(opt.max_faces));
    }

    // face-api cuts each face out of the detection box after its relative round trip; a box wholly outside the
    // image leaves nothing to analyse.
    std::vector<Face> faces;
    std::vector<BoxI> lm_crops;
    for (const Detection& d : detections) {
        const BoxI crop = faceapi::clipAtImageBorders(faceapi::relativeRoundTrip(d.box, w, h), w, h);
        if (crop.empty())
            continue;
        Face f;
        f.score = d.score;
        f.box = d.box;
        faces.push_back(std::move(f));
        lm_crops.push_back(crop);
    }

    if (opt.stages != 0 && !faces.empty()) {
        const LandmarkNetOutput lo = m_nets->landmarks(
            faceapi::toBatchTensor(*work, lm_crops, kFaceNetInputPx, SquarePad::Center), opt.landmark_model);
        for (size_t i = 0; i < faces.size(); ++i) {
            const BoxI& c = lm_crops[i];
            const auto rel = faceapi::landmarksRelative(&lo.output.values[i * 136], c.width, c.height);
            faces[i].landmarks = faceapi::landmarkPositions(rel, c.width, c.height, faces[i].box);
        }

        if (opt.stages & kStageDescriptor) {
            std::vector<BoxI> crops;
            std::vector<size_t> which;
            for (size_t i = 0; i < faces.size(); ++i) {
                const BoxF r = faceapi::dlibRect(faces[i].landmarks, lm_crops[i].width, lm_crops[i].height);
                const BoxI c = faceapi::clipAtImageBorders(r, w, h);
                if (!c.empty()) {
                    crops.push_back(c);
                    which.push_back(i);
                }
            }
            if (!crops.empty()) {
                const FloatTensor d = m_nets->recognition(
                    faceapi::toBatchTensor(*work, crops, kRecognitionInputPx, SquarePad::Center));
                for (size_t k = 0; k < which.size(); ++k)
                    faces[which[k]].descriptor.assign(d.values.begin() + std::ptrdiff_t(k * 128),
                                                      d.values.begin() + std::ptrdiff_t((k + 1) * 128));
            }
        }

        if (opt.stages & (kStageExpression | kStageAgeGender)) {
            std::vector<BoxI> crops;
            std::vector<size_t> which;
            for (size_t i = 0; i < faces.size(); ++i) {
                const BoxF r = faceapi::alignedRect(faces[i].landmarks, w, h);
                const BoxI c = faceapi::clipAtImageBorders(faceapi::relativeRoundTrip(r, w, h), w, h);
                if (!c.empty()) {
                    crops.push_back(c);
                    which.push_back(i);
                }
            }
            if (!crops.empty()) {
                const FloatTensor input =
                    faceapi::toBatchTensor(*work, crops, kFaceNetInputPx, SquarePad::Center);
                if (opt.stages & kStageExpression) {
                    const ExpressionNetOutput e = m_nets->expression(input);
                    for (size_t k = 0; k < which.size(); ++k) {
                        Face& f = faces[which[k]];
                        std::copy_n(e.probs.values.begin() + std::ptrdiff_t(k * kExpressionCount), kExpressionCount,
                                    f.expressions.begin());
                        f.has_expressions = true;
                    }
                }
                if (opt.stages & kStageAgeGender) {
                    const AgeGenderNetOutput ag = m_nets->ageGender(input);
                    for (size_t k = 0; k < which.size(); ++k) {
                        faces[which[k]].age_years = ag.age.values[k];
                        faces[which[k]].male_probability = ag.gender_probs.values[2 * k];
                    }
                }
            }
        }
    }

    // Back to the original photo's pixels.
    for (Face& f : faces) {
        f.box = {f.box.x / sx, f.box.y / sy, f.box.width / sx, f.box.height / sy};
        for (PointF& p : f.landmarks)
            p = {p.x / sx, p.y / sy};
        if (f.landmarks.size() == 68) {
            f.pose = estimateHeadPose(f.landmarks);
            f.has_pose = true;
        }
        f.small = f.box.height < opt.small_face_px;
    }
    if (opt.order == FaceOrder::LargestFirst)
        std::stable_sort(faces.begin(), faces.end(),
                         [](const Face& a, const Face& b) { return a.box.area() > b.box.area(); });
    for (size_t i = 0; i < faces.size(); ++i)
        if (faces[i].small)
            result.warnings.push_back(
                format("face %.0f is only %.0f px tall (under %.0f px): its landmarks, identity and expression will "
                       "be less reliable. Use a larger or closer photo of the face.",
                       double(i + 1), std::floor(faces[i].box.height), opt.small_face_px));
    result.faces = std::move(faces);
    return result;
}

double identityDistance(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.empty() || a.size() != b.size())
        throwUsage("cannot compare face descriptors of sizes " + std::to_string(a.size()) + " and " +
                   std::to_string(b.size()) + ".");
    double sum = 0.0;
    for (size_t i = 0; i < a.size(); ++i) {
        const double d = double(a[i]) - double(b[i]);
        sum += d * d;
    }
    return std::sqrt(sum);
}

} // namespace emote::face
