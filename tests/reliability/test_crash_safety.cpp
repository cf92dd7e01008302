// Crash safety of exports: SIGKILL at seeded random points never leaves a file at the target (an existing target
// is untouched), and the next start removes the killed run's partial file; a running export's partial is left
// alone; SIGTERM/SIGINT cancel (exit 5) without leftovers; a full disk (file-size limit) is one clear message.
#include "test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

using namespace emote;

class TestCrashSafety : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_portrait, m_audio, m_runtime;

    QString path(const QString& n) const { return m_dir.filePath(n); }

    QProcessEnvironment env() const
    {
        auto e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("EMOTE_RUNTIME_DIR"), m_runtime);
        return e;
    }

    QStringList generateArgs(const QString& out) const
    {
        return {QStringLiteral("generate"), QStringLiteral("--engine"), QStringLiteral("still"), QStringLiteral("-p"),
                m_portrait, QStringLiteral("-a"), m_audio, QStringLiteral("-o"), out, QStringLiteral("--size"),
                QStringLiteral("256"), QStringLiteral("--preset"), QStringLiteral("medium"), QStringLiteral("--json")};
    }

    QStringList records() const
    {
        return QDir(m_runtime).entryList({QStringLiteral("*.record*")}, QDir::Files);
    }

    QStringList partials() const
    {
        return QDir(m_dir.path()).entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Dirs);
    }

    // Any emote start (here: probe) cleans up after killed runs.
    void nextStart()
    {
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(test::cliPath(), {QStringLiteral("probe"), m_portrait});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
    }

    static int lastFrame(const QByteArray& err)
    {
        const int at = err.lastIndexOf("\"frame\":");
        return at < 0 ? -1 : err.mid(at + 8, 12).split(',').first().toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_runtime = path(QStringLiteral("run"));
        m_portrait = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        QString why;
        m_audio = test::makeTone(m_dir.path(), QStringLiteral("tone.wav"), 40.0, 16000, 1, &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
    }

    void sigkillAtRandomPoints()
    {
        const quint32 seed = qEnvironmentVariableIsSet("EMOTE_CRASH_SEED") ? quint32(qEnvironmentVariableIntValue("EMOTE_CRASH_SEED")) : 20261125u;
        QRandomGenerator rng(seed);
        const int total_frames = 40 * 25;
        int killed_with_partial = 0;
        for (int run = 0; run < 8; ++run) {
            const QString out = path(QStringLiteral("kill%1.mp4").arg(run));
            const bool existing = run % 2 == 1; // --overwrite over a finished video the user keeps
            if (existing) {
                QFile f(out);
                QVERIFY(f.open(QIODevice::WriteOnly));
                f.write("the user's earlier video");
            }
            QStringList args = generateArgs(out);
            if (existing)
                args << QStringLiteral("--overwrite");
            // Early runs die during start-up (time-based); the others at a random frame of the export.
            const bool early = run < 3;
            const int kill_ms = int(rng.bounded(50, 1500));
            const int kill_frame = int(rng.bounded(1, total_frames - 10));
            QProcess p;
            p.setProcessEnvironment(env());
            p.start(test::cliPath(), args);
            QVERIFY(p.waitForStarted());
            QElapsedTimer t;
            t.start();
            QByteArray err;
            while (p.state() == QProcess::Running) {
                p.waitForReadyRead(20);
                err += p.readAllStandardError();
                if (early ? t.elapsed() >= kill_ms : lastFrame(err) >= kill_frame)
                    break;
                QVERIFY2(t.elapsed() < 300000, "the export did not reach its kill point");
            }
            QVERIFY2(p.state() == QProcess::Running, qPrintable("finished before its kill point: " + QString::fromUtf8(err)));
            ::kill(pid_t(p.processId()), SIGKILL);
            QVERIFY(p.waitForFinished(30000));
            QCOMPARE(p.exitStatus(), QProcess::CrashExit);
            qInfo("run %d: killed %s", run,
                  early ? qPrintable(QStringLiteral("after %1 ms").arg(kill_ms)) : qPrintable(QStringLiteral("at frame %1").arg(lastFrame(err))));
            // The target: untouched when it existed, absent otherwise.
            if (existing) {
                QFile f(out);
                QVERIFY(f.open(QIODevice::ReadOnly));
                QCOMPARE(f.readAll(), QByteArray("the user's earlier video"));
            } else {
                QVERIFY(!QFile::exists(out));
            }
            if (QFile::exists(out + QStringLiteral(".partial"))) {
                ++killed_with_partial;
                QVERIFY2(!records().isEmpty(), "a partial file without its record");
            }
            nextStart();
            QVERIFY2(partials().isEmpty(), qPrintable(partials().join(QLatin1Char(' '))));
            QVERIFY2(records().isEmpty(), qPrintable(records().join(QLatin1Char(' '))));
        }
        // Most kill points are mid-export; the test means nothing if none of them left a partial behind.
        QVERIFY(killed_with_partial >= 4);
    }

    void runningExportIsLeftAlone()
    {
        const QString out = path(QStringLiteral("running.mp4"));
        QProcess p;
        p.setProcessEnvironment(env());
        p.start(test::cliPath(), generateArgs(out));
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QElapsedTimer t;
        t.start();
        while (lastFrame(err) < 5 && t.elapsed() < 120000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(100);
            err += p.readAllStandardError();
        }
        QVERIFY(QFile::exists(out + QStringLiteral(".partial")));
        nextStart();
        QVERIFY(QFile::exists(out + QStringLiteral(".partial")));
        // Two records: the job's staging folder "<out>.partial" and the writer's file inside it.
        QCOMPARE(records().size(), 2);
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 5);
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
        QVERIFY2(records().isEmpty(), "a cancelled export must drop its record");
    }

    void tamperedRecordDeletesNothingElse()
    {
        // A record of a dead writer that names a file not ending in .partial: the file stays.
        QDir().mkpath(m_runtime);
        const QString victim = path(QStringLiteral("victim.mp4"));
        QFile v(victim);
        QVERIFY(v.open(QIODevice::WriteOnly));
        v.write("keep");
        v.close();
        QFile r(m_runtime + QStringLiteral("/999999-1-0.record"));
        QVERIFY(r.open(QIODevice::WriteOnly));
        r.write(victim.toUtf8() + '\n');
        r.close();
        nextStart();
        QVERIFY(QFile::exists(victim));
        QVERIFY(records().isEmpty());
    }

    void diskFull()
    {
        // A 256 KiB file-size limit makes writes fail with EFBIG the way a full disk fails them with ENOSPC.
        const QString out = path(QStringLiteral("full.mp4"));
        QProcess p;
        p.setProcessEnvironment(env());
        QStringList args{QStringLiteral("-c"), QStringLiteral("trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\""), test::cliPath()};
        args += generateArgs(out);
        args.removeAll(QStringLiteral("--json"));
        p.start(QStringLiteral("bash"), args);
        QVERIFY(p.waitForFinished(300000));
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 4, qPrintable(QStringLiteral("exit %1: %2").arg(p.exitCode()).arg(err)));
        QVERIFY2(!err.contains(QLatin1Char('\n')) && err.startsWith(QLatin1String("emote: error: ")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("full.mp4")), qPrintable(err));
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(out + QStringLiteral(".partial")));
        QVERIFY(records().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "test_crash_safety.moc"
