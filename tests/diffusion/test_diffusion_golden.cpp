// Golden cases of the Diffusion engine (format: ../shared/golden/README.md, copied into tests/golden/).
// One data-driven test walks every case folder (a folder holding case.json) of <source>/tests/golden/ and of
// $EMOTE_GOLDEN_DIR when set, builds the module(s) from the case's own config, loads its weights strictly,
// computes every out.* tensor from the in.* tensors and compares with the case's per-output tolerances
// (numpy allclose semantics, `exact` for integer outputs). A kind this engine does not implement fails loudly.
#include "golden_runner.h"
#include "core/nn/detail/tensor_io.h"
#include "core/nn/runtime.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <map>

using namespace emote;

namespace {

struct Tolerance {
    bool exact = false;
    double atol = 1e-5;
    double rtol = 1e-4;
};

Tolerance toleranceFor(const QJsonObject& c, const QString& output)
{
    Tolerance t;
    t.atol = c.value("atol").toDouble(t.atol);
    t.rtol = c.value("rtol").toDouble(t.rtol);
    const QJsonObject per = c.value("tolerances").toObject().value(output).toObject();
    if (per.value("exact").toBool(false))
        t.exact = true;
    if (per.contains("atol"))
        t.atol = per.value("atol").toDouble();
    if (per.contains("rtol"))
        t.rtol = per.value("rtol").toDouble();
    return t;
}

QStringList caseRoots()
{
    QStringList roots;
    const QByteArray src = qgetenv("EMOTE_SOURCE_DIR");
    roots << (src.isEmpty() ? QStringLiteral(EMOTE_TEST_SOURCE_DIR) : QString::fromLocal8Bit(src)) + "/tests/golden";
    const QByteArray extra = qgetenv("EMOTE_GOLDEN_DIR");
    if (!extra.isEmpty())
        roots << QString::fromLocal8Bit(extra);
    return roots;
}

QJsonObject readCase(const QString& dir)
{
    QFile f(dir + "/case.json");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestDiffusionGolden : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const nn::RuntimeInfo info = nn::configureRuntime();
        qInfo("libtorch %s, %d intra-op threads", info.torch_version.c_str(), info.intra_op_threads);
        int found = 0;
        for (const QString& root : caseRoots())
            for (const QString& d : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
                found += QFile::exists(root + "/" + d + "/case.json") ? 1 : 0;
        QVERIFY2(found > 0, "no golden case found under tests/golden or $EMOTE_GOLDEN_DIR");
    }

    void goldenCase_data()
    {
        QTest::addColumn<QString>("dir");
        for (const QString& root : caseRoots()) {
            for (const QString& d : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
                const QString dir = root + "/" + d;
                if (!QFile::exists(dir + "/case.json"))
                    continue; // e.g. faceapi/: a different family with its own README
                QTest::newRow(qPrintable(dir)) << dir;
            }
        }
    }

    void goldenCase()
    {
        QFETCH(QString, dir);
        c10::InferenceMode inference;
        const QJsonObject c = readCase(dir);
        const QString kind = c.value("kind").toString();
        QVERIFY2(!kind.isEmpty(), qPrintable("case.json without a kind in " + dir));
        if (!diffusion::golden::isImplementedKind(kind.toStdString())) {
            QFAIL(qPrintable(QString("golden kind '%1' (case %2) is not implemented by the Diffusion engine yet; "
                                     "implemented kinds: %3")
                                 .arg(kind, dir,
                                      QString::fromStdString(diffusion::golden::implementedKindsList()))));
        }

        std::map<std::string, torch::Tensor> expected;
        diffusion::golden::TensorMap outputs;
        try {
            const auto weights = nn::SafetensorsFile::open((dir + "/weights.safetensors").toStdString());
            const auto io = nn::SafetensorsFile::open((dir + "/io.safetensors").toStdString());
            diffusion::golden::TensorMap inputs;
            for (auto& [name, tensor] : nn::readAll(io)) {
                if (name.rfind("in.", 0) == 0)
                    inputs[name.substr(3)] = tensor;
                else if (name.rfind("out.", 0) == 0)
                    expected[name.substr(4)] = tensor;
            }
            outputs = diffusion::golden::runCase(c, weights, inputs);
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("case %1 threw: %2").arg(dir, QString::fromUtf8(e.what()))));
        }

        QVERIFY2(!expected.empty(), qPrintable("case without out.* tensors: " + dir));
        QStringList failures;
        for (const auto& [name, want] : expected) {
            const QString key = "out." + QString::fromStdString(name);
            auto it = outputs.find(name);
            if (it == outputs.end()) {
                failures << key + ": not computed";
                continue;
            }
            const torch::Tensor got = it->second.detach().to(torch::kCPU).contiguous();
            if (got.sizes() != want.sizes()) {
                std::ostringstream s;
                s << key.toStdString() << ": shape " << got.sizes() << ", expected " << want.sizes();
                failures << QString::fromStdString(s.str());
                continue;
            }
            const Tolerance tol = toleranceFor(c, key);
            if (tol.exact || !want.is_floating_point()) {
                const bool same = torch::equal(got.to(want.scalar_type()), want);
                qInfo("%s: %s", qPrintable(key), same ? "exact match" : "DIFFERS");
                if (!same)
                    failures << key + ": not exactly equal";
                continue;
            }
            const auto g = got.to(torch::kFloat64), w = want.to(torch::kFloat64);
            const auto diff = (g - w).abs();
            const auto excess = diff - (tol.atol + tol.rtol * w.abs());
            const auto worst = diff.flatten().argmax().item<std::int64_t>();
            const double max_err = diff.flatten()[worst].item<double>();
            const auto bad = (excess > 0).logical_or(g.isnan()).sum().item<std::int64_t>();
            qInfo("%s: max |diff| %.3g at flat index %lld (atol %.1g, rtol %.1g), %lld of %lld elements out",
                  qPrintable(key), max_err, (long long)worst, tol.atol, tol.rtol, (long long)bad,
                  (long long)want.numel());
            if (bad > 0 && want.dim() > 1 && want.size(0) > 1) {
                QStringList rows; // where along the leading axis the error sits, to locate a failure
                for (std::int64_t i = 0; i < want.size(0); ++i)
                    rows << QString::number(diff[i].max().item<double>(), 'g', 3);
                qInfo("%s: max |diff| per leading index: %s", qPrintable(key), qPrintable(rows.join(", ")));
            }
            if (bad > 0)
                failures << QString("%1: %2 elements outside tolerance, max |diff| %3 at flat index %4")
                                .arg(key)
                                .arg(bad)
                                .arg(max_err)
                                .arg(worst);
        }
        for (const auto& [name, tensor] : outputs)
            if (!expected.count(name))
                qInfo("extra output %s (not in the case) ignored", name.c_str());
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
    }

    // Reduced precision on the CPU, against the float32 golden video of the in-repo hallo_pipeline_v case (tiny
    // random weights, 2 clips × 3 steps): bfloat16 runs, with an honest loose bound on its error; float16 has no
    // CPU kernels in this libtorch (the engine refuses it on the CPU with a message; test_diffusion_engine).
    void pipelineInReducedPrecision()
    {
        c10::InferenceMode inference;
        const QString dir = QStringLiteral(EMOTE_TEST_SOURCE_DIR) + "/tests/golden/hallo_pipeline_v";
        const QJsonObject c = readCase(dir);
        QCOMPARE(c.value("kind").toString(), QStringLiteral("hallo_pipeline"));
        const auto weights = nn::SafetensorsFile::open((dir + "/weights.safetensors").toStdString());
        const auto io = nn::SafetensorsFile::open((dir + "/io.safetensors").toStdString());
        diffusion::golden::TensorMap inputs;
        for (auto& [name, tensor] : nn::readAll(io))
            if (name.rfind("in.", 0) == 0)
                inputs[name.substr(3)] = tensor;
        const auto want = nn::toTensor(io.require("out.video")).to(torch::kFloat64);
        const auto f32 = diffusion::golden::runPipelineCase(c, weights, inputs, torch::kFloat32).at("video");
        const auto bf16 = diffusion::golden::runPipelineCase(c, weights, inputs, torch::kBFloat16).at("video");
        QCOMPARE(bf16.scalar_type(), torch::kFloat32); // frames come back as float32
        QCOMPARE(bf16.sizes(), want.sizes());
        auto relative = [&](const torch::Tensor& got) {
            return ((got.to(torch::kFloat64) - want).norm() / want.norm()).item<double>();
        };
        const double rel32 = relative(f32), rel16 = relative(bf16);
        const double max16 = (bf16.to(torch::kFloat64) - want).abs().max().item<double>();
        const double mean16 = (bf16.to(torch::kFloat64) - want).abs().mean().item<double>();
        qInfo("video vs float32 golden: float32 relative L2 %.3g; bfloat16 relative L2 %.3g, mean |diff| %.4f, "
              "max |diff| %.4f (pixel range 0..1)", rel32, rel16, mean16, max16);
        QVERIFY(rel32 < 1e-4);
        QVERIFY2(rel16 > 0, "bfloat16 gave the float32 result exactly: the modules did not run in bfloat16");
        // Measured (libtorch 1.13, AVX2 CPU): relative L2 0.076, mean |diff| 0.028, max 0.35 — bfloat16's 8-bit
        // mantissa through 2 chained clips of random weights. The bound is about twice that.
        QVERIFY2(rel16 < 0.15 && mean16 < 0.05, "bfloat16 drifted further from float32 than the documented bound");

        // float16 on the CPU: libtorch 1.13 lacks the kernels. If this starts to pass, the engine's refusal
        // (DiffusionEngine, dtype float16 on CPU) should be lifted.
        bool f16_failed = false;
        try {
            diffusion::golden::runPipelineCase(c, weights, inputs, torch::kHalf);
        } catch (const c10::Error& e) {
            f16_failed = true;
            qInfo("float16 on the CPU: %s", std::string(e.what_without_backtrace()).substr(0, 160).c_str());
        }
        QVERIFY2(f16_failed, "float16 ran on the CPU: lift the engine's float16 refusal");
    }

    // Hallo draws each clip's initial noise from one CPU generator seeded with noise_seed (clip 0, then clip 1);
    // libtorch's CPU generator must reproduce in.noise.clip* bit for bit so the engine is deterministic by seed.
    void pipelineNoiseFromSeed()
    {
        int checked = 0;
        for (const QString& root : caseRoots()) {
            for (const QString& d : QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
                const QString dir = root + "/" + d;
                const QJsonObject c = readCase(dir);
                if (c.value("kind").toString() != "hallo_pipeline")
                    continue;
                const auto io = nn::SafetensorsFile::open((dir + "/io.safetensors").toStdString());
                auto generator = at::make_generator<at::CPUGeneratorImpl>(std::uint64_t(c.value("noise_seed").toDouble()));
                for (int k = 0; io.find("in.noise.clip" + std::to_string(k)); ++k) {
                    const auto want = nn::toTensor(io.require("in.noise.clip" + std::to_string(k)));
                    const auto got = torch::randn(want.sizes(), generator, torch::kFloat32);
                    QVERIFY2(torch::equal(got, want),
                             qPrintable(QString("%1: clip %2 noise differs from a CPU generator seeded %3")
                                            .arg(dir)
                                            .arg(k)
                                            .arg(c.value("noise_seed").toDouble())));
                }
                ++checked;
            }
        }
        QVERIFY2(checked > 0, "no hallo_pipeline case found to check the noise generator against");
    }
};

QTEST_GUILESS_MAIN(TestDiffusionGolden)
#include "test_diffusion_golden.moc"
