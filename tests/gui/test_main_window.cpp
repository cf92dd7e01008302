// The main window opens offscreen, loads the sample portrait and audio, and reports bad files in place.
#include "test_support.h"
#include "ui/main_window.h"

#include <QLabel>
#include <QStatusBar>
#include <QtTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void opensAndLoads()
    {
        emote::ui::MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")));
        auto* portrait = w.findChild<QLabel*>(QStringLiteral("portraitView"));
        QVERIFY(portrait && !portrait->pixmap().isNull());
        QVERIFY(w.loadAudio(emote::test::sourceDir() + QStringLiteral("/resources/samples/speech.wav")));
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("audioInfo"))->text().contains(QStringLiteral("speech.wav")));
    }

    void badPortraitReported()
    {
        emote::ui::MainWindow w; // not shown: errors go to the status bar instead of a modal dialog
        QVERIFY(!w.loadPortrait(QStringLiteral("/nonexistent/face.png")));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("face.png")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
