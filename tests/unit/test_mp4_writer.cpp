// MP4 export: stream layout, colour tags, faststart, A/V durations, atomic rename, abort and refusals.
#include "core/common/error.h"
#include "core/media/audio_decoder.h"
#include "core/media/mp4_writer.h"
#include "core/media/rgb_yuv.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace emote;

namespace {

Image gradient(int w, int h, int t)
{
    Image img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = img.row(y) + x * 3;
            p[0] = uint8_t((x + t) & 255);
            p[1] = uint8_t((y * 2) & 255);
            p[2] = uint8_t((x + y + 3 * t) & 255);
        }
    return img;
}

QJsonObject stream(const QJsonObject& probe, const QString& type)
{
    for (const auto& s : probe.value(QStringLiteral("streams")).toArray())
        if (s.toObject().value(QStringLiteral("codec_type")).toString() == type)
            return s.toObject();
    return {};
}

} // namespace

class TestMp4Writer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_tone; // 2.0 s stereo tone

    QString path(const QString& n) const { return m_dir.filePath(n); }

    std::unique_ptr<media::AudioStream> audio48k() const
    {
        media::AudioDecodeOptions o;
        o.sample_rate_hz = 48000;
        o.channels = 2;
        return std::make_unique<media::AudioStream>(m_tone.toStdString(), o);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_tone = test::makeTone(m_dir.path(), QStringLiteral("tone.wav"), 2.0, 44100, 2, &why);
        QVERIFY2(!m_tone.isEmpty(), qPrintable(why));
    }

    void writesPlayableMp4()
    {
        media::Mp4WriterParams p;
        p.output = path(QStringLiteral("ok.mp4")).toStdString();
        p.width = 96;
        p.height = 64;
        p.fps_num = 25;
        p.metadata["comment"] = "made by test";
        {
            media::Mp4Writer w(p, audio48k());
            QVERIFY(QFile::exists(QString::fromStdString(w.partialPath().string())));
            QVERIFY(!QFile::exists(path(QStringLiteral("ok.mp4"))));
            for (int i = 0; i < 50; ++i)
                w.writeFrame(gradient(96, 64, i));
            w.finish();
            QVERIFY(!QFile::exists(QString::fromStdString(w.partialPath().string())));
        }
        const QString out = path(QStringLiteral("ok.mp4"));
        QVERIFY(QFile::exists(out));
        const QJsonObject probe = test::ffprobe(out);
        const QJsonObject v = stream(probe, QStringLiteral("video"));
        const QJsonObject a = stream(probe, QStringLiteral("audio"));
        QCOMPARE(v.value(QStringLiteral("codec_name")).toString(), QStringLiteral("h264"));
        QCOMPARE(v.value(QStringLiteral("profile")).toString(), QStringLiteral("High"));
        QCOMPARE(v.value(QStringLiteral("pix_fmt")).toString(), QStringLiteral("yuv420p"));
        QCOMPARE(v.value(QStringLiteral("color_primaries")).toString(), QStringLiteral("bt709"));
        QCOMPARE(v.value(QStringLiteral("color_transfer")).toString(), QStringLiteral("bt709"));
        QCOMPARE(v.value(QStringLiteral("color_space")).toString(), QStringLiteral("bt709"));
        QCOMPARE(v.value(QStringLiteral("nb_frames")).toString(), QStringLiteral("50"));
        QCOMPARE(a.value(QStringLiteral("codec_name")).toString(), QStringLiteral("aac"));
        QCOMPARE(a.value(QStringLiteral("profile")).toString(), QStringLiteral("LC"));
        QCOMPARE(a.value(QStringLiteral("sample_rate")).toString(), QStringLiteral("48000"));
        QCOMPARE(a.value(QStringLiteral("channels")).toInt(), 2);
        QVERIFY(std::abs(v.value(QStringLiteral("duration")).toString().toDouble() - 2.0) < 0.041);
        QVERIFY(std::abs(a.value(QStringLiteral("duration")).toString().toDouble() - 2.0) < 0.03);
        QCOMPARE(probe.value(QStringLiteral("format")).toObject().value(QStringLiteral("tags")).toObject()
                     .value(QStringLiteral("comment")).toString(),
                 QStringLiteral("made by test"));
        qint64 moov = -1, mdat = -1;
        test::mp4BoxOffsets(out, &moov, &mdat);
        QVERIFY(moov >= 0 && mdat >= 0);
        QVERIFY2(moov < mdat, "not faststart: moov after mdat");
    }

    // The colour conversion: limited-range BT.709 within rounding of the exact formula, known colours exact,
    // and a rectangle converted alone equal to the same rectangle of the whole frame.
    void colourConversion()
    {
        const int w = 38, h = 22;
        Image img = gradient(w, h, 5);
        for (int i = 0; i < w * h * 3; i += 7)
            img.rgb[size_t(i)] = uint8_t((i * 2654435761u) >> 24);
        std::vector<uint8_t> y(size_t(w * h)), u(size_t(w * h / 4)), v(size_t(w * h / 4));
        const media::YuvPlanes planes{y.data(), u.data(), v.data(), w, w / 2};
        media::rgbToYuv420(img, w, h, {0, 0, w, h}, planes);
        double worst = 0;
        for (int yy = 0; yy < h; ++yy)
            for (int x = 0; x < w; ++x) {
                const uint8_t* p = img.row(yy) + 3 * x;
                const double luma = 16 + 219.0 / 255 * (0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2]);
                worst = std::max(worst, std::abs(luma - y[size_t(yy * w + x)]));
            }
        for (int yy = 0; yy < h / 2; ++yy)
            for (int x = 0; x < w / 2; ++x) {
                double r = 0, g = 0, b = 0;
                for (int k = 0; k < 4; ++k) {
                    const uint8_t* p = img.row(2 * yy + k / 2) + 3 * (2 * x + k % 2);
                    r += p[0] / 4.0;
                    g += p[1] / 4.0;
                    b += p[2] / 4.0;
                }
                const double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
                const double cb = 128 + 224.0 / 255 * (b - luma) / 1.8556;
                const double cr = 128 + 224.0 / 255 * (r - luma) / 1.5748;
                worst = std::max({worst, std::abs(cb - u[size_t(yy * w / 2 + x)]),
                                  std::abs(cr - v[size_t(yy * w / 2 + x)])});
            }
        QVERIFY2(worst <= 0.51, qPrintable(QString::number(worst)));
        // White, black, red.
        Image colours(2, 6);
        const uint8_t rgb[3][3] = {{255, 255, 255}, {0, 0, 0}, {255, 0, 0}};
        for (int yy = 0; yy < 6; ++yy)
            for (int x = 0; x < 2; ++x)
                std::memcpy(colours.row(yy) + 3 * x, rgb[yy / 2], 3);
        uint8_t cy[12], cu[3], cv[3];
        media::rgbToYuv420(colours, 2, 6, {0, 0, 2, 6}, {cy, cu, cv, 2, 1});
        QCOMPARE(int(cy[0]), 235);
        QCOMPARE(int(cu[0]), 128);
        QCOMPARE(int(cv[0]), 128);
        QCOMPARE(int(cy[4]), 16);
        QCOMPARE(int(cu[1]), 128);
        QCOMPARE(int(cy[8]), 63);
        QCOMPARE(int(cu[2]), 102);
        QCOMPARE(int(cv[2]), 240);
        // A rectangle with odd edges, converted into planes that hold another picture.
        std::vector<uint8_t> y2(y.size(), 7), u2(u.size(), 7), v2(v.size(), 7);
        const ImageRect r{5, 3, 11, 8};
        media::rgbToYuv420(img, w, h, r, {y2.data(), u2.data(), v2.data(), w, w / 2});
        const ImageRect e = media::evenRect(r, w, h);
        QCOMPARE(e.x, 4);
        QCOMPARE(e.y, 2);
        QCOMPARE(e.width, 12);
        QCOMPARE(e.height, 10);
        for (int yy = 0; yy < h; ++yy)
            for (int x = 0; x < w; ++x) {
                const bool in = x >= e.x && x < e.x + e.width && yy >= e.y && yy < e.y + e.height;
                QCOMPARE(int(y2[size_t(yy * w + x)]), in ? int(y[size_t(yy * w + x)]) : 7);
                if (x % 2 == 0 && yy % 2 == 0) {
                    const size_t c = size_t(yy / 2 * w / 2 + x / 2);
                    QCOMPARE(int(u2[c]), in ? int(u[c]) : 7);
                    QCOMPARE(int(v2[c]), in ? int(v[c]) : 7);
                }
            }
    }

    // Frames that change only inside a rectangle, written with that promise, give the same video as written
    // whole; a rectangle that misses the change shows (the promise is really used).
    void partialFramesGiveTheSameVideo()
    {
        const int w = 160, h = 96;
        const Image back = gradient(w, h, 0);
        const ImageRect moving{41, 23, 37, 29}; // odd edges: the writer grows them to chroma blocks
        auto frameAt = [&](int i) {
            Image f = back;
            for (int y = moving.y; y < moving.y + moving.height; ++y)
                for (int x = moving.x; x < moving.x + moving.width; ++x) {
                    uint8_t* p = f.row(y) + 3 * x;
                    p[0] = uint8_t(x * 5 + i * 9);
                    p[1] = uint8_t(y * 3 - i * 4);
                    p[2] = uint8_t((x ^ y) + i * 17);
                }
            return f;
        };
        auto write = [&](const QString& name, const ImageRect* changed) {
            media::Mp4WriterParams p;
            p.output = path(name).toStdString();
            p.width = w;
            p.height = h;
            media::Mp4Writer wr(p, nullptr);
            for (int i = 0; i < 20; ++i) {
                if (changed)
                    wr.writeFrame(frameAt(i), *changed);
                else
                    wr.writeFrame(frameAt(i));
            }
            wr.finish();
            const auto r = test::run(QStringLiteral("ffmpeg"),
                                     {"-v", "error", "-i", path(name), "-map", "0:v", "-f", "md5", "-"});
            return r.out.trimmed();
        };
        const QByteArray whole = write(QStringLiteral("whole.mp4"), nullptr);
        const QByteArray part = write(QStringLiteral("part.mp4"), &moving);
        const ImageRect wrong{0, 0, 40, 40};
        const QByteArray missed = write(QStringLiteral("missed.mp4"), &wrong);
        QVERIFY(whole.startsWith("MD5="));
        QCOMPARE(part, whole);
        QVERIFY(missed != whole);
    }

    void oddSizeIsMadeEven()
    {
        media::Mp4WriterParams p;
        p.output = path(QStringLiteral("odd.mp4")).toStdString();
        p.width = 33;
        p.height = 21;
        media::Mp4Writer w(p, nullptr);
        QCOMPARE(w.width(), 32);
        QCOMPARE(w.height(), 20);
        for (int i = 0; i < 5; ++i)
            w.writeFrame(gradient(33, 21, i));
        w.finish();
        const QJsonObject v = stream(test::ffprobe(path(QStringLiteral("odd.mp4"))), QStringLiteral("video"));
        QCOMPARE(v.value(QStringLiteral("width")).toInt(), 32);
        QCOMPARE(v.value(QStringLiteral("height")).toInt(), 20);
    }

    void abortLeavesNothing()
    {
        const QString out = path(QStringLiteral("aborted.mp4"));
        media::Mp4WriterParams p;
        p.output = out.toStdString();
        p.width = p.height = 64;
        {
            media::Mp4Writer w(p, audio48k());
            for (int i = 0; i < 10; ++i)
                w.writeFrame(gradient(64, 64, i));
            // destroyed without finish(): the partial file goes away
        }
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
    }

    void existingTargetUntouched()
    {
        const QString out = path(QStringLiteral("exists.mp4"));
        QFile f(out);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
        f.close();
        media::Mp4WriterParams p;
        p.output = out.toStdString();
        try {
            media::Mp4Writer w(p, nullptr);
            QFAIL("existing file was not protected");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Output);
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("--overwrite")));
        }
        QFile g(out);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QCOMPARE(g.readAll(), QByteArray("precious"));
        // With overwrite it is replaced only at the end.
        p.overwrite = true;
        p.width = p.height = 32;
        media::Mp4Writer w(p, nullptr);
        w.writeFrame(gradient(32, 32, 0));
        QFile h(out);
        QVERIFY(h.open(QIODevice::ReadOnly));
        QCOMPARE(h.readAll(), QByteArray("precious"));
        h.close();
        w.finish();
        QVERIFY(QFileInfo(out).size() > 100);
    }

    void unwritableFolder()
    {
        if (::geteuid() == 0) {
            // root ignores permission bits; a path under a regular file can never be created.
            QFile f(path(QStringLiteral("plainfile")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.close();
            media::Mp4WriterParams p;
            p.output = path(QStringLiteral("plainfile/out.mp4")).toStdString();
            QVERIFY_THROWS_EXCEPTION(Error, media::Mp4Writer(p, nullptr));
            return;
        }
        const QString ro = path(QStringLiteral("ro"));
        QDir().mkpath(ro);
        QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
        media::Mp4WriterParams p;
        p.output = (ro + QStringLiteral("/out.mp4")).toStdString();
        try {
            media::Mp4Writer w(p, nullptr);
            QFAIL("no error for a read-only folder");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Output);
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("not writable")));
        }
    }

    void diskFullDuringWrite()
    {
        // /dev/full fails every write with ENOSPC; the writer must report it and leave nothing behind.
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QFAIL("/dev/full is missing on this system");
        media::Mp4WriterParams p;
        p.output = path(QStringLiteral("full.mp4")).toStdString();
        p.width = p.height = 256;
        const QString partial = path(QStringLiteral("full.mp4.partial"));
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), partial));
        bool threw = false;
        try {
            media::Mp4Writer w(p, audio48k());
            for (int i = 0; i < 200; ++i)
                w.writeFrame(gradient(256, 256, i * 7));
            w.finish();
        } catch (const Error& e) {
            threw = true;
            QCOMPARE(e.kind(), ErrorKind::Output);
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("disk is full")), e.what());
        }
        QVERIFY(threw);
        QVERIFY(!QFile::exists(path(QStringLiteral("full.mp4"))));
        QVERIFY(!QFileInfo::exists(partial));
    }
};

QTEST_GUILESS_MAIN(TestMp4Writer)
#include "test_mp4_writer.moc"
