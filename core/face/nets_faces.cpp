// The per-face networks: 68-point landmarks (full and tiny), expression, recognition (dlib ResNet) and
// age/gender (TinyXception).
#include "core/face/detail/nets.h"

namespace emote::face::nets {

namespace F = torch::nn::functional;

// ---- dense nets (landmarks, tiny landmarks, expression) ----------------------------------------------------------

DenseBlock::DenseBlock(int64_t in, int64_t out, int convs, bool first)
{
    if (first)
        m_conv0_plain = register_module("conv0", std::make_shared<Conv>(3, in, out));
    else
        m_conv0_sep = register_module("conv0", std::make_shared<SeparableConv>(in, out));
    for (int i = 1; i < convs; ++i)
        m_convs.push_back(register_module("conv" + std::to_string(i), std::make_shared<SeparableConv>(out, out)));
}

torch::Tensor DenseBlock::forward(const torch::Tensor& x) const
{
    const torch::Tensor o1 = torch::relu(m_conv0_plain ? m_conv0_plain->same(x, 2) : m_conv0_sep->same(x, 2));
    const torch::Tensor o2 = m_convs[0]->same(o1, 1);
    const torch::Tensor o3 = m_convs[1]->same(torch::relu(o1 + o2), 1);
    if (m_convs.size() == 2)
        return torch::relu(o1 + (o2 + o3));
    const torch::Tensor o4 = m_convs[2]->same(torch::relu(o1 + (o2 + o3)), 1);
    return torch::relu(o1 + (o2 + (o3 + o4)));
}

DenseNet::DenseNet(Kind kind) : m_kind(kind)
{
    const bool tiny = kind == Kind::Landmark68Tiny;
    const int blocks = tiny ? 3 : 4;
    static constexpr int64_t kChannels[5] = {3, 32, 64, 128, 256};
    for (int i = 0; i < blocks; ++i)
        m_blocks.push_back(register_module("dense" + std::to_string(i),
            std::make_shared<DenseBlock>(kChannels[i], kChannels[i + 1], tiny ? 3 : 4, i == 0)));
    m_fc =
        register_module("fc", std::make_shared<FullyConnected>(kChannels[blocks], kind == Kind::Expression ? 7 : 136));
}

DenseNet::Output DenseNet::forward(const torch::Tensor& x) const
{
    torch::Tensor out = x;
    for (const auto& b : m_blocks)
        out = b->forward(out);
    // 7×7 (14×14 for the tiny net) VALID average pool over the whole map.
    const int64_t k = m_kind == Kind::Landmark68Tiny ? 14 : 7;
    Output o;
    o.features = torch::avg_pool2d(out, k, 2);
    o.fc = m_fc->forward(o.features.flatten(1));
    return o;
}

// ---- recognition ------------------------------------------------------------------------------------------------

ConvScale::ConvScale(int k, int64_t in, int64_t out)
{
    m_w = tfjsWeight("conv/filters", {k, k, in, out}, TfjsLayout::Hwio);
    m_b = tfjsWeight("conv/bias", {out}, TfjsLayout::Keep);
    m_scale_w = tfjsWeight("scale/weights", {out}, TfjsLayout::Keep);
    m_scale_b = tfjsWeight("scale/biases", {out}, TfjsLayout::Keep);
}

void ConvScale::prepare()
{
    // (conv(x) + b)·s + t is one affine map per channel: fold it into the filter once.
    torch::NoGradGuard no_grad;
    const torch::Tensor s = m_scale_w.to(torch::kFloat64);
    m_fused_w = (m_w.to(torch::kFloat64) * s.view({-1, 1, 1, 1}))
                    .to(torch::kFloat32)
                    .contiguous(torch::MemoryFormat::ChannelsLast);
    m_fused_b = (m_b.to(torch::kFloat64) * s + m_scale_b.to(torch::kFloat64)).to(torch::kFloat32);
}

torch::Tensor ConvScale::forward(const torch::Tensor& x, int stride, bool valid) const
{
    return valid ? conv2dValid(x, m_fused_w, m_fused_b, stride) : conv2dSame(x, m_fused_w, m_fused_b, stride);
}

FaceRecognitionNet::FaceRecognitionNet()
{
    m_conv32_down = register_module("conv32_down", std::make_shared<ConvScale>(7, 3, 32));
    struct Spec {
        const char* name;
        int64_t in, out;
        bool down;
    };
    static constexpr Spec kLayers[] = {
        {"conv32_1", 32, 32, false},   {"conv32_2", 32, 32, false},    {"conv32_3", 32, 32, false},
        {"conv64_down", 32, 64, true}, {"conv64_1", 64, 64, false},    {"conv64_2", 64, 64, false},
        {"conv64_3", 64, 64, false},   {"conv128_down", 64, 128, true}, {"conv128_1", 128, 128, false},
        {"conv128_2", 128, 128, false}, {"conv256_down", 128, 256, true}, {"conv256_1", 256, 256, false},
        {"conv256_2", 256, 256, false}, {"conv256_down_out", 256, 256, true},
    };
    for (const Spec& s : kLayers) {
        Residual r;
        r.conv1 = register_module(std::string(s.name) + "/conv1", std::make_shared<ConvScale>(3, s.in, s.out));
        r.conv2 = register_module(std::string(s.name) + "/conv2", std::make_shared<ConvScale>(3, s.out, s.out));
        r.down = s.down;
        m_layers.push_back(r);
    }
    m_fc = tfjsWeight("fc", {256, 128}, TfjsLayout::Keep);
}

torch::Tensor FaceRecognitionNet::forward(const torch::Tensor& x) const
{
    torch::Tensor out = torch::relu(m_conv32_down->forward(x, 2, /*valid=*/true)); // 150 → 72
    out = torch::max_pool2d(out, 3, 2);                                             // VALID: 72 → 35
    for (const Residual& r : m_layers) {
        if (!r.down) {
            const torch::Tensor y = r.conv2->forward(torch::relu(r.conv1->forward(out, 1, false)), 1, false);
            out = torch::relu(y + out);
            continue;
        }
        torch::Tensor y = r.conv2->forward(torch::relu(r.conv1->forward(out, 2, /*valid=*/true)), 1, false);
        torch::Tensor pooled = torch::avg_pool2d(out, 2, 2);
        if (pooled.size(1) != y.size(1)) // width doubles: the shortcut gets zero channels appended
            pooled = torch::cat({pooled, torch::zeros_like(pooled)}, 1);
        if (pooled.size(2) != y.size(2) || pooled.size(3) != y.size(3)) // VALID lost a row/column: zeros at the end
            y = F::pad(y, F::PadFuncOptions({0, pooled.size(3) - y.size(3), 0, pooled.size(2) - y.size(2)}));
        out = torch::relu(pooled + y);
    }
    return torch::matmul(out.mean({2, 3}), m_fc);
}

// ---- age / gender -----------------------------------------------------------------------------------------------

AgeGenderNet::AgeGenderNet()
{
    m_conv_in = register_module("entry_flow/conv_in", std::make_shared<Conv>(3, 3, 32));
    auto reduction = [&](const std::string& p, int64_t in, int64_t out) {
        Reduction r;
        r.sep0 = register_module(p + "/separable_conv0", std::make_shared<SeparableConv>(in, out));
        r.sep1 = register_module(p + "/separable_conv1", std::make_shared<SeparableConv>(out, out));
        r.expansion = register_module(p + "/expansion_conv", std::make_shared<Conv>(1, in, out));
        return r;
    };
    m_entry.push_back(reduction("entry_flow/reduction_block_0", 32, 64));
    m_entry.push_back(reduction("entry_flow/reduction_block_1", 64, 128));
    for (int b = 0; b < 2; ++b) {
        std::vector<std::shared_ptr<SeparableConv>> block;
        for (int i = 0; i < 3; ++i)
            block.push_back(register_module("middle_flow/main_block_" + std::to_string(b) + "/separable_conv" +
                                                std::to_string(i),
                                            std::make_shared<SeparableConv>(128, 128)));
        m_main.push_back(block);
    }
    m_exit = reduction("exit_flow/reduction_block", 128, 256);
    m_exit_sep = register_module("exit_flow/separable_conv", std::make_shared<SeparableConv>(256, 512));
    m_age = register_module("fc/age", std::make_shared<FullyConnected>(512, 1));
    m_gender = register_module("fc/gender", std::make_shared<FullyConnected>(512, 2));
}

torch::Tensor AgeGenderNet::reduction(const torch::Tensor& x, const Reduction& r, bool activate_input) const
{
    torch::Tensor out = r.sep0->same(activate_input ? torch::relu(x) : x, 1);
    out = r.sep1->same(torch::relu(out), 1);
    out = maxPoolSame(out, 3, 2);
    return out + r.expansion->same(x, 2);
}

AgeGenderNet::Output AgeGenderNet::forward(const torch::Tensor& x) const
{
    torch::Tensor out = torch::relu(m_conv_in->same(x, 2));
    out = reduction(out, m_entry[0], /*activate_input=*/false);
    out = reduction(out, m_entry[1], true);
    for (const auto& block : m_main) {
        torch::Tensor y = block[0]->same(torch::relu(out), 1);
        y = block[1]->same(torch::relu(y), 1);
        y = block[2]->same(torch::relu(y), 1);
        out = y + out;
    }
    out = reduction(out, m_exit, true);
    Output o;
    o.features = torch::relu(m_exit_sep->same(out, 1));
    const torch::Tensor pooled = torch::avg_pool2d(o.features, 7, 2).flatten(1);
    o.age = m_age->forward(pooled).flatten();
    o.gender_logits = m_gender->forward(pooled);
    return o;
}

} // namespace emote::face::nets
