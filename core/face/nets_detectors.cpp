// The two face detectors: SSD MobileNetV1 and the tiny (YOLOv2-style) face detector.
#include "core/face/detail/nets.h"

namespace emote::face::nets {

namespace {

// Same epsilon as face-api's mobileNetV1 (float32 0.001 written out as a double).
constexpr double kBatchNormEpsilon = 0.0010000000474974513;

// relu6 as tf.clipByValue(x, 0, 6).
// In place: every caller hands over a fresh conv output (saves an allocation per layer).
torch::Tensor clip6(torch::Tensor x) { return x.clamp_(0.0, 6.0); }

// face-api's leaky relu, relu(x − 0.1x) + 0.1x with 0.1 as float32, evaluated in place on a fresh conv output.
torch::Tensor leaky(torch::Tensor x)
{
    const torch::Tensor min = x * 0.1f;
    return x.sub_(min).relu_().add_(min);
}

} // namespace

DepthwiseBn::DepthwiseBn(int64_t channels)
{
    m_w = tfjsWeight("depthwise_weights", {3, 3, channels, 1}, TfjsLayout::Depthwise);
    m_gamma = tfjsWeight("BatchNorm/gamma", {channels}, TfjsLayout::Keep);
    m_beta = tfjsWeight("BatchNorm/beta", {channels}, TfjsLayout::Keep);
    m_mean = tfjsWeight("BatchNorm/moving_mean", {channels}, TfjsLayout::Keep);
    m_var = tfjsWeight("BatchNorm/moving_variance", {channels}, TfjsLayout::Keep);
}

void DepthwiseBn::prepare()
{
    // beta + (conv(x) − mean)·gamma/sqrt(var + eps) is one per-channel affine map: fold it into the filter
    // (computed in float64 like tfjs-cpu's batchNorm, rounded once).
    torch::NoGradGuard no_grad;
    const torch::Tensor s = m_gamma.to(torch::kFloat64) / torch::sqrt(m_var.to(torch::kFloat64) + kBatchNormEpsilon);
    m_fused_w = (m_w.to(torch::kFloat64) * s.view({-1, 1, 1, 1}))
                    .to(torch::kFloat32)
                    .contiguous(torch::MemoryFormat::ChannelsLast);
    m_fused_b = (m_beta.to(torch::kFloat64) - m_mean.to(torch::kFloat64) * s).to(torch::kFloat32);
}

torch::Tensor DepthwiseBn::forward(const torch::Tensor& x, int stride) const
{
    return clip6(conv2dSame(x, m_fused_w, m_fused_b, stride, x.size(1)));
}

SsdMobilenetV1::SsdMobilenetV1()
{
    m_conv0 = register_module("MobilenetV1/Conv2d_0_pointwise",
                              std::make_shared<Conv>(3, 3, 32, "weights", "convolution_bn_offset"));
    static constexpr int64_t kPairOut[14] = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    for (int i = 1; i <= 13; ++i) {
        const std::string p = "MobilenetV1/Conv2d_" + std::to_string(i);
        m_depthwise.push_back(register_module(p + "_depthwise", std::make_shared<DepthwiseBn>(kPairOut[i - 1])));
        m_pointwise.push_back(register_module(p + "_pointwise",
            std::make_shared<Conv>(1, kPairOut[i - 1], kPairOut[i], "weights", "convolution_bn_offset")));
    }
    // Extra feature layers: 1×1 at even indices, 3×3 stride 2 at odd ones.
    static constexpr int64_t kPredIn[8] = {1024, 256, 512, 128, 256, 128, 256, 64};
    static constexpr int64_t kPredOut[8] = {256, 512, 128, 256, 128, 256, 64, 128};
    for (int i = 0; i < 8; ++i)
        m_prediction.push_back(register_module("Prediction/Conv2d_" + std::to_string(i) + "_pointwise",
                                               std::make_shared<Conv>(i % 2 ? 3 : 1, kPredIn[i], kPredOut[i],
                                                                      "weights", "convolution_bn_offset")));
    static constexpr int64_t kBoxIn[6] = {512, 1024, 512, 256, 256, 128};
    static constexpr int64_t kAnchorsPerCell[6] = {3, 6, 6, 6, 6, 6};
    for (int i = 0; i < 6; ++i) {
        const std::string p = "Prediction/BoxPredictor_" + std::to_string(i);
        m_box_encoding.push_back(register_module(p + "/BoxEncodingPredictor",
            std::make_shared<Conv>(1, kBoxIn[i], 4 * kAnchorsPerCell[i], "weights", "biases")));
        m_class.push_back(register_module(
            p + "/ClassPredictor", std::make_shared<Conv>(1, kBoxIn[i], 3 * kAnchorsPerCell[i], "weights", "biases")));
    }
    m_anchors = tfjsWeight("Output/extra_dim", {1, 5118, 4}, TfjsLayout::Keep);
}

SsdMobilenetV1::Output SsdMobilenetV1::forward(const torch::Tensor& x) const
{
    torch::Tensor out = clip6(m_conv0->same(x, 2));
    torch::Tensor conv11;
    for (int i = 1; i <= 13; ++i) {
        const int stride = (i == 2 || i == 4 || i == 6 || i == 12) ? 2 : 1;
        out = m_depthwise[size_t(i - 1)]->forward(out, stride);
        out = clip6(m_pointwise[size_t(i - 1)]->same(out, 1));
        if (i == 11)
            conv11 = out;
    }
    std::vector<torch::Tensor> features = {conv11, out};
    torch::Tensor p = out;
    for (int i = 0; i < 8; ++i) {
        p = clip6(m_prediction[size_t(i)]->same(p, i % 2 ? 2 : 1));
        if (i % 2)
            features.push_back(p);
    }

    // Flatten each map NHWC-wise (y, x, anchor) like tfjs's reshape of its NHWC tensors.
    std::vector<torch::Tensor> enc, cls;
    for (size_t i = 0; i < features.size(); ++i) {
        enc.push_back(m_box_encoding[i]->same(features[i], 1).permute({0, 2, 3, 1}).reshape({-1, 4}));
        cls.push_back(m_class[i]->same(features[i], 1).permute({0, 2, 3, 1}).reshape({-1, 3}));
    }
    Output o;
    o.box_encodings = torch::cat(enc, 0);
    o.class_logits = torch::cat(cls, 0);

    // Decode against the anchors in float32, in face-api's order of operations.
    const torch::Tensor a = m_anchors.view({-1, 4});
    const torch::Tensor h = a.select(1, 2) - a.select(1, 0);
    const torch::Tensor w = a.select(1, 3) - a.select(1, 1);
    const torch::Tensor cy = a.select(1, 0) + h / 2;
    const torch::Tensor cx = a.select(1, 1) + w / 2;
    const torch::Tensor& e = o.box_encodings;
    const torch::Tensor half_h = torch::exp(e.select(1, 2) / 5) * h / 2;
    const torch::Tensor y = e.select(1, 0) / 10 * h + cy;
    const torch::Tensor half_w = torch::exp(e.select(1, 3) / 5) * w / 2;
    const torch::Tensor xc = e.select(1, 1) / 10 * w + cx;
    o.boxes = torch::stack({y - half_h, xc - half_w, y + half_h, xc + half_w}, 1);
    o.scores = torch::sigmoid(o.class_logits.select(1, 1)).contiguous();
    return o;
}

TinyFaceDetector::TinyFaceDetector()
{
    m_conv0 = register_module("conv0", std::make_shared<Conv>(3, 3, 16));
    static constexpr int64_t kChannels[6] = {16, 32, 64, 128, 256, 512};
    for (int i = 1; i <= 5; ++i)
        m_sep.push_back(register_module("conv" + std::to_string(i),
                                        std::make_shared<SeparableConv>(kChannels[i - 1], kChannels[i])));
    m_conv8 = register_module("conv8", std::make_shared<Conv>(1, 512, 25));
}

torch::Tensor TinyFaceDetector::forward(const torch::Tensor& x) const
{
    torch::Tensor out = leaky(m_conv0->valid(x, 1));
    out = maxPoolSame(out, 2, 2);
    for (size_t i = 0; i < m_sep.size(); ++i) {
        out = leaky(m_sep[i]->padded1(out));
        out = maxPoolSame(out, 2, i + 1 < m_sep.size() ? 2 : 1);
    }
    return m_conv8->valid(out, 1);
}

} // namespace emote::face::nets
