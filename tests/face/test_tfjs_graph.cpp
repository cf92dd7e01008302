// The tfjs graph runner, op by op, on small hand-made graphs (model.json + .bin written at test time) against
// plain-loop reference implementations of TensorFlow's semantics (SAME padding with the odd pixel after,
// transposed convolution as the convolution's gradient, tfjs-cpu's resize index arithmetic, pools that average
// only inside the image), plus the loud failures: unsupported op, missing input, wrong shape, float16 weights.
#include "core/common/error.h"
#include "core/face/tfjs_graph.h"
#include "test_support.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <functional>

using namespace emote;
using namespace emote::face;

namespace {

// ---- building graphs -------------------------------------------------------------------------------------------------

QJsonObject s(const char* text) { return {{"s", QString::fromLatin1(QByteArray(text).toBase64())}}; }
QJsonObject b(bool v) { return {{"b", v}}; }
QJsonObject ints(std::initializer_list<int> v)
{
    QJsonArray a;
    for (const int i : v)
        a.append(QString::number(i));
    return {{"list", QJsonObject{{"i", a}}}};
}
QJsonObject strs(std::initializer_list<const char*> v)
{
    QJsonArray a;
    for (const char* t : v)
        a.append(QString::fromLatin1(QByteArray(t).toBase64()));
    return {{"list", QJsonObject{{"s", a}}}};
}

struct Const {
    QString name;
    std::vector<int64_t> shape;
    std::vector<float> values; // float32 (or float16 when half)
    std::vector<int32_t> ints; // int32 when non-empty
    bool half = false;
};

class GraphBuilder {
public:
    void input(const QString& name, std::vector<int64_t> shape)
    {
        QJsonArray dims;
        for (const int64_t d : shape)
            dims.append(QJsonObject{{"size", QString::number(d)}});
        m_nodes.append(QJsonObject{{"name", name}, {"op", "Placeholder"},
                                   {"attr", QJsonObject{{"shape", QJsonObject{{"shape", QJsonObject{{"dim", dims}}}}}}}});
    }
    void constant(Const c)
    {
        m_nodes.append(QJsonObject{{"name", c.name}, {"op", "Const"}});
        m_consts.push_back(std::move(c));
    }
    void constInts(const QString& name, std::vector<int32_t> v)
    {
        constant({name, {int64_t(v.size())}, {}, std::move(v)});
    }
    void op(const QString& name, const QString& op, QStringList inputs, QJsonObject attr = {})
    {
        m_nodes.append(QJsonObject{{"name", name}, {"op", op}, {"input", QJsonArray::fromStringList(inputs)},
                                   {"attr", attr}});
    }
    // Writes model.json + model.bin into DIR and returns the model.json path.
    std::filesystem::path write(const QString& dir) const
    {
        if (m_consts.empty()) { // tfjs models always carry weights (an empty shard is refused as damaged)
            GraphBuilder with = *this;
            with.constant({"unused", {1}, {0.0f}});
            return with.write(dir);
        }
        QJsonArray weights;
        QByteArray bin;
        for (const Const& c : m_consts) {
            QJsonArray shape;
            for (const int64_t d : c.shape)
                shape.append(qint64(d));
            QJsonObject w{{"name", c.name}, {"shape", shape}, {"dtype", c.ints.empty() ? "float32" : "int32"}};
            if (!c.ints.empty()) {
                bin.append(reinterpret_cast<const char*>(c.ints.data()), qsizetype(c.ints.size() * 4));
            } else if (c.half) {
                w["quantization"] = QJsonObject{{"dtype", "float16"}, {"original_dtype", "float32"}};
                for (const float f : c.values) {
                    const uint16_t h = toHalf(f);
                    bin.append(reinterpret_cast<const char*>(&h), 2);
                }
            } else {
                bin.append(reinterpret_cast<const char*>(c.values.data()), qsizetype(c.values.size() * 4));
            }
            weights.append(w);
        }
        const QJsonObject model{
            {"format", "graph-model"},
            {"modelTopology", QJsonObject{{"node", m_nodes}}},
            {"weightsManifest", QJsonArray{QJsonObject{{"paths", QJsonArray{"model.bin"}}, {"weights", weights}}}}};
        QFile json(dir + "/model.json"), data(dir + "/model.bin");
        if (!json.open(QIODevice::WriteOnly) || !data.open(QIODevice::WriteOnly))
            qFatal("cannot write the test model");
        json.write(QJsonDocument(model).toJson());
        data.write(bin);
        return (dir + "/model.json").toStdString();
    }

private:
    // Exact for the values the tests use (normal halves); round-to-nearest otherwise.
    static uint16_t toHalf(float f)
    {
        uint32_t u;
        std::memcpy(&u, &f, 4);
        const uint32_t sign = (u >> 16) & 0x8000u;
        const int exp = int((u >> 23) & 0xff) - 127 + 15;
        const uint32_t mant = u & 0x7fffffu;
        if (exp <= 0)
            return uint16_t(sign);
        return uint16_t(sign | uint32_t(exp) << 10 | ((mant + 0x1000u) >> 13));
    }

    QJsonArray m_nodes;
    std::vector<Const> m_consts;
};

// ---- data and references (NHWC, batch 1) ------------------------------------------------------------------------------

std::vector<float> pattern(size_t n, int seed)
{
    std::vector<float> v(n);
    uint32_t x = 2463534242u + uint32_t(seed);
    for (float& f : v) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        f = float(x % 2001) / 1000.0f - 1.0f;
    }
    return v;
}

struct Nhwc {
    int h, w, c;
    std::vector<float> v;
    float at(int y, int x, int k) const { return v[size_t((y * w + x) * c + k)]; }
};

int samePadBefore(int in, int k, int stride, int dil)
{
    const int eff = (k - 1) * dil + 1, out = (in + stride - 1) / stride;
    return std::max((out - 1) * stride + eff - in, 0) / 2;
}

// TF conv2d / depthwise (multiplier m: output channel c·m + j).
Nhwc convRef(const Nhwc& x, const std::vector<float>& w, int kh, int kw, int cout, int stride, int dil, bool same,
             bool depthwise)
{
    const int oh = same ? (x.h + stride - 1) / stride : (x.h - (kh - 1) * dil - 1) / stride + 1;
    const int ow = same ? (x.w + stride - 1) / stride : (x.w - (kw - 1) * dil - 1) / stride + 1;
    const int pt = same ? samePadBefore(x.h, kh, stride, dil) : 0, pl = same ? samePadBefore(x.w, kw, stride, dil) : 0;
    const int mult = depthwise ? cout / x.c : 0;
    Nhwc y{oh, ow, cout, std::vector<float>(size_t(oh * ow * cout))};
    for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox)
            for (int o = 0; o < cout; ++o) {
                double acc = 0;
                for (int ky = 0; ky < kh; ++ky)
                    for (int kx = 0; kx < kw; ++kx) {
                        const int iy = oy * stride - pt + ky * dil, ix = ox * stride - pl + kx * dil;
                        if (iy < 0 || ix < 0 || iy >= x.h || ix >= x.w)
                            continue;
                        if (depthwise) {
                            const int c = o / mult, j = o % mult;
                            acc += double(x.at(iy, ix, c)) * w[size_t(((ky * kw + kx) * x.c + c) * mult + j)];
                        } else {
                            for (int c = 0; c < x.c; ++c)
                                acc += double(x.at(iy, ix, c)) * w[size_t(((ky * kw + kx) * x.c + c) * cout + o)];
                        }
                    }
                y.v[size_t((oy * ow + ox) * cout + o)] = float(acc);
            }
    return y;
}

// Conv2DBackpropInput: the gradient of a SAME conv (filter [kh, kw, cout, cin]) with respect to its input.
Nhwc convTransposeRef(const Nhwc& dy, const std::vector<float>& w, int kh, int kw, int oh, int ow, int cout, int stride)
{
    const int pt = samePadBefore(oh, kh, stride, 1), pl = samePadBefore(ow, kw, stride, 1);
    Nhwc dx{oh, ow, cout, std::vector<float>(size_t(oh * ow * cout))};
    for (int y = 0; y < dy.h; ++y)
        for (int x = 0; x < dy.w; ++x)
            for (int ky = 0; ky < kh; ++ky)
                for (int kx = 0; kx < kw; ++kx) {
                    const int iy = y * stride - pt + ky, ix = x * stride - pl + kx;
                    if (iy < 0 || ix < 0 || iy >= oh || ix >= ow)
                        continue;
                    for (int c = 0; c < cout; ++c)
                        for (int k = 0; k < dy.c; ++k)
                            dx.v[size_t((iy * ow + ix) * cout + c)] +=
                                dy.at(y, x, k) * w[size_t(((ky * kw + kx) * cout + c) * dy.c + k)];
                }
    return dx;
}

// tfjs-backend-cpu's resizeBilinear, transcribed.
Nhwc resizeRef(const Nhwc& x, int oh, int ow, bool align, bool half)
{
    Nhwc y{oh, ow, x.c, std::vector<float>(size_t(oh * ow * x.c))};
    const double ry = (align && oh > 1) ? double(x.h - 1) / (oh - 1) : double(x.h) / oh;
    const double rx = (align && ow > 1) ? double(x.w - 1) / (ow - 1) : double(x.w) / ow;
    for (int r = 0; r < oh; ++r) {
        const double sy = half ? ry * (r + 0.5) - 0.5 : ry * r;
        const int y0 = std::max(0, int(std::floor(sy))), y1 = std::min(x.h - 1, int(std::ceil(sy)));
        const double fy = sy - y0;
        for (int c = 0; c < ow; ++c) {
            const double sx = half ? rx * (c + 0.5) - 0.5 : rx * c;
            const int x0 = std::max(0, int(std::floor(sx))), x1 = std::min(x.w - 1, int(std::ceil(sx)));
            const double fx = sx - x0;
            for (int k = 0; k < x.c; ++k) {
                const double top = x.at(y0, x0, k) + (x.at(y0, x1, k) - x.at(y0, x0, k)) * fx;
                const double bot = x.at(y1, x0, k) + (x.at(y1, x1, k) - x.at(y1, x0, k)) * fx;
                y.v[size_t((r * ow + c) * x.c + k)] = float(top + (bot - top) * fy);
            }
        }
    }
    return y;
}

Nhwc poolRef(const Nhwc& x, int k, int stride, bool max)
{
    const int oh = (x.h + stride - 1) / stride, ow = (x.w + stride - 1) / stride;
    const int pt = samePadBefore(x.h, k, stride, 1), pl = samePadBefore(x.w, k, stride, 1);
    Nhwc y{oh, ow, x.c, std::vector<float>(size_t(oh * ow * x.c))};
    for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox)
            for (int c = 0; c < x.c; ++c) {
                double acc = max ? -1e30 : 0.0;
                int n = 0;
                for (int ky = 0; ky < k; ++ky)
                    for (int kx = 0; kx < k; ++kx) {
                        const int iy = oy * stride - pt + ky, ix = ox * stride - pl + kx;
                        if (iy < 0 || ix < 0 || iy >= x.h || ix >= x.w)
                            continue;
                        acc = max ? std::max(acc, double(x.at(iy, ix, c))) : acc + x.at(iy, ix, c);
                        ++n;
                    }
                y.v[size_t((oy * ow + ox) * x.c + c)] = float(max ? acc : acc / n);
            }
    return y;
}

FloatTensor tensor(const Nhwc& x) { return {{1, x.h, x.w, x.c}, x.v}; }

double maxDiff(const FloatTensor& got, const Nhwc& want)
{
    if (got.shape != std::vector<int64_t>{1, want.h, want.w, want.c})
        return 1e30;
    double m = 0;
    for (size_t i = 0; i < want.v.size(); ++i)
        m = std::max(m, std::abs(double(got.values[i]) - want.v[i]));
    return m;
}

} // namespace

class TestTfjsGraph : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void convolutions_data();
    void convolutions();
    void fusedConvBiasActivations();
    void transposedConvolution_data();
    void transposedConvolution();
    void resize_data();
    void resize();
    void pools();
    void shapesAndArithmetic();
    void controlFlowAndBatchSpace_data();
    void controlFlowAndBatchSpace();
    void float16Weights();
    void failsLoudly();

private:
    QTemporaryDir m_tmp;
};

void TestTfjsGraph::convolutions_data()
{
    QTest::addColumn<int>("h");
    QTest::addColumn<int>("w");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("stride");
    QTest::addColumn<int>("dil");
    QTest::addColumn<bool>("same");
    QTest::addColumn<bool>("depthwise");
    QTest::addColumn<int>("mult"); // output channels (conv) or multiplier (depthwise)
    QTest::newRow("3x3 s2 SAME even (pad 0 before, 1 after)") << 8 << 8 << 3 << 2 << 1 << true << false << 4;
    QTest::newRow("3x3 s2 SAME odd") << 7 << 9 << 3 << 2 << 1 << true << false << 5;
    QTest::newRow("3x3 s1 SAME dilation 2") << 9 << 8 << 3 << 1 << 2 << true << false << 3;
    QTest::newRow("5x5 s1 VALID") << 9 << 10 << 5 << 1 << 1 << false << false << 2;
    QTest::newRow("1x1 s1") << 5 << 6 << 1 << 1 << 1 << true << false << 7;
    QTest::newRow("depthwise 3x3 s2 SAME even") << 8 << 10 << 3 << 2 << 1 << true << true << 1;
    QTest::newRow("depthwise 5x5 s1 SAME multiplier 2") << 7 << 7 << 5 << 1 << 1 << true << true << 2;
}

void TestTfjsGraph::convolutions()
{
    QFETCH(int, h);
    QFETCH(int, w);
    QFETCH(int, k);
    QFETCH(int, stride);
    QFETCH(int, dil);
    QFETCH(bool, same);
    QFETCH(bool, depthwise);
    QFETCH(int, mult);
    const int cin = 3, cout = depthwise ? cin * mult : mult;
    const Nhwc x{h, w, cin, pattern(size_t(h * w * cin), 1)};
    const std::vector<float> filt = pattern(size_t(k * k * cin * (depthwise ? mult : cout)), 2);
    GraphBuilder g;
    g.input("x", {1, h, w, cin});
    g.constant({"f", {k, k, cin, depthwise ? mult : cout}, filt});
    g.op("y", depthwise ? "DepthwiseConv2dNative" : "Conv2D", {"x", "f"},
         {{"strides", ints({1, stride, stride, 1})}, {"dilations", ints({1, dil, dil, 1})},
          {"padding", s(same ? "SAME" : "VALID")}, {"data_format", s("NHWC")}});
    const QString dir = m_tmp.path() + "/" + QTest::currentDataTag();
    QVERIFY(QDir().mkpath(dir));
    const TfjsGraph net(g.write(dir));
    const FloatTensor y = net.run({{"x", tensor(x)}}, {"y"}).at(0);
    const Nhwc want = convRef(x, filt, k, k, cout, stride, dil, same, depthwise);
    QVERIFY2(maxDiff(y, want) < 1e-5, qPrintable(QString::number(maxDiff(y, want))));
}

void TestTfjsGraph::fusedConvBiasActivations()
{
    const Nhwc x{6, 6, 2, pattern(72, 3)};
    const std::vector<float> filt = pattern(3 * 3 * 2 * 4, 4), bias{0.5f, -0.25f, 0.1f, 0.0f}, alpha{0.1f, 0.2f, 0.3f, 0.4f};
    const Nhwc conv = convRef(x, filt, 3, 3, 4, 1, 1, true, false);
    for (const char* act : {"Relu", "Relu6", "Prelu"}) {
        GraphBuilder g;
        g.input("x", {1, 6, 6, 2});
        g.constant({"f", {3, 3, 2, 4}, filt});
        g.constant({"b", {4}, bias});
        g.constant({"a", {1, 1, 4}, alpha});
        QStringList ins{"x", "f", "b"};
        if (QByteArray(act) == "Prelu")
            ins << "a";
        g.op("y", "_FusedConv2D", ins,
             {{"strides", ints({1, 1, 1, 1})}, {"padding", s("SAME")}, {"fused_ops", strs({"BiasAdd", act})},
              {"num_args", QJsonObject{{"i", QString::number(ins.size() - 2)}}}});
        const QString dir = m_tmp.path() + "/fused_" + act;
        QVERIFY(QDir().mkpath(dir));
        const FloatTensor y = TfjsGraph(g.write(dir)).run({{"x", tensor(x)}}).at(0);
        Nhwc want = conv;
        for (size_t i = 0; i < want.v.size(); ++i) {
            const float v = want.v[i] + bias[i % 4];
            want.v[i] = QByteArray(act) == "Relu" ? std::max(v, 0.0f)
                        : QByteArray(act) == "Relu6" ? std::clamp(v, 0.0f, 6.0f)
                                                     : (v < 0 ? v * alpha[i % 4] : v);
        }
        QVERIFY2(maxDiff(y, want) < 1e-5, act);
    }
}

void TestTfjsGraph::transposedConvolution_data()
{
    QTest::addColumn<int>("in");
    QTest::addColumn<int>("out");
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("stride");
    QTest::newRow("2x2 s2 (selfie's last layer)") << 4 << 8 << 2 << 2;
    QTest::newRow("3x3 s2 to odd size") << 4 << 7 << 3 << 2;
    QTest::newRow("3x3 s1") << 5 << 5 << 3 << 1;
    QTest::newRow("4x4 s2") << 3 << 6 << 4 << 2;
}

void TestTfjsGraph::transposedConvolution()
{
    QFETCH(int, in);
    QFETCH(int, out);
    QFETCH(int, k);
    QFETCH(int, stride);
    const int cin = 3, cout = 2;
    const Nhwc dy{in, in + 1 - (stride == 1 ? 1 : 0), cin, {}};
    Nhwc x = dy;
    x.v = pattern(size_t(x.h * x.w * cin), 5);
    const int out_w = stride == 1 ? x.w : x.w * stride;
    const std::vector<float> filt = pattern(size_t(k * k * cout * cin), 6);
    GraphBuilder g;
    g.input("dy", {1, x.h, x.w, cin});
    g.constInts("size", {1, out, out_w, cout});
    g.constant({"f", {k, k, cout, cin}, filt});
    g.op("y", "Conv2DBackpropInput", {"size", "f", "dy"}, {{"strides", ints({1, stride, stride, 1})}, {"padding", s("SAME")}});
    const QString dir = m_tmp.path() + "/t_" + QTest::currentDataTag();
    QVERIFY(QDir().mkpath(dir));
    const FloatTensor y = TfjsGraph(g.write(dir)).run({{"dy", tensor(x)}}).at(0);
    const Nhwc want = convTransposeRef(x, filt, k, k, out, out_w, cout, stride);
    QVERIFY2(maxDiff(y, want) < 1e-5, qPrintable(QString::number(maxDiff(y, want))));
}

void TestTfjsGraph::resize_data()
{
    QTest::addColumn<int>("oh");
    QTest::addColumn<int>("ow");
    QTest::addColumn<bool>("align");
    QTest::addColumn<bool>("half");
    for (const auto& [oh, ow] : {std::pair{14, 10}, std::pair{3, 4}, std::pair{7, 5}}) {
        const QString size = QString::number(oh) + "x" + QString::number(ow);
        QTest::newRow(qPrintable("legacy " + size)) << oh << ow << false << false;
        QTest::newRow(qPrintable("half_pixel_centers " + size)) << oh << ow << false << true;
        QTest::newRow(qPrintable("align_corners " + size)) << oh << ow << true << false;
    }
}

void TestTfjsGraph::resize()
{
    QFETCH(int, oh);
    QFETCH(int, ow);
    QFETCH(bool, align);
    QFETCH(bool, half);
    const Nhwc x{7, 5, 2, pattern(70, 7)};
    GraphBuilder g;
    g.input("x", {1, 7, 5, 2});
    g.constInts("size", {oh, ow});
    g.op("y", "ResizeBilinear", {"x", "size"}, {{"align_corners", b(align)}, {"half_pixel_centers", b(half)}});
    const QString dir = m_tmp.path() + "/r_" + QString(QTest::currentDataTag()).replace(' ', '_');
    QVERIFY(QDir().mkpath(dir));
    const FloatTensor y = TfjsGraph(g.write(dir)).run({{"x", tensor(x)}}).at(0);
    const Nhwc want = resizeRef(x, oh, ow, align, half);
    QVERIFY2(maxDiff(y, want) < 1e-6, qPrintable(QString::number(maxDiff(y, want))));
}

void TestTfjsGraph::pools()
{
    const Nhwc x{5, 6, 3, pattern(90, 8)};
    for (const bool max : {true, false})
        for (const auto& [k, stride] : {std::pair{3, 2}, std::pair{2, 2}, std::pair{3, 1}}) {
            GraphBuilder g;
            g.input("x", {1, 5, 6, 3});
            g.op("y", max ? "MaxPool" : "AvgPool", {"x"},
                 {{"ksize", ints({1, k, k, 1})}, {"strides", ints({1, stride, stride, 1})}, {"padding", s("SAME")}});
            const QString dir = m_tmp.path() + QString("/p_%1_%2_%3").arg(max).arg(k).arg(stride);
            QVERIFY(QDir().mkpath(dir));
            const FloatTensor y = TfjsGraph(g.write(dir)).run({{"x", tensor(x)}}).at(0);
            QVERIFY2(maxDiff(y, poolRef(x, k, stride, max)) < 1e-6, qPrintable(dir));
        }
}

void TestTfjsGraph::shapesAndArithmetic()
{
    // x: 1×2×3×2 = 0..11.
    std::vector<float> xv(12);
    for (int i = 0; i < 12; ++i)
        xv[size_t(i)] = float(i);
    GraphBuilder g;
    g.input("x", {1, 2, 3, 2});
    g.constInts("pads", {0, 0, 1, 0, 0, 2, 0, 0});
    g.op("pad", "Pad", {"x", "pads"}); // 1×3×5×2
    g.constInts("axis", {-1});
    g.op("cat", "ConcatV2", {"x", "x", "axis"}); // 1×2×3×4
    g.constInts("shape", {-1, 4});
    g.op("reshape", "Reshape", {"cat", "shape"}); // 6×4
    g.constInts("b", {0, 1, 0, 1});
    g.constInts("e", {0, 2, 3, 2});
    g.constInts("st", {1, 1, 2, 1});
    g.op("slice", "StridedSlice", {"x", "b", "e", "st"},
         {{"begin_mask", QJsonObject{{"i", "1"}}}, {"end_mask", QJsonObject{{"i", "1"}}},
          {"shrink_axis_mask", QJsonObject{{"i", "8"}}}}); // x[:, 1:2, 0:3:2, 1] → 1×1×2
    g.constInts("axes", {1, 2});
    g.op("mean", "Mean", {"x", "axes"}, {{"keep_dims", b(true)}}); // 1×1×1×2
    g.constant({"two", {}, {2.0f}});
    g.op("sub", "Sub", {"x", "two"});
    g.op("div", "RealDiv", {"sub", "two"});
    g.op("max", "Maximum", {"div", "two"});
    g.op("min", "Minimum", {"div", "two"});
    g.op("addn", "AddN", {"x", "x", "x"});
    g.constInts("perm", {0, 3, 1, 2});
    g.op("tr", "Transpose", {"x", "perm"}); // 1×2×2×3
    g.constInts("zero", {0});
    g.op("expand", "ExpandDims", {"x", "zero"}); // 1×1×2×3×2
    g.op("squeeze", "Squeeze", {"expand"}, {{"squeeze_dims", ints({0})}});
    g.op("sig", "Sigmoid", {"sub"});
    const QString dir = m_tmp.path() + "/shapes";
    QVERIFY(QDir().mkpath(dir));
    const TfjsGraph net(g.write(dir));
    const auto out = net.run({{"x", FloatTensor{{1, 2, 3, 2}, xv}}},
                             {"pad", "cat", "reshape", "slice", "mean", "max", "min", "addn", "tr", "squeeze", "sig"});
    QCOMPARE(out[0].shape, (std::vector<int64_t>{1, 3, 5, 2}));
    QCOMPARE(out[0].values[0], 0.0f);                         // the padded top row
    QCOMPARE(out[0].values[size_t((1 * 5 + 0) * 2 + 1)], 1.0f); // x[0,0,0,1] moved down one row
    QCOMPARE(out[0].values[size_t((2 * 5 + 4) * 2)], 0.0f);     // right padding
    QCOMPARE(out[1].shape, (std::vector<int64_t>{1, 2, 3, 4}));
    QCOMPARE(out[1].values[2], 0.0f);                           // second copy starts at channel 2
    QCOMPARE(out[2].shape, (std::vector<int64_t>{6, 4}));
    QCOMPARE(out[3].shape, (std::vector<int64_t>{1, 1, 2}));
    QCOMPARE(out[3].values, (std::vector<float>{7.0f, 11.0f}));
    QCOMPARE(out[4].shape, (std::vector<int64_t>{1, 1, 1, 2}));
    QCOMPARE(out[4].values, (std::vector<float>{5.0f, 6.0f}));
    QCOMPARE(out[5].values[11], 4.5f);                          // max((11-2)/2, 2)
    QCOMPARE(out[5].values[0], 2.0f);
    QCOMPARE(out[6].values[0], -1.0f);
    QCOMPARE(out[7].values[5], 15.0f);
    QCOMPARE(out[8].shape, (std::vector<int64_t>{1, 2, 2, 3}));
    QCOMPARE(out[8].values[3], 6.0f);                           // channel 1, row 1, column 0 ... x[0,1,0,0]
    QCOMPARE(out[9].shape, (std::vector<int64_t>{1, 2, 3, 2}));
    QVERIFY(std::abs(out[10].values[2] - 0.5f) < 1e-7f);        // sigmoid(2 - 2)
}

void TestTfjsGraph::controlFlowAndBatchSpace_data()
{
    QTest::addColumn<float>("ratio");
    QTest::newRow("predicate true") << 1.0f;
    QTest::newRow("predicate false") << 0.5f;
}

// tf.cond as RVM's graph has it: Equal → Switch → two branches → Merge; the branch not taken is dead and never
// runs (its Relu6 would fail on the dead input if it did). SpaceToBatchND then BatchToSpaceND with the same block
// and crop = pad is the identity; Split / SplitV / BroadcastTo / FloorMod by value.
void TestTfjsGraph::controlFlowAndBatchSpace()
{
    QFETCH(float, ratio);
    GraphBuilder g;
    g.input("x", {1, 5, 6, 2});
    g.input("ratio", {});
    g.constant({"one", {}, {1.0f}});
    g.op("eq", "Equal", {"ratio", "one"});
    g.op("sw", "Switch", {"x", "eq"});
    g.op("else", "Neg", {"sw"});    // output 0: predicate false
    g.op("then", "Sigmoid", {"sw:1"}); // output 1: predicate true
    g.op("merge", "Merge", {"then", "else"});
    g.constInts("block", {2, 2});
    g.constInts("pads", {1, 0, 0, 2});
    g.op("s2b", "SpaceToBatchND", {"x", "block", "pads"}); // 4 × 3 × 4 × 2
    g.op("b2s", "BatchToSpaceND", {"s2b", "block", "pads"});
    g.constInts("axis3", {3});
    g.op("split", "Split", {"axis3", "x"}, {{"num_split", QJsonObject{{"i", "2"}}}});
    g.constInts("sizes", {2, -1});
    g.op("splitv", "SplitV", {"x", "sizes", "axis3"}, {{"num_split", QJsonObject{{"i", "2"}}}});
    g.constInts("shape", {2, 3});
    g.op("bcast", "BroadcastTo", {"ratio", "shape"});
    g.constant({"three", {}, {3.0f}});
    g.op("mod", "FloorMod", {"x", "three"});
    const QString dir = m_tmp.path() + "/cf_" + QString::number(ratio);
    QVERIFY(QDir().mkpath(dir));
    const TfjsGraph net(g.write(dir));
    std::vector<float> xv(60);
    for (size_t i = 0; i < xv.size(); ++i)
        xv[i] = float(i) - 30.0f;
    const auto out = net.run({{"x", FloatTensor{{1, 5, 6, 2}, xv}}, {"ratio", FloatTensor{{}, {ratio}}}},
                             {"merge", "merge:1", "s2b", "b2s", "split:1", "splitv:1", "bcast", "mod"});
    const bool taken = ratio == 1.0f;
    QCOMPARE(out[1].values.at(0), taken ? 0.0f : 1.0f); // Merge's value_index
    for (size_t i = 0; i < xv.size(); ++i)
        QCOMPARE(out[0].values[i], taken ? 1.0f / (1.0f + std::exp(-xv[i])) : -xv[i]);
    QCOMPARE(out[2].shape, (std::vector<int64_t>{4, 3, 4, 2}));
    QCOMPARE(out[2].values[0], 0.0f);             // batch 0 starts in the padded top row
    QCOMPARE(out[3].shape, (std::vector<int64_t>{1, 5, 6, 2}));
    QCOMPARE(out[3].values, xv);
    QCOMPARE(out[4].shape, (std::vector<int64_t>{1, 5, 6, 1}));
    QCOMPARE(out[4].values[0], xv[1]);
    QCOMPARE(out[5].shape, (std::vector<int64_t>{1, 5, 6, 0}));
    QCOMPARE(out[6].values, std::vector<float>(6, ratio));
    QCOMPARE(out[7].values[0], 0.0f);             // floormod(-30, 3)
    QCOMPARE(out[7].values[1], 1.0f);             // floormod(-29, 3): the sign of the divisor
    // Asking for the dead branch is an error naming it.
    const QString msg = test::inputErrorOf([&] {
        net.run({{"x", FloatTensor{{1, 5, 6, 2}, xv}}, {"ratio", FloatTensor{{}, {ratio}}}}, {taken ? "else" : "then"});
    });
    QVERIFY2(msg.contains("not computed"), qPrintable(msg));
}

void TestTfjsGraph::float16Weights()
{
    GraphBuilder g;
    g.input("x", {1, 1, 1, 3});
    g.constant({"w", {3}, {0.5f, -1.25f, 1024.0f}, {}, /*half=*/true});
    g.op("y", "Mul", {"x", "w"});
    const QString dir = m_tmp.path() + "/half";
    QVERIFY(QDir().mkpath(dir));
    const FloatTensor y = TfjsGraph(g.write(dir)).run({{"x", FloatTensor{{1, 1, 1, 3}, {1, 1, 1}}}}).at(0);
    QCOMPARE(y.values, (std::vector<float>{0.5f, -1.25f, 1024.0f}));
}

void TestTfjsGraph::failsLoudly()
{
    {
        GraphBuilder g;
        g.input("x", {1, 4, 4, 1});
        g.op("weird", "Erf", {"x"});
        const QString dir = m_tmp.path() + "/unsupported";
        QVERIFY(QDir().mkpath(dir));
        const QString msg = test::inputErrorOf([&] { TfjsGraph net(g.write(dir)); });
        QVERIFY2(msg.contains("'Erf'") && msg.contains("'weird'"), qPrintable(msg));
    }
    GraphBuilder g;
    g.input("x", {1, 4, 4, 1});
    g.op("y", "Relu", {"x"});
    const QString dir = m_tmp.path() + "/relu";
    QVERIFY(QDir().mkpath(dir));
    const TfjsGraph net(g.write(dir));
    QCOMPARE(net.inputNames(), (std::vector<std::string>{"x"}));
    QCOMPARE(net.outputNames(), (std::vector<std::string>{"y"}));
    QString msg = test::inputErrorOf([&] { net.run({}); });
    QVERIFY2(msg.contains("'x'") && msg.contains("not given"), qPrintable(msg));
    msg = test::inputErrorOf([&] { net.run({{"x", FloatTensor{{1, 5, 4, 1}, std::vector<float>(20)}}}); });
    QVERIFY2(msg.contains("must have shape [1,4,4,1]"), qPrintable(msg));
    msg = test::inputErrorOf([&] { net.run({{"x", FloatTensor{{1, 4, 4, 1}, std::vector<float>(16)}}}, {"nope"}); });
    QVERIFY2(msg.contains("'nope'"), qPrintable(msg));
    msg = test::inputErrorOf([&] { TfjsGraph missing(std::filesystem::path(m_tmp.path().toStdString()) / "none.json"); });
    QVERIFY2(msg.contains("none.json") && msg.contains("setup.sh"), qPrintable(msg));
}

QTEST_GUILESS_MAIN(TestTfjsGraph)
#include "test_tfjs_graph.moc"
