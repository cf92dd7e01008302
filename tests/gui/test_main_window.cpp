// The main window offscreen: loading and dropping inputs (recognised by content), face boxes found off the UI
// thread, settings persisted in QSettings, the consent dialog, generation through GenerationWorker (progress,
// preview frames, finished, cancel, failure), closing mid-run, and the About text.
#include "app/cli/label_language.h"
#include "test_support.h"
#include "core/media/video_reader.h"
#include "ui/consent_store.h"
#include "ui/drop_zone.h"
#include "ui/generation_worker.h"
#include "ui/main_window.h"
#include "ui/preview_view.h"
#include "ui/project_controller.h"
#include "ui/settings_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonDocument>
#include <QLabel>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QAction>
#include <QKeySequence>
#include <QTranslator>
#include <QToolButton>
#include <QUrl>
#include <QtTest>

using emote::ui::MainWindow;

namespace {

QString sample(const char* name) { return emote::test::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(name); }

// Delivers a drag-enter and a drop of FILES onto WIDGET, as a file manager would.
bool dropFiles(QWidget* widget, const QStringList& files)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString& f : files)
        urls << QUrl::fromLocalFile(f);
    mime.setUrls(urls);
    const QPointF pos(widget->width() / 2.0, widget->height() / 2.0);
    QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(widget, &drop);
    return drop.isAccepted();
}

emote::GenerationSettings tinySettings(emote::EngineKind engine)
{
    emote::GenerationSettings s;
    s.engine = engine;
    s.size = 256;
    s.fps = 10;
    return s;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_work;
    QString m_shortAudio; // 1.5 s tone
    QString m_longAudio;  // 20 s tone

    // W shown with the tiny Live settings, the sample portrait (its consent given) and the short audio loaded.
    void openLive(MainWindow& w)
    {
        emote::ui::ConsentStore().record(sample("astronaut.png"));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.settingsPanel()->setSettings(tinySettings(emote::EngineKind::Live));
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.loadAudio(m_shortAudio));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_work.isValid());
        // Every QSettings() in the app goes to a throwaway INI file.
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QString why;
        m_shortAudio = emote::test::makeTone(m_work.path(), QStringLiteral("short.wav"), 1.5, 16000, 1, &why);
        QVERIFY2(!m_shortAudio.isEmpty(), qPrintable(why));
        m_longAudio = emote::test::makeTone(m_work.path(), QStringLiteral("long.wav"), 20.0, 16000, 1, &why);
        QVERIFY2(!m_longAudio.isEmpty(), qPrintable(why));
    }

    void init()
    {
        QSettings().clear();
    }

    void opensAndLoads()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QSignalSpy wave(&w, &MainWindow::waveformReady);
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(!w.preview()->image().isNull());
        QVERIFY(w.loadAudio(sample("speech.wav")));
        QVERIFY(w.audioZone()->message().contains(QStringLiteral("speech.wav")));
        QVERIFY(!w.audioZone()->isError());
        // Face analysis runs on another thread; the UI thread only receives the boxes.
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 1, 60000);
        QCOMPARE(faces.at(0).at(0).toInt(), 1);
        QCOMPARE(w.preview()->faces().size(), 1);
        const QRectF box = w.preview()->faces().at(0).box;
        QVERIFY(box.width() > 50 && QRectF(w.preview()->image().rect()).intersects(box));
        QCOMPARE(w.preview()->faces().at(0).points.size(), 68);
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 1, 30000);
    }

    void badPortraitReported()
    {
        MainWindow w; // not shown: errors go to the status bar and in place instead of a dialog
        QVERIFY(!w.loadPortrait(QStringLiteral("/nonexistent/face.png")));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("face.png")));
        QVERIFY(w.portraitZone()->isError());
        QVERIFY(w.portraitZone()->message().contains(QStringLiteral("face.png")));
    }

    void dropBothAtOnceRecognisedByContent()
    {
        // Names that lie about the content: the window must look inside.
        const QString photo = m_work.filePath(QStringLiteral("photo.dat"));
        const QString sound = m_work.filePath(QStringLiteral("sound.png"));
        QFile::remove(photo);
        QFile::remove(sound);
        QVERIFY(QFile::copy(sample("astronaut.png"), photo));
        QVERIFY(QFile::copy(m_shortAudio, sound));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(dropFiles(w.audioZone(), {sound, photo}));
        QCOMPARE(w.portraitPath(), photo);
        QCOMPARE(w.audioPath(), sound);
        QVERIFY(w.audioZone()->message().contains(QStringLiteral("sound.png")));
        QVERIFY(w.audioZone()->message().contains(QStringLiteral("0:02")));
        QVERIFY(!w.preview()->image().isNull());

        // The preview (and the rest of the window) takes drops too.
        MainWindow w2;
        w2.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w2));
        QVERIFY(dropFiles(w2.preview(), {photo, sound}));
        QCOMPARE(w2.portraitPath(), photo);
        QCOMPARE(w2.audioPath(), sound);
    }

    void unusableDropShowsMessageInPlace()
    {
        const QString junk = m_work.filePath(QStringLiteral("notes.wav"));
        {
            QFile f(junk);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not audio at all, just some text\n");
        }
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(dropFiles(w.audioZone(), {junk}));
        QVERIFY(w.audioPath().isEmpty());
        QVERIFY(w.audioZone()->isError());
        QVERIFY(w.audioZone()->message().contains(QStringLiteral("notes.wav")));
    }

    void settingsPersist()
    {
        {
            MainWindow w;
            auto* panel = w.settingsPanel();
            auto s = panel->settings();
            QCOMPARE(s.engine, emote::EngineKind::Live); // defaults on a fresh profile
            QCOMPARE(s.fps, 25);
            s.engine = emote::EngineKind::Still;
            s.fps = 30;
            s.size = 384;
            s.aspect = 9.0 / 16.0;
            s.seed = 1234;
            s.motion_speed = 0.5;
            s.expression = 1.5;
            s.blink = false;
            s.crf = 23;
            panel->setSettings(s); // each change is saved as it happens
            const int before = panel->findChild<QSpinBox*>(QStringLiteral("seed"))->value();
            panel->diceButton()->click();
            QVERIFY(panel->findChild<QSpinBox*>(QStringLiteral("seed"))->value() != before);
            panel->findChild<QSpinBox*>(QStringLiteral("seed"))->setValue(1234);
            for (QWidget* child : panel->findChildren<QWidget*>())
                if (qobject_cast<QComboBox*>(child) || qobject_cast<QSpinBox*>(child) ||
                    qobject_cast<QDoubleSpinBox*>(child))
                    QVERIFY2(!child->toolTip().isEmpty(), qPrintable(child->objectName()));
        }
        MainWindow again;
        const auto s = again.settingsPanel()->settings();
        QCOMPARE(s.engine, emote::EngineKind::Still);
        QCOMPARE(s.fps, 30);
        QCOMPARE(s.size, 384);
        QVERIFY(std::abs(s.aspect - 9.0 / 16.0) < 1e-3);
        QCOMPARE(s.seed, uint64_t(1234));
        QCOMPARE(s.motion_speed, 0.5);
        QCOMPARE(s.expression, 1.5);
        QCOMPARE(s.blink, false);
        QCOMPARE(s.crf, 23);
    }

    void consentAskedOncePerPhotoThenGenerates()
    {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.settingsPanel()->setSettings(tinySettings(emote::EngineKind::Still));
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.loadAudio(m_shortAudio));
        const QString out = m_work.filePath(QStringLiteral("consent.mp4"));
        QFile::remove(out);
        w.setOutputPath(out);
        QVERIFY(!w.consentGiven());
        QSignalSpy finished(&w, &MainWindow::generationFinished);

        // Declining starts nothing.
        w.generate();
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("consentDialog"));
        QVERIFY(box && box->isVisible());
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(50);
        QVERIFY(!w.isGenerating());
        QVERIFY(!w.consentGiven());

        // Agreeing is remembered and the job starts.
        w.generate();
        QTRY_VERIFY(w.findChild<QMessageBox*>(QStringLiteral("consentDialog")) != nullptr);
        auto* yes = w.findChild<QPushButton*>(QStringLiteral("consentYes"));
        QVERIFY(yes);
        // The reason in one sentence, and the photo it is about.
        auto* asked = w.findChild<QMessageBox*>(QStringLiteral("consentDialog"));
        QVERIFY(asked->text().contains(QStringLiteral("agreed")) && asked->text().count(QLatin1Char('.')) == 1);
        QVERIFY(asked->informativeText().contains(QStringLiteral("astronaut.png")));
        yes->click();
        QVERIFY(w.consentGiven());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY(QFileInfo(out).size() > 0);
        // The consent is recorded in the video's sidecar manifest.
        QFile manifest(out + QStringLiteral(".json"));
        QVERIFY2(manifest.open(QIODevice::ReadOnly), qPrintable(manifest.fileName()));
        QJsonObject consent;
        const QJsonArray assertions = QJsonDocument::fromJson(manifest.readAll()).object().value(QStringLiteral("assertions")).toArray();
        for (const QJsonValue& a : assertions)
            if (a.toObject().value(QStringLiteral("label")).toString() == QStringLiteral("org.emote-studio.consent"))
                consent = a.toObject().value(QStringLiteral("data")).toObject();
        QVERIFY2(!consent.isEmpty(), "no consent assertion in the manifest");
        QVERIFY(consent.value(QStringLiteral("confirmed")).toBool());
        QVERIFY(consent.value(QStringLiteral("statement")).toString().contains(QStringLiteral("right to animate")));
        QVERIFY(!consent.value(QStringLiteral("confirmed_at")).toString().isEmpty());

        // The second time no dialog appears.
        QTRY_VERIFY(w.findChild<QMessageBox*>(QStringLiteral("consentDialog")) == nullptr);
        w.generate();
        QVERIFY(w.isGenerating());
        QVERIFY(w.findChild<QMessageBox*>(QStringLiteral("consentDialog")) == nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);

        // The same photo under another name is the same person: not asked again.
        const QString copy = m_work.filePath(QStringLiteral("renamed-astronaut.png"));
        QFile::remove(copy);
        QVERIFY(QFile::copy(sample("astronaut.png"), copy));
        QVERIFY(w.loadPortrait(copy));
        QVERIFY(w.consentGiven());
        // A new photo (another person, as far as anyone can tell) is asked about.
        QImage other(sample("astronaut.png"));
        QVERIFY(!other.isNull());
        const QString person = m_work.filePath(QStringLiteral("someone-else.png"));
        QVERIFY(other.mirrored(true, false).save(person));
        QVERIFY(w.loadPortrait(person));
        QVERIFY(!w.consentGiven());
        w.generate();
        auto* again = w.findChild<QMessageBox*>(QStringLiteral("consentDialog"));
        QVERIFY(again && again->isVisible());
        QVERIFY(again->informativeText().contains(QStringLiteral("someone-else.png")));
        again->button(QMessageBox::Cancel)->click();
        QTest::qWait(50);
        QVERIFY(!w.isGenerating());
        // The first photo's consent is still there.
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.consentGiven());
        QVERIFY(!QSettings().contains(QStringLiteral("consent/animate_rights"))); // no global consent any more
    }

    void generateLiveWithProgressAndFrames()
    {
        MainWindow w;
        openLive(w);
        if (QTest::currentTestFailed())
            return;
        const QString out = m_work.filePath(QStringLiteral("live.mp4"));
        QFile::remove(out);
        w.setOutputPath(out);
        QSignalSpy progress(w.worker(), &emote::ui::GenerationWorker::progress);
        QSignalSpy frames(w.worker(), &emote::ui::GenerationWorker::frameReady);
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        QSignalSpy failed(&w, &MainWindow::generationFailed);
        w.generate();
        QVERIFY(w.isGenerating());
        QCOMPARE(w.findChild<QPushButton*>(QStringLiteral("generateButton"))->text(), QStringLiteral("&Cancel"));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 300000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(finished.at(0).at(0).toString(), out);
        QVERIFY(QFileInfo(out).size() > 1000);
        QVERIFY(!progress.isEmpty());
        QVERIFY(!frames.isEmpty());
        QVERIFY(frames.count() <= 15); // 15 frames at 10 fps: throttling never sends more than made
        const QImage first = frames.at(0).at(0).value<QImage>();
        QCOMPARE(first.height(), 256);
        QVERIFY(!w.isGenerating());
        QVERIFY(w.findChild<QLabel*>(QStringLiteral("videoInfo"))->text().contains(QStringLiteral("live.mp4")));
    }

    // Models load once: the second Generate runs on the engine the first one loaded and reads no model from
    // disk; picking another engine releases it.
    void secondGenerateReusesTheLoadedModels()
    {
        MainWindow w;
        openLive(w);
        if (QTest::currentTestFailed())
            return;
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        QSignalSpy failed(&w, &MainWindow::generationFailed);
        const emote::GenerationContext& context = w.worker()->context();
        for (const QString& name : {QStringLiteral("again1.mp4"), QStringLiteral("again2.mp4")}) {
            const QString out = m_work.filePath(name);
            QFile::remove(out);
            w.setOutputPath(out);
            const int done = finished.count();
            w.generate();
            QTRY_VERIFY_WITH_TIMEOUT(finished.count() > done || !failed.isEmpty(), 300000);
            QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
        }
        // Both runs are over (the worker is idle): its context may be read here.
        QCOMPARE(context.enginesMade(), 1);
        QVERIFY(context.engine() != nullptr);
        const int64_t loads = context.modelLoads();
        QVERIFY(loads >= 1);
        QSignalSpy progress(w.worker(), &emote::ui::GenerationWorker::progress);
        w.setOutputPath(m_work.filePath(QStringLiteral("again3.mp4")));
        w.generate();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 3 || !failed.isEmpty(), 300000);
        QCOMPARE(context.modelLoads(), loads);
        QCOMPARE(context.enginesMade(), 1);
        for (const auto& args : progress) // no "Loading models" when nothing loads
            QVERIFY(args.at(0).value<emote::Stage>() != emote::Stage::LoadModels);
        // The release is queued to the worker's thread; a blocking call queued after it reads the result there.
        w.settingsPanel()->setSettings(tinySettings(emote::EngineKind::Still));
        bool held = true;
        QMetaObject::invokeMethod(
            w.worker(), [&] { held = context.engine() != nullptr; }, Qt::BlockingQueuedConnection);
        QVERIFY(!held);
        QCOMPARE(context.modelLoads(), loads);
    }

    void uiStaysResponsiveWhileGenerating()
    {
        // A 5 ms timer on the UI thread measures the longest event-loop stall during a run.
        MainWindow w;
        openLive(w);
        if (QTest::currentTestFailed())
            return;
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 1, 60000);
        const QString out = m_work.filePath(QStringLiteral("responsive.mp4"));
        QFile::remove(out);
        w.setOutputPath(out);
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        QElapsedTimer clock;
        qint64 last_ms = 0, worst_ms = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worst_ms = std::max(worst_ms, now - last_ms);
            last_ms = now;
        });
        w.generate();
        clock.start();
        tick.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        tick.stop();
        qInfo("longest event-loop stall while generating: %lld ms", worst_ms);
        QVERIFY2(worst_ms < 50, qPrintable(QStringLiteral("stall of %1 ms").arg(worst_ms)));
    }

    void cancelRemovesOutput()
    {
        emote::ui::ConsentStore().record(sample("astronaut.png"));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.settingsPanel()->setSettings(tinySettings(emote::EngineKind::Live));
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QVERIFY(w.loadAudio(m_longAudio));
        const QString out = m_work.filePath(QStringLiteral("cancelled.mp4"));
        QFile::remove(out);
        w.setOutputPath(out);
        QSignalSpy frames(w.worker(), &emote::ui::GenerationWorker::frameReady);
        QSignalSpy cancelled(&w, &MainWindow::generationCancelled);
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        w.generate();
        QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty(), 120000);
        w.findChild<QPushButton*>(QStringLiteral("generateButton"))->click(); // now "Cancel"
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, 60000);
        QVERIFY(finished.isEmpty());
        QVERIFY(!w.isGenerating());
        QVERIFY(!QFileInfo::exists(out));
    }

    void failureReportsEngineMessage()
    {
        // The worker alone, on its own thread, as the window uses it.
        QThread thread;
        emote::ui::GenerationWorker worker;
        worker.moveToThread(&thread);
        thread.start();
        QSignalSpy failed(&worker, &emote::ui::GenerationWorker::failed);
        emote::GenerationRequest req;
        req.portrait = "/nonexistent/nobody.png";
        req.audio = m_shortAudio.toStdString();
        req.output = m_work.filePath(QStringLiteral("never.mp4")).toStdString();
        QMetaObject::invokeMethod(&worker, "start", Qt::QueuedConnection, Q_ARG(emote::GenerationRequest, req));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 60000);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("nobody.png")),
                 qPrintable(failed.at(0).at(0).toString()));
        QThread* main_thread = QThread::currentThread();
        QMetaObject::invokeMethod(&worker, [&] { worker.moveToThread(main_thread); }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

    void closingMidRunCancels()
    {
        emote::ui::ConsentStore().record(sample("astronaut.png"));
        const QString out = m_work.filePath(QStringLiteral("closed.mp4"));
        QFile::remove(out);
        {
            MainWindow w;
            // The unsaved-project question is tested in test_projects; here closing must go straight through.
            w.projects()->setSavePrompt([](const QString&) { return emote::ui::ProjectController::SaveChoice::Discard; });
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.settingsPanel()->setSettings(tinySettings(emote::EngineKind::Live));
            QVERIFY(w.loadPortrait(sample("astronaut.png")));
            QVERIFY(w.loadAudio(m_longAudio));
            w.setOutputPath(out);
            QSignalSpy frames(w.worker(), &emote::ui::GenerationWorker::frameReady);
            w.generate();
            QTRY_VERIFY_WITH_TIMEOUT(!frames.isEmpty(), 120000);
            QElapsedTimer t;
            t.start();
            QVERIFY(w.close());
            QVERIFY(t.elapsed() < 10000);
        }
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(QDir(m_work.path()).entryList({QStringLiteral("closed*")}, QDir::Files).isEmpty()); // no partial file
    }

    void germanTranslationLoads()
    {
        QStringList english_stages; // every progress stage has its own words, and German ones
        for (const emote::Stage stage : emote::kAllStages)
            english_stages << MainWindow::stageText(stage);
        QCOMPARE(QSet<QString>(english_stages.begin(), english_stages.end()).size(), english_stages.size());
        QTranslator german;
        QVERIFY(MainWindow::loadTranslation(german, QLocale(QLocale::German, QLocale::Germany)));
        QVERIFY(QCoreApplication::installTranslator(&german));
        // Qt's own words too: the file dialog, standard buttons, "Strg+" in shortcuts (qt6-translations-l10n).
        QTranslator qt;
        QVERIFY2(MainWindow::loadQtTranslation(qt, QLocale(QLocale::German, QLocale::Germany)),
                 "Qt's German translation is missing: install qt6-translations-l10n (scripts/setup.sh)");
        QVERIFY(QCoreApplication::installTranslator(&qt));
        {
            MainWindow w;
            QCOMPARE(w.findChild<QPushButton*>(QStringLiteral("generateButton"))->text(), QStringLiteral("&Erzeugen"));
            QVERIFY(MainWindow::aboutText().contains(QStringLiteral("gemeinfrei")));
            QCOMPARE(w.findChild<QAction*>(QStringLiteral("undoAction"))->shortcut().toString(QKeySequence::NativeText),
                     QStringLiteral("Strg+Z"));
            QCOMPARE(QCoreApplication::translate("QFileDialog", "Look in:"), QStringLiteral("Suchen in:"));
            QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
            // The label burned into the video, in German.
            QCOMPARE(MainWindow::visibleLabelText(), QStringLiteral("KI-generiert"));
            // The same words as `emote generate --label --label-language de`.
            QCOMPARE(MainWindow::visibleLabelText().toStdString(),
                     emote::cli::labelText(emote::cli::LabelLanguage::German));
            for (const emote::Stage stage : emote::kAllStages) {
                const QString german_words = MainWindow::stageText(stage);
                QVERIFY2(!german_words.isEmpty() && !english_stages.contains(german_words),
                         qPrintable(QStringLiteral("stage %1 has no German words").arg(emote::stageId(stage))));
            }
        }
        QVERIFY(QCoreApplication::removeTranslator(&qt));
        QVERIFY(QCoreApplication::removeTranslator(&german));
        QCOMPARE(MainWindow::visibleLabelText(), QStringLiteral("AI-generated"));
        QTranslator english;
        MainWindow::loadTranslation(english, QLocale(QLocale::English)); // English is the source: either way fine
        MainWindow w;
        QCOMPARE(w.findChild<QPushButton*>(QStringLiteral("generateButton"))->text(), QStringLiteral("&Generate"));
    }

    // The visible label burned into the video speaks the interface's language: "KI-generiert" in German.
    void visibleLabelInTheChosenLanguage()
    {
        emote::ui::ConsentStore().record(sample("astronaut.png"));
        auto render = [&](const QString& name) -> emote::Image {
            MainWindow w;
            w.show();
            emote::GenerationSettings s = tinySettings(emote::EngineKind::Still);
            s.visible_label = true;
            s.watermark = false;
            w.settingsPanel()->setSettings(s);
            if (!w.loadPortrait(sample("astronaut.png")) || !w.loadAudio(m_shortAudio))
                return {};
            const QString out = m_work.filePath(name);
            QFile::remove(out);
            QFile::remove(out + QStringLiteral(".json"));
            w.setOutputPath(out);
            QSignalSpy finished(&w, &MainWindow::generationFinished);
            w.generate();
            if (!QTest::qWaitFor([&] { return finished.count() == 1; }, 120000))
                return {};
            emote::media::VideoReader reader(out.toStdString());
            emote::Image frame;
            reader.next(frame);
            return frame;
        };
        const emote::Image english = render(QStringLiteral("label-en.mp4"));
        QTranslator german;
        QVERIFY(MainWindow::loadTranslation(german, QLocale(QLocale::German, QLocale::Germany)));
        QVERIFY(QCoreApplication::installTranslator(&german));
        const emote::Image deutsch = render(QStringLiteral("label-de.mp4"));
        QVERIFY(QCoreApplication::removeTranslator(&german));
        QVERIFY(!english.empty() && english.width == deutsch.width && english.height == deutsch.height);
        // Mean difference per channel in a block: the label sits in the bottom-right corner, the rest is the same.
        auto diff = [&](int x0, int y0, int x1, int y1) {
            double sum = 0;
            for (int y = y0; y < y1; ++y)
                for (int x = 3 * x0; x < 3 * x1; ++x)
                    sum += std::abs(int(english.row(y)[x]) - int(deutsch.row(y)[x]));
            return sum / (double(y1 - y0) * 3.0 * (x1 - x0));
        };
        const int w = english.width, h = english.height;
        const double corner = diff(w / 2, h - h / 8, w, h);
        const double rest = diff(0, 0, w, h / 2);
        QVERIFY2(corner > 4.0 * rest + 1.0, qPrintable(QStringLiteral("corner %1, rest %2").arg(corner).arg(rest)));
    }

    void aboutListsComponents()
    {
        const QString text = MainWindow::aboutText();
        for (const char* name : {"Qt", "LGPL", "libtorch", "BSD", "FFmpeg", "GPL", "OpenCV", "Apache-2.0",
                                 "PocketSphinx", "face-api", "MIT", "public domain"})
            QVERIFY2(text.contains(QLatin1String(name)), name);
    }
};

int main(int argc, char** argv)
{
    // Before the QApplication, as in the app: Qt 6.4's default media backend crashes headless (DESIGN.md §5).
    qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true); // as QTEST_MAIN does
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
