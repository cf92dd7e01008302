// The tfjs weights reader: every dequantized tensor of the shipped face-api models matches the SHA-256 that
// tfjs itself produced (tests/golden/faceapi/weights_check.json), and damaged model files fail loudly.
#include "core/common/error.h"
#include "core/face/face_nets.h"
#include "core/face/tfjs_weights.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <filesystem>

using namespace emote;
using namespace emote::face;
namespace fs = std::filesystem;

namespace {

fs::path faceModelsDir() { return FaceNets::defaultModelsDir(); }

QString goldenDir() { return qEnvironmentVariable("EMOTE_SOURCE_DIR") + QStringLiteral("/tests/golden/faceapi"); }

QByteArray littleEndianBytes(const TfjsWeight& w)
{
    QByteArray b;
    if (w.dtype == TfjsDType::Float32) {
        b.resize(qsizetype(w.values.size() * 4));
        for (size_t i = 0; i < w.values.size(); ++i) {
            uint32_t u;
            std::memcpy(&u, &w.values[i], 4);
            for (int k = 0; k < 4; ++k)
                b[qsizetype(4 * i + size_t(k))] = char((u >> (8 * k)) & 0xff);
        }
    } else {
        b.resize(qsizetype(w.ints.size() * 4));
        for (size_t i = 0; i < w.ints.size(); ++i) {
            const uint32_t u = uint32_t(w.ints[i]);
            for (int k = 0; k < 4; ++k)
                b[qsizetype(4 * i + size_t(k))] = char((u >> (8 * k)) & 0xff);
        }
    }
    return b;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Runs LOAD and expects an Input error whose message contains every NEEDLE.
template <class Fn>
void expectInputError(Fn&& load, const QStringList& needles)
{
    try {
        load();
        QFAIL("expected an emote::Error(Input)");
    } catch (const Error& e) {
        QCOMPARE(int(e.kind()), int(ErrorKind::Input));
        const QString msg = QString::fromStdString(e.what());
        for (const QString& n : needles)
            QVERIFY2(msg.contains(n), qPrintable("message lacks '" + n + "': " + msg));
    }
}

} // namespace

class TestFaceWeights : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void allHashesMatchTfjs();
    void missingShard();
    void truncatedShard();
    void oversizedShard();
    void unknownDtype();
    void malformedJson();
    void missingModelFolder();
    void shapeMismatchNamesTensor();
};

void TestFaceWeights::allHashesMatchTfjs()
{
    QFile f(goldenDir() + QStringLiteral("/weights_check.json"));
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable("cannot open " + f.fileName()));
    const QJsonObject models = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("models")).toObject();
    QVERIFY(!models.isEmpty());
    int checked = 0, mismatched = 0;
    for (auto it = models.begin(); it != models.end(); ++it) {
        const QJsonObject m = it.value().toObject();
        const fs::path manifest = faceModelsDir() / m.value(QStringLiteral("manifest")).toString().toStdString();
        const TfjsWeights weights = TfjsWeights::load(manifest);
        const QJsonArray expected = m.value(QStringLiteral("weights")).toArray();
        QCOMPARE(qsizetype(weights.weights().size()), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected[i].toObject();
            const TfjsWeight& w = weights.weights()[size_t(i)];
            QCOMPARE(QString::fromStdString(w.name), e.value(QStringLiteral("name")).toString());
            const QJsonArray shape = e.value(QStringLiteral("shape")).toArray();
            QCOMPARE(qsizetype(w.shape.size()), shape.size());
            for (qsizetype d = 0; d < shape.size(); ++d)
                QCOMPARE(w.shape[size_t(d)], int64_t(shape[d].toInteger()));
            QCOMPARE(
                w.dtype == TfjsDType::Int32, e.value(QStringLiteral("dtype")).toString() == QStringLiteral("int32"));
            const QByteArray sha =
                QCryptographicHash::hash(littleEndianBytes(w), QCryptographicHash::Sha256).toHex();
            if (sha != e.value(QStringLiteral("sha256")).toString().toLatin1()) {
                ++mismatched;
                qWarning("%s: dequantized '%s' differs from tfjs", qPrintable(it.key()), w.name.c_str());
            }
            ++checked;
        }
    }
    qInfo("weights: %d tensors checked, %d mismatched", checked, mismatched);
    QCOMPARE(checked, 464);
    QCOMPARE(mismatched, 0);
}

namespace {

// A minimal valid model: one group, one shard with two float32 weights and one uint8-quantized weight.
struct TinyModel {
    QTemporaryDir dir;
    QString manifest() const { return dir.filePath(QStringLiteral("m-weights_manifest.json")); }
    QString shard() const { return dir.filePath(QStringLiteral("m.bin")); }

    void write(const QByteArray& json, const QByteArray& shard_bytes)
    {
        writeFile(manifest(), json);
        writeFile(shard(), shard_bytes);
    }
    static QByteArray json(const char* dtype = "float32")
    {
        return QByteArray(R"([{"paths":["m.bin"],"weights":[
            {"name":"a","shape":[2],"dtype":")") + dtype + R"("},
            {"name":"q","shape":[3],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.5,"min":-1}}]}])";
    }
    static QByteArray shardBytes()
    {
        QByteArray b(11, 0);
        const float a[2] = {1.5f, -2.0f};
        std::memcpy(b.data(), a, 8);
        b[8] = 0;
        b[9] = 2;
        b[10] = char(255);
        return b;
    }
};

} // namespace

void TestFaceWeights::missingShard()
{
    TinyModel m;
    writeFile(m.manifest(), TinyModel::json());
    expectInputError([&] { TfjsWeights::load(m.manifest().toStdString()); },
                     {QStringLiteral("m.bin"), QStringLiteral("scripts/setup.sh")});

    // Sanity: the same model with its shard loads and dequantizes q·scale + min.
    m.write(TinyModel::json(), TinyModel::shardBytes());
    const TfjsWeights w = TfjsWeights::load(m.manifest().toStdString());
    QCOMPARE(w.at("a").values, (std::vector<float>{1.5f, -2.0f}));
    QCOMPARE(w.at("q").values, (std::vector<float>{-1.0f, 0.0f, 126.5f}));
}

void TestFaceWeights::truncatedShard()
{
    TinyModel m;
    m.write(TinyModel::json(), TinyModel::shardBytes().left(9));
    expectInputError([&] { TfjsWeights::load(m.manifest().toStdString()); },
                     {QStringLiteral("m.bin"), QStringLiteral("'q'"), QStringLiteral("scripts/setup.sh")});
}

void TestFaceWeights::oversizedShard()
{
    TinyModel m;
    m.write(TinyModel::json(), TinyModel::shardBytes() + QByteArray(5, 'x'));
    expectInputError([&] { TfjsWeights::load(m.manifest().toStdString()); },
                     {QStringLiteral("m.bin"), QStringLiteral("16 bytes"), QStringLiteral("describes 11")});
}

void TestFaceWeights::unknownDtype()
{
    TinyModel m;
    m.write(TinyModel::json("bfloat16"), TinyModel::shardBytes());
    expectInputError([&] { TfjsWeights::load(m.manifest().toStdString()); },
                     {QStringLiteral("bfloat16"), QStringLiteral("'a'")});
}

void TestFaceWeights::malformedJson()
{
    TinyModel m;
    m.write(TinyModel::json().left(40), TinyModel::shardBytes());
    expectInputError([&] { TfjsWeights::load(m.manifest().toStdString()); },
                     {QStringLiteral("not valid JSON"), QStringLiteral("m-weights_manifest.json")});
}

void TestFaceWeights::missingModelFolder()
{
    QTemporaryDir dir;
    expectInputError([&] { FaceNets nets(fs::path(dir.path().toStdString()) / "nope"); },
                     {QStringLiteral("nope"), QStringLiteral("scripts/setup.sh")});
    // A folder without the files names the first missing manifest.
    expectInputError([&] { FaceNets nets(dir.path().toStdString(), kLandmark68); },
                     {QStringLiteral("face_landmark_68_model-weights_manifest.json")});
}

void TestFaceWeights::shapeMismatchNamesTensor()
{
    // The expression model presented as the landmark model: same architecture up to the fc layer (7 vs 136).
    QTemporaryDir dir;
    const fs::path src = faceModelsDir();
    QByteArray json;
    {
        QFile f(QString::fromStdString((src / "face_expression_model-weights_manifest.json").string()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        json = f.readAll();
    }
    writeFile(dir.filePath(QStringLiteral("face_landmark_68_model-weights_manifest.json")), json);
    QVERIFY(QFile::copy(QString::fromStdString((src / "face_expression_model.bin").string()),
                        dir.filePath(QStringLiteral("face_expression_model.bin"))));
    expectInputError([&] { FaceNets nets(dir.path().toStdString(), kLandmark68); },
                     {QStringLiteral("tensor 'fc/weights' has shape [256,7], expected [256,136]"),
                      QStringLiteral("face_landmark_68_model-weights_manifest.json")});
}

QTEST_GUILESS_MAIN(TestFaceWeights)
#include "test_face_weights.moc"
