// The Live engine end to end through `emote generate` (the default engine), judged by `emote evaluate` with
// the project's face models: identity kept, mouth follows loudness, lips close at p/b/m, steady in silence,
// background untouched; deterministic by seed; a photo without a face is refused.
#include "test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace emote;

class TestLiveEngine : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_portrait, m_speech;

    QString path(const QString& n) const { return m_dir.filePath(n); }
    static QByteArray videoHash(const QString& file)
    {
        // Hash of the decoded frames (container timestamps and tags aside).
        const auto r = test::run(QStringLiteral("ffmpeg"), {"-v", "error", "-i", file, "-map", "0:v", "-f", "md5", "-"});
        return r.out.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_portrait = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        QString why;
        // Speech with bilabials, then a second of silence.
        const QString words = test::makeSpeech(m_dir.path(), QStringLiteral("w.wav"),
                                               QStringLiteral("My baby bought a map. Pam, bring me more paper."), &why);
        QVERIFY2(!words.isEmpty(), qPrintable(why));
        m_speech = path(QStringLiteral("speech.wav"));
        const auto r = test::run(QStringLiteral("sox"), {words, m_speech, "pad", "0.3", "1.2"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
    }

    void talksAndKeepsTheIdentity()
    {
        const QString out = path(QStringLiteral("live.mp4"));
        auto r = test::run(test::cliPath(), {"generate", "-p", m_portrait, "-a", m_speech, "-o", out, "-q", "--seed", "3"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        r = test::run(test::cliPath(), {"evaluate", out, "-p", m_portrait, "-a", m_speech, "--json"}, 900000);
        QVERIFY2(r.exit_code == 0, r.err.constData());
        const QJsonObject e = QJsonDocument::fromJson(r.out).object();
        qInfo().noquote() << "evaluation:" << r.out.trimmed();
        QCOMPARE(e.value(QStringLiteral("frames_without_face")).toInt(), 0);
        QVERIFY(e.value(QStringLiteral("identity_max")).toDouble() < 0.6);
        QVERIFY(e.value(QStringLiteral("mouth_loudness_correlation")).toDouble() > 0.4);
        QVERIFY(e.value(QStringLiteral("mouth_ratio_std")).toDouble() > 0.03); // the mouth moves
        QVERIFY(e.value(QStringLiteral("bilabial_frames")).toInt() >= 2);
        QVERIFY2(e.value(QStringLiteral("bilabial_mouth_ratio")).toDouble() <
                     0.75 * e.value(QStringLiteral("mouth_ratio_mean")).toDouble(),
                 "lips do not close at p/b/m");
        QVERIFY(e.value(QStringLiteral("silent_frames")).toInt() >= 10);
        QVERIFY(e.value(QStringLiteral("silence_jitter")).toDouble() < 0.02);
        QVERIFY(e.value(QStringLiteral("background_drift")).toDouble() < 2.0);
    }

    void deterministicBySeed()
    {
        const QString a = path(QStringLiteral("a.mp4")), b = path(QStringLiteral("b.mp4")), c = path(QStringLiteral("c.mp4"));
        for (const auto& [out, seed] : {std::pair{a, "11"}, std::pair{b, "11"}, std::pair{c, "12"}}) {
            const auto r = test::run(test::cliPath(), {"generate", "-p", m_portrait, "-a", m_speech, "-o", out, "-q",
                                                       "--seed", seed, "--size", "256", "--phonemes", "spectral"});
            QVERIFY2(r.exit_code == 0, r.err.constData());
        }
        QCOMPARE(videoHash(a), videoHash(b));
        QVERIFY(videoHash(a) != videoHash(c));
    }

    void stillModeKeepsTheHead()
    {
        const QString out = path(QStringLiteral("still.mp4"));
        const auto r = test::run(test::cliPath(), {"generate", "-p", m_portrait, "-a", m_speech, "-o", out, "-q",
                                                   "--motion", "0", "--no-blink", "--size", "256"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(QFile::exists(out));
    }

    void noFaceIsRefused()
    {
        const QString blank = path(QStringLiteral("wall.png"));
        QCOMPARE(test::run(QStringLiteral("convert"), {"-size", "400x300", "gradient:tan-white", blank}).exit_code, 0);
        const QString out = path(QStringLiteral("noface.mp4"));
        const auto r = test::run(test::cliPath(), {"generate", "-p", blank, "-a", m_speech, "-o", out});
        QCOMPARE(r.exit_code, 3);
        QVERIFY2(r.err.contains("no face found") && r.err.contains("wall.png"), r.err.constData());
        QVERIFY(!QFile::exists(out) && !QFile::exists(out + QStringLiteral(".partial")));
    }
};

QTEST_GUILESS_MAIN(TestLiveEngine)
#include "test_live_engine.moc"
