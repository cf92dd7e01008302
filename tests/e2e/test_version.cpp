// The version shown comes from one place: `emote version`, the app's --version and About box, and the manifest
// every video carries all report the CMake project version (configured into this test as
// EMOTE_EXPECTED_VERSION, so a version bumped in CMakeLists.txt with a stale string left anywhere fails here).
#include "test_support.h"

#include "core/common/version.h"
#include "core/provenance/provenance_record.h"

#ifdef EMOTE_HAVE_GUI
#include "ui/main_window.h"
#endif

#include <QRegularExpression>
#include <QtTest>

#ifndef EMOTE_EXPECTED_VERSION
#error "EMOTE_EXPECTED_VERSION must be defined by the build (the CMake project version)"
#endif

using namespace emote;

class TestVersion : public QObject {
    Q_OBJECT

    static QString expected() { return QStringLiteral(EMOTE_EXPECTED_VERSION); }

private Q_SLOTS:
    void expectedLooksLikeAVersion()
    {
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+$")).match(expected()).hasMatch(),
                 qPrintable(expected()));
        QCOMPARE(QString::fromLatin1(projectVersion()), expected());
    }

    void cliReportsTheProjectVersion()
    {
        for (const QString& command : {QStringLiteral("version"), QStringLiteral("--version")}) {
            QVERIFY2(!test::cliPath().isEmpty(), "EMOTE_CLI is not set: run this test through ctest");
            const test::ProcResult r = test::run(test::cliPath(), {command}, 120000);
            QCOMPARE(r.exit_code, 0);
            // "emote 0.1.0 (libtorch 1.13.1)"
            const QString first = QString::fromUtf8(r.out).section(QLatin1Char('\n'), 0, 0);
            const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("^emote (\\S+) ")).match(first);
            QVERIFY2(m.hasMatch(), qPrintable(first));
            QCOMPARE(m.captured(1), expected());
        }
    }

    void manifestRecordsTheProjectVersion()
    {
        QCOMPARE(QString::fromStdString(provenance::ProvenanceInfo::toolVersion()), expected());
        QCOMPARE(QString::fromStdString(provenance::ProvenanceInfo{}.tool_version), expected());
    }

#ifdef EMOTE_HAVE_GUI
    void appReportsTheProjectVersion()
    {
        // QCommandLineParser's --version: "Emote Studio 0.1.0" (applicationName, applicationVersion).
        const QString app = qEnvironmentVariable("EMOTE_STUDIO");
        QVERIFY2(!app.isEmpty(), "EMOTE_STUDIO is not set: run this test through ctest");
        const test::ProcResult r = test::run(app, {QStringLiteral("--version")}, 120000);
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(QString::fromUtf8(r.out).trimmed(), QStringLiteral("Emote Studio %1").arg(expected()));
    }

    void aboutBoxShowsTheProjectVersion()
    {
        const QString about = ui::MainWindow::aboutText();
        QVERIFY2(about.contains(QStringLiteral("Emote Studio %1<").arg(expected())), qPrintable(about));
    }
#endif
};

QTEST_GUILESS_MAIN(TestVersion)
#include "test_version.moc"
