// End to end through the `emote` binary: real inputs made at test time, outputs checked with ffprobe.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace emote;

namespace {

QJsonObject stream(const QJsonObject& probe, const QString& type)
{
    for (const auto& s : probe.value(QStringLiteral("streams")).toArray())
        if (s.toObject().value(QStringLiteral("codec_type")).toString() == type)
            return s.toObject();
    return {};
}

double num(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString().toDouble(); }

} // namespace

class TestCliGenerate : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_portrait;
    QString m_speech;
    double m_speech_s = 0;

    QString path(const QString& n) const { return m_dir.filePath(n); }

    // Checks every property the foundation promises for an MP4 made from AUDIO_S seconds at FPS.
    void checkOutput(const QString& out, double audio_s, int fps, int w, int h)
    {
        QVERIFY2(QFile::exists(out), qPrintable("missing " + out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
        const QJsonObject probe = test::ffprobe(out);
        const QJsonObject v = stream(probe, QStringLiteral("video"));
        const QJsonObject a = stream(probe, QStringLiteral("audio"));
        QCOMPARE(v.value(QStringLiteral("codec_name")).toString(), QStringLiteral("h264"));
        QCOMPARE(v.value(QStringLiteral("profile")).toString(), QStringLiteral("High"));
        QCOMPARE(v.value(QStringLiteral("pix_fmt")).toString(), QStringLiteral("yuv420p"));
        QCOMPARE(v.value(QStringLiteral("width")).toInt(), w);
        QCOMPARE(v.value(QStringLiteral("height")).toInt(), h);
        QCOMPARE(v.value(QStringLiteral("r_frame_rate")).toString(), QStringLiteral("%1/1").arg(fps));
        QCOMPARE(a.value(QStringLiteral("codec_name")).toString(), QStringLiteral("aac"));
        QCOMPARE(a.value(QStringLiteral("sample_rate")).toString(), QStringLiteral("48000"));
        QCOMPARE(a.value(QStringLiteral("channels")).toInt(), 2);
        const double frame = 1.0 / fps;
        const double vdur = num(v, "duration");
        const double adur = num(a, "duration");
        const int frames = v.value(QStringLiteral("nb_frames")).toString().toInt();
        QVERIFY2(std::abs(frames - audio_s * fps) <= 1.0,
                 qPrintable(QStringLiteral("%1 frames for %2 s at %3 fps").arg(frames).arg(audio_s).arg(fps)));
        QVERIFY2(std::abs(vdur - audio_s) <= frame + 1e-6,
                 qPrintable(QStringLiteral("video %1 s vs audio %2 s").arg(vdur).arg(audio_s)));
        QVERIFY2(std::abs(adur - audio_s) <= 0.05, qPrintable(QStringLiteral("audio track %1 s").arg(adur)));
        // A/V sync: both start at 0 and end within one frame of each other.
        QVERIFY(std::abs(num(v, "start_time")) < 1e-3);
        QVERIFY(std::abs(num(a, "start_time")) < 1e-3);
        QVERIFY(std::abs(vdur - adur) <= frame + 0.03);
        qint64 moov = -1, mdat = -1;
        test::mp4BoxOffsets(out, &moov, &mdat);
        QVERIFY2(moov >= 0 && moov < mdat, "moov must come before mdat (+faststart)");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(test::cliPath()));
        m_portrait = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        QString why;
        m_speech = test::makeSpeech(m_dir.path(), QStringLiteral("speech.wav"),
                                    QStringLiteral("Emote Studio turns a photo into a talking video."), &why);
        QVERIFY2(!m_speech.isEmpty(), qPrintable(why));
        const QJsonObject p = test::ffprobe(m_speech);
        m_speech_s = p.value(QStringLiteral("format")).toObject().value(QStringLiteral("duration")).toString().toDouble();
        QVERIFY(m_speech_s > 1.0);
    }

    void audioFormats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("wav") << "s.wav" << QStringList{};
        QTest::newRow("mp3") << "s.mp3" << QStringList{"-c:a", "libmp3lame"};
        QTest::newRow("flac") << "s.flac" << QStringList{"-c:a", "flac"};
        QTest::newRow("ogg") << "s.ogg" << QStringList{"-c:a", "libvorbis"};
        QTest::newRow("opus") << "s.opus" << QStringList{"-c:a", "libopus"};
        QTest::newRow("m4a") << "s.m4a" << QStringList{"-c:a", "aac"};
    }

    void audioFormats()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, args);
        QString why;
        const QString audio = name == QStringLiteral("s.wav") ? m_speech : test::transcode(m_speech, path(name), args, &why);
        QVERIFY2(!audio.isEmpty(), qPrintable(why));
        // The duration the user gets is the decoded one (lossy codecs pad a little).
        const auto probe = test::run(test::cliPath(), {QStringLiteral("probe"), audio, QStringLiteral("--json")});
        QCOMPARE(probe.exit_code, 0);
        const double audio_s = QJsonDocument::fromJson(probe.out).object().value(QStringLiteral("duration_s")).toDouble();
        QVERIFY(std::abs(audio_s - m_speech_s) < 0.06);
        const QString out = path(name + QStringLiteral(".mp4"));
        const auto r = test::run(test::cliPath(), {QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("--portrait"), m_portrait,
                                                   QStringLiteral("--audio"), audio, QStringLiteral("-o"), out,
                                                   QStringLiteral("--size"), QStringLiteral("256")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        checkOutput(out, audio_s, 25, 256, 256);
    }

    void optionsAndJsonProgress()
    {
        const QString out = path(QStringLiteral("wide.mp4"));
        const auto r = test::run(test::cliPath(),
                                 {QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("-p"), m_portrait, QStringLiteral("-a"),
                                  m_speech, QStringLiteral("-o"), out, QStringLiteral("--fps"), QStringLiteral("30"),
                                  QStringLiteral("--size"), QStringLiteral("360"), QStringLiteral("--aspect"),
                                  QStringLiteral("16:9"), QStringLiteral("--crf"), QStringLiteral("23"),
                                  QStringLiteral("--json")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        checkOutput(out, m_speech_s, 30, 640, 360);
        // Every stderr line is one JSON object; frames count up to the total; the last says done.
        const auto lines = r.err.trimmed().split('\n');
        QVERIFY(lines.size() > 10);
        qint64 last_frame = -1, total = 0;
        for (const auto& line : lines) {
            QJsonParseError err{};
            const auto doc = QJsonDocument::fromJson(line, &err);
            QVERIFY2(err.error == QJsonParseError::NoError && doc.isObject(), line.constData());
            const auto o = doc.object();
            QVERIFY(o.contains(QStringLiteral("stage")));
            if (o.value(QStringLiteral("stage")).toString() == QStringLiteral("generate")) {
                const qint64 f = o.value(QStringLiteral("frame")).toInteger();
                QVERIFY(f > last_frame);
                last_frame = f;
                total = o.value(QStringLiteral("total")).toInteger();
                QVERIFY(o.contains(QStringLiteral("fps")) && o.contains(QStringLiteral("eta_s")));
            }
        }
        QCOMPARE(last_frame, total);
        QCOMPARE(QJsonDocument::fromJson(lines.last()).object().value(QStringLiteral("stage")).toString(),
                 QStringLiteral("done"));
    }

    void portraitFormatsAndSourceAspect()
    {
        // A 3:4 JPEG portrait, kept at its own aspect.
        const QString jpg = path(QStringLiteral("tall.jpg"));
        const auto c = test::run(QStringLiteral("convert"), {m_portrait, QStringLiteral("-crop"),
                                                             QStringLiteral("384x512+64+0"), jpg});
        QVERIFY2(c.exit_code == 0, c.err.constData());
        const QString out = path(QStringLiteral("tall.mp4"));
        const auto r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", jpg, "-a", m_speech, "-o", out, "--size", "400",
                                                   "--aspect", "source", "-q"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(r.err.isEmpty());
        checkOutput(out, m_speech_s, 25, 300, 400);
        // Without --size, 'source' keeps the photo's own pixel size (a 640×760 photo used to come out 430×512).
        const QString small = path(QStringLiteral("small.png")), own = path(QStringLiteral("own.mp4"));
        const auto c2 = test::run(QStringLiteral("convert"), {m_portrait, QStringLiteral("-crop"),
                                                              QStringLiteral("300x420+100+20"), small});
        QVERIFY2(c2.exit_code == 0, c2.err.constData());
        const auto r2 = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", small, "-a", m_speech, "-o",
                                                    own, "--aspect", "source", "-q"});
        QVERIFY2(r2.exit_code == 0, r2.err.constData());
        checkOutput(own, m_speech_s, 25, 300, 420);
    }

    void sigintCancelsCleanly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }

    void sigintCancelsCleanly()
    {
        QFETCH(int, signal);
        QString why;
        const QString longTone = test::makeTone(m_dir.path(), QStringLiteral("long.wav"), 600.0, 16000, 1, &why);
        QVERIFY2(!longTone.isEmpty(), qPrintable(why));
        const QString out = path(QStringLiteral("cancelled.mp4"));
        QProcess p;
        p.start(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", longTone, "-o", out, "--size", "512",
                                  "--preset", "medium", "--json"});
        QVERIFY(p.waitForStarted());
        // Wait until frames are being written, then interrupt.
        QByteArray err;
        QElapsedTimer t;
        t.start();
        while (!err.contains("\"stage\":\"generate\"") && t.elapsed() < 120000) {
            p.waitForReadyRead(1000);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("\"stage\":\"generate\""), err.constData());
        QVERIFY(QFile::exists(out + QStringLiteral(".partial")));
        ::kill(pid_t(p.processId()), signal);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 5);
        err += p.readAllStandardError();
        QVERIFY2(err.contains("cancelled"), err.constData());
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
    }

    void probeCommand()
    {
        const auto img = test::run(test::cliPath(), {QStringLiteral("probe"), m_portrait});
        QCOMPARE(img.exit_code, 0);
        QVERIFY2(img.out.contains("PNG") && img.out.contains("512x512"), img.out.constData());
        const auto aud = test::run(test::cliPath(), {QStringLiteral("probe"), m_speech, QStringLiteral("--json")});
        QCOMPARE(aud.exit_code, 0);
        const auto o = QJsonDocument::fromJson(aud.out).object();
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("audio"));
        QCOMPARE(o.value(QStringLiteral("channels")).toInt(), 1);
        QVERIFY(o.value(QStringLiteral("sample_rate_hz")).toInt() > 8000);
    }
};

QTEST_GUILESS_MAIN(TestCliGenerate)
#include "test_cli_generate.moc"
