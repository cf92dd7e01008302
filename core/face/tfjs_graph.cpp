#include "core/face/tfjs_graph.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/face/tfjs_graph_def.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <unordered_map>

namespace emote::face {

namespace fs = std::filesystem;
namespace F = torch::nn::functional;

namespace {

using Tensors = std::vector<torch::Tensor>;

struct Node; // compiled node, below
using OpFn = std::function<Tensors(const Node&, const Tensors&)>;

struct Node {
    const TfjsNode* def = nullptr;
    OpFn fn;
    std::vector<std::pair<int, int>> inputs; // (node index, output index); control inputs dropped
    torch::Tensor constant;                   // Const
    torch::Tensor filter;                     // convolutions: the filter in torch layout, prepared at load
};

std::string shapeText(at::IntArrayRef shape)
{
    std::ostringstream s;
    s << '[';
    for (size_t i = 0; i < shape.size(); ++i)
        s << (i ? "," : "") << shape[i];
    s << ']';
    return s.str();
}

[[noreturn]] void nodeError(const Node& n, const std::string& what)
{
    throwInput("tfjs graph node '" + n.def->name + "' (" + n.def->op + "): " + what);
}

void needInputs(const Node& n, const Tensors& in, size_t count)
{
    if (in.size() < count)
        nodeError(n, "needs " + std::to_string(count) + " inputs, has " + std::to_string(in.size()) + ".");
}

// The int64 values of a (small, constant-like) tensor: shapes, axes, paddings.
std::vector<int64_t> intValues(const torch::Tensor& t)
{
    const torch::Tensor l = t.to(torch::kLong).contiguous().reshape({-1});
    return std::vector<int64_t>(l.data_ptr<int64_t>(), l.data_ptr<int64_t>() + l.numel());
}

int64_t normAxis(const Node& n, int64_t axis, int64_t rank)
{
    if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
        nodeError(n, "axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank) + ".");
    return axis < 0 ? axis + rank : axis;
}

// ---- convolutions and pooling (NHWC outside, NCHW channels-last inside) -------------------------------------------

torch::Tensor toNchw(const torch::Tensor& x) { return x.permute({0, 3, 1, 2}).contiguous(at::MemoryFormat::ChannelsLast); }
torch::Tensor toNhwc(const torch::Tensor& x) { return x.permute({0, 2, 3, 1}).contiguous(); }

void need4d(const Node& n, const torch::Tensor& x)
{
    if (x.dim() != 4)
        nodeError(n, "expects a 4-D NHWC tensor, got shape " + shapeText(x.sizes()) + ".");
    if (n.def->attrString("data_format", "NHWC") != "NHWC")
        nodeError(n, "data_format '" + n.def->attrString("data_format") + "' is not supported (only NHWC).");
}

// Padding of one spatial dimension: (before, after).
struct Pad2 {
    int64_t before = 0, after = 0;
};

Pad2 tfPadding(const Node& n, int dim /*1 = H, 2 = W*/, int64_t in, int64_t kernel, int64_t stride, int64_t dilation)
{
    const std::string mode = n.def->attrString("padding");
    if (mode == "VALID")
        return {};
    if (mode == "SAME") {
        const int64_t eff = (kernel - 1) * dilation + 1;
        const int64_t out = (in + stride - 1) / stride;
        const int64_t total = std::max<int64_t>((out - 1) * stride + eff - in, 0);
        return {total / 2, total - total / 2};
    }
    if (mode == "EXPLICIT") {
        const std::vector<int64_t> p = n.def->attrInts("explicit_paddings");
        if (p.size() != 8)
            nodeError(n, "explicit_paddings must hold 8 values.");
        return {p[size_t(2 * dim)], p[size_t(2 * dim + 1)]};
    }
    nodeError(n, "padding '" + mode + "' is not supported.");
}

std::vector<int64_t> spatial(const Node& n, const std::string& attr, std::vector<int64_t> fallback)
{
    const std::vector<int64_t> v = n.def->attrInts(attr, std::move(fallback));
    if (v.size() != 4 || v[0] != 1 || v[3] != 1)
        nodeError(n, "attribute '" + attr + "' must be [1, h, w, 1].");
    return {v[1], v[2]};
}

// Ops whose filter (input 1) is converted from tfjs layout to torch layout: once at load when it is a constant,
// else (a filter routed through control flow) per run.
enum class FilterKind { None, Conv, Depthwise, Transposed };

FilterKind filterKind(const std::string& op)
{
    if (op == "Conv2D" || op == "_FusedConv2D")
        return FilterKind::Conv;
    if (op == "DepthwiseConv2dNative" || op == "FusedDepthwiseConv2dNative")
        return FilterKind::Depthwise;
    if (op == "Conv2DBackpropInput")
        return FilterKind::Transposed;
    return FilterKind::None;
}

torch::Tensor torchFilter(FilterKind kind, const torch::Tensor& f)
{
    torch::Tensor w;
    if (kind == FilterKind::Conv) // [kh, kw, in, out] → [out, in, kh, kw]
        w = f.permute({3, 2, 0, 1});
    else if (kind == FilterKind::Depthwise) // [kh, kw, C, M] → [C·M, 1, kh, kw]
        w = f.permute({2, 3, 0, 1}).reshape({f.size(2) * f.size(3), 1, f.size(0), f.size(1)});
    else // [kh, kw, out, in] → [in, out, kh, kw]
        w = f.permute({3, 2, 0, 1});
    return w.to(torch::kFloat).contiguous(at::MemoryFormat::ChannelsLast);
}

torch::Tensor nodeFilter(const Node& n, const Tensors& in)
{
    if (n.filter.defined())
        return n.filter;
    if (in.size() < 2 || in[1].dim() != 4)
        nodeError(n, "needs a 4-D filter as input 1.");
    return torchFilter(filterKind(n.def->op), in[1]);
}

// x NHWC, w torch layout [O, I/groups, kh, kw] → NHWC.
torch::Tensor convolution(const Node& n, const torch::Tensor& x_nhwc, const torch::Tensor& w, const torch::Tensor& bias,
                          int64_t groups)
{
    need4d(n, x_nhwc);
    const std::vector<int64_t> stride = spatial(n, "strides", {1, 1, 1, 1});
    const std::vector<int64_t> dil = spatial(n, "dilations", {1, 1, 1, 1});
    const Pad2 ph = tfPadding(n, 1, x_nhwc.size(1), w.size(2), stride[0], dil[0]);
    const Pad2 pw = tfPadding(n, 2, x_nhwc.size(2), w.size(3), stride[1], dil[1]);
    if (x_nhwc.size(3) != w.size(1) * groups)
        nodeError(n, "input has " + std::to_string(x_nhwc.size(3)) + " channels, the filter expects " +
                         std::to_string(w.size(1) * groups) + ".");
    torch::Tensor x = toNchw(x_nhwc.to(torch::kFloat));
    std::vector<int64_t> pad{ph.before, pw.before};
    if (ph.before != ph.after || pw.before != pw.after) {
        // TF puts the odd pixel after; torch pads symmetrically, so pad explicitly.
        x = F::pad(x, F::PadFuncOptions({pw.before, pw.after, ph.before, ph.after}))
                .contiguous(at::MemoryFormat::ChannelsLast);
        pad = {0, 0};
    }
    const c10::optional<torch::Tensor> b = bias.defined() ? c10::optional<torch::Tensor>(bias) : c10::nullopt;
    torch::Tensor y;
    // torch::conv2d picks a slow reference kernel for batch-1 channels-last convolutions on small maps; oneDNN is
    // what it uses for larger inputs anyway (see nets::conv2d).
    if (at::hasMKLDNN())
        y = at::mkldnn_convolution(x, w, b, pad, stride, dil, groups);
    else
        y = torch::conv2d(x, w, b, stride, pad, dil, groups);
    return toNhwc(y);
}

torch::Tensor fusedActivation(const Node& n, const std::string& op, torch::Tensor y, const Tensors& args, size_t arg)
{
    if (op.empty())
        return y;
    if (op == "Relu")
        return torch::relu(y);
    if (op == "Relu6")
        return torch::clamp(y, 0.0, 6.0);
    if (op == "Sigmoid")
        return torch::sigmoid(y);
    if (op == "Elu")
        return torch::elu(y);
    if (op == "LeakyRelu")
        return torch::leaky_relu(y, n.def->attrFloat("leakyrelu_alpha", 0.2));
    if (op == "Prelu") {
        if (args.size() <= arg)
            nodeError(n, "fused Prelu has no alpha input.");
        return torch::where(y >= 0, y, y * args[arg]);
    }
    nodeError(n, "fused activation '" + op + "' is not supported.");
}

// Conv2D / DepthwiseConv2dNative and their fused forms (_FusedConv2D, FusedDepthwiseConv2dNative):
// inputs [x, filter, args...]; fused_ops [BiasAdd, activation?].
Tensors convOp(const Node& n, const Tensors& in, bool depthwise)
{
    needInputs(n, in, 2);
    const std::vector<std::string> fused = n.def->attrStrings("fused_ops");
    torch::Tensor bias;
    std::string act;
    if (!fused.empty()) {
        if (fused[0] != "BiasAdd")
            nodeError(n, "fused op '" + fused[0] + "' is not supported (only BiasAdd then an activation).");
        needInputs(n, in, 3);
        bias = in[2].to(torch::kFloat).reshape({-1});
        if (fused.size() > 2)
            nodeError(n, "more than two fused ops are not supported.");
        if (fused.size() == 2)
            act = fused[1];
    }
    const int64_t groups = depthwise ? in[0].size(-1) : 1;
    return {fusedActivation(n, act, convolution(n, in[0], nodeFilter(n, in), bias, groups), in, 3)};
}

// Conv2DBackpropInput (transposed convolution): inputs [output size (NHWC), filter [kh,kw,out,in], dy].
Tensors convTransposeOp(const Node& n, const Tensors& in)
{
    needInputs(n, in, 3);
    const torch::Tensor& dy = in[2];
    need4d(n, dy);
    const std::vector<int64_t> size = intValues(in[0]);
    if (size.size() != 4)
        nodeError(n, "output size must have 4 values.");
    const std::vector<int64_t> stride = spatial(n, "strides", {1, 1, 1, 1});
    const std::vector<int64_t> dil = spatial(n, "dilations", {1, 1, 1, 1});
    const torch::Tensor w = nodeFilter(n, in); // [in, out, kh, kw]
    if (dy.size(3) != w.size(0) || size[3] != w.size(1))
        nodeError(n, "channels of dy " + shapeText(dy.sizes()) + " / output " + shapeText(size) +
                         " do not match the filter " + shapeText(w.sizes()) + ".");
    // The forward convolution's padding, computed on the output size.
    const Pad2 ph = tfPadding(n, 1, size[1], w.size(2), stride[0], dil[0]);
    const Pad2 pw = tfPadding(n, 2, size[2], w.size(3), stride[1], dil[1]);
    torch::Tensor full = torch::conv_transpose2d(toNchw(dy.to(torch::kFloat)), w, {}, stride, /*padding=*/{0, 0},
                                                 /*output_padding=*/{0, 0}, /*groups=*/1, dil);
    // full covers before + size + after rows (when the stride tiles exactly); cut the output window out of it.
    const int64_t need_h = ph.before + size[1], need_w = pw.before + size[2];
    if (full.size(2) < need_h || full.size(3) < need_w)
        full = F::pad(full, F::PadFuncOptions({0, std::max<int64_t>(0, need_w - full.size(3)), 0,
                                               std::max<int64_t>(0, need_h - full.size(2))}));
    full = full.slice(2, ph.before, need_h).slice(3, pw.before, need_w);
    return {toNhwc(full)};
}

Tensors poolOp(const Node& n, const Tensors& in, bool max)
{
    needInputs(n, in, 1);
    need4d(n, in[0]);
    const std::vector<int64_t> k = spatial(n, "ksize", {});
    const std::vector<int64_t> s = spatial(n, "strides", {});
    const Pad2 ph = tfPadding(n, 1, in[0].size(1), k[0], s[0], 1);
    const Pad2 pw = tfPadding(n, 2, in[0].size(2), k[1], s[1], 1);
    torch::Tensor x = toNchw(in[0].to(torch::kFloat));
    const bool padded = ph.before || ph.after || pw.before || pw.after;
    if (max) {
        if (padded)
            x = F::pad(x, F::PadFuncOptions({pw.before, pw.after, ph.before, ph.after})
                              .value(-std::numeric_limits<double>::infinity()));
        return {toNhwc(torch::max_pool2d(x, k, s))};
    }
    if (!padded)
        return {toNhwc(torch::avg_pool2d(x, k, s))};
    // TF averages over the window's pixels inside the image only.
    const auto opts = F::PadFuncOptions({pw.before, pw.after, ph.before, ph.after});
    const torch::Tensor sum = torch::avg_pool2d(F::pad(x, opts), k, s) * double(k[0] * k[1]);
    const torch::Tensor count =
        torch::avg_pool2d(F::pad(torch::ones({1, 1, x.size(2), x.size(3)}, x.options()), opts), k, s) *
        double(k[0] * k[1]);
    return {toNhwc(sum / count)};
}

// tf.image.resizeBilinear / resizeNearestNeighbor with tfjs-backend-cpu's index arithmetic (float64 coordinates).
struct AxisMap {
    torch::Tensor i0, i1, frac; // long, long, float
};

AxisMap axisMap(int64_t in, int64_t out, bool align_corners, bool half_pixel, bool nearest)
{
    const double ratio = (align_corners && out > 1) ? double(in - 1) / double(out - 1) : double(in) / double(out);
    std::vector<int64_t> i0(static_cast<size_t>(out)), i1(static_cast<size_t>(out));
    std::vector<float> frac(static_cast<size_t>(out));
    for (int64_t d = 0; d < out; ++d) {
        if (nearest) {
            const double src = half_pixel ? ratio * (double(d) + 0.5) : ratio * double(d);
            int64_t r = std::min<int64_t>(in - 1, int64_t(align_corners ? std::floor(src + 0.5) : std::floor(src)));
            if (half_pixel)
                r = std::max<int64_t>(0, r);
            i0[size_t(d)] = i1[size_t(d)] = r;
            continue;
        }
        const double src = half_pixel ? ratio * (double(d) + 0.5) - 0.5 : ratio * double(d);
        const int64_t lo = std::max<int64_t>(0, int64_t(std::floor(src)));
        i0[size_t(d)] = lo;
        i1[size_t(d)] = std::min<int64_t>(in - 1, int64_t(std::ceil(src)));
        frac[size_t(d)] = float(src - double(lo));
    }
    return {torch::tensor(i0, torch::kLong), torch::tensor(i1, torch::kLong), torch::tensor(frac, torch::kFloat)};
}

Tensors resizeOp(const Node& n, const Tensors& in, bool nearest)
{
    needInputs(n, in, 2);
    const torch::Tensor x = in[0].to(torch::kFloat);
    if (x.dim() != 4)
        nodeError(n, "expects a 4-D NHWC tensor, got shape " + shapeText(x.sizes()) + ".");
    const std::vector<int64_t> size = intValues(in[1]);
    if (size.size() != 2 || size[0] <= 0 || size[1] <= 0)
        nodeError(n, "size must be two positive values.");
    const bool align = n.def->attrBool("align_corners", false);
    const bool half = n.def->attrBool("half_pixel_centers", false);
    if (!nearest && (align || half)) {
        // These two mappings are torch's own (align_corners true / false); its kernel is far faster than the
        // gathers below and differs only in computing the source coordinate in float32 instead of float64.
        const std::vector<int64_t> out_size{size[0], size[1]};
        return {toNhwc(torch::upsample_bilinear2d(toNchw(x), out_size, align))};
    }
    const AxisMap ry = axisMap(x.size(1), size[0], align, half, nearest);
    const AxisMap rx = axisMap(x.size(2), size[1], align, half, nearest);
    if (nearest)
        return {x.index_select(1, ry.i0).index_select(2, rx.i0)};
    const torch::Tensor top = x.index_select(1, ry.i0), bottom = x.index_select(1, ry.i1);
    const torch::Tensor fx = rx.frac.view({1, 1, -1, 1});
    const torch::Tensor t = top.index_select(2, rx.i0) + (top.index_select(2, rx.i1) - top.index_select(2, rx.i0)) * fx;
    const torch::Tensor b =
        bottom.index_select(2, rx.i0) + (bottom.index_select(2, rx.i1) - bottom.index_select(2, rx.i0)) * fx;
    return {t + (b - t) * ry.frac.view({1, -1, 1, 1})};
}

// ---- shapes ---------------------------------------------------------------------------------------------------------

Tensors padOp(const Node& n, const Tensors& in)
{
    needInputs(n, in, 2);
    const torch::Tensor& x = in[0];
    const std::vector<int64_t> p = intValues(in[1]);
    if (int64_t(p.size()) != 2 * x.dim())
        nodeError(n, "paddings " + shapeText(p) + " do not fit an input of rank " + std::to_string(x.dim()) + ".");
    std::vector<int64_t> torch_pad; // last dimension first
    for (int64_t d = x.dim() - 1; d >= 0; --d) {
        torch_pad.push_back(p[size_t(2 * d)]);
        torch_pad.push_back(p[size_t(2 * d + 1)]);
    }
    if (n.def->op == "MirrorPad") {
        const std::string mode = n.def->attrString("mode");
        if (mode != "REFLECT")
            nodeError(n, "MirrorPad mode '" + mode + "' is not supported (only REFLECT).");
        // torch reflects only the trailing dimensions of a 3-D/4-D NCHW tensor: go through NCHW.
        if (x.dim() != 4 || p[0] || p[1] || p[6] || p[7])
            nodeError(n, "MirrorPad is supported on the spatial dimensions of a 4-D NHWC tensor only.");
        return {toNhwc(F::pad(toNchw(x), F::PadFuncOptions({p[4], p[5], p[2], p[3]}).mode(torch::kReflect)))};
    }
    const double value = (n.def->op == "PadV2" && in.size() > 2) ? in[2].item<double>() : 0.0;
    return {F::pad(x, F::PadFuncOptions(torch_pad).value(value))};
}

Tensors stridedSliceOp(const Node& n, const Tensors& in)
{
    needInputs(n, in, 4);
    const torch::Tensor& x = in[0];
    const std::vector<int64_t> begin = intValues(in[1]), end = intValues(in[2]), strides = intValues(in[3]);
    if (n.def->attrInt("ellipsis_mask", 0) || n.def->attrInt("new_axis_mask", 0))
        nodeError(n, "ellipsis_mask and new_axis_mask are not supported.");
    const int64_t begin_mask = n.def->attrInt("begin_mask", 0), end_mask = n.def->attrInt("end_mask", 0);
    const int64_t shrink = n.def->attrInt("shrink_axis_mask", 0);
    if (begin.size() != end.size() || begin.size() != strides.size() || int64_t(begin.size()) > x.dim())
        nodeError(n, "begin/end/strides do not fit the input " + shapeText(x.sizes()) + ".");
    torch::Tensor y = x;
    std::vector<int64_t> squeeze;
    for (int64_t d = 0; d < int64_t(begin.size()); ++d) {
        const int64_t size = x.size(d), s = strides[size_t(d)];
        if (s <= 0)
            nodeError(n, "only positive strides are supported.");
        int64_t b = begin[size_t(d)], e = end[size_t(d)];
        if (shrink & (1ll << d)) {
            b = b < 0 ? b + size : b;
            y = y.slice(d, b, b + 1);
            squeeze.push_back(d);
            continue;
        }
        b = (begin_mask & (1ll << d)) ? 0 : (b < 0 ? b + size : b);
        e = (end_mask & (1ll << d)) ? size : (e < 0 ? e + size : e);
        y = y.slice(d, std::clamp<int64_t>(b, 0, size), std::clamp<int64_t>(e, 0, size), s);
    }
    for (auto it = squeeze.rbegin(); it != squeeze.rend(); ++it)
        y = y.squeeze(*it);
    return {y};
}

Tensors reduceOp(const Node& n, const Tensors& in)
{
    needInputs(n, in, 2);
    std::vector<int64_t> axes = intValues(in[1]);
    for (int64_t& a : axes)
        a = normAxis(n, a, in[0].dim());
    const bool keep = n.def->attrBool("keep_dims", false);
    const std::string& op = n.def->op;
    if (axes.empty())
        return {in[0]};
    if (op == "Mean")
        return {in[0].mean(axes, keep)};
    if (op == "Sum")
        return {in[0].sum(axes, keep)};
    torch::Tensor y = in[0];
    std::sort(axes.rbegin(), axes.rend());
    for (const int64_t a : axes)
        y = op == "Max" ? std::get<0>(y.max(a, keep)) : std::get<0>(y.min(a, keep));
    return {y};
}

// SpaceToBatchND / BatchToSpaceND on NHWC with a 2-D block (how TF writes dilated convolutions).
Tensors spaceToBatchOp(const Node& n, const Tensors& in)
{
    needInputs(n, in, 3);
    const std::vector<int64_t> block = intValues(in[1]), pad = intValues(in[2]);
    if (in[0].dim() != 4 || block.size() != 2 || pad.size() != 4)
        nodeError(n, "only 4-D inputs with a 2-D block are supported.");
    const torch::Tensor x = F::pad(in[0], F::PadFuncOptions({0, 0, pad[2], pad[3], pad[0], pad[1]}));
    const int64_t N = x.size(0), H = x.size(1), W = x.size(2), C = x.size(3), bh = block[0], bw = block[1];
    if (H % bh || W % bw)
        nodeError(n, "padded size " + shapeText(x.sizes()) + " is not a multiple of the block.");
    return {x.reshape({N, H / bh, bh, W / bw, bw, C}).permute({2, 4, 0, 1, 3, 5}).reshape({bh * bw * N, H / bh, W / bw, C})};
}

Tensors batchToSpaceOp(const Node& n, const Tensors& in)
{
    needInputs(n, in, 3);
    const std::vector<int64_t> block = intValues(in[1]), crop = intValues(in[2]);
    if (in[0].dim() != 4 || block.size() != 2 || crop.size() != 4)
        nodeError(n, "only 4-D inputs with a 2-D block are supported.");
    const torch::Tensor& x = in[0];
    const int64_t bh = block[0], bw = block[1], B = x.size(0), h = x.size(1), w = x.size(2), C = x.size(3);
    if (B % (bh * bw))
        nodeError(n, "batch " + std::to_string(B) + " is not a multiple of the block.");
    const torch::Tensor y =
        x.reshape({bh, bw, B / (bh * bw), h, w, C}).permute({2, 3, 0, 4, 1, 5}).reshape({B / (bh * bw), h * bh, w * bw, C});
    return {y.slice(1, crop[0], h * bh - crop[1]).slice(2, crop[2], w * bw - crop[3])};
}

Tensors splitOp(const Node& n, const Tensors& in)
{
    if (n.def->op == "Split") { // inputs (axis, x), attr num_split
        needInputs(n, in, 2);
        const int64_t axis = normAxis(n, intValues(in[0]).at(0), in[1].dim());
        const int64_t parts = n.def->attrInt("num_split");
        if (parts <= 0 || in[1].size(axis) % parts)
            nodeError(n, "cannot split " + shapeText(in[1].sizes()) + " into " + std::to_string(parts) + " parts.");
        return in[1].split(in[1].size(axis) / parts, axis);
    }
    needInputs(n, in, 3); // SplitV: (x, sizes, axis)
    const int64_t axis = normAxis(n, intValues(in[2]).at(0), in[0].dim());
    std::vector<int64_t> sizes = intValues(in[1]);
    int64_t known = 0, unknown = -1;
    for (size_t i = 0; i < sizes.size(); ++i)
        if (sizes[i] < 0)
            unknown = int64_t(i);
        else
            known += sizes[i];
    if (unknown >= 0)
        sizes[size_t(unknown)] = in[0].size(axis) - known;
    return in[0].split_with_sizes(sizes, axis);
}

// ---- the op table ----------------------------------------------------------------------------------------------------

torch::Tensor binaryFloat(const torch::Tensor& a, const torch::Tensor& b)
{
    return a.scalar_type() == b.scalar_type() ? a : a.to(torch::kFloat);
}

const std::unordered_map<std::string, OpFn>& opTable()
{
    using T = const Tensors&;
    using N = const Node&;
    auto unary = [](torch::Tensor (*f)(const torch::Tensor&)) {
        return OpFn([f](N n, T in) {
            needInputs(n, in, 1);
            return Tensors{f(in[0])};
        });
    };
    auto binary = [](std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&)> f) {
        return OpFn([f](N n, T in) {
            needInputs(n, in, 2);
            return Tensors{f(binaryFloat(in[0], in[1]), binaryFloat(in[1], in[0]))};
        });
    };
    static const std::unordered_map<std::string, OpFn> table = {
        {"Identity", [](N n, T in) { needInputs(n, in, 1); return Tensors{in[0]}; }},
        {"Conv2D", [](N n, T in) { return convOp(n, in, false); }},
        {"_FusedConv2D", [](N n, T in) { return convOp(n, in, false); }},
        {"DepthwiseConv2dNative", [](N n, T in) { return convOp(n, in, true); }},
        {"FusedDepthwiseConv2dNative", [](N n, T in) { return convOp(n, in, true); }},
        {"Conv2DBackpropInput", [](N n, T in) { return convTransposeOp(n, in); }},
        {"MaxPool", [](N n, T in) { return poolOp(n, in, true); }},
        {"AvgPool", [](N n, T in) { return poolOp(n, in, false); }},
        {"ResizeBilinear", [](N n, T in) { return resizeOp(n, in, false); }},
        {"ResizeNearestNeighbor", [](N n, T in) { return resizeOp(n, in, true); }},
        {"Add", binary([](auto& a, auto& b) { return a + b; })},
        {"AddV2", binary([](auto& a, auto& b) { return a + b; })},
        {"BiasAdd", binary([](auto& a, auto& b) { return a + b; })},
        {"Sub", binary([](auto& a, auto& b) { return a - b; })},
        {"Mul", binary([](auto& a, auto& b) { return a * b; })},
        {"RealDiv", binary([](auto& a, auto& b) { return a / b; })},
        {"Div", binary([](auto& a, auto& b) { return a / b; })},
        {"Maximum", binary([](auto& a, auto& b) { return torch::maximum(a, b); })},
        {"Minimum", binary([](auto& a, auto& b) { return torch::minimum(a, b); })},
        {"SquaredDifference", binary([](auto& a, auto& b) { return (a - b) * (a - b); })},
        {"Pow", binary([](auto& a, auto& b) { return torch::pow(a, b); })},
        {"Prelu", binary([](auto& x, auto& alpha) { return torch::where(x >= 0, x, x * alpha); })},
        {"AddN", [](N n, T in) {
             needInputs(n, in, 1);
             torch::Tensor sum = in[0];
             for (size_t i = 1; i < in.size(); ++i)
                 sum = sum + in[i];
             return Tensors{sum};
         }},
        {"Relu", unary(torch::relu)},
        {"Relu6", [](N n, T in) { needInputs(n, in, 1); return Tensors{torch::clamp(in[0], 0.0, 6.0)}; }},
        {"Elu", [](N n, T in) { needInputs(n, in, 1); return Tensors{torch::elu(in[0])}; }},
        {"LeakyRelu", [](N n, T in) {
             needInputs(n, in, 1);
             return Tensors{torch::leaky_relu(in[0], n.def->attrFloat("alpha", 0.2))};
         }},
        {"Sigmoid", unary(torch::sigmoid)},
        {"Tanh", unary(torch::tanh)},
        {"Exp", unary(torch::exp)},
        {"Log", unary(torch::log)},
        {"Sqrt", unary(torch::sqrt)},
        {"Rsqrt", unary(torch::rsqrt)},
        {"Square", unary(torch::square)},
        {"Abs", unary(torch::abs)},
        {"Neg", unary(torch::neg)},
        {"Floor", unary(torch::floor)},
        {"Softmax", [](N n, T in) { needInputs(n, in, 1); return Tensors{torch::softmax(in[0], -1)}; }},
        {"Cast", [](N n, T in) {
             needInputs(n, in, 1);
             const std::string to = n.def->attrs.count("DstT") ? n.def->attrs.at("DstT").s : "DT_FLOAT";
             if (to == "DT_FLOAT")
                 return Tensors{in[0].to(torch::kFloat)};
             if (to == "DT_INT32" || to == "DT_INT64")
                 return Tensors{in[0].to(torch::kLong)};
             if (to == "DT_BOOL")
                 return Tensors{in[0].to(torch::kBool)};
             nodeError(n, "cast to " + to + " is not supported.");
         }},
        {"Pad", padOp},
        {"PadV2", padOp},
        {"MirrorPad", padOp},
        {"Reshape", [](N n, T in) {
             needInputs(n, in, 2);
             const std::vector<int64_t> shape = intValues(in[1]);
             try {
                 return Tensors{in[0].reshape(shape)};
             } catch (const c10::Error&) {
                 nodeError(n, "cannot reshape " + shapeText(in[0].sizes()) + " to " + shapeText(shape) + ".");
             }
         }},
        {"Squeeze", [](N n, T in) {
             needInputs(n, in, 1);
             std::vector<int64_t> dims = n.def->attrInts("squeeze_dims", {});
             torch::Tensor y = in[0];
             if (dims.empty())
                 return Tensors{y.squeeze()};
             for (int64_t& d : dims)
                 d = normAxis(n, d, y.dim());
             std::sort(dims.rbegin(), dims.rend());
             for (const int64_t d : dims)
                 y = y.squeeze(d);
             return Tensors{y};
         }},
        {"ExpandDims", [](N n, T in) {
             needInputs(n, in, 2);
             return Tensors{in[0].unsqueeze(normAxis(n, intValues(in[1]).at(0), in[0].dim() + 1))};
         }},
        {"Transpose", [](N n, T in) {
             needInputs(n, in, 2);
             return Tensors{in[0].permute(intValues(in[1])).contiguous()};
         }},
        {"ConcatV2", [](N n, T in) {
             needInputs(n, in, 2);
             const int64_t axis = normAxis(n, intValues(in.back()).at(0), in[0].dim());
             Tensors parts(in.begin(), in.end() - 1);
             return Tensors{torch::cat(parts, axis)};
         }},
        {"Pack", [](N n, T in) {
             needInputs(n, in, 1);
             return Tensors{torch::stack(in, normAxis(n, n.def->attrInt("axis", 0), in[0].dim() + 1))};
         }},
        {"Shape", [](N n, T in) {
             needInputs(n, in, 1);
             return Tensors{torch::tensor(in[0].sizes().vec(), torch::kLong)};
         }},
        {"StridedSlice", stridedSliceOp},
        {"Slice", [](N n, T in) {
             needInputs(n, in, 3);
             const std::vector<int64_t> begin = intValues(in[1]), size = intValues(in[2]);
             torch::Tensor y = in[0];
             for (int64_t d = 0; d < int64_t(begin.size()) && d < y.dim(); ++d) {
                 const int64_t e = size[size_t(d)] < 0 ? y.size(d) : begin[size_t(d)] + size[size_t(d)];
                 y = y.slice(d, begin[size_t(d)], e);
             }
             return Tensors{y};
         }},
        {"Mean", reduceOp},
        {"Sum", reduceOp},
        {"Max", reduceOp},
        {"Min", reduceOp},
        {"MatMul", [](N n, T in) {
             needInputs(n, in, 2);
             const torch::Tensor a = n.def->attrBool("transpose_a", false) ? in[0].t() : in[0];
             const torch::Tensor b = n.def->attrBool("transpose_b", false) ? in[1].t() : in[1];
             return Tensors{torch::matmul(a, b)};
         }},
        {"Tile", [](N n, T in) { needInputs(n, in, 2); return Tensors{in[0].repeat(intValues(in[1]))}; }},
        {"Merge", [](N n, T) -> Tensors { nodeError(n, "is evaluated by the executor."); }},
        {"Equal", binary([](auto& a, auto& b) { return torch::eq(a, b); })},
        {"FloorMod", binary([](auto& a, auto& b) { return torch::remainder(a, b); })},
        {"SpaceToBatchND", spaceToBatchOp},
        {"BatchToSpaceND", batchToSpaceOp},
        {"BroadcastTo", [](N n, T in) {
             needInputs(n, in, 2);
             return Tensors{in[0].expand(intValues(in[1])).contiguous()};
         }},
        {"Split", splitOp},
        {"SplitV", splitOp},
        // Control flow (tf.cond): Switch routes its data to output 1 when the predicate holds, else to output 0;
        // the other output is dead (an undefined tensor), and so is every node that reads a dead tensor, except
        // Merge, which forwards its first live input and that input's index.
        {"Switch", [](N n, T in) {
             needInputs(n, in, 2);
             if (in[1].numel() != 1)
                 nodeError(n, "the predicate must be a single value.");
             return in[1].to(torch::kBool).item<bool>() ? Tensors{torch::Tensor(), in[0]} : Tensors{in[0], torch::Tensor()};
         }},
    };
    return table;
}

std::pair<std::string, int> splitInput(const std::string& in)
{
    const size_t colon = in.rfind(':');
    if (colon == std::string::npos)
        return {in, 0};
    return {in.substr(0, colon), std::stoi(in.substr(colon + 1))};
}

} // namespace

struct TfjsGraph::Impl {
    TfjsGraphDef def;
    std::vector<Node> nodes;
    std::unordered_map<std::string, int> index;
    std::vector<int> order; // topological

    int nodeIndex(const std::string& name) const
    {
        const auto it = index.find(name);
        if (it == index.end())
            throwInput("tfjs graph " + quoted(def.file) + " has no node '" + name + "'.");
        return it->second;
    }
};

TfjsGraph::TfjsGraph(const fs::path& model_json) : m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.def = TfjsGraphDef::load(model_json);
    const std::string file = quoted(model_json);
    d.nodes.resize(d.def.nodes.size());
    for (size_t i = 0; i < d.def.nodes.size(); ++i)
        d.index[d.def.nodes[i].name] = int(i);

    torch::NoGradGuard no_grad;
    const auto& table = opTable();
    for (size_t i = 0; i < d.def.nodes.size(); ++i) {
        const TfjsNode& def = d.def.nodes[i];
        Node& n = d.nodes[i];
        n.def = &def;
        for (const std::string& in : def.inputs) {
            if (in.empty() || in[0] == '^')
                continue;
            const auto [name, output] = splitInput(in);
            n.inputs.emplace_back(d.index.at(name), output);
        }
        if (def.op == "Const") {
            const TfjsWeight* w = d.def.weights.find(def.name);
            if (!w)
                throwInput("model file " + file + " has no weight for the constant node '" + def.name + "'. " +
                           modelRestoreHint());
            if (w->dtype == TfjsDType::Float32)
                n.constant = torch::tensor(w->values, torch::kFloat).reshape(w->shape);
            else if (w->dtype == TfjsDType::Bool)
                n.constant = torch::tensor(std::vector<int64_t>(w->ints.begin(), w->ints.end()), torch::kLong)
                                 .to(torch::kBool)
                                 .reshape(w->shape);
            else
                n.constant = torch::tensor(std::vector<int64_t>(w->ints.begin(), w->ints.end()), torch::kLong)
                                 .reshape(w->shape);
            continue;
        }
        if (def.op == "Placeholder" || def.op == "NoOp")
            continue;
        const auto it = table.find(def.op);
        if (it == table.end())
            throwInput("tfjs graph " + file + ": op '" + def.op + "' of node '" + def.name +
                       "' is not supported by this build's graph runner.");
        n.fn = it->second;
    }
    // Filters: converted once when a Const node feeds input 1.
    for (Node& n : d.nodes) {
        const FilterKind kind = filterKind(n.def->op);
        if (kind == FilterKind::None || n.inputs.size() < 2 || d.nodes[size_t(n.inputs[1].first)].def->op != "Const")
            continue;
        const torch::Tensor f = d.nodes[size_t(n.inputs[1].first)].constant;
        if (f.dim() != 4)
            throwInput("tfjs graph " + file + ": node '" + n.def->name + "' has a filter of shape " +
                       shapeText(f.sizes()) + ", expected 4-D.");
        n.filter = torchFilter(kind, f);
    }
    // Topological order (iterative DFS; graphs have a few thousand nodes at most).
    std::vector<int> state(d.nodes.size(), 0); // 0 new, 1 on stack, 2 done
    for (size_t root = 0; root < d.nodes.size(); ++root) {
        if (state[root])
            continue;
        std::vector<std::pair<int, size_t>> stack{{int(root), 0}};
        state[root] = 1;
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            const auto& ins = d.nodes[size_t(node)].inputs;
            if (next < ins.size()) {
                const int child = ins[next++].first;
                if (state[size_t(child)] == 1)
                    throwInput("tfjs graph " + file + " has a cycle through node '" + d.def.nodes[size_t(child)].name +
                               "'; control flow is not supported.");
                if (state[size_t(child)] == 0) {
                    state[size_t(child)] = 1;
                    stack.emplace_back(child, 0);
                }
                continue;
            }
            state[size_t(node)] = 2;
            d.order.push_back(node);
            stack.pop_back();
        }
    }
}

TfjsGraph::~TfjsGraph() = default;
TfjsGraph::TfjsGraph(TfjsGraph&&) noexcept = default;
TfjsGraph& TfjsGraph::operator=(TfjsGraph&&) noexcept = default;

std::vector<std::string> TfjsGraph::inputNames() const
{
    std::vector<std::string> names;
    for (const TfjsSignatureTensor& t : m_impl->def.inputs)
        names.push_back(t.node);
    return names;
}

std::vector<std::string> TfjsGraph::outputNames() const
{
    std::vector<std::string> names;
    for (const TfjsSignatureTensor& t : m_impl->def.outputs)
        names.push_back(t.output_index ? t.node + ":" + std::to_string(t.output_index) : t.node);
    return names;
}

std::vector<int64_t> TfjsGraph::inputShape(const std::string& input) const
{
    for (const TfjsSignatureTensor& t : m_impl->def.inputs)
        if (t.node == input)
            return t.shape;
    return {};
}

std::vector<FloatTensor> TfjsGraph::run(const std::vector<std::pair<std::string, FloatTensor>>& inputs,
                                        const std::vector<std::string>& outputs) const
{
    c10::InferenceMode guard;
    const Impl& d = *m_impl;
    const std::string file = quoted(d.def.file);
    std::vector<Tensors> values(d.nodes.size());

    for (const auto& [name, t] : inputs) {
        const int i = d.nodeIndex(name);
        if (d.nodes[size_t(i)].def->op != "Placeholder")
            throwInput("tfjs graph " + file + ": '" + name + "' is not an input of the graph.");
        if (int64_t(t.values.size()) != t.numel())
            throwInput("input '" + name + "' holds " + std::to_string(t.values.size()) + " values but its shape " +
                       shapeText(t.shape) + " needs " + std::to_string(t.numel()) + ".");
        const std::vector<int64_t> want = inputShape(name);
        bool fits = want.empty() || want.size() == t.shape.size();
        for (size_t k = 0; fits && k < want.size(); ++k)
            fits = want[k] < 0 || want[k] == t.shape[k];
        if (!fits)
            throwInput("input '" + name + "' of " + file + " must have shape " + shapeText(want) + ", got " +
                       shapeText(t.shape) + ".");
        values[size_t(i)] = {torch::from_blob(const_cast<float*>(t.values.data()), t.shape, torch::kFloat)};
    }

    const std::vector<std::string> wanted = outputs.empty() ? outputNames() : outputs;
    std::vector<std::pair<int, int>> targets;
    std::vector<char> needed(d.nodes.size(), 0);
    std::vector<int> todo;
    for (const std::string& o : wanted) {
        const auto [name, output] = splitInput(o);
        targets.emplace_back(d.nodeIndex(name), output);
        todo.push_back(targets.back().first);
    }
    while (!todo.empty()) {
        const int i = todo.back();
        todo.pop_back();
        if (needed[size_t(i)])
            continue;
        needed[size_t(i)] = 1;
        for (const auto& [src, _] : d.nodes[size_t(i)].inputs)
            todo.push_back(src);
    }

    for (const int i : d.order) {
        if (!needed[size_t(i)])
            continue;
        const Node& n = d.nodes[size_t(i)];
        if (n.def->op == "Const") {
            values[size_t(i)] = {n.constant};
            continue;
        }
        if (n.def->op == "Placeholder") {
            if (values[size_t(i)].empty())
                throwInput("tfjs graph " + file + " needs the input '" + n.def->name + "', which was not given.");
            continue;
        }
        Tensors in;
        in.reserve(n.inputs.size());
        bool any_dead = false;
        for (const auto& [src, output] : n.inputs) {
            const Tensors& v = values[size_t(src)];
            if (v.empty()) { // a dead node (control flow): its every output is dead
                in.emplace_back();
                any_dead = true;
                continue;
            }
            if (size_t(output) >= v.size())
                nodeError(n, "reads output " + std::to_string(output) + " of '" + d.nodes[size_t(src)].def->name +
                                 "', which has " + std::to_string(v.size()) + ".");
            in.push_back(v[size_t(output)]);
            any_dead = any_dead || !in.back().defined();
        }
        if (n.def->op == "Merge") {
            for (size_t k = 0; k < in.size(); ++k)
                if (in[k].defined()) {
                    values[size_t(i)] = {in[k], torch::tensor(int64_t(k))};
                    break;
                }
            continue; // no live input: stays dead (empty)
        }
        if (any_dead)
            continue; // dead
        try {
            values[size_t(i)] = n.fn(n, in);
        } catch (const c10::Error& e) {
            std::string msg = e.what_without_backtrace();
            nodeError(n, "failed on inputs of shapes" + [&] {
                std::string s;
                for (const torch::Tensor& t : in)
                    s += " " + shapeText(t.sizes());
                return s;
            }() + ": " + msg.substr(0, msg.find('\n')));
        }
    }

    std::vector<FloatTensor> out;
    for (const auto& [i, output] : targets) {
        const Tensors& v = values[size_t(i)];
        if (v.empty() || (size_t(output) < v.size() && !v[size_t(output)].defined()))
            throwInput("tfjs graph " + file + ": output '" + d.nodes[size_t(i)].def->name +
                       "' was not computed (it lies in a branch the inputs did not take).");
        if (size_t(output) >= v.size())
            throwInput("tfjs graph " + file + ": node '" + d.nodes[size_t(i)].def->name + "' has no output " +
                       std::to_string(output) + ".");
        const torch::Tensor t = v[size_t(output)].to(torch::kFloat).contiguous();
        FloatTensor f;
        f.shape = t.sizes().vec();
        f.values.assign(t.data_ptr<float>(), t.data_ptr<float>() + t.numel());
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace emote::face
