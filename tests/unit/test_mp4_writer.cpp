// MP4 export: stream layout, colour tags, faststart, A/V durations, atomic rename, abort and refusals.
#include "core/common/error.h"
#include "core/media/audio_decoder.h"
#include "core/media/mp4_writer.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

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
