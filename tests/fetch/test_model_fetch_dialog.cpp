// The app's "Get the Hallo model…" (offscreen), against the local HTTP server and a fake release
// ($EMOTE_FETCH_MANIFEST): the button sits beside the model picker of the Diffusion settings; the dialog shows
// the files, the size and the free space before anything is downloaded (no request until Download); a failure
// is said in the app's words (no command-line flags) and Try Again resumes; Cancel stops and keeps what arrived;
// success picks the new package in the settings.
#include "test_support.h"

#include "fake_release.h"
#include "http_test_server.h"

#include "ui/model_fetch_dialog.h"
#include "ui/settings_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace emote;
using Fault = test::HttpTestServer::Fault;

class TestModelFetchDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    test::HttpTestServer m_server;
    test::FakeRelease m_release = test::makeFakeRelease(21, 512);

    QString net() const { return test::FakeRelease::urlPath(m_release.file(QStringLiteral("hallo/net.pth"))); }
    static QPushButton* button(QWidget* d, const char* name) { return d->findChild<QPushButton*>(QLatin1String(name)); }
    // For the README: EMOTE_SCREENSHOT_DIR=docs saves the dialog as it looks here.
    static void screenshot(QWidget* w, const char* name)
    {
        const QString dir = qEnvironmentVariable("EMOTE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        w->show();
        QTest::qWait(100);
        w->grab().save(QDir(dir).filePath(QLatin1String(name)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const auto& f : m_release.files)
            m_server.setFile(test::FakeRelease::urlPath(f), f.bytes);
        const QString manifest = m_dir.filePath(QStringLiteral("release.json"));
        QFile f(manifest);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(m_release.manifest(m_server.baseUrl())).toJson());
        f.close();
        qputenv("EMOTE_FETCH_MANIFEST", manifest.toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_model_fetch_dialog"));
    }

    void showsThePlanBeforeDownloading()
    {
        ui::ModelFetchDialog d;
        QCOMPARE(d.packagePath(), m_dir.filePath(QStringLiteral("data/Emote/Emote Studio/models/fake-hallo")));
        QVERIFY2(d.planText().contains(QStringLiteral("5 files")) && d.planText().contains(QStringLiteral("free")),
                 qPrintable(d.planText()));
        QVERIFY(button(&d, "fetchStart")->isEnabled());
        QVERIFY(m_server.requests().isEmpty()); // nothing until Download
        qInfo("plan: %s", qPrintable(d.planText()));
        if (qEnvironmentVariableIsSet("EMOTE_SCREENSHOT_DIR")) {
            // The README's picture: the real release's plan (its pins only; nothing is downloaded), in a user's
            // default folder.
            const QByteArray manifest = qgetenv("EMOTE_FETCH_MANIFEST"), data = qgetenv("XDG_DATA_HOME");
            qunsetenv("EMOTE_FETCH_MANIFEST");
            qputenv("XDG_DATA_HOME", "/home/you/.local/share");
            ui::ModelFetchDialog real;
            screenshot(&real, "screenshot-get-hallo-model.png");
            qputenv("EMOTE_FETCH_MANIFEST", manifest);
            qputenv("XDG_DATA_HOME", data);
        }

        // A folder that exists but is no package cannot be chosen.
        d.setPackagePath(m_dir.path());
        QVERIFY(!button(&d, "fetchStart")->isEnabled());
        QVERIFY2(d.planText().contains(QStringLiteral("not a model package")), qPrintable(d.planText()));
    }

    void failureInTheAppsWordsThenTryAgainThenCancel()
    {
        ui::ModelFetchDialog d;
        d.setPackagePath(m_dir.filePath(QStringLiteral("fail/hallo")));
        m_server.setRule(net(), {.fault = Fault::NotFound, .times = 1});
        d.start();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 30000);
        QCOMPARE(d.result(), int(QDialog::Rejected));
        QVERIFY2(d.statusText().contains(QStringLiteral("hallo/net.pth")) && d.statusText().contains(QStringLiteral("404")) &&
                     !d.statusText().contains(QStringLiteral("--")),
                 qPrintable(d.statusText()));
        QVERIFY(!QFileInfo::exists(d.packagePath()));
        qInfo("failure: %s", qPrintable(d.statusText()));

        // Try Again on a slow server, then Cancel: stopped, what arrived is kept, Resume offered.
        m_server.setRule(net(), {.fault = Fault::Slow, .bytes = 16 * 1024, .delay_ms = 30});
        d.start();
        QVERIFY(d.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(d.statusText().contains(QStringLiteral("Downloading hallo/net.pth")), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!d.statusText().contains(QStringLiteral(": 0 bytes")), 20000);
        screenshot(&d, "screenshot-get-hallo-model-progress.png");
        button(&d, "fetchClose")->click(); // "Cancel" while running
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 20000);
        QVERIFY2(d.statusText().contains(QStringLiteral("kept")), qPrintable(d.statusText()));
        qInfo("cancelled: %s", qPrintable(d.statusText()));
        QCOMPARE(button(&d, "fetchStart")->text().remove(QLatin1Char('&')), QStringLiteral("Resume"));
        QVERIFY(!QFileInfo::exists(d.packagePath()));
        QVERIFY(QFileInfo(d.packagePath() + QStringLiteral(".download/hallo/net.pth.part")).size() > 0);
        m_server.clearRules();
    }

    void successPicksTheNewPackage()
    {
        ui::SettingsPanel panel;
        auto* engine = panel.findChild<QComboBox*>(QStringLiteral("engine"));
        engine->setCurrentIndex(engine->findData(QStringLiteral("diffusion")));
        panel.show();
        auto* get = panel.findChild<QToolButton*>(QStringLiteral("getHalloModel"));
        QVERIFY(get);
        QVERIFY(get->isVisible()); // beside the model picker, with the Diffusion engine
        get->click();
        auto* d = panel.findChild<ui::ModelFetchDialog*>(QStringLiteral("modelFetchDialog"));
        QVERIFY(d);
        QTRY_VERIFY(d->isVisible());
        const QString package = d->packagePath();
        m_server.clearRequests();
        button(d, "fetchStart")->click();
        QTRY_VERIFY_WITH_TIMEOUT(panel.settings().model_path == package.toStdString(), 60000);
        QVERIFY2(panel.modelProblem().isEmpty(), qPrintable(panel.modelProblem()));
        QVERIFY(QFileInfo::exists(package + QStringLiteral("/manifest.json")));
        QVERIFY(!QFileInfo::exists(package + QStringLiteral(".download")));
        QCOMPARE(m_server.requests().size(), 5);
    }
};

QTEST_MAIN(TestModelFetchDialog)
#include "test_model_fetch_dialog.moc"
