#include "core/face/face_nets.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/face/detail/nets.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <set>
#include <sstream>

#ifndef EMOTE_DEFAULT_MODELS_DIR
#define EMOTE_DEFAULT_MODELS_DIR "models"
#endif

namespace emote::face {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

// ---- tfjs modules and loading -----------------------------------------------------------------------------------

namespace nets {

namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::ostringstream s;
    s << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        s << (i ? "," : "") << shape[i];
    s << ']';
    return s.str();
}

// TF 'SAME': out = ceil(in / stride); the total padding splits floor(total/2) before, the rest after.
std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t kernel, int64_t stride)
{
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + kernel - in, 0);
    return {total / 2, total - total / 2};
}

} // namespace

std::vector<int64_t> ints(int64_t a, int64_t b) { return {a, b}; }

torch::Tensor TfjsModule::tfjsWeight(const std::string& leaf, std::vector<int64_t> tfjs_shape, TfjsLayout layout)
{
    std::vector<int64_t> shape = tfjs_shape;
    if (layout == TfjsLayout::Hwio)
        shape = {tfjs_shape[3], tfjs_shape[2], tfjs_shape[0], tfjs_shape[1]};
    else if (layout == TfjsLayout::Depthwise)
        shape = {tfjs_shape[2] * tfjs_shape[3], 1, tfjs_shape[0], tfjs_shape[1]};
    // 4-D filters live channels-last, like the activations: oneDNN then never reorders them per call.
    const auto format = shape.size() == 4 ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
    torch::Tensor p = register_parameter(leaf, torch::zeros(shape).contiguous(format), /*requires_grad=*/false);
    m_slots.push_back({leaf, std::move(tfjs_shape), layout, p});
    return p;
}

void loadTfjs(torch::nn::Module& root, const TfjsWeights& weights,
              const std::function<bool(const TfjsWeight&)>& ignorable)
{
    torch::NoGradGuard no_grad;
    const std::string manifest = quoted(weights.manifestPath());
    std::set<std::string> used;
    std::vector<TfjsModule*> modules;
    for (const auto& item : root.named_modules("", /*include_self=*/true)) {
        auto* m = dynamic_cast<TfjsModule*>(item.value().get());
        if (!m)
            continue;
        modules.push_back(m);
        std::string prefix = item.key();
        std::replace(prefix.begin(), prefix.end(), '.', '/');
        for (const TfjsModule::Slot& slot : m->slots()) {
            const std::string name = prefix.empty() ? slot.leaf : prefix + "/" + slot.leaf;
            if (!used.insert(name).second)
                throw Error(ErrorKind::Internal, "two modules claim the tfjs weight '" + name + "'.");
            const TfjsWeight* w = weights.find(name);
            if (!w)
                throwInput("model file " + manifest + " has no weight '" + name + "', which the network needs. " +
                           modelRestoreHint());
            if (w->dtype != TfjsDType::Float32)
                throwInput("weight '" + name + "' in " + manifest + " is int32, expected float32. " +
                           modelRestoreHint());
            if (w->shape != slot.tfjs_shape)
                throwInput("tensor '" + name + "' has shape " + shapeText(w->shape) + ", expected " +
                           shapeText(slot.tfjs_shape) + " in " + manifest + ". " + modelRestoreHint());
            torch::Tensor t = torch::from_blob(const_cast<float*>(w->values.data()), w->shape, torch::kFloat32);
            if (slot.layout == TfjsLayout::Hwio)
                t = t.permute({3, 2, 0, 1});
            else if (slot.layout == TfjsLayout::Depthwise)
                t = t.permute({2, 3, 0, 1}).reshape(slot.param.sizes());
            slot.param.copy_(t);
        }
    }
    for (const TfjsWeight& w : weights.weights())
        if (!used.count(w.name) && !(ignorable && ignorable(w)))
            throwInput("model file " + manifest + " has a weight '" + w.name +
                       "' that the network does not use; the file does not match this build. " + modelRestoreHint());
    for (TfjsModule* m : modules)
        m->prepare();
}

torch::Tensor conv2d(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride,
                     int64_t pad, int64_t groups)
{
    // torch::conv2d routes batch-1 convolutions on small maps to its slow reference kernel (20× slower here for
    // the recognition net's 3×3 layers); on CPU call oneDNN directly, as it does for larger inputs anyway.
    if (x.is_cpu() && x.scalar_type() == torch::kFloat32 && at::hasMKLDNN())
        return at::mkldnn_convolution(x.contiguous(x.suggest_memory_format()), w,
            b.defined() ? c10::optional<torch::Tensor>(b) : c10::nullopt, ints(pad, pad), ints(stride, stride),
            ints(1, 1), groups);
    return torch::conv2d(x, w, b, ints(stride, stride), ints(pad, pad), ints(1, 1), groups);
}

torch::Tensor conv2dSame(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride,
                         int64_t groups)
{
    const auto [top, bottom] = samePadding(x.size(2), w.size(2), stride);
    const auto [left, right] = samePadding(x.size(3), w.size(3), stride);
    if (top == bottom && left == right && top == left)
        return conv2d(x, w, b, stride, top, groups);
    // Asymmetric (stride 2 on even sizes: nothing before, one after). torch pads symmetrically, which would
    // shift the sampling grid by one. Either pad the input explicitly, or — cheaper when the filter is small
    // next to the map — give the filter a leading zero row/column and pad both sides by the larger amount.
    if (top == left && bottom == right && bottom == top + 1 && w.numel() * 4 < x.numel()) {
        const torch::Tensor grown = F::pad(w, F::PadFuncOptions({1, 0, 1, 0})).contiguous(w.suggest_memory_format());
        return conv2d(x, grown, b, stride, bottom, groups);
    }
    return conv2d(F::pad(x, F::PadFuncOptions({left, right, top, bottom})), w, b, stride, 0, groups);
}

torch::Tensor conv2dValid(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride,
                          int64_t groups)
{
    return conv2d(x, w, b, stride, 0, groups);
}

torch::Tensor maxPoolSame(const torch::Tensor& x, int kernel, int stride)
{
    const auto [top, bottom] = samePadding(x.size(2), kernel, stride);
    const auto [left, right] = samePadding(x.size(3), kernel, stride);
    if (top == bottom && left == right)
        return torch::max_pool2d(x, kernel, stride, ints(top, left));
    // Padding only after, by less than a stride: ceil mode's partial last window is exactly the −∞ padding.
    if (top == 0 && left == 0 && bottom < stride && right < stride)
        return torch::max_pool2d(x, kernel, stride, 0, 1, /*ceil_mode=*/true);
    const torch::Tensor padded = F::pad(
        x, F::PadFuncOptions({left, right, top, bottom}).value(-std::numeric_limits<double>::infinity()));
    return torch::max_pool2d(padded, kernel, stride);
}

Conv::Conv(int k, int64_t in, int64_t out, const std::string& filters, const std::string& bias)
{
    m_w = tfjsWeight(filters, {k, k, in, out}, TfjsLayout::Hwio);
    m_b = tfjsWeight(bias, {out}, TfjsLayout::Keep);
}

SeparableConv::SeparableConv(int64_t in, int64_t out)
{
    m_depthwise = tfjsWeight("depthwise_filter", {3, 3, in, 1}, TfjsLayout::Depthwise);
    m_pointwise = tfjsWeight("pointwise_filter", {1, 1, in, out}, TfjsLayout::Hwio);
    m_bias = tfjsWeight("bias", {out}, TfjsLayout::Keep);
}

torch::Tensor SeparableConv::same(const torch::Tensor& x, int stride) const
{
    const torch::Tensor dw = conv2dSame(x, m_depthwise, m_no_bias, stride, x.size(1));
    return conv2d(dw, m_pointwise, m_bias, 1, 0);
}

torch::Tensor SeparableConv::padded1(const torch::Tensor& x) const
{
    const torch::Tensor dw = conv2d(x, m_depthwise, m_no_bias, 1, 1, x.size(1));
    return conv2d(dw, m_pointwise, m_bias, 1, 0);
}

FullyConnected::FullyConnected(int64_t in, int64_t out, const std::string& weights, const std::string& bias)
{
    m_w = tfjsWeight(weights, {in, out}, TfjsLayout::Keep);
    m_b = tfjsWeight(bias, {out}, TfjsLayout::Keep);
}

} // namespace nets

// ---- FaceNets -----------------------------------------------------------------------------------------------------

namespace {

enum class Norm {
    Ssd,  // x / 127.5 − 1
    Tiny, // (x − [117.001, 114.697, 97.404]) / 255
    Face, // (x − [122.782, 117.001, 104.298]) / 255
};

// NHWC 0..255 → normalised NCHW, in float32 in tfjs's order of operations.
torch::Tensor toInput(const FloatTensor& in, Norm norm, int size, const char* net)
{
    if (in.shape.size() != 4 || in.shape[0] < 1 || in.shape[3] != 3 || (size > 0 && in.shape[1] != size) ||
        in.shape[1] != in.shape[2] || int64_t(in.values.size()) != in.numel())
        throw Error(ErrorKind::Internal, std::string(net) + " needs an N × S × S × 3 input" +
                                             (size > 0 ? " with S = " + std::to_string(size) : std::string()) + ".");
    const int64_t n = in.shape[0], s = in.shape[1], hw = s * s;
    // Channels-last: the NHWC input keeps its memory order and every layer runs in oneDNN's native NHWC.
    torch::Tensor out = torch::empty({n, 3, s, s}, torch::TensorOptions(torch::kFloat32)
                                                        .memory_format(torch::MemoryFormat::ChannelsLast));
    float* o = out.data_ptr<float>();
    const float* src = in.values.data();
    static constexpr float kTinyMean[3] = {117.001f, 114.697f, 97.404f};
    static constexpr float kFaceMean[3] = {122.782f, 117.001f, 104.298f};
    for (int64_t i = 0; i < n * hw; ++i)
        for (int c = 0; c < 3; ++c) {
            const float v = src[i * 3 + c];
            switch (norm) {
            case Norm::Ssd: o[i * 3 + c] = v / 127.5f - 1.0f; break;
            case Norm::Tiny: o[i * 3 + c] = (v - kTinyMean[c]) / 255.0f; break;
            case Norm::Face: o[i * 3 + c] = (v - kFaceMean[c]) / 255.0f; break;
            }
        }
    return out;
}

// Back to face-api's layout: 4-D NCHW tensors become NHWC, others keep their shape.
FloatTensor fromTorch(const torch::Tensor& t)
{
    torch::Tensor c = (t.dim() == 4 ? t.permute({0, 2, 3, 1}) : t).contiguous().to(torch::kFloat32);
    FloatTensor out;
    out.shape.assign(c.sizes().begin(), c.sizes().end());
    out.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    return out;
}

template <class Net>
std::shared_ptr<Net> loadNet(const fs::path& dir, const char* model,
                             const std::function<bool(const TfjsWeight&)>& ignorable = {})
{
    auto net = std::make_shared<Net>();
    const TfjsWeights weights = TfjsWeights::load(dir / (std::string(model) + "-weights_manifest.json"));
    nets::loadTfjs(*net, weights, ignorable);
    net->eval();
    return net;
}

[[noreturn]] void notLoaded(const char* net)
{
    throw Error(ErrorKind::Internal, std::string("the ") + net + " network was not loaded by this FaceNets.");
}

} // namespace

struct FaceNets::Impl {
    std::shared_ptr<nets::SsdMobilenetV1> ssd;
    std::shared_ptr<nets::TinyFaceDetector> tiny;
    std::shared_ptr<nets::DenseNet> landmark68, landmark68_tiny, expression;
    std::shared_ptr<nets::FaceRecognitionNet> recognition;
    std::shared_ptr<nets::AgeGenderNet> age_gender;
};

FaceNets::FaceNets(const fs::path& dir, unsigned which) : m_impl(std::make_unique<Impl>())
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throwInput({MessageCode::FaceModelsMissing, {dir.string()},
                    "the face model folder " + quoted(dir) + " does not exist. " + modelRestoreHint()});
    using Kind = nets::DenseNet::Kind;
    if (which & kSsdMobilenetV1)
        // The int32 entries and the Pre/Postprocessor scalars are TF graph constants (strided slices, stacks, the
        // x/127.5 − 1 of the exported graph) that face-api never reads.
        m_impl->ssd = loadNet<nets::SsdMobilenetV1>(dir, "ssd_mobilenetv1_model", [](const TfjsWeight& w) {
            return w.dtype == TfjsDType::Int32 || w.name.rfind("Preprocessor/", 0) == 0 ||
                   w.name.rfind("Postprocessor/", 0) == 0;
        });
    if (which & kTinyFaceDetector)
        m_impl->tiny = loadNet<nets::TinyFaceDetector>(dir, "tiny_face_detector_model");
    auto dense = [&](Kind kind, const char* model) {
        auto net = std::make_shared<nets::DenseNet>(kind);
        nets::loadTfjs(*net, TfjsWeights::load(dir / (std::string(model) + "-weights_manifest.json")));
        net->eval();
        return net;
    };
    if (which & kLandmark68)
        m_impl->landmark68 = dense(Kind::Landmark68, "face_landmark_68_model");
    if (which & kLandmark68Tiny)
        m_impl->landmark68_tiny = dense(Kind::Landmark68Tiny, "face_landmark_68_tiny_model");
    if (which & kExpression)
        m_impl->expression = dense(Kind::Expression, "face_expression_model");
    if (which & kRecognition)
        m_impl->recognition = loadNet<nets::FaceRecognitionNet>(dir, "face_recognition_model");
    if (which & kAgeGender)
        m_impl->age_gender = loadNet<nets::AgeGenderNet>(dir, "age_gender_model");
}

FaceNets::~FaceNets() = default;
FaceNets::FaceNets(FaceNets&&) noexcept = default;
FaceNets& FaceNets::operator=(FaceNets&&) noexcept = default;

fs::path FaceNets::defaultModelsDir()
{
    if (const char* env = std::getenv("EMOTE_MODELS_DIR"); env && *env)
        return fs::path(env) / "face-api";
    return fs::path(EMOTE_DEFAULT_MODELS_DIR) / "face-api";
}

bool FaceNets::has(FaceNetFlag net) const
{
    switch (net) {
    case kSsdMobilenetV1: return bool(m_impl->ssd);
    case kTinyFaceDetector: return bool(m_impl->tiny);
    case kLandmark68: return bool(m_impl->landmark68);
    case kLandmark68Tiny: return bool(m_impl->landmark68_tiny);
    case kRecognition: return bool(m_impl->recognition);
    case kExpression: return bool(m_impl->expression);
    case kAgeGender: return bool(m_impl->age_gender);
    default: return false;
    }
}

SsdNetOutput FaceNets::ssd(const FloatTensor& input) const
{
    if (!m_impl->ssd)
        notLoaded("SSD MobileNetV1");
    c10::InferenceMode guard;
    const torch::Tensor x = toInput(input, Norm::Ssd, 512, "SSD MobileNetV1");
    if (x.size(0) != 1)
        throw Error(ErrorKind::Internal, "SSD MobileNetV1 runs one image at a time.");
    const auto out = m_impl->ssd->forward(x);
    return {fromTorch(out.box_encodings), fromTorch(out.class_logits), fromTorch(out.boxes), fromTorch(out.scores)};
}

FloatTensor FaceNets::tinyDetector(const FloatTensor& input) const
{
    if (!m_impl->tiny)
        notLoaded("tiny face detector");
    c10::InferenceMode guard;
    const torch::Tensor x = toInput(input, Norm::Tiny, 0, "the tiny face detector");
    if (x.size(2) % 32 != 0)
        throw Error(ErrorKind::Internal, "the tiny face detector needs an input size divisible by 32.");
    return fromTorch(m_impl->tiny->forward(x));
}

LandmarkNetOutput FaceNets::landmarks(const FloatTensor& input, LandmarkModel model) const
{
    const auto& net = model == LandmarkModel::Full ? m_impl->landmark68 : m_impl->landmark68_tiny;
    if (!net)
        notLoaded(model == LandmarkModel::Full ? "68-point landmark" : "tiny 68-point landmark");
    c10::InferenceMode guard;
    const auto out = net->forward(toInput(input, Norm::Face, 112, "the landmark net"));
    return {fromTorch(out.features), fromTorch(out.fc)};
}

FloatTensor FaceNets::recognition(const FloatTensor& input) const
{
    if (!m_impl->recognition)
        notLoaded("face recognition");
    c10::InferenceMode guard;
    return fromTorch(m_impl->recognition->forward(toInput(input, Norm::Face, 150, "the recognition net")));
}

ExpressionNetOutput FaceNets::expression(const FloatTensor& input) const
{
    if (!m_impl->expression)
        notLoaded("expression");
    c10::InferenceMode guard;
    const auto out = m_impl->expression->forward(toInput(input, Norm::Face, 112, "the expression net"));
    return {fromTorch(out.features), fromTorch(out.fc), fromTorch(torch::softmax(out.fc, 1))};
}

AgeGenderNetOutput FaceNets::ageGender(const FloatTensor& input) const
{
    if (!m_impl->age_gender)
        notLoaded("age/gender");
    c10::InferenceMode guard;
    const auto out = m_impl->age_gender->forward(toInput(input, Norm::Face, 112, "the age/gender net"));
    return {fromTorch(out.features), fromTorch(out.age), fromTorch(out.gender_logits),
            fromTorch(torch::softmax(out.gender_logits, 1))};
}

} // namespace emote::face
