// Audio decoding: every promised format through FFmpeg, resampling/downmixing, caps and refusals.
#include "core/common/error.h"
#include "core/media/audio_decoder.h"
#include "test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace emote;

class TestAudioDecoder : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_speech; // espeak-ng WAV, 22050 Hz mono
    double m_speech_s = 0;

    QString path(const QString& n) const { return m_dir.filePath(n); }

    static double rms(const AudioBuffer& a)
    {
        double s = 0;
        for (float v : a.samples)
            s += double(v) * v;
        return std::sqrt(s / std::max<size_t>(1, a.samples.size()));
    }

    void expectInputError(const QString& file, const char* needle, const media::AudioDecodeOptions& opt = {})
    {
        try {
            media::decodeAudio(file.toStdString(), opt);
            QFAIL(qPrintable("no error for " + file));
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(QFileInfo(file).fileName()), qPrintable("message lacks the file name: " + msg));
            QVERIFY2(msg.contains(QString::fromLatin1(needle)), qPrintable("unexpected message: " + msg));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_speech = test::makeSpeech(m_dir.path(), QStringLiteral("speech.wav"),
                                    QStringLiteral("The quick brown fox jumps over the lazy dog."), &why);
        QVERIFY2(!m_speech.isEmpty(), qPrintable(why));
        const auto a = media::decodeAudio(m_speech.toStdString());
        m_speech_s = a.durationSeconds();
        QVERIFY(m_speech_s > 1.0);
    }

    void formats_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("codec");
        QTest::newRow("wav") << "a.wav" << QStringList{} << "pcm_s16le";
        QTest::newRow("mp3") << "a.mp3" << QStringList{"-c:a", "libmp3lame", "-b:a", "128k"} << "mp3";
        QTest::newRow("flac") << "a.flac" << QStringList{"-c:a", "flac"} << "flac";
        QTest::newRow("ogg-vorbis") << "a.ogg" << QStringList{"-c:a", "libvorbis"} << "vorbis";
        QTest::newRow("opus") << "a.opus" << QStringList{"-c:a", "libopus", "-b:a", "64k"} << "opus";
        QTest::newRow("m4a-aac") << "a.m4a" << QStringList{"-c:a", "aac", "-b:a", "128k"} << "aac";
        QTest::newRow("mp4-with-video") << "a.mp4"
                                        << QStringList{"-f", "lavfi", "-i", "color=c=gray:s=64x64:r=10", "-shortest",
                                                       "-c:v", "libx264", "-c:a", "aac"}
                                        << "aac";
        QTest::newRow("mov") << "a.mov" << QStringList{"-c:a", "pcm_s16le"} << "pcm_s16le";
    }

    void formats()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, args);
        QFETCH(QString, codec);
        QString why;
        const QString file = test::transcode(m_speech, path(name), args, &why);
        QVERIFY2(!file.isEmpty(), qPrintable(why));
        const auto info = media::probeAudio(file.toStdString());
        QCOMPARE(QString::fromStdString(info.codec), codec);
        const AudioBuffer a = media::decodeAudio(file.toStdString());
        QCOMPARE(a.sample_rate_hz, 16000);
        QCOMPARE(a.channels, 1);
        // Lossy codecs add priming/padding: within 60 ms of the source.
        QVERIFY2(std::abs(a.durationSeconds() - m_speech_s) < 0.06,
                 qPrintable(QStringLiteral("duration %1 vs %2").arg(a.durationSeconds()).arg(m_speech_s)));
        QVERIFY(rms(a) > 0.01);
        for (float v : a.samples)
            QVERIFY(std::isfinite(v));
    }

    void resampleAndUpmix()
    {
        media::AudioDecodeOptions opt;
        opt.sample_rate_hz = 48000;
        opt.channels = 2;
        const AudioBuffer a = media::decodeAudio(m_speech.toStdString(), opt);
        QCOMPARE(a.channels, 2);
        QVERIFY(std::abs(a.durationSeconds() - m_speech_s) < 0.01);
        // Mono source: both channels equal.
        for (size_t i = 0; i < a.samples.size(); i += 2)
            QCOMPARE(a.samples[i], a.samples[i + 1]);
    }

    void eightChannels192k()
    {
        QString why;
        const QString f = test::makeTone(m_dir.path(), QStringLiteral("c8.wav"), 1.0, 192000, 8, &why);
        QVERIFY2(!f.isEmpty(), qPrintable(why));
        const auto info = media::probeAudio(f.toStdString());
        QCOMPARE(info.channels, 8);
        QCOMPARE(info.sample_rate_hz, 192000);
        const AudioBuffer a = media::decodeAudio(f.toStdString());
        QVERIFY(std::abs(a.durationSeconds() - 1.0) < 0.01);
        QVERIFY(rms(a) > 0.05);
    }

    void streamingMatchesWhole()
    {
        media::AudioDecodeOptions opt;
        const AudioBuffer whole = media::decodeAudio(m_speech.toStdString(), opt);
        media::AudioStream s(m_speech.toStdString(), opt);
        std::vector<float> got, chunk(777);
        while (const int64_t n = s.read(chunk.data(), 777))
            got.insert(got.end(), chunk.begin(), chunk.begin() + n);
        QCOMPARE(got.size(), whole.samples.size());
        QVERIFY(got == whole.samples);
    }

    void durationCap()
    {
        media::AudioDecodeOptions opt;
        opt.max_duration_s = 1.0;
        expectInputError(m_speech, "longer than", opt);
    }

    void refusals()
    {
        expectInputError(path(QStringLiteral("nothing.wav")), "does not exist");
        QFile e(path(QStringLiteral("empty.mp3")));
        QVERIFY(e.open(QIODevice::WriteOnly));
        e.close();
        expectInputError(e.fileName(), "empty");
        // A playlist pointing at a real file is still refused: only plain media files are read.
        QFile m3u(path(QStringLiteral("list.m3u8")));
        QVERIFY(m3u.open(QIODevice::WriteOnly));
        m3u.write("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + m_speech.toUtf8() + "\n#EXT-X-ENDLIST\n");
        m3u.close();
        expectInputError(m3u.fileName(), "not an audio format");
        // Video without sound.
        QString why;
        const QString silent = path(QStringLiteral("video_only.mp4"));
        const auto r = test::run(QStringLiteral("ffmpeg"),
                                 {"-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                                  "color=c=red:s=64x64:r=10:d=1", "-c:v", "libx264", silent});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        expectInputError(silent, "no audio track");
        // 0 ms of audio: a valid WAV header with no samples.
        const QString zero = path(QStringLiteral("zero.wav"));
        const auto z = test::run(QStringLiteral("sox"), {"-n", "-r", "16000", "-c", "1", zero, "trim", "0", "0"});
        QVERIFY2(z.exit_code == 0, z.err.constData());
        expectInputError(zero, "no sound");
        // An MP3 of random bytes after a valid frame header.
        const QString mp3 = test::transcode(m_speech, path(QStringLiteral("good.mp3")), {"-c:a", "libmp3lame"}, &why);
        QFile g(mp3);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QByteArray bytes = g.readAll();
        g.close();
        QRandomGenerator rng(7);
        for (qsizetype i = 1000; i < bytes.size(); ++i)
            bytes[i] = char(rng.bounded(256));
        QFile c(path(QStringLiteral("corrupt.mp3")));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(bytes);
        c.close();
        try {
            const AudioBuffer a = media::decodeAudio(c.fileName().toStdString());
            // If FFmpeg resynchronises and decodes something, the result must still be finite audio.
            for (float v : a.samples)
                QVERIFY(std::isfinite(v));
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("corrupt.mp3")));
        }
    }
};

QTEST_GUILESS_MAIN(TestAudioDecoder)
#include "test_audio_decoder.moc"
