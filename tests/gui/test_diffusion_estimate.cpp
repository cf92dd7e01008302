// Honest expectations before a Diffusion run (issue 15 §6): for a Hallo-sized package the estimate comes from
// the measured table scaled by this machine's measured matrix speed and grows with the clips and steps; models
// without a measured figure and GPU runs say so instead of a number. The app asks before a long run on the
// processor (and the question has no command-line words); the CLI prints the estimate (a JSON line with --json)
// and refuses a long CPU run without --yes. The packages here hold only a manifest: the estimate reads nothing
// else, and no model is run.
#include "test_support.h"

#include "core/diffusion/run_estimate.h"
#include "ui/diffusion_run_prompt.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace emote;

namespace {

// A package folder with only a manifest of the given denoising UNet widths (and a one-byte weight file).
QString shapePackage(const QString& dir, const QJsonArray& widths)
{
    QDir().mkpath(dir);
    QFile w(dir + QStringLiteral("/w.safetensors"));
    if (!w.open(QIODevice::WriteOnly))
        return {};
    w.write("x");
    w.close();
    const QJsonObject manifest{
        {"format", 1}, {"name", "shape"}, {"architecture", "hallo"}, {"license", "test"},
        {"config", QJsonObject{{"denoising_unet", QJsonObject{{"block_out_channels", widths}, {"cross_attention_dim", 768}}},
                               {"inference", QJsonObject{{"width", 512}, {"height", 512}, {"clip_length", 16},
                                                         {"n_motion_frames", 2}}}}},
        {"files", QJsonArray{QJsonObject{
                      {"path", "w.safetensors"},
                      {"sha256", QString::fromLatin1(QCryptographicHash::hash("x", QCryptographicHash::Sha256).toHex())},
                      {"bytes", 1}}}}};
    QFile m(dir + QStringLiteral("/manifest.json"));
    if (!m.open(QIODevice::WriteOnly))
        return {};
    m.write(QJsonDocument(manifest).toJson());
    return dir;
}

} // namespace

class TestDiffusionEstimate : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_hallo, m_tiny;

    GenerationSettings settings(const QString& package) const
    {
        GenerationSettings s;
        s.engine = EngineKind::Diffusion;
        s.model_path = package.toStdString();
        s.steps = 40;
        s.fps = 25;
        return s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_hallo = shapePackage(m_dir.filePath(QStringLiteral("hallo")), QJsonArray{320, 640, 1280, 1280});
        m_tiny = shapePackage(m_dir.filePath(QStringLiteral("tiny")), QJsonArray{32, 64});
        QVERIFY(!m_hallo.isEmpty() && !m_tiny.isEmpty());
    }

    void estimateGrowsWithClipsAndSteps()
    {
        const auto ten = diffusion::estimateRun(settings(m_hallo), 10.0);
        QVERIFY(ten.measured && !ten.gpu);
        QVERIFY(ten.cpu_gflops > 0 && ten.reference_gflops > 0);
        QCOMPARE(ten.run_s, ten.ten_second_clip_s);
        QVERIFY(ten.run_s > diffusion::kLongRunSeconds); // Hallo at 512² on a CPU: hours
        QVERIFY(ten.long_run);
        QVERIFY2(ten.summary.find("10 s clip") != std::string::npos && ten.summary.find("GFLOP/s") != std::string::npos &&
                     ten.summary.find("README") != std::string::npos && ten.summary.find("GPU") != std::string::npos,
                 ten.summary.c_str());
        // 20 s = 500 frames = 32 clips of 16, twice the 16 clips of 10 s (the speed is measured once).
        const auto twenty = diffusion::estimateRun(settings(m_hallo), 20.0);
        QCOMPARE(twenty.run_s, 2 * ten.run_s);
        auto fewer = settings(m_hallo);
        fewer.steps = 20;
        const auto half = diffusion::estimateRun(fewer, 10.0);
        QVERIFY(half.run_s < ten.run_s && half.run_s > ten.run_s / 2);
        // A one-second run is still long on the processor; a short one would not be asked about.
        QVERIFY(diffusion::estimateRun(settings(m_hallo), 1.0).long_run);
    }

    void noFigureIsSaidSo()
    {
        const auto tiny = diffusion::estimateRun(settings(m_tiny), 10.0);
        QVERIFY(!tiny.measured && !tiny.long_run);
        QCOMPARE(tiny.run_s, -1.0);
        QVERIFY2(tiny.summary.find("no measured time for this model") != std::string::npos, tiny.summary.c_str());
        auto gpu = settings(m_hallo);
        gpu.device = "cuda";
        const auto e = diffusion::estimateRun(gpu, 10.0);
        QVERIFY(e.gpu && !e.long_run);
        QVERIFY2(e.summary.find("no time measured on a GPU") != std::string::npos, e.summary.c_str());
        QVERIFY(!diffusion::estimateRun(settings(m_dir.filePath(QStringLiteral("missing"))), 10.0).measured);
    }

    void appAsksBeforeALongRun()
    {
        QString asked, details;
        const auto declined = ui::confirmDiffusionRun(nullptr, settings(m_hallo), 12.5, [&](const QString& t, const QString& d) {
            asked = t;
            details = d;
            return false;
        });
        QVERIFY(!declined);
        QVERIFY2(asked.contains(QStringLiteral("processor")) && asked.contains(QStringLiteral("12.5")) &&
                     !asked.contains(QStringLiteral("--")),
                 qPrintable(asked));
        QVERIFY2(details.contains(QStringLiteral("measured")), qPrintable(details));

        // The real question: "Generate Anyway" runs it and leaves a note for the status bar.
        QTimer::singleShot(0, [] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QVERIFY(box && box->objectName() == QLatin1String("diffusionTimeDialog"));
            for (QAbstractButton* b : box->buttons())
                if (b->text() == QLatin1String("Generate Anyway"))
                    b->click();
        });
        const auto accepted = ui::confirmDiffusionRun(nullptr, settings(m_hallo), 12.5);
        QVERIFY(accepted && accepted->contains(QStringLiteral("processor")));

        // No question for other engines or models without a figure.
        auto live = settings(m_hallo);
        live.engine = EngineKind::Live;
        const auto none = [](const QString&, const QString&) { return false; };
        QCOMPARE(ui::confirmDiffusionRun(nullptr, live, 12.5, none), std::optional<QString>(QString()));
        QVERIFY(ui::confirmDiffusionRun(nullptr, settings(m_tiny), 12.5, none).has_value());
    }

    void cliNeedsYesForALongCpuRun()
    {
        QString why;
        const QString audio = test::makeTone(m_dir.path(), QStringLiteral("tone.wav"), 2.0, 16000, 1, &why);
        QVERIFY2(!audio.isEmpty(), qPrintable(why));
        const QStringList base{QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("diffusion"),
                               QStringLiteral("--model"), m_hallo, QStringLiteral("--portrait"),
                               test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png"),
                               QStringLiteral("--audio"), audio, QStringLiteral("-o"), m_dir.filePath(QStringLiteral("o.mp4"))};
        const auto refused = test::run(test::cliPath(), base);
        QCOMPARE(refused.exit_code, 2);
        QVERIFY2(refused.err.contains("on this CPU") && refused.err.contains("--yes") && refused.err.contains("hours"),
                 refused.err.constData());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("o.mp4"))));

        const auto json = test::run(test::cliPath(), base + QStringList{QStringLiteral("--json")});
        QCOMPARE(json.exit_code, 2);
        const QJsonObject e = QJsonDocument::fromJson(json.err.split('\n').front()).object();
        QCOMPARE(e.value("stage").toString(), QStringLiteral("estimate"));
        QCOMPARE(e.value("device").toString(), QStringLiteral("cpu"));
        QVERIFY(e.value("long").toBool() && e.value("run_s").toDouble() > diffusion::kLongRunSeconds);

        // --yes goes on to the model itself (this one is only a manifest: its weights fail their check).
        const auto yes = test::run(test::cliPath(), base + QStringList{QStringLiteral("--yes")});
        QVERIFY2(yes.exit_code != 2 && yes.exit_code != 0, yes.err.constData());
        QVERIFY2(!yes.err.contains("--yes"), yes.err.constData());
    }
};

QTEST_MAIN(TestDiffusionEstimate)
#include "test_diffusion_estimate.moc"
