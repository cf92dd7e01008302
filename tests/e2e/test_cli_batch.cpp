// `emote batch` end to end through the binary: a JOBS.jsonl with good and bad lines (each failure reported with
// its line, the rest run), a folder paired by name stem (what is paired and what is skipped), the exit codes,
// SIGINT in the middle of a batch (the running job leaves nothing, later jobs do not start), and the models
// loaded once across the jobs (the first job's "done" line reports models read, the later ones none).
#include "test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace emote;

namespace {

// The JSON lines of a --json run, by job number (0: the batch's own lines).
struct Events {
    QMap<int, QList<QJsonObject>> byJob;
    QList<QJsonObject> all;

    explicit Events(const QByteArray& err)
    {
        for (const QByteArray& line : err.split('\n')) {
            if (!line.startsWith('{'))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            all << o;
            byJob[o.value(QStringLiteral("job")).toInt()] << o;
        }
    }
    // The job's last line of STAGE ("done", "error", "start"); empty when it has none.
    QJsonObject of(int job, const QString& stage) const
    {
        QJsonObject found;
        for (const QJsonObject& o : byJob.value(job))
            if (o.value(QStringLiteral("stage")).toString() == stage)
                found = o;
        return found;
    }
    QJsonObject summary() const { return of(0, QStringLiteral("batch")); }
};

QString stageOf(const QJsonObject& o) { return o.value(QStringLiteral("stage")).toString(); }

} // namespace

class TestCliBatch : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_portrait;
    QString m_tone;  // 0.6 s
    QString m_tone2; // 0.5 s

    QString path(const QString& n) const { return m_dir.filePath(n); }

    void writeFile(const QString& file, const QByteArray& text)
    {
        QDir().mkpath(QFileInfo(file).absolutePath());
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
    }

    static int frames(const QString& video)
    {
        const QJsonObject probe = test::ffprobe(video);
        for (const auto& s : probe.value(QStringLiteral("streams")).toArray())
            if (s.toObject().value(QStringLiteral("codec_type")).toString() == QStringLiteral("video"))
                return s.toObject().value(QStringLiteral("nb_frames")).toString().toInt();
        return -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(test::cliPath()));
        m_portrait = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        QString why;
        m_tone = test::makeTone(m_dir.path(), QStringLiteral("tone.wav"), 0.6, 16000, 1, &why);
        QVERIFY2(!m_tone.isEmpty(), qPrintable(why));
        m_tone2 = test::makeTone(m_dir.path(), QStringLiteral("tone2.wav"), 0.5, 16000, 1, &why);
        QVERIFY2(!m_tone2.isEmpty(), qPrintable(why));
    }

    // Good and bad lines: every bad line is reported with its line number and what is wrong, the good ones run
    // (with paths relative to the JOBS file's folder, generate's option names and the project's setting names),
    // the models load with the first job only, and the exit code says "some failed".
    void jobsFileWithGoodAndBadLines()
    {
        const QString folder = path(QStringLiteral("jobs"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(m_portrait, folder + QStringLiteral("/me.png")));
        QVERIFY(QFile::copy(m_tone, folder + QStringLiteral("/a.wav")));
        QVERIFY(QFile::copy(m_tone2, folder + QStringLiteral("/b.wav")));
        writeFile(folder + QStringLiteral("/jobs.jsonl"),
                  R"({"portrait": "me.png", "audio": "a.wav", "output": "one.mp4"}

{"portrait": "me.png", "audio": "b.wav", "output": "bad-fps.mp4", "fps": "fast"}
this is not json
{"portrait": "me.png", "audio": "missing.wav", "output": "missing.mp4"}
{"portrait": "me.png", "audio": "b.wav", "output": "two.mp4", "fps": 12, "motion_speed": 0.5, "blink": false, "emotion-intensity": 0.9, "seed": 4}
{"portrait": "me.png", "audio": "b.wav", "output": "one.mp4"}
{"portrait": "me.png", "audio": "b.wav", "output": "typo.mp4", "fsp": 10}
{"portrait": "me.png", "audio": "b.wav"}
)");
        // Run from another folder: the paths are the JOBS file's.
        const auto r = test::run(test::cliPath(), {"batch", folder + QStringLiteral("/jobs.jsonl"), "--fps", "10",
                                                   "--size", "128", "--json"});
        QCOMPARE(r.exit_code, 6);
        const Events e(r.err);
        QCOMPARE(e.summary().value(QStringLiteral("jobs")).toInt(), 8);
        QCOMPARE(e.summary().value(QStringLiteral("done")).toInt(), 2);
        QCOMPARE(e.summary().value(QStringLiteral("failed")).toInt(), 6);
        QCOMPARE(e.summary().value(QStringLiteral("exit_code")).toInt(), 6);

        // Job 1 (line 1) and job 5 (line 6) made their videos, at the batch's --fps 10 and the line's own 12.
        const QJsonObject one = e.of(1, QStringLiteral("done")), two = e.of(5, QStringLiteral("done"));
        QVERIFY2(!one.isEmpty() && !two.isEmpty(), r.err.constData());
        QCOMPARE(frames(folder + QStringLiteral("/one.mp4")), 6);
        QCOMPARE(frames(folder + QStringLiteral("/two.mp4")), 6); // 0.5 s at 12 fps
        // The models loaded once: by the first job; the second found them loaded.
        QVERIFY(one.value(QStringLiteral("models_loaded")).toInt() >= 1);
        QCOMPARE(two.value(QStringLiteral("models_loaded")).toInt(), 0);
        QCOMPARE(e.summary().value(QStringLiteral("models_loaded")).toInt(),
                 one.value(QStringLiteral("models_loaded")).toInt());

        // Each failure: its line and what is wrong; nothing written for it.
        const struct {
            int job, line, exit_code;
            const char* says;
        } failures[] = {{2, 3, 2, "field 'fps' needs a whole number, got 'fast'"},
                        {3, 4, 3, "not JSON"},
                        {4, 5, 3, "missing.wav"},
                        {6, 7, 4, "job 1"},
                        {7, 8, 2, "unknown field \"fsp\""},
                        {8, 9, 2, "no \"output\" field"}};
        for (const auto& f : failures) {
            const QJsonObject err = e.of(f.job, QStringLiteral("error"));
            QVERIFY2(!err.isEmpty(), qPrintable(QStringLiteral("job %1 has no error line").arg(f.job)));
            QCOMPARE(err.value(QStringLiteral("line")).toInt(), f.line);
            QCOMPARE(err.value(QStringLiteral("exit_code")).toInt(), f.exit_code);
            QVERIFY2(err.value(QStringLiteral("message")).toString().contains(QString::fromUtf8(f.says)),
                     qPrintable(err.value(QStringLiteral("message")).toString()));
            QVERIFY(e.of(f.job, QStringLiteral("done")).isEmpty());
        }
        for (const char* name : {"bad-fps.mp4", "missing.mp4", "typo.mp4"})
            QVERIFY(!QFile::exists(folder + QLatin1Char('/') + QLatin1String(name)));

        // Run again: the videos exist now, so those jobs fail (nothing replaced) ...
        const auto again = test::run(test::cliPath(), {"batch", folder + QStringLiteral("/jobs.jsonl"), "--json"});
        QCOMPARE(again.exit_code, 7);
        QVERIFY(Events(again.err).of(1, QStringLiteral("error")).value(QStringLiteral("message")).toString().contains(
            QStringLiteral("exists")));
        // ... unless --overwrite; the text output names the failed jobs and their lines.
        const auto over = test::run(test::cliPath(), {"batch", folder + QStringLiteral("/jobs.jsonl"), "--overwrite",
                                                      "--fps", "10", "--size", "128"});
        QCOMPARE(over.exit_code, 6);
        QVERIFY2(over.err.contains("job 2 of 8 ('") && over.err.contains("jobs.jsonl' line 3) failed"), over.err.constData());
        QVERIFY2(over.err.contains("batch: 2 of 8 jobs done, 6 failed (jobs 2, 3, 4, 6, 7, 8)"), over.err.constData());
    }

    // A folder: portraits and audio paired by name stem, the rest listed as skipped with the reason.
    void folderPairsByName()
    {
        const QString in = path(QStringLiteral("folder")), out = path(QStringLiteral("folder-out"));
        QVERIFY(QDir().mkpath(in + QStringLiteral("/inner")));
        for (const char* p : {"anna.png", "bob.png", "carl.png", "eve.png", "eve.jpg"})
            QVERIFY(QFile::copy(m_portrait, in + QLatin1Char('/') + QLatin1String(p)));
        for (const char* a : {"anna.wav", "bob.wav", "dora.wav", "eve.wav"})
            QVERIFY(QFile::copy(m_tone2, in + QLatin1Char('/') + QLatin1String(a)));
        writeFile(in + QStringLiteral("/notes.txt"), "not an input");
        const auto r = test::run(test::cliPath(), {"batch", in, "-o", out, "--fps", "10", "--size", "128", "--json"});
        QCOMPARE(r.exit_code, 0);
        const Events e(r.err);
        QCOMPARE(e.summary().value(QStringLiteral("jobs")).toInt(), 2);
        QCOMPARE(QDir(out).entryList(QDir::Files, QDir::Name), (QStringList{"anna.mp4", "bob.mp4"}));
        QCOMPARE(e.of(1, QStringLiteral("start")).value(QStringLiteral("source")).toString(),
                 QStringLiteral("anna.png + anna.wav"));
        QCOMPARE(e.of(2, QStringLiteral("start")).value(QStringLiteral("source")).toString(),
                 QStringLiteral("bob.png + bob.wav"));
        QCOMPARE(e.of(2, QStringLiteral("done")).value(QStringLiteral("models_loaded")).toInt(), 0);
        QMap<QString, QString> skipped;
        for (const QJsonObject& o : e.byJob.value(0))
            if (stageOf(o) == QStringLiteral("skipped"))
                skipped[QFileInfo(o.value(QStringLiteral("file")).toString()).fileName()] =
                    o.value(QStringLiteral("message")).toString();
        QCOMPARE(skipped.keys(), (QStringList{"carl.png", "dora.wav", "eve.jpg", "eve.png", "eve.wav", "inner", "notes.txt"}));
        QVERIFY(skipped[QStringLiteral("carl.png")].contains(QStringLiteral("no audio named 'carl'")));
        QVERIFY(skipped[QStringLiteral("dora.wav")].contains(QStringLiteral("no portrait named 'dora'")));
        QVERIFY(skipped[QStringLiteral("eve.wav")].contains(QStringLiteral("two portraits named 'eve'")));
        QVERIFY(skipped[QStringLiteral("notes.txt")].contains(QStringLiteral("neither a portrait")));
        QVERIFY(skipped[QStringLiteral("inner")].contains(QStringLiteral("a folder")));
        // The text output says the same to a person.
        const auto text = test::run(test::cliPath(), {"batch", in, "-o", out, "--overwrite", "--fps", "10", "--size", "128"});
        QCOMPARE(text.exit_code, 0);
        QVERIFY2(text.err.contains("paired anna.png + anna.wav -> ") && text.err.contains("skipped carl.png: no audio"),
                 text.err.constData());
    }

    void exitCodes()
    {
        // Bad options of the batch itself, an unreadable jobs file, a file or folder without a job.
        QCOMPARE(test::run(test::cliPath(), {"batch"}).exit_code, 2);
        QCOMPARE(test::run(test::cliPath(), {"batch", path(QStringLiteral("nope.jsonl"))}).exit_code, 3);
        const QString empty = path(QStringLiteral("empty.jsonl"));
        writeFile(empty, "\n  \n");
        QCOMPARE(test::run(test::cliPath(), {"batch", empty}).exit_code, 3);
        const QString lonely = path(QStringLiteral("lonely"));
        QVERIFY(QDir().mkpath(lonely));
        QVERIFY(QFile::copy(m_portrait, lonely + QStringLiteral("/x.png")));
        const auto none = test::run(test::cliPath(), {"batch", lonely});
        QCOMPARE(none.exit_code, 3);
        QVERIFY2(none.err.contains("skipped x.png"), none.err.constData());
        const QString jobs = path(QStringLiteral("codes.jsonl"));
        writeFile(jobs, QStringLiteral(R"({"portrait": "%1", "audio": "%2", "output": "%3"})")
                            .arg(m_portrait, m_tone, path(QStringLiteral("codes.mp4")))
                            .toUtf8());
        QCOMPARE(test::run(test::cliPath(), {"batch", jobs, "--fps", "abc"}).exit_code, 2);
        QCOMPARE(test::run(test::cliPath(), {"batch", jobs, "--engine", "still", "--fps", "10", "--size", "64"}).exit_code, 0);
        QCOMPARE(test::run(test::cliPath(), {"batch", jobs, "--engine", "still"}).exit_code, 7); // the video exists
        QVERIFY(test::run(test::cliPath(), {"help"}).out.contains("6 (some jobs failed) and 7 (every job failed)"));
    }

    // SIGINT while the second of three jobs runs: the first video stays, the second leaves nothing (no video, no
    // staging folder), the third never starts, exit code 5.
    void sigintStopsTheBatchCleanly()
    {
        QString why;
        const QString long_tone = test::makeTone(m_dir.path(), QStringLiteral("long.wav"), 600.0, 16000, 1, &why);
        QVERIFY2(!long_tone.isEmpty(), qPrintable(why));
        const QString jobs = path(QStringLiteral("sigint.jsonl"));
        const QString first = path(QStringLiteral("s1.mp4")), second = path(QStringLiteral("s2.mp4")),
                      third = path(QStringLiteral("s3.mp4"));
        const QString line = QStringLiteral(R"({"portrait": "%1", "audio": "%2", "output": "%3", "engine": "%4"})");
        writeFile(jobs, (line.arg(m_portrait, m_tone, first, QStringLiteral("live")) + QLatin1Char('\n') +
                         line.arg(m_portrait, long_tone, second, QStringLiteral("still")) + QLatin1Char('\n') +
                         line.arg(m_portrait, m_tone, third, QStringLiteral("live")) + QLatin1Char('\n'))
                            .toUtf8());
        QProcess p;
        p.start(test::cliPath(), {"batch", jobs, "--fps", "10", "--size", "256", "--preset", "medium", "--json"});
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QElapsedTimer t;
        t.start();
        while (!err.contains("{\"job\":2,\"stage\":\"generate\"") && t.elapsed() < 120000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(1000);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("{\"job\":2,\"stage\":\"generate\""), err.constData());
        QVERIFY(QFile::exists(second + QStringLiteral(".partial")));
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 5);
        err += p.readAllStandardError();
        const Events e(err);
        QVERIFY(!e.of(1, QStringLiteral("done")).isEmpty());
        QCOMPARE(e.of(2, QStringLiteral("error")).value(QStringLiteral("message")).toString(), QStringLiteral("cancelled"));
        QVERIFY(e.byJob.value(3).isEmpty()); // never started
        QCOMPARE(e.summary().value(QStringLiteral("cancelled")).toInt(), 1);
        QCOMPARE(e.summary().value(QStringLiteral("not_started")).toInt(), 1);
        QVERIFY(QFile::exists(first));
        QVERIFY(!QFile::exists(second));
        QVERIFY(!QFile::exists(second + QStringLiteral(".partial")));
        QVERIFY(!QFile::exists(third));
    }
};

QTEST_GUILESS_MAIN(TestCliBatch)
#include "test_cli_batch.moc"
