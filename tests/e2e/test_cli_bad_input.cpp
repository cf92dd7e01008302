// Bad input through the CLI: each case ends with exactly one clear message naming the file, the documented
// exit code, and nothing at the target path.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace emote;

class TestCliBadInput : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_portrait, m_speech;

    QString path(const QString& n) const { return m_dir.filePath(n); }

    void write(const QString& name, const QByteArray& bytes)
    {
        QFile f(path(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    QByteArray read(const QString& p)
    {
        QFile f(p);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_portrait = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        QString why;
        m_speech = test::makeSpeech(m_dir.path(), QStringLiteral("speech.wav"), QStringLiteral("Hello there."), &why);
        QVERIFY2(!m_speech.isEmpty(), qPrintable(why));

        // The hostile files.
        QDir(m_dir.path()).mkdir(QStringLiteral("a_folder.png"));
        write(QStringLiteral("zero.png"), {});
        write(QStringLiteral("zero.mp3"), {});
        write(QStringLiteral("text.png"), "hello, I am text\n");
        const QByteArray png = read(m_portrait);
        write(QStringLiteral("trunc.png"), png.left(png.size() / 3));
        const QString jpg = path(QStringLiteral("full.jpg"));
        QCOMPARE(test::run(QStringLiteral("convert"), {m_portrait, jpg}).exit_code, 0);
        write(QStringLiteral("trunc.jpg"), read(jpg).left(int(QFileInfo(jpg).size() / 2)));
        QByteArray bomb = png;
        const quint32 big = qToBigEndian<quint32>(30000);
        bomb.replace(16, 4, reinterpret_cast<const char*>(&big), 4);
        bomb.replace(20, 4, reinterpret_cast<const char*>(&big), 4);
        write(QStringLiteral("bomb.png"), bomb);
        QCOMPARE(test::run(QStringLiteral("ffmpeg"), {"-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i",
                                                      "color=c=red:s=64x64:r=10:d=1", "-c:v", "libx264",
                                                      path(QStringLiteral("noaudio.mp4"))})
                     .exit_code,
                 0);
        QByteArray noise(64 * 1024, 0);
        QRandomGenerator rng(1);
        for (auto& c : noise)
            c = char(rng.bounded(256));
        write(QStringLiteral("corrupt.mp3"), noise);
        QCOMPARE(test::run(QStringLiteral("sox"), {"-n", "-r", "16000", "-c", "1", path(QStringLiteral("silence0.wav")),
                                                   "trim", "0", "0"})
                     .exit_code,
                 0);
    }

    void cases_data()
    {
        QTest::addColumn<QString>("portrait");
        QTest::addColumn<QString>("audio");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("named");  // the file the message must name
        QTest::addColumn<QString>("needle"); // what it must say
        const QString P = QStringLiteral("@portrait"), A = QStringLiteral("@speech");
        QTest::newRow("missing portrait") << "nope.jpg" << A << 3 << "nope.jpg" << "does not exist";
        QTest::newRow("missing audio") << P << "nope.wav" << 3 << "nope.wav" << "does not exist";
        QTest::newRow("folder as portrait") << "a_folder.png" << A << 3 << "a_folder.png" << "folder";
        QTest::newRow("zero-byte portrait") << "zero.png" << A << 3 << "zero.png" << "empty";
        QTest::newRow("zero-byte audio") << P << "zero.mp3" << 3 << "zero.mp3" << "empty";
        QTest::newRow("text named .png") << "text.png" << A << 3 << "text.png" << "not an image format";
        QTest::newRow("truncated png") << "trunc.png" << A << 3 << "trunc.png" << "truncated";
        QTest::newRow("truncated jpeg") << "trunc.jpg" << A << 3 << "trunc.jpg" << "truncated";
        QTest::newRow("30000x30000 png header") << "bomb.png" << A << 3 << "bomb.png" << "MP allowed";
        QTest::newRow("audio with no stream") << P << "noaudio.mp4" << 3 << "noaudio.mp4" << "no audio track";
        QTest::newRow("corrupt mp3") << P << "corrupt.mp3" << 3 << "corrupt.mp3" << "";
        QTest::newRow("0 ms of silence") << P << "silence0.wav" << 3 << "silence0.wav" << "no sound";
        QTest::newRow("image given as audio") << P << "@portraitAsAudio" << 3 << "astronaut.png" << "not an audio format";
    }

    void cases()
    {
        QFETCH(QString, portrait);
        QFETCH(QString, audio);
        QFETCH(int, code);
        QFETCH(QString, named);
        QFETCH(QString, needle);
        auto resolve = [&](const QString& s) {
            if (s == QStringLiteral("@portrait") || s == QStringLiteral("@portraitAsAudio"))
                return m_portrait;
            if (s == QStringLiteral("@speech"))
                return m_speech;
            return path(s);
        };
        const QString out = path(QStringLiteral("out.mp4"));
        const auto r = test::run(test::cliPath(), {QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("-p"), resolve(portrait),
                                                   QStringLiteral("-a"), resolve(audio), QStringLiteral("-o"), out});
        QVERIFY(!r.crashed && !r.timed_out);
        QVERIFY2(r.exit_code == code, qPrintable(QStringLiteral("exit %1: %2").arg(r.exit_code).arg(QString::fromUtf8(r.err))));
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains(QLatin1Char('\n')), qPrintable("more than one line: " + err));
        QVERIFY2(err.startsWith(QStringLiteral("emote: error: ")), qPrintable(err));
        QVERIFY2(err.contains(named), qPrintable(err));
        QVERIFY2(err.contains(needle), qPrintable(err));
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
    }

    void eightChannel192kWorks()
    {
        QString why;
        const QString f = test::makeTone(m_dir.path(), QStringLiteral("c8.wav"), 1.5, 192000, 8, &why);
        QVERIFY2(!f.isEmpty(), qPrintable(why));
        const QString out = path(QStringLiteral("c8.mp4"));
        const auto r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", f, "-o", out, "-q"});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(QFile::exists(out));
    }

    void outputProblems()
    {
        // Existing target: refused, untouched; replaced with --overwrite.
        const QString out = path(QStringLiteral("exists.mp4"));
        write(QStringLiteral("exists.mp4"), "keep me");
        auto r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", m_speech, "-o", out});
        QCOMPARE(r.exit_code, 4);
        QVERIFY(r.err.contains("already exists") && r.err.contains("--overwrite"));
        QCOMPARE(read(out), QByteArray("keep me"));
        r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", m_speech, "-o", out, "--overwrite", "-q"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY(read(out).size() > 1000);
        // Folder that does not exist / is not writable.
        r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", m_speech, "-o", path("no/such/dir/o.mp4")});
        QCOMPARE(r.exit_code, 4);
        QVERIFY(r.err.contains("does not exist"));
        if (::geteuid() != 0) {
            const QString ro = path(QStringLiteral("ro"));
            QDir().mkpath(ro);
            QFile::setPermissions(ro, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
            r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", m_speech, "-o", ro + "/o.mp4"});
            QCOMPARE(r.exit_code, 4);
            QVERIFY(r.err.contains("not writable"));
        } else {
            // As root permission bits do not bind; a read-only bind is not available either. A file in the way
            // of the folder gives the same class of error.
            write(QStringLiteral("blocker"), "x");
            r = test::run(test::cliPath(), {"generate", "--engine", "still", "-p", m_portrait, "-a", m_speech, "-o", path("blocker/o.mp4")});
            QCOMPARE(r.exit_code, 4);
        }
        QVERIFY(r.err.count('\n') == 1);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("needle");
        QTest::newRow("no output") << QStringList{"generate", "--engine", "still", "-p", "x.png", "-a", "y.wav"} << "missing -o";
        QTest::newRow("unknown option") << QStringList{"generate", "--frobnicate"} << "unknown option";
        QTest::newRow("bad fps") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--fps", "abc"} << "whole number";
        QTest::newRow("fps out of range") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--fps", "500"} << "out of range";
        QTest::newRow("bad aspect") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--aspect", "wide"} << "aspect";
        QTest::newRow("unknown engine") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--engine", "magic"} << "unknown engine";
        QTest::newRow("unknown dtype") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--dtype", "float8"} << "dtype 'float8' is unknown";
        QTest::newRow("unknown device") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--device", "tpu"} << "device 'tpu' is unknown";
        QTest::newRow("motion frames over clip") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--frames-per-clip", "4", "--motion-frames", "6"} << "cannot exceed frames per clip";
        QTest::newRow("frames per clip out of range") << QStringList{"generate", "--engine", "still", "-p", "@p", "-a", "@a", "-o", "@o", "--frames-per-clip", "-3"} << "out of range";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, needle);
        for (auto& a : args) {
            if (a == QStringLiteral("@p"))
                a = m_portrait;
            else if (a == QStringLiteral("@a"))
                a = m_speech;
            else if (a == QStringLiteral("@o"))
                a = path(QStringLiteral("usage.mp4"));
        }
        const auto r = test::run(test::cliPath(), args);
        QCOMPARE(r.exit_code, 2);
        QVERIFY2(r.err.contains(needle.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("usage.mp4"))));
    }
};

QTEST_GUILESS_MAIN(TestCliBadInput)
#include "test_cli_bad_input.moc"
