// `emote project new|check` and `emote generate --project` through the real binary: the project's inputs and
// settings drive the video, flags override them, and missing inputs or broken files fail with exit code 3 and
// a message naming the file.
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace emote;

namespace {

QJsonObject videoStream(const QJsonObject& probe)
{
    for (const auto& s : probe.value(QStringLiteral("streams")).toArray())
        if (s.toObject().value(QStringLiteral("codec_type")).toString() == QLatin1String("video"))
            return s.toObject();
    return {};
}

} // namespace

class TestCliProject : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_portrait;
    QString m_tone;

    QString path(const char* n) const { return m_dir.filePath(QLatin1String(n)); }
    test::ProcResult emote(const QStringList& args) const { return test::run(test::cliPath(), args); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(test::cliPath()));
        QVERIFY(QFile::copy(test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png"),
                            path("astronaut.png")));
        m_portrait = path("astronaut.png");
        QString why;
        m_tone = test::makeTone(m_dir.path(), QStringLiteral("tone.wav"), 1.0, 44100, 1, &why);
        QVERIFY2(!m_tone.isEmpty(), qPrintable(why));
    }

    void newCheckGenerate()
    {
        test::ProcResult r = emote({QStringLiteral("project"), QStringLiteral("new"), path("p.emote"),
                                    QStringLiteral("-p"), m_portrait, QStringLiteral("-a"), m_tone,
                                    QStringLiteral("-o"), path("out.mp4"), QStringLiteral("--engine"),
                                    QStringLiteral("still"), QStringLiteral("--size"), QStringLiteral("128"),
                                    QStringLiteral("--fps"), QStringLiteral("10"), QStringLiteral("--seed"),
                                    QStringLiteral("7")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        r = emote({QStringLiteral("project"), QStringLiteral("check"), path("p.emote")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY2(r.out.contains("still engine, 128 px") && r.out.contains("seed 7"), r.out.constData());

        r = emote({QStringLiteral("generate"), QStringLiteral("--project"), path("p.emote"), QStringLiteral("-q")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QJsonObject v = videoStream(test::ffprobe(path("out.mp4")));
        QCOMPARE(v.value(QStringLiteral("height")).toInt(), 128);
        QCOMPARE(v.value(QStringLiteral("r_frame_rate")).toString(), QStringLiteral("10/1"));

        // Flags override the project: another size and output, same inputs.
        r = emote({QStringLiteral("generate"), QStringLiteral("--project"), path("p.emote"), QStringLiteral("--size"),
                   QStringLiteral("64"), QStringLiteral("-o"), path("small.mp4"), QStringLiteral("-q")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        v = videoStream(test::ffprobe(path("small.mp4")));
        QCOMPARE(v.value(QStringLiteral("height")).toInt(), 64);
        QCOMPARE(v.value(QStringLiteral("r_frame_rate")).toString(), QStringLiteral("10/1"));

        // The project's output exists now: generating again without --overwrite refuses (exit 4).
        r = emote({QStringLiteral("generate"), QStringLiteral("--project"), path("p.emote"), QStringLiteral("-q")});
        QCOMPARE(r.exit_code, 4);
    }

    void missingInputAndOverride()
    {
        QVERIFY(QFile::copy(m_tone, path("moving.wav")));
        test::ProcResult r = emote({QStringLiteral("project"), QStringLiteral("new"), path("m.emote"),
                                    QStringLiteral("-p"), m_portrait, QStringLiteral("-a"), path("moving.wav"),
                                    QStringLiteral("-o"), path("m.mp4"), QStringLiteral("--engine"),
                                    QStringLiteral("still"), QStringLiteral("--size"), QStringLiteral("64")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(QFile::remove(path("moving.wav")));
        r = emote({QStringLiteral("project"), QStringLiteral("check"), path("m.emote")});
        QCOMPARE(r.exit_code, 3);
        QVERIFY2(r.out.contains("moving.wav") && r.out.contains("missing"), r.out.constData());
        r = emote({QStringLiteral("generate"), QStringLiteral("--project"), path("m.emote")});
        QCOMPARE(r.exit_code, 3);
        QVERIFY2(r.err.contains("m.emote") && r.err.contains("moving.wav") && r.err.contains("--audio"),
                 r.err.constData());
        QVERIFY(!QFile::exists(path("m.mp4")));
        r = emote({QStringLiteral("generate"), QStringLiteral("--project"), path("m.emote"), QStringLiteral("--audio"),
                   m_tone, QStringLiteral("-q")});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        QVERIFY(QFile::exists(path("m.mp4")));
    }

    void brokenProjectNamesField()
    {
        QFile f(path("bad.emote"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"format":"emote-project","version":1,"settings":{"fps":"fast"}})");
        f.close();
        const test::ProcResult r = emote({QStringLiteral("generate"), QStringLiteral("--project"), path("bad.emote")});
        QCOMPARE(r.exit_code, 3);
        QVERIFY2(r.err.contains("bad.emote") && r.err.contains("settings.fps"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliProject)
#include "test_cli_project.moc"
