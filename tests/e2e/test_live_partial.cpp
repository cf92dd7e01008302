// The Live engine's export updates only the redrawn head of each frame (label, watermark and colour conversion
// around it): the video must be the one that treating every frame whole gives, frame for frame, at the
// 1:1 paste-back (the whole photo is the frame) with the label over the head, and framed head-and-shoulders.
// The Still engine's frames, all the same picture, likewise.
#include "core/jobs/job.h"
#include "core/face/face_draw.h"
#include "core/media/image_reader.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace emote;

class TestLivePartial : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_audio;

    QString path(const QString& n) const { return m_dir.filePath(n); }

    static QByteArray videoHash(const QString& file)
    {
        const auto r = test::run(QStringLiteral("ffmpeg"), {"-v", "error", "-i", file, "-map", "0:v", "-f", "md5", "-"});
        return r.out.trimmed();
    }

    QByteArray generate(const QString& portrait, const QString& name, bool partial, double aspect, int size,
                        EngineKind engine = EngineKind::Live)
    {
        GenerationRequest req;
        req.settings.engine = engine;
        req.portrait = portrait.toStdString();
        req.audio = m_audio.toStdString();
        req.output = path(name).toStdString();
        req.overwrite = true;
        req.settings.aspect = aspect;
        req.settings.size = size;
        req.settings.seed = 4;
        req.settings.visible_label = true;
        req.partial_updates = partial;
        CancelToken cancel;
        const GenerationResult r = runGeneration(req, {}, cancel);
        if (r.frames < 10)
            return {};
        return videoHash(path(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_audio = test::makeSpeech(m_dir.path(), QStringLiteral("s.wav"), QStringLiteral("Bob bought a map."), &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
    }

    void sameVideoAsWholeFrames_data()
    {
        QTest::addColumn<QString>("portrait");
        QTest::addColumn<double>("aspect");
        QTest::addColumn<int>("size");
        const QString astronaut = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        // A portrait whose label corner lies on the redrawn head: the astronaut moved so that its face sits in
        // the bottom-right corner (its edges continued).
        const Image src = media::readImage(astronaut.toStdString(), {});
        Image corner(400, 300);
        for (int y = 0; y < corner.height; ++y)
            for (int x = 0; x < corner.width; ++x) {
                const int sx = std::min(src.width - 1, std::max(0, x - 108));
                const int sy = std::min(src.height - 1, std::max(0, y - 110));
                std::copy_n(src.row(sy) + 3 * sx, 3, corner.row(y) + 3 * x);
            }
        const QString corner_path = path(QStringLiteral("corner.png"));
        const auto png = face::encodePng(corner);
        std::ofstream(corner_path.toStdString(), std::ios::binary)
            .write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size()));
        QTest::newRow("whole photo") << astronaut << 0.0 << 512;
        QTest::newRow("label on the head") << corner_path << 0.0 << 300;
        QTest::newRow("head and shoulders 16:9") << astronaut << 16.0 / 9.0 << 256;
    }

    void sameVideoAsWholeFrames()
    {
        QFETCH(QString, portrait);
        QFETCH(double, aspect);
        QFETCH(int, size);
        const QByteArray part = generate(portrait, QStringLiteral("part.mp4"), true, aspect, size);
        const QByteArray whole = generate(portrait, QStringLiteral("whole.mp4"), false, aspect, size);
        QVERIFY(part.startsWith("MD5="));
        QCOMPARE(part, whole);
    }

    void stillEngineSameVideo()
    {
        const QString astronaut = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        const QByteArray part = generate(astronaut, QStringLiteral("still-part.mp4"), true, 16.0 / 9.0, 360, EngineKind::Still);
        const QByteArray whole =
            generate(astronaut, QStringLiteral("still-whole.mp4"), false, 16.0 / 9.0, 360, EngineKind::Still);
        QVERIFY(part.startsWith("MD5="));
        QCOMPARE(part, whole);
    }
};

QTEST_GUILESS_MAIN(TestLivePartial)
#include "test_live_partial.moc"
