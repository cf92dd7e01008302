// Every file of the hostile-input corpus (hostile_corpus.cpp) through the emote CLI. Each run must end, within
// its time box, with its documented exit code and no signal; a refusal is exactly one line on stderr that names
// the file, with nothing at the target path (no .partial either); an odd-but-valid file produces its output.
#include "hostile_corpus.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace emote;

namespace {

struct Outcome {
    int exit_code = -1;
    bool crashed = false;
    bool timed_out = false;
    QByteArray err;
    qint64 elapsed_ms = 0;
};

// Generous: the slowest cases (face models, 8-channel 192 kHz audio) take a few seconds, more under sanitizers.
int timeBoxMs() { return qEnvironmentVariableIntValue("EMOTE_CORPUS_TIMEBOX_S") > 0 ? qEnvironmentVariableIntValue("EMOTE_CORPUS_TIMEBOX_S") * 1000 : 120000; }

QStringList resolve(const test::HostileCase& c)
{
    QStringList a = c.args;
    for (auto& s : a)
        s.replace(QStringLiteral("{OUT}"), c.target);
    return a;
}

} // namespace

class TestHostileCorpus : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QList<test::HostileCase> m_cases;
    QHash<QString, Outcome> m_outcomes;

    // Runs every case, JOBS at a time (the CLI is mostly single-threaded on these inputs).
    void runAll()
    {
        const int jobs = qMax(1, qEnvironmentVariableIntValue("EMOTE_CORPUS_JOBS") > 0 ? qEnvironmentVariableIntValue("EMOTE_CORPUS_JOBS") : 2);
        struct Running {
            int index;
            std::unique_ptr<QProcess> proc;
            QElapsedTimer timer;
        };
        std::vector<Running> running;
        int next = 0;
        while (next < m_cases.size() || !running.empty()) {
            while (next < m_cases.size() && int(running.size()) < jobs) {
                const auto& c = m_cases[next];
                Running r{next++, std::make_unique<QProcess>(), {}};
                QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
                for (const QString& kv : c.env)
                    env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
                r.proc->setProcessEnvironment(env);
                r.proc->setStandardInputFile(QProcess::nullDevice());
                r.proc->setStandardOutputFile(QProcess::nullDevice());
                r.proc->start(test::cliPath(), resolve(c));
                r.timer.start();
                running.push_back(std::move(r));
            }
            for (auto it = running.begin(); it != running.end();) {
                QProcess& p = *it->proc;
                const bool done = p.state() == QProcess::NotRunning || p.waitForFinished(20);
                const bool late = !done && it->timer.elapsed() > timeBoxMs();
                if (!done && !late) {
                    ++it;
                    continue;
                }
                Outcome o;
                if (late) {
                    o.timed_out = true;
                    p.kill();
                    p.waitForFinished(10000);
                }
                o.crashed = p.exitStatus() == QProcess::CrashExit && !late;
                o.exit_code = p.exitCode();
                o.err = p.readAllStandardError();
                if (p.error() == QProcess::FailedToStart)
                    o.err = "could not start " + test::cliPath().toUtf8();
                o.elapsed_ms = it->timer.elapsed();
                m_outcomes.insert(m_cases[it->index].name, o);
                it = running.erase(it);
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::CorpusContext ctx;
        ctx.dir = QDir(m_dir.path());
        ctx.portrait = test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png");
        ctx.audio = test::sourceDir() + QStringLiteral("/resources/samples/speech.wav");
        ctx.models_dir = test::modelsDir();
        try {
            m_cases = test::makeHostileCorpus(ctx);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QSet<QString> names, files;
        QHash<QString, int> per_category;
        for (const auto& c : m_cases) {
            QVERIFY2(!names.contains(c.name), qPrintable("duplicate case name " + c.name));
            names.insert(c.name);
            per_category[c.name.section(QLatin1Char('/'), 0, 0)]++;
        }
        // The corpus size counts distinct hostile inputs (files, folders, links, fifos); probe rows reuse some.
        for (const auto& c : m_cases)
            files.insert(c.input);
        QStringList summary;
        for (auto it = per_category.cbegin(); it != per_category.cend(); ++it)
            summary << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
        qInfo("hostile corpus: %lld cases over %lld files (%s)", qlonglong(m_cases.size()), qlonglong(files.size()),
              qPrintable(summary.join(QStringLiteral(", "))));
        if (!qEnvironmentVariableIsSet("EMOTE_CORPUS_CATEGORIES"))
            QVERIFY2(files.size() >= 200, "the corpus must hold at least 200 hostile files");
        QElapsedTimer t;
        t.start();
        runAll();
        qInfo("ran %lld cases in %.0f s", qlonglong(m_cases.size()), t.elapsed() / 1000.0);
    }

    void cases_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < m_cases.size(); ++i)
            QTest::newRow(qPrintable(m_cases[i].name)) << i;
    }

    void cases()
    {
        QFETCH(int, index);
        const test::HostileCase& c = m_cases[index];
        QVERIFY(m_outcomes.contains(c.name));
        const Outcome& o = m_outcomes[c.name];
        const QString err = QString::fromUtf8(o.err).trimmed();
        const QString what = QStringLiteral("exit %1 after %2 ms: %3").arg(o.exit_code).arg(o.elapsed_ms).arg(err);
        QVERIFY2(!o.timed_out, qPrintable("hung (killed after the time box); " + what));
        QVERIFY2(!o.crashed, qPrintable("crashed (signal); " + what));
        QVERIFY2(c.codes.contains(o.exit_code),
                 qPrintable(QStringLiteral("expected exit %1; ").arg(c.codes.first()) + what));
        if (o.exit_code == 0) {
            if (!c.target.isEmpty())
                QVERIFY2(QFileInfo::exists(c.target), qPrintable("exit 0 but nothing written; " + what));
            QVERIFY2(!err.contains(QLatin1String("error")), qPrintable(what));
        } else {
            QVERIFY2(!err.isEmpty() && !err.contains(QLatin1Char('\n')), qPrintable("not exactly one line; " + what));
            QVERIFY2(err.startsWith(QLatin1String("emote: error: ")), qPrintable(what));
            QVERIFY2(err.contains(c.named), qPrintable("does not name " + c.named + "; " + what));
            if (!c.target.isEmpty()) {
                QVERIFY2(!QFileInfo::exists(c.target), qPrintable("the target exists after a failure; " + what));
                QVERIFY2(!QFileInfo::exists(c.target + QStringLiteral(".partial")), qPrintable("partial left; " + what));
            }
        }
        if (!c.target.isEmpty())
            QVERIFY(!QFileInfo::exists(c.target + QStringLiteral(".partial")));
    }
};

QTEST_GUILESS_MAIN(TestHostileCorpus)
#include "test_hostile_corpus.moc"
