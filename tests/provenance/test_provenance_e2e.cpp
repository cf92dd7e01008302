// End to end through `emote`: 5 s Live-engine clips with and without the watermark, transformations made with
// the ffmpeg CLI (x264 CRF 23 / 28, rescaling to 75 / 50 / 150 % without scaling back, 50 % down and up, 10 % crop
// on each side, a 9:16 centre crop, 15 fps, VP9 WebM), `emote verify` on each (found; payload exact after error
// correction where the table says so), 25 unmarked videos (never reported as marked), PSNR/SSIM of the mark on
// the Live engine's frames, tags, the manifest inside the MP4 and beside it, visible label and verify's answers
// to bad input. bench_watermark measures the full table and 200 unmarked videos.
#include "core/common/image.h"
#include "core/media/video_reader.h"
#include "core/provenance/watermark.h"
#include "provenance/quality.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <bit>

using namespace emote;

namespace {

QJsonObject lastJsonLine(const QByteArray& text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QJsonObject{} : QJsonDocument::fromJson(lines.last()).object();
}

} // namespace

class TestProvenanceE2e : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_audio, m_marked, m_unmarked, m_still;
    quint64 m_payload = 0, m_still_payload = 0;

    QString path(const QString& name) const { return QDir(m_dir.path()).filePath(name); }

    // ffmpeg with ARGS; the test fails when it does.
    bool ffmpeg(const QStringList& args)
    {
        const auto r = test::run("ffmpeg", QStringList{"-v", "error", "-y"} + args);
        if (r.exit_code != 0)
            qWarning("ffmpeg %s failed: %s", qPrintable(args.join(' ')), r.err.constData());
        return r.exit_code == 0 && !r.crashed;
    }

    test::ProcResult verify(const QString& file, bool json = true)
    {
        QStringList args{"verify", file};
        if (json)
            args << "--json";
        return test::run(test::cliPath(), args);
    }

    QString generate(const QString& name, const QStringList& extra, QJsonObject* done)
    {
        const QString out = path(name);
        const auto r = test::run(test::cliPath(), QStringList{"generate", "--portrait",
                                                              test::sourceDir() + "/resources/samples/astronaut.png",
                                                              "--audio", m_audio, "-o", out, "--json", "--seed", "3"} +
                                                      extra);
        if (r.exit_code != 0 || r.crashed) {
            qWarning("emote generate failed (%d): %s", r.exit_code, r.err.constData());
            return {};
        }
        *done = lastJsonLine(r.err);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The install id goes to a private config folder, never the user's.
        qputenv("XDG_CONFIG_HOME", path("config").toUtf8());
        m_audio = path("speech5.wav");
        QVERIFY(ffmpeg({"-i", test::sourceDir() + "/resources/samples/speech.wav", "-t", "5", m_audio}));
        QJsonObject done;
        m_marked = generate("marked.mp4", {"--manifest", "--label"}, &done);
        QVERIFY(!m_marked.isEmpty());
        QCOMPARE(done["stage"].toString(), QString("done"));
        bool ok = false;
        m_payload = done["watermark"].toString().toULongLong(&ok, 16);
        QVERIFY2(ok && m_payload != 0, qPrintable(done["watermark"].toString()));
        m_unmarked = generate("unmarked.mp4", {"--no-watermark"}, &done);
        QVERIFY(!m_unmarked.isEmpty());
        QVERIFY(done["watermark"].isNull());
        QVERIFY(QFile::exists(path("config/emote-studio/install-id")));
    }

    void tagsAndManifest()
    {
        const QJsonObject tags = test::ffprobe(m_marked)["format"].toObject()["tags"].toObject();
        QVERIFY2(tags["comment"].toString().contains("AI-generated"), qPrintable(tags["comment"].toString()));
        QVERIFY(tags["comment"].toString().contains("Emote Studio"));
        const QString desc = tags["description"].toString();
        QVERIFY2(desc.contains("trainedAlgorithmicMedia") && desc.contains("engine: live") &&
                     desc.contains(QString("%1").arg(m_payload, 16, 16, QChar('0'))),
                 qPrintable(desc));
        // The unmarked video is still tagged as AI-generated: the tags do not depend on the watermark.
        QVERIFY(test::ffprobe(m_unmarked)["format"].toObject()["tags"].toObject()["comment"].toString().contains(
            "AI-generated"));
        QVERIFY(!QFile::exists(m_unmarked + ".json"));

        QFile mf(m_marked + ".json");
        QVERIFY(mf.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(mf.readAll()).object();
        QFile vf(m_marked);
        QVERIFY(vf.open(QIODevice::ReadOnly));
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(&vf);
        QCOMPARE(root["asset"].toObject()["sha256"].toString(), QString::fromLatin1(h.result().toHex()));
        QString source_type, payload;
        bool label = false;
        for (const auto& a : root["assertions"].toArray()) {
            const QJsonObject o = a.toObject(), data = o["data"].toObject();
            if (o["label"] == "c2pa.actions")
                source_type = data["actions"].toArray()[0].toObject()["digitalSourceType"].toString();
            if (o["label"] == "org.emote-studio.watermark")
                payload = data["payload"].toString();
            if (o["label"] == "org.emote-studio.visible-label")
                label = data["shown"].toBool();
        }
        QVERIFY(source_type.endsWith("/trainedAlgorithmicMedia"));
        QCOMPARE(payload.toULongLong(nullptr, 16), m_payload);
        QVERIFY(label);
        QVERIFY(!QFile::exists(m_marked + ".json.partial") && !QFile::exists(m_marked + ".partial"));

        // The same manifest inside the MP4, bound to the file; verify reports it. No manifest asked: none inside.
        const QJsonObject v = QJsonDocument::fromJson(verify(m_marked).out).object()["manifest"].toObject();
        QVERIFY2(v["embedded"].toBool() && v["bound_to_file"].toBool() && v["sidecar"].toBool(),
                 qPrintable(QJsonDocument(v).toJson()));
        QCOMPARE(v["content"].toObject()["assertions"].toArray().size(), root["assertions"].toArray().size());
        QCOMPARE(v["content"].toObject()["hash_binding"].toObject()["hash"],
                 root["hash_binding"].toObject()["hash"]);
        QVERIFY(!QJsonDocument::fromJson(verify(m_unmarked).out).object()["manifest"].toObject()["embedded"].toBool());
        // The file with its manifest box is still an MP4 that ffprobe reads whole.
        QVERIFY(test::ffprobe(m_marked)["format"].toObject()["duration"].toString().toDouble() > 4.9);
    }

    void visibleLabelInCorner()
    {
        // Same seed and audio: the two clips differ by the label (and the faint mark) only.
        media::VideoReader a(m_marked.toStdString()), b(m_unmarked.toStdString());
        Image fa, fb;
        QVERIFY(a.next(fa) && b.next(fb));
        const int w = fa.width, h = fa.height;
        auto diff = [&](int x0, int y0, int x1, int y1) {
            double s = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = x0; x < x1; ++x)
                    for (int c = 0; c < 3; ++c)
                        s += std::abs(int(fa.row(y)[3 * x + c]) - int(fb.row(y)[3 * x + c]));
            return s / double((x1 - x0) * (y1 - y0) * 3);
        };
        const double corner = diff(w * 3 / 4, h * 92 / 100, w - 4, h - 4);
        const double rest = diff(0, 0, w / 2, h / 2);
        qInfo("mean |difference| bottom-right corner %.1f, top-left quarter %.2f levels", corner, rest);
        QVERIFY2(corner > 15.0, qPrintable(QString::number(corner)));
        QVERIFY2(rest < 3.0, qPrintable(QString::number(rest)));
    }

    void survivesTransformations_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("ext");
        QTest::addColumn<bool>("payload"); // the payload must be read too (bench_watermark: it is on these)
        const QStringList x23{"-c:v", "libx264", "-crf", "23"}, x28{"-c:v", "libx264", "-crf", "28"};
        QTest::newRow("x264 crf 23") << x23 << "mp4" << true;
        QTest::newRow("x264 crf 28") << x28 << "mp4" << true;
        QTest::newRow("scale 50% and back")
            << QStringList{"-vf", "scale=iw/2:ih/2,scale=iw*2:ih*2"} + x23 << "mp4" << true;
        QTest::newRow("scale 75% crf 28") << QStringList{"-vf", "scale=iw*3/4:ih*3/4"} + x28 << "mp4" << true;
        QTest::newRow("scale 50% crf 23") << QStringList{"-vf", "scale=iw/2:ih/2"} + x23 << "mp4" << true;
        QTest::newRow("scale 150% crf 23") << QStringList{"-vf", "scale=iw*3/2:ih*3/2"} + x23 << "mp4" << true;
        QTest::newRow("crop 10% each side") << QStringList{"-vf", "crop=iw*0.8:ih*0.8"} + x23 << "mp4" << false;
        QTest::newRow("9:16 centre crop") << QStringList{"-vf", "crop=trunc(ih*9/32)*2:ih"} + x23 << "mp4" << false;
        QTest::newRow("15 fps") << QStringList{"-vf", "fps=15"} + x23 << "mp4" << true;
        QTest::newRow("vp9 webm") << QStringList{"-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "32", "-deadline",
                                                 "realtime", "-cpu-used", "8"}
                                  << "webm" << true;
    }

    void survivesTransformations()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, ext);
        QFETCH(bool, payload);
        QString tag = QString::fromUtf8(QTest::currentDataTag());
        tag.replace(' ', '_').replace('%', 'p').replace(':', '_');
        const QString out = path("t_" + tag + "." + ext);
        QVERIFY(ffmpeg(QStringList{"-i", m_marked} + args + QStringList{"-an", out}));
        const auto r = verify(out);
        QVERIFY2(!r.crashed, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(r.exit_code == 0 && o["marked"].toBool(), (r.out + r.err).constData());
        QVERIFY(o["confidence"].toDouble() > 0.999);
        const quint64 got = o["payload"].toString().toULongLong(nullptr, 16);
        const int bit_errors = std::popcount(got ^ m_payload);
        qInfo("%s: sync %.1f sigma, payload %s, raw code-bit accuracy %.4f, payload bit errors after ECC %d, %dx%d",
              QTest::currentDataTag(), o["sync_score"].toDouble(), o["payload_read"].toBool() ? "read" : "not read",
              o["raw_bit_accuracy"].toDouble(), bit_errors, o["width"].toInt(), o["height"].toInt());
        if (o["payload_read"].toBool() || payload) {
            QVERIFY(o["payload_read"].toBool());
            QCOMPARE(bit_errors, 0);
            // Before error correction: soft Viterbi decoding recovers the payload at about 20 % raw errors;
            // requiring 75 % keeps the margin visible.
            QVERIFY(o["raw_bit_accuracy"].toDouble() >= 0.75);
        }
    }

    // A Still export is the portrait in every frame: summing frames never averages the picture's own
    // interference with the sync out, and at 512² the fold holds only 2×2 tiles. Before the sync was informed by
    // the picture, these were lost (bench_watermark: sync 5.6σ on 50 % CRF 23, 5.1σ on the screen recording,
    // 4.8σ on the 9:16 crop; found needs 6σ around half the height, 7σ anywhere).
    void stillExportSurvivesRescaling_data()
    {
        QTest::addColumn<QStringList>("args");
        const QStringList x23{"-c:v", "libx264", "-preset", "veryfast", "-crf", "23"};
        QTest::newRow("still 512 scale 50% crf 23") << QStringList{"-vf", "scale=256:256"} + x23;
        QTest::newRow("still 512 screen recording")
            << QStringList{"-vf", "scale=408:408,gblur=sigma=0.6,noise=alls=6:allf=t", "-c:v", "libx264", "-preset",
                           "veryfast", "-crf", "26"};
    }

    void stillExportSurvivesRescaling()
    {
        QFETCH(QStringList, args);
        if (m_still.isEmpty()) {
            QJsonObject done;
            m_still = generate("still512.mp4", {"--engine", "still", "--size", "512"}, &done);
            QVERIFY(!m_still.isEmpty());
            m_still_payload = done["watermark"].toString().toULongLong(nullptr, 16);
        }
        QString tag = QString::fromUtf8(QTest::currentDataTag());
        tag.replace(' ', '_').replace('%', 'p');
        const QString out = path("s_" + tag + ".mp4");
        QVERIFY(ffmpeg(QStringList{"-i", m_still} + args + QStringList{"-an", out}));
        const auto r = verify(out);
        QVERIFY2(!r.crashed, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        qInfo("%s: sync %.1f sigma, payload %s", QTest::currentDataTag(), o["sync_score"].toDouble(),
              o["payload_read"].toBool() ? "read" : "not read");
        QVERIFY2(r.exit_code == 0 && o["marked"].toBool(), (r.out + r.err).constData());
        if (o["payload_read"].toBool()) // the CRC held: it must be this export's payload
            QCOMPARE(o["payload"].toString().toULongLong(nullptr, 16), m_still_payload);
    }

    void verifiesOriginal()
    {
        const auto r = verify(m_marked, false);
        QCOMPARE(r.exit_code, 0);
        const QString text = QString::fromUtf8(r.out);
        QVERIFY2(text.contains("watermark: yes") && text.contains(QString("%1").arg(m_payload, 16, 16, QChar('0'))) &&
                     text.contains("AI-generated"),
                 qPrintable(text));
    }

    void noFalsePositives()
    {
        const QString src = test::sourceDir();
        const QString s = "s=320x240:r=25";
        // Each: ffmpeg input arguments, output name. Synthetic sources, still photos, noise, VP9, and the Live
        // engine's own unmarked output with the same transformations the mark must survive.
        const QList<QPair<QStringList, QString>> videos = {
            {{"-f", "lavfi", "-i", "testsrc=" + s + ":d=2"}, "u01.mp4"},
            {{"-f", "lavfi", "-i", "testsrc2=" + s + ":d=2"}, "u02.mp4"},
            {{"-f", "lavfi", "-i", "smptebars=" + s + ":d=2"}, "u03.mp4"},
            {{"-f", "lavfi", "-i", "mandelbrot=" + s, "-t", "2"}, "u04.mp4"},
            {{"-f", "lavfi", "-i", "life=" + s + ":mold=10:ratio=0.5", "-t", "2"}, "u05.mp4"},
            {{"-f", "lavfi", "-i", "cellauto=" + s, "-t", "2"}, "u06.mp4"},
            {{"-f", "lavfi", "-i", "rgbtestsrc=" + s + ":d=2"}, "u07.mp4"},
            {{"-f", "lavfi", "-i", "color=c=gray:" + s + ":d=2", "-vf", "noise=alls=30:allf=t"}, "u08.mp4"},
            {{"-f", "lavfi", "-i", "color=c=0x406080:" + s + ":d=2"}, "u09.mp4"},
            {{"-f", "lavfi", "-i", "gradients=" + s + ":d=2"}, "u10.mp4"},
            {{"-f", "lavfi", "-i", "sierpinski=" + s, "-t", "2"}, "u11.mp4"},
            {{"-f", "lavfi", "-i", "yuvtestsrc=" + s + ":d=2"}, "u12.mp4"},
            {{"-f", "lavfi", "-i", "color=c=white:" + s + ":d=2", "-vf", "noise=alls=60:allf=u"}, "u13.mp4"},
            {{"-loop", "1", "-i", src + "/resources/samples/astronaut.png", "-t", "2", "-r", "25", "-vf",
              "scale=512:512"}, "u14.mp4"},
            {{"-loop", "1", "-i", src + "/tests/golden/faceapi/sample1/image.png", "-t", "2", "-r", "25", "-vf",
              "scale=trunc(iw/2)*2:trunc(ih/2)*2"}, "u15.mp4"},
            {{"-loop", "1", "-i", src + "/tests/golden/faceapi/sample2/image.png", "-t", "2", "-r", "25", "-vf",
              "scale=trunc(iw/2)*2:trunc(ih/2)*2"}, "u16.mp4"},
            {{"-loop", "1", "-i", src + "/resources/samples/astronaut.png", "-t", "2", "-r", "25", "-vf",
              "zoompan=z='1+0.01*on':d=50:s=400x400"}, "u17.mp4"},
            {{"-loop", "1", "-i", src + "/tests/golden/faceapi/sample1/image.png", "-t", "2", "-r", "25", "-vf",
              "scale=256:256", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"}, "u18.webm"},
            {{"-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=2", "-vf", "hflip", "-c:v", "libvpx-vp9", "-deadline",
              "realtime", "-cpu-used", "8"}, "u19.webm"},
            {{"-i", m_unmarked, "-vf", "crop=iw*0.8:ih*0.8", "-c:v", "libx264", "-crf", "28"}, "u20.mp4"},
            {{"-i", m_unmarked, "-vf", "scale=iw/2:ih/2,scale=iw*2:ih*2"}, "u21.mp4"},
            {{"-i", m_unmarked, "-vf", "fps=15"}, "u22.mp4"},
            {{"-i", m_unmarked, "-vf", "scale=iw/2:ih/2", "-c:v", "libx264", "-crf", "23"}, "u23.mp4"},
            {{"-i", m_unmarked, "-vf", "scale=trunc(iw/6)*2:trunc(ih/6)*2", "-c:v", "libx264", "-crf", "28"}, "u24.mp4"},
            {{"-i", m_unmarked, "-vf", "crop=trunc(ih*9/32)*2:ih", "-c:v", "libx264", "-crf", "23"}, "u25.mp4"},
        };
        QStringList files{m_unmarked};
        for (const auto& [args, name] : videos) {
            QStringList a = args;
            if (!name.endsWith(".webm") && !a.contains("-c:v"))
                a << "-pix_fmt" << "yuv420p";
            QVERIFY(ffmpeg(a + QStringList{"-an", path(name)}));
            files << path(name);
        }
        QVERIFY(files.size() >= 25);
        int marked = 0;
        double max_sync = 0;
        for (const QString& f : files) {
            const auto r = verify(f);
            QVERIFY2(!r.crashed, qPrintable(f));
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            QVERIFY2(o["readable"].toBool(), qPrintable(f + ": " + r.out));
            if (o["marked"].toBool() || r.exit_code != 1) {
                ++marked;
                qWarning("false positive or wrong exit code %d on %s: %s", r.exit_code, qPrintable(f), r.out.constData());
            }
            max_sync = std::max(max_sync, o["sync_score"].toDouble());
        }
        qInfo("%lld unmarked videos: %d reported as marked; highest sync score %.2f sigma (thresholds: 7 alone, 5.5 "
              "with a valid payload)",
              static_cast<long long>(files.size()), marked, max_sync);
        QCOMPARE(marked, 0);
    }

    void imperceptibleOnLiveFrames()
    {
        // The Live engine's unmarked frames, marked in process exactly as the export does, compared with
        // themselves: what the mark alone changes (the encoder's own loss is not part of it).
        media::VideoReader reader(m_unmarked.toStdString());
        provenance::WatermarkEmbedder embedder(m_payload);
        Image frame;
        double min_psnr = 1e9, min_ssim = 1e9, sum_psnr = 0, sum_ssim = 0;
        int n = 0;
        while (reader.next(frame)) {
            if (reader.frameIndex() % 10 != 0)
                continue;
            Image marked = frame;
            embedder.embed(marked);
            const double p = test::psnrRgb(frame, marked), s = test::ssimLuma(frame, marked);
            min_psnr = std::min(min_psnr, p);
            min_ssim = std::min(min_ssim, s);
            sum_psnr += p;
            sum_ssim += s;
            ++n;
        }
        QVERIFY(n >= 10);
        qInfo("%d Live frames: PSNR mean %.2f dB (min %.2f), SSIM (luma) mean %.4f (min %.4f)", n, sum_psnr / n,
              min_psnr, sum_ssim / n, min_ssim);
        QVERIFY(min_psnr >= 40.0);
        QVERIFY(min_ssim >= 0.98);
    }

    void badInputs()
    {
        QString why;
        const QString wav = test::makeTone(m_dir.path(), "tone.wav", 2.0, 48000, 2, &why);
        QVERIFY2(!wav.isEmpty(), qPrintable(why));
        const QString m4a = path("tone.m4a");
        QVERIFY(ffmpeg({"-i", wav, "-c:a", "aac", m4a}));
        const QString short_clip = path("short.mp4");
        QVERIFY(ffmpeg({"-i", m_marked, "-t", "0.5", "-c:v", "libx264", short_clip}));
        const QString garbage = path("garbage.mp4");
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QByteArray bytes(200000, 0);
            for (int i = 0; i < bytes.size(); ++i)
                bytes[i] = char((i * 7919 + 13) % 251);
            f.write(bytes);
        }
        const QString truncated = path("truncated.mp4");
        {
            QFile in(m_marked), out(truncated);
            QVERIFY(in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly));
            out.write(in.read(6000)); // the moov box (faststart) and hardly any frame data
        }
        const QString empty = path("empty.mp4");
        QFile(empty).open(QIODevice::WriteOnly);
        const QStringList undecidable{wav, m4a, test::sourceDir() + "/resources/samples/astronaut.png", short_clip,
                                      garbage, truncated, empty, path("missing.mp4")};
        for (const QString& f : undecidable) {
            const auto r = verify(f);
            QVERIFY2(!r.crashed && r.exit_code == 3,
                     qPrintable(QString("%1: exit %2, %3%4").arg(f).arg(r.exit_code).arg(r.out, r.err)));
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            QVERIFY2(o["readable"] == false && o["marked"].isNull() && !o["message"].toString().isEmpty(),
                     r.out.constData());
            const auto t = verify(f, false);
            QCOMPARE(t.exit_code, 3);
            QVERIFY2(t.err.contains("cannot verify"), t.err.constData());
            QVERIFY(!t.out.contains("watermark: yes"));
        }
        QVERIFY(QString::fromUtf8(verify(short_clip, false).err).contains("too short"));
        QCOMPARE(test::run(test::cliPath(), {"verify"}).exit_code, 2);
        QCOMPARE(test::run(test::cliPath(), {"verify", m_marked, "--max-seconds", "0"}).exit_code, 2);
        // Reading only 2 s still finds the mark.
        const auto r = verify(m_marked);
        QCOMPARE(test::run(test::cliPath(), {"verify", m_marked, "--max-seconds", "2"}).exit_code, 0);
        QCOMPARE(r.exit_code, 0);
    }
};

QTEST_GUILESS_MAIN(TestProvenanceE2e)
#include "test_provenance_e2e.moc"
