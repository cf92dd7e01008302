// emote-studio's scripted command line (screenshots for docs/, tests, benchmarks): each --screenshot* option saves
// its picture and the app quits by itself, never waiting at a question nobody is there to answer.
#include "test_support.h"

#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString sample(const char* name)
{
    return emote::test::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(name);
}

} // namespace

class TestStudioCommandLine : public QObject {
    Q_OBJECT

    QTemporaryDir m_home; // the app's settings, recovery copies and caches: never the user's

    emote::test::ProcResult studio(const QStringList& args)
    {
        const QString app = qEnvironmentVariable("EMOTE_STUDIO");
        if (app.isEmpty())
            return {};
        // Far longer than a run takes (a few seconds); the test fails on the app waiting, not on its speed.
        return emote::test::run(app, args, 180000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(!qEnvironmentVariable("EMOTE_STUDIO").isEmpty(),
                 "EMOTE_STUDIO is not set: run this test through ctest");
        for (const char* var : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
            qputenv(var, m_home.filePath(QLatin1String(var)).toUtf8());
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }

    // The export dialog's picture (docs/screenshot-export.png is made this way), and then the app ends: loading a
    // portrait and audio makes the project unsaved, and closing used to stop at "Save the changes?". Without a
    // portrait there is no face analysis to wait for: the dialog opens at once.
    void screenshotExportQuits()
    {
        const QStringList loaded = {QStringLiteral("-p"), sample("astronaut.png"), QStringLiteral("-a"), sample("speech.wav")};
        for (const QStringList& inputs : {loaded, QStringList{}}) {
            const QString png = m_home.filePath(QStringLiteral("export-%1.png").arg(inputs.size()));
            const emote::test::ProcResult r = studio(inputs + QStringList{QStringLiteral("--screenshot-export"), png});
            QVERIFY2(!r.timed_out, qPrintable(QStringLiteral("emote-studio %1 --screenshot-export did not quit by itself")
                                                  .arg(inputs.join(QLatin1Char(' ')))));
            QVERIFY2(!r.crashed && r.exit_code == 0, r.err.constData());
            const QImage shot(png);
            QVERIFY2(!shot.isNull() && shot.width() > 100 && shot.height() > 100, "no picture of the export dialog");
        }
    }

    // The same for the window's own picture: without inputs, with inputs, and with a portrait it cannot use (no
    // face analysis follows that the picture could wait for).
    void screenshotQuits()
    {
        const QString empty = m_home.filePath(QStringLiteral("empty.png"));
        QFile(empty).open(QIODevice::WriteOnly);
        const QStringList loaded = {QStringLiteral("-p"), sample("astronaut.png"), QStringLiteral("-a"), sample("speech.wav")};
        const QStringList refused = {QStringLiteral("-p"), empty, QStringLiteral("-a"), sample("speech.wav")};
        for (const QStringList& inputs : {QStringList{}, loaded, refused}) {
            const QString png = m_home.filePath(QStringLiteral("window-%1.png").arg(qHash(inputs.join(QLatin1Char(' ')))));
            const emote::test::ProcResult r = studio(inputs + QStringList{QStringLiteral("--screenshot"), png});
            QVERIFY2(!r.timed_out, qPrintable(QStringLiteral("emote-studio %1 --screenshot did not quit by itself")
                                                  .arg(inputs.join(QLatin1Char(' ')))));
            QVERIFY2(!r.crashed && r.exit_code == 0, r.err.constData());
            QVERIFY2(!QImage(png).isNull(), "no picture of the window");
        }
    }
    // --video plays the video (setup.sh's run-sample opens its result this way): its frames come onto the timeline,
    // not only its name under the player. A test pattern's saturated colours show in the timeline's thumbnails.
    void videoIsOnTheTimeline()
    {
        const QString mp4 = m_home.filePath(QStringLiteral("pattern.mp4"));
        const auto made = emote::test::run(QStringLiteral("ffmpeg"),
                                           {"-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                                            "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-pix_fmt",
                                            "yuv420p", "-c:v", "libx264", "-c:a", "aac", mp4});
        QVERIFY2(made.exit_code == 0, made.err.constData());
        const QString png = m_home.filePath(QStringLiteral("video.png"));
        const emote::test::ProcResult r = studio({QStringLiteral("--video"), mp4, QStringLiteral("--screenshot"), png});
        QVERIFY2(!r.timed_out, "emote-studio --video --screenshot did not quit by itself");
        QVERIFY2(!r.crashed && r.exit_code == 0, r.err.constData());
        const QImage shot = QImage(png).convertToFormat(QImage::Format_RGB32);
        QVERIFY2(!shot.isNull(), "no screenshot");
        int vivid = 0, total = 0;
        for (int y = shot.height() * 3 / 4; y < shot.height(); ++y)
            for (int x = 0; x < shot.width(); ++x, ++total) {
                const QColor c(shot.pixel(x, y));
                vivid += c.hsvSaturation() > 150 && c.value() > 120;
            }
        qInfo("vivid pixels in the bottom quarter: %d of %d", vivid, total);
        QVERIFY2(vivid * 50 > total, "the video's frames are not on the timeline");
    }
};

QTEST_GUILESS_MAIN(TestStudioCommandLine)
#include "test_studio_command_line.moc"
