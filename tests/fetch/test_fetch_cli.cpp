// `emote fetch hallo` end to end against a local HTTP server serving a fake release (its pins passed with
// --manifest): it asks before downloading (and uses no network without --yes), prints the plan and JSON
// progress, makes a verified package in the app's models folder by default, and each failure — 404, wrong hash,
// redirect loop, existing package, a full disk (a file-size limit), SIGINT — is one clear message with the
// right exit code and no package; a dropped connection is resumed, and so is the next run after a failure.
#include "test_support.h"

#include "fake_release.h"
#include "http_test_server.h"

#include "core/diffusion/model_package.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>

#include <filesystem>
#include <functional>

using namespace emote;
namespace fs = std::filesystem;
using Fault = test::HttpTestServer::Fault;

namespace {

struct Run {
    int code = -1;
    QByteArray out, err;
    QList<QJsonObject> events; // stderr's JSON lines
};

} // namespace

class TestFetchCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    test::HttpTestServer m_server;
    test::FakeRelease m_release = test::makeFakeRelease(11);
    QString m_manifest;
    int m_case = 0;

    QString fresh() { return m_dir.filePath(QStringLiteral("case%1").arg(++m_case)); }
    QString urlOf(const QString& path) const { return test::FakeRelease::urlPath(m_release.file(path)); }

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        e.insert(QStringLiteral("EMOTE_RUNTIME_DIR"), m_dir.filePath(QStringLiteral("runtime")));
        e.insert(QStringLiteral("no_proxy"), QStringLiteral("127.0.0.1,localhost"));
        return e;
    }

    // emote ARGS (through bash -c PRELUDE when given), stdin closed; DURING runs while it is running.
    Run emote(const QStringList& args, const QString& prelude = {},
              const std::function<void(QProcess&, QByteArray&)>& during = {})
    {
        QProcess p;
        p.setProcessEnvironment(env());
        if (prelude.isEmpty()) {
            p.start(test::cliPath(), args);
        } else {
            QStringList quoted;
            for (const QString& a : args)
                quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
            p.start(QStringLiteral("bash"), {QStringLiteral("-c"), prelude + QStringLiteral("; exec '") + test::cliPath() +
                                                                       QStringLiteral("' ") + quoted.join(QLatin1Char(' '))});
        }
        Run r;
        if (!p.waitForStarted(30000))
            return r;
        p.closeWriteChannel();
        if (during)
            during(p, r.err);
        if (!p.waitForFinished(120000))
            p.kill();
        r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err += p.readAllStandardError();
        for (const QByteArray& line : r.err.split('\n'))
            if (line.startsWith('{'))
                r.events << QJsonDocument::fromJson(line).object();
        return r;
    }

    QStringList fetchArgs(const QString& package, bool yes = true) const
    {
        QStringList a{QStringLiteral("fetch"), QStringLiteral("hallo"), QStringLiteral("--manifest"), m_manifest};
        if (!package.isEmpty())
            a << QStringLiteral("-o") << package;
        if (yes)
            a << QStringLiteral("--yes");
        return a;
    }

    static int errorLines(const Run& r) { return int(r.err.count("emote: error:")); }

    void verifyPackage(const QString& package)
    {
        const fs::path p = package.toStdString();
        diffusion::verifyPackage(p, diffusion::readManifest(p));
        QVERIFY(!fs::exists(p.string() + ".download"));
        QVERIFY(!fs::exists(p.string() + ".partial"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(!test::cliPath().isEmpty(), "EMOTE_CLI is not set");
        for (const auto& f : m_release.files)
            m_server.setFile(test::FakeRelease::urlPath(f), f.bytes);
        m_manifest = m_dir.filePath(QStringLiteral("release.json"));
        QFile f(m_manifest);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(m_release.manifest(m_server.baseUrl())).toJson());
    }

    void init()
    {
        m_server.clearRules();
        m_server.clearRequests();
    }

    void asksFirstAndUsesNoNetworkWithoutYes()
    {
        const QString package = fresh();
        const Run r = emote(fetchArgs(package, false));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("add --yes") && r.err.contains("Fake Hallo release") && r.err.contains("5 files"),
                 r.err.constData());
        QVERIFY(m_server.requests().isEmpty());
        QVERIFY(!QFileInfo::exists(package) && !QFileInfo::exists(package + QStringLiteral(".download")));
    }

    void fetchesWithJsonProgress()
    {
        const QString package = fresh();
        QStringList args = fetchArgs(package);
        args << QStringLiteral("--json");
        const Run r = emote(args);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.events.size() >= 4);
        const QJsonObject plan = r.events.front();
        QCOMPARE(plan.value("stage").toString(), QStringLiteral("plan"));
        QCOMPARE(qint64(plan.value("download_bytes").toDouble()), qint64(m_release.downloadBytes()));
        QCOMPARE(plan.value("files").toInt(), 5);
        double last = 0;
        QStringList stages;
        for (const QJsonObject& e : r.events) {
            const QString stage = e.value("stage").toString();
            if (stages.isEmpty() || stages.last() != stage)
                stages << stage;
            if (stage == QLatin1String("download")) {
                QVERIFY(e.value("bytes").toDouble() >= last);
                last = e.value("bytes").toDouble();
            }
        }
        QCOMPARE(stages, (QStringList{"plan", "download", "import", "done"}));
        QCOMPARE(qint64(last), qint64(m_release.downloadBytes()));
        QCOMPARE(r.events.back().value("package").toString(), package);
        QCOMPARE(r.out, package.toUtf8() + "\n");
        verifyPackage(package);
    }

    void defaultFolderIsTheAppsModelsFolder()
    {
        const Run r = emote(fetchArgs(QString()));
        QVERIFY2(r.code == 0, r.err.constData());
        const QString package = m_dir.filePath(QStringLiteral("data/Emote/Emote Studio/models/fake-hallo"));
        QCOMPARE(r.out.trimmed(), package.toUtf8());
        verifyPackage(package);
    }

    void eachFailureIsOneClearMessage()
    {
        struct Case {
            const char* name;
            std::function<void()> arrange;
            int code;
            QList<QByteArray> words;
        };
        const QString net = urlOf(QStringLiteral("hallo/net.pth"));
        const QString vae = urlOf(QStringLiteral("sd-vae-ft-mse/diffusion_pytorch_model.safetensors"));
        const Case cases[] = {
            {"404", [&] { m_server.setRule(net, {.fault = Fault::NotFound}); }, 3, {"hallo/net.pth", "HTTP 404"}},
            {"wrong hash",
             [&] {
                 QByteArray altered = m_release.file(QStringLiteral("sd-vae-ft-mse/diffusion_pytorch_model.safetensors")).bytes;
                 altered[altered.size() - 1] = char(altered[altered.size() - 1] ^ 1);
                 m_server.setFile(QStringLiteral("/altered"), altered);
                 m_server.setRule(vae, {.fault = Fault::Redirect, .target = QStringLiteral("/altered")});
             },
             3, {"diffusion_pytorch_model.safetensors", "SHA-256", "not the pinned"}},
            {"redirect loop",
             [&] {
                 m_server.setRule(net, {.fault = Fault::Redirect, .target = QStringLiteral("/loop")});
                 m_server.setRule(QStringLiteral("/loop"), {.fault = Fault::Redirect, .target = net});
             },
             3, {"hallo/net.pth", "circle"}},
        };
        for (const Case& c : cases) {
            init();
            c.arrange();
            const QString package = fresh();
            const Run r = emote(fetchArgs(package));
            QVERIFY2(r.code == c.code, qPrintable(QStringLiteral("%1: exit %2\n%3").arg(c.name).arg(r.code).arg(QString::fromUtf8(r.err))));
            QVERIFY2(errorLines(r) == 1, r.err.constData());
            for (const QByteArray& w : c.words)
                QVERIFY2(r.err.contains(w), qPrintable(QStringLiteral("%1: no '%2' in\n%3").arg(c.name, QString::fromUtf8(w), QString::fromUtf8(r.err))));
            QVERIFY(!QFileInfo::exists(package));
            QVERIFY(!QFileInfo::exists(package + QStringLiteral(".partial")));
        }
        m_server.setFile(QStringLiteral("/altered"), {});

        // An existing package is never replaced without --overwrite, and nothing is downloaded for it.
        init();
        const QString existing = fresh();
        QDir().mkpath(existing);
        const Run r = emote(fetchArgs(existing));
        QCOMPARE(r.code, 4);
        QVERIFY2(r.err.contains("already exists") && r.err.contains("--overwrite"), r.err.constData());
        QVERIFY(m_server.requests().isEmpty());
    }

    void resumesADroppedConnection()
    {
        m_server.setRule(urlOf(QStringLiteral("hallo/net.pth")), {.fault = Fault::DropAfter, .times = 1, .bytes = 70000});
        const QString package = fresh();
        const Run r = emote(fetchArgs(package));
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(!m_server.requests().filter(QStringLiteral("bytes=70000-")).isEmpty(),
                 qPrintable(m_server.requests().join(QLatin1Char('\n'))));
        verifyPackage(package);
    }

    void fullDiskStopsCleanlyAndTheNextRunResumes()
    {
        // A 100 KiB file-size limit makes every write past it fail as on a full disk (SIGXFSZ ignored).
        const QString package = fresh();
        const Run full = emote(fetchArgs(package), QStringLiteral("trap '' XFSZ; ulimit -f 100"));
        QVERIFY2(full.code == 4, full.err.constData());
        QVERIFY2(errorLines(full) == 1 && full.err.contains("disk full?") && full.err.contains("resumes"),
                 full.err.constData());
        QVERIFY(!QFileInfo::exists(package) && !QFileInfo::exists(package + QStringLiteral(".partial")));
        const QFileInfo part(package + QStringLiteral(".download/hallo/net.pth.part"));
        QVERIFY(part.exists() && part.size() > 0 && part.size() <= 100 * 1024);

        m_server.clearRequests();
        const Run again = emote(fetchArgs(package));
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(m_server.requests().front(),
                 QStringLiteral("GET %1 bytes=%2-").arg(urlOf(QStringLiteral("hallo/net.pth"))).arg(part.size()));
        verifyPackage(package);
    }

    void interruptKeepsTheDownloadForTheNextRun()
    {
        m_server.setRule(urlOf(QStringLiteral("hallo/net.pth")), {.fault = Fault::Slow, .bytes = 8 * 1024, .delay_ms = 40});
        const QString package = fresh();
        QStringList args = fetchArgs(package);
        args << QStringLiteral("--json");
        const Run r = emote(args, {}, [](QProcess& p, QByteArray& err) {
            // SIGINT once some of net.pth has arrived.
            for (int i = 0; i < 200 && p.state() == QProcess::Running; ++i) {
                p.waitForReadyRead(100);
                err += p.readAllStandardError();
                for (const QByteArray& line : err.split('\n')) {
                    const QJsonObject e = QJsonDocument::fromJson(line).object();
                    if (e.value("stage").toString() == QLatin1String("download") && e.value("bytes").toDouble() > 0) {
                        ::kill(pid_t(p.processId()), SIGINT);
                        return;
                    }
                }
            }
        });
        QVERIFY2(r.code == 5, r.err.constData());
        QVERIFY2(r.err.contains("kept in") && r.err.contains("cancelled"), r.err.constData());
        QVERIFY(!QFileInfo::exists(package));
        const QFileInfo part(package + QStringLiteral(".download/hallo/net.pth.part"));
        QVERIFY(part.exists() && part.size() > 0);

        init();
        const Run again = emote(fetchArgs(package));
        QVERIFY2(again.code == 0, again.err.constData());
        QVERIFY(m_server.requests().front().endsWith(QStringLiteral(" bytes=%1-").arg(part.size())));
        verifyPackage(package);
    }
};

QTEST_GUILESS_MAIN(TestFetchCli)
#include "test_fetch_cli.moc"
