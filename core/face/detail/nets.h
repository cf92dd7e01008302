// Private to core/face (torch types): the libtorch modules behind FaceNets. Not part of the public API;
// include only from core/face/*.cpp.
//
// Every learned tensor is registered under its tfjs weight name (module path + leaf, '.' read as '/'), so
// `named_parameters()` of a net lists exactly the names of its `*-weights_manifest.json` (DESIGN.md "module
// names = checkpoint keys"). Weights arrive in tfjs layout (HWIO filters, [kh,kw,C,1] depthwise filters) and
// are converted once at load time to torch's OIHW; activations are NCHW inside, NHWC at the FaceNets boundary.
#pragma once

#include "core/face/tfjs_weights.h"

#include <torch/torch.h>

#include <functional>
#include <string>
#include <vector>

namespace emote::face::nets {

enum class TfjsLayout {
    Keep,      // vectors, fc matrices [in, out], anchors
    Hwio,      // conv filters [kh, kw, in, out] → [out, in, kh, kw]
    Depthwise, // depthwise filters [kh, kw, C, 1] → [C, 1, kh, kw]
};

// A module whose parameters are tfjs weights. LEAF may contain '/' (torch forbids only '.').
class TfjsModule : public torch::nn::Module {
public:
    struct Slot {
        std::string leaf;
        std::vector<int64_t> tfjs_shape;
        TfjsLayout layout;
        torch::Tensor param;
    };
    const std::vector<Slot>& slots() const { return m_slots; }
    // Called once after loading: derive fused tensors (folded batch norms) from the loaded weights.
    virtual void prepare() {}

protected:
    torch::Tensor tfjsWeight(const std::string& leaf, std::vector<int64_t> tfjs_shape, TfjsLayout layout);

private:
    std::vector<Slot> m_slots;
};

// Fill every TfjsModule slot under ROOT from WEIGHTS. Missing weights, shape mismatches and weights the net does
// not use (unless IGNORABLE says so) are emote::Error(Input) naming the manifest.
void loadTfjs(torch::nn::Module& root, const TfjsWeights& weights,
              const std::function<bool(const TfjsWeight&)>& ignorable = {});

// ---- TF padding semantics -------------------------------------------------------------------------------------

// A two-element size list (torch's int overloads of conv2d are ambiguous with its string-padding ones).
std::vector<int64_t> ints(int64_t a, int64_t b);

// Plain convolution with symmetric zero padding PAD.
torch::Tensor conv2d(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride, int64_t pad,
                     int64_t groups = 1);
// Convolution with TF 'SAME' padding (floor(total/2) before, the rest after).
torch::Tensor conv2dSame(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride,
                         int64_t groups = 1);
torch::Tensor conv2dValid(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, int stride,
                          int64_t groups = 1);
// Max-pool with TF 'SAME' padding (−∞ padding).
torch::Tensor maxPoolSame(const torch::Tensor& x, int kernel, int stride);

// ---- building blocks --------------------------------------------------------------------------------------------

// conv + bias. Leaf names differ between models ("filters"/"bias", "weights"/"biases", ...).
class Conv : public TfjsModule {
public:
    Conv(int k, int64_t in, int64_t out, const std::string& filters = "filters", const std::string& bias = "bias");
    torch::Tensor same(const torch::Tensor& x, int stride) const { return conv2dSame(x, m_w, m_b, stride); }
    torch::Tensor valid(const torch::Tensor& x, int stride) const { return conv2dValid(x, m_w, m_b, stride); }

private:
    torch::Tensor m_w, m_b;
};

// tf.separableConv2d (depthwise with the stride, then 1×1 pointwise) + bias.
class SeparableConv : public TfjsModule {
public:
    SeparableConv(int64_t in, int64_t out);
    torch::Tensor same(const torch::Tensor& x, int stride) const;
    // Explicit zero padding of 1 then VALID (the tiny detector's layers): same as SAME for stride 1.
    torch::Tensor padded1(const torch::Tensor& x) const;

private:
    torch::Tensor m_depthwise, m_pointwise, m_bias;
    torch::Tensor m_no_bias;
};

// matMul + bias with the weight stored [in, out].
class FullyConnected : public TfjsModule {
public:
    FullyConnected(int64_t in, int64_t out, const std::string& weights = "weights", const std::string& bias = "bias");
    torch::Tensor forward(const torch::Tensor& x) const { return torch::matmul(x, m_w) + m_b; }

private:
    torch::Tensor m_w, m_b;
};

// ---- networks ---------------------------------------------------------------------------------------------------

// SSD's depthwise 3×3 conv + batch norm + relu6; the batch norm is folded into the filter by prepare().
class DepthwiseBn : public TfjsModule {
public:
    explicit DepthwiseBn(int64_t channels);
    torch::Tensor forward(const torch::Tensor& x, int stride) const;
    void prepare() override;

private:
    torch::Tensor m_w, m_gamma, m_beta, m_mean, m_var;
    torch::Tensor m_fused_w, m_fused_b;
};

class SsdMobilenetV1 : public TfjsModule {
public:
    SsdMobilenetV1();
    struct Output {
        torch::Tensor box_encodings; // [A, 4]
        torch::Tensor class_logits;  // [A, 3]
        torch::Tensor boxes;         // [A, 4] ymin, xmin, ymax, xmax
        torch::Tensor scores;        // [A]
    };
    Output forward(const torch::Tensor& x) const; // 1 × 3 × 512 × 512, already x/127.5 − 1

private:
    std::shared_ptr<Conv> m_conv0;
    std::vector<std::shared_ptr<DepthwiseBn>> m_depthwise;  // pairs 1..13
    std::vector<std::shared_ptr<Conv>> m_pointwise;         // pairs 1..13
    std::vector<std::shared_ptr<Conv>> m_prediction;        // Prediction/Conv2d_0..7_pointwise
    std::vector<std::shared_ptr<Conv>> m_box_encoding, m_class; // box predictors 0..5
    torch::Tensor m_anchors;                                // [A, 4]
};

class TinyFaceDetector : public TfjsModule {
public:
    TinyFaceDetector();
    torch::Tensor forward(const torch::Tensor& x) const; // normalised N × 3 × S × S → N × 25 × S/32 × S/32

private:
    std::shared_ptr<Conv> m_conv0, m_conv8;
    std::vector<std::shared_ptr<SeparableConv>> m_sep; // conv1..conv5
};

// Dense block of FaceLandmark68Net / FaceExpressionNet (4 convs) or the tiny landmark net (3 convs).
class DenseBlock : public TfjsModule {
public:
    DenseBlock(int64_t in, int64_t out, int convs, bool first);
    torch::Tensor forward(const torch::Tensor& x) const;

private:
    std::shared_ptr<Conv> m_conv0_plain;     // dense0 of each net: a plain 3×3 conv
    std::shared_ptr<SeparableConv> m_conv0_sep;
    std::vector<std::shared_ptr<SeparableConv>> m_convs; // conv1..
};

// FaceLandmark68Net, FaceLandmark68TinyNet and FaceExpressionNet: dense blocks, average pool, fc.
class DenseNet : public TfjsModule {
public:
    enum class Kind { Landmark68, Landmark68Tiny, Expression };
    explicit DenseNet(Kind kind);
    struct Output {
        torch::Tensor features; // N × C × 1 × 1
        torch::Tensor fc;       // N × 136 or N × 7
    };
    Output forward(const torch::Tensor& x) const; // normalised N × 3 × 112 × 112

private:
    Kind m_kind;
    std::vector<std::shared_ptr<DenseBlock>> m_blocks;
    std::shared_ptr<FullyConnected> m_fc;
};

// conv + bias, then the per-channel scale layer (x·weights + biases) of the dlib ResNet.
class ConvScale : public TfjsModule {
public:
    ConvScale(int k, int64_t in, int64_t out);
    torch::Tensor forward(const torch::Tensor& x, int stride, bool valid) const;
    void prepare() override;

private:
    torch::Tensor m_w, m_b, m_scale_w, m_scale_b;
    torch::Tensor m_fused_w, m_fused_b;
};

class FaceRecognitionNet : public TfjsModule {
public:
    FaceRecognitionNet();
    torch::Tensor forward(const torch::Tensor& x) const; // normalised N × 3 × 150 × 150 → N × 128

private:
    struct Residual {
        std::shared_ptr<ConvScale> conv1, conv2;
        bool down = false;
    };
    std::shared_ptr<ConvScale> m_conv32_down;
    std::vector<Residual> m_layers;
    torch::Tensor m_fc;
};

class AgeGenderNet : public TfjsModule {
public:
    AgeGenderNet();
    struct Output {
        torch::Tensor features;      // N × 512 × 7 × 7
        torch::Tensor age;           // N
        torch::Tensor gender_logits; // N × 2
    };
    Output forward(const torch::Tensor& x) const; // normalised N × 3 × 112 × 112

private:
    struct Reduction {
        std::shared_ptr<SeparableConv> sep0, sep1;
        std::shared_ptr<Conv> expansion;
    };
    torch::Tensor reduction(const torch::Tensor& x, const Reduction& r, bool activate_input) const;
    std::shared_ptr<Conv> m_conv_in;
    std::vector<Reduction> m_entry;
    Reduction m_exit;
    std::vector<std::vector<std::shared_ptr<SeparableConv>>> m_main;
    std::shared_ptr<SeparableConv> m_exit_sep;
    std::shared_ptr<FullyConnected> m_age, m_gender;
};

} // namespace emote::face::nets
