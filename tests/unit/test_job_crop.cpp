// runGeneration honours the user's crop (settings crop_x/y/w/h): the engine sees only that region, and a crop
// outside the photo is refused with a message naming the photo.
#include "core/common/error.h"
#include "core/jobs/job.h"
#include "core/media/image_ops.h"
#include "core/media/image_reader.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace emote;

class TestJobCrop : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_work;
    QString m_audio;

    GenerationRequest request(const QString& out) const
    {
        GenerationRequest r;
        r.portrait = (emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")).toStdString();
        r.audio = m_audio.toStdString();
        r.output = out.toStdString();
        r.overwrite = true;
        r.settings.engine = EngineKind::Still;
        r.settings.fps = 10;
        r.settings.size = 128;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_audio = emote::test::makeTone(m_work.path(), QStringLiteral("t.wav"), 0.5, 16000, 1, &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
    }

    void cropBecomesTheFrame()
    {
        // A 300 × 150 strip of the 512² photo with the portrait's own aspect: the video is 2:1.
        GenerationRequest r = request(m_work.filePath(QStringLiteral("strip.mp4")));
        r.settings.aspect = 0;
        r.settings.crop_x = 100;
        r.settings.crop_y = 300;
        r.settings.crop_w = 300;
        r.settings.crop_h = 150;
        Image first;
        JobCallbacks cb;
        cb.frame = [&](const Image& f, int64_t i) {
            if (i == 0)
                first = f;
        };
        CancelToken cancel;
        const GenerationResult res = runGeneration(r, cb, cancel);
        QCOMPARE(res.height, 128);
        QCOMPARE(res.width, 256);
        QCOMPARE(first.width, 256);
        // Without the crop the same settings give a square video.
        r.settings.crop_w = r.settings.crop_h = 0;
        const GenerationResult whole = runGeneration(r, {}, cancel);
        QCOMPARE(whole.width, 128);
    }

    void liveEngineShowsTheWholeCrop()
    {
        // The Live engine normally frames head and shoulders itself; with a user crop the crop is the frame.
        // Its background never moves, so frame 0 matches the crop of the photo away from the face.
        GenerationRequest r = request(m_work.filePath(QStringLiteral("live_crop.mp4")));
        r.settings.engine = EngineKind::Live;
        r.settings.crop_x = 40;
        r.settings.crop_y = 0;
        r.settings.crop_w = 400;
        r.settings.crop_h = 400;
        Image first;
        JobCallbacks cb;
        cb.frame = [&](const Image& f, int64_t i) {
            if (i == 0)
                first = f;
        };
        CancelToken cancel;
        try {
            runGeneration(r, cb, cancel);
        } catch (const Error& e) {
            QFAIL(e.what()); // face models missing: scripts/setup.sh fetches them
        }
        QCOMPARE(first.width, 128);
        const Image photo = media::readImage(r.portrait);
        const Image expected = media::cropResize(photo, {40, 0, 400, 400}, 128, 128);
        // Bottom-left corner patch (flag and suit, far from the face).
        double diff = 0;
        int n = 0;
        for (int y = 100; y < 128; ++y)
            for (int x = 0; x < 28; ++x, ++n)
                for (int c = 0; c < 3; ++c)
                    diff += std::abs(int(first.row(y)[3 * x + c]) - int(expected.row(y)[3 * x + c])) / 3.0;
        diff /= n;
        QVERIFY2(diff < 12.0, qPrintable(QStringLiteral("mean difference %1").arg(diff)));
    }

    void cropOutsideThePhotoIsRefused()
    {
        const QString out = m_work.filePath(QStringLiteral("never.mp4"));
        GenerationRequest r = request(out);
        r.settings.crop_x = 400;
        r.settings.crop_y = 0;
        r.settings.crop_w = 200; // ends at 600 > 512
        r.settings.crop_h = 200;
        CancelToken cancel;
        try {
            runGeneration(r, {}, cancel);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(QStringLiteral("astronaut.png")) && msg.contains(QStringLiteral("512x512")), e.what());
        }
        QVERIFY(!QFileInfo::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestJobCrop)
#include "test_job_crop.moc"
