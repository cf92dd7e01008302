// Problems with the inputs shown when they are loaded, offscreen: empty, too short and silent audio; a photo
// too small; no face (fine for the Still engine); a face that does not look human (a cat). Each is said in its drop zone; a blocking one disables
// Generate with the reason beside it, a warning leaves Generate on with the warning visible. Core's messages in
// the app's words (no command-line flags), and what the Diffusion engine needs.
#include "test_support.h"
#include "core/jobs/job.h"
#include "ui/consent_store.h"
#include "ui/drop_zone.h"
#include "ui/face_crop_view.h"
#include "ui/input_check.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/settings_panel.h"
#include "ui/timeline_view.h"
#include "ui/user_words.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTranslator>
#include <QtEndian>
#include <QtTest>

#include <cmath>

using emote::ui::MainWindow;

namespace {

QString sample(const char* name) { return emote::test::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(name); }

// A 16-bit mono PCM WAV of SAMPLES at 16 kHz.
QString writeWav(const QString& path, const QVector<qint16>& samples)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    auto u32 = [&f](quint32 v) { v = qToLittleEndian(v); f.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&f](quint16 v) { v = qToLittleEndian(v); f.write(reinterpret_cast<const char*>(&v), 2); };
    const quint32 data = quint32(samples.size() * 2);
    f.write("RIFF");
    u32(36 + data);
    f.write("WAVEfmt ");
    u32(16);
    u16(1);
    u16(1);
    u32(16000);
    u32(32000);
    u16(2);
    u16(16);
    f.write("data");
    u32(data);
    for (qint16 s : samples)
        u16(quint16(s));
    return path;
}

QVector<qint16> tone(double seconds, double amplitude)
{
    QVector<qint16> out(int(seconds * 16000));
    for (int i = 0; i < out.size(); ++i)
        out[i] = qint16(amplitude * 32767 * std::sin(2 * M_PI * 220 * i / 16000.0));
    return out;
}

} // namespace

class TestInputChecks : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_work;

    QPushButton* generateButton(MainWindow& w) { return w.findChild<QPushButton*>(QStringLiteral("generateButton")); }

    void prepare(MainWindow& w)
    {
        w.projects()->setSavePrompt([](const QString&) { return emote::ui::ProjectController::SaveChoice::Discard; });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_work.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-checks-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init() { QSettings().clear(); }

    void rules()
    {
        using emote::ui::audioProblems;
        using emote::ui::portraitProblems;
        QVERIFY(audioProblems(0, -1).at(0).blocking());
        QVERIFY(audioProblems(0.2, 0.5).at(0).blocking());
        QVERIFY(!audioProblems(3, 0.0).at(0).blocking()); // silent: a warning
        QVERIFY(audioProblems(3, -1).isEmpty());           // not measured yet: nothing to say
        QVERIFY(audioProblems(3, 0.5).isEmpty());
        QVERIFY(portraitProblems(QSize(100, 300), std::nullopt, true).at(0).blocking());
        QVERIFY(!portraitProblems(QSize(200, 300), std::nullopt, true).at(0).blocking());
        QVERIFY(portraitProblems(QSize(512, 512), QVector<double>{}, true).at(0).blocking());
        QVERIFY(portraitProblems(QSize(512, 512), QVector<double>{}, false).isEmpty()); // Still needs no face
        QVERIFY(!portraitProblems(QSize(512, 512), QVector<double>{30.0}, true).at(0).blocking());
        QVERIFY(portraitProblems(QSize(512, 512), QVector<double>{150.0}, true).isEmpty());
        // A face the dense mesh does not take for a human one: a warning (only the head will move).
        const auto animal = portraitProblems(QSize(512, 512), QVector<double>{150.0}, true, 0.01);
        QCOMPARE(animal.size(), 1);
        QVERIFY(!animal.at(0).blocking());
        QVERIFY(animal.at(0).text.contains(QStringLiteral("human face")));
        QVERIFY(portraitProblems(QSize(512, 512), QVector<double>{150.0}, true, 0.9).isEmpty());
        QVERIFY(portraitProblems(QSize(512, 512), QVector<double>{150.0}, false, 0.01).isEmpty()); // Still
    }

    void badAudioShownOnLoad()
    {
        MainWindow w;
        prepare(w);
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QSignalSpy wave(&w, &MainWindow::waveformReady);
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 1, 60000);
        QVERIFY(!generateButton(w)->isEnabled()); // no audio yet
        QVERIFY(w.readinessText().contains(QStringLiteral("Load")));

        // An empty WAV: said in the zone at once, Generate off with the reason beside it.
        QVERIFY(w.loadAudio(writeWav(m_work.filePath(QStringLiteral("empty.wav")), {})));
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 1, 30000);
        QVERIFY(w.audioZone()->isError());
        QVERIFY2(w.audioZone()->message().contains(QStringLiteral("no sound")), qPrintable(w.audioZone()->message()));
        QVERIFY(!generateButton(w)->isEnabled());
        QVERIFY(w.blockedReason().contains(QStringLiteral("no sound")));
        QVERIFY(w.readinessText().startsWith(QStringLiteral("Audio:")));
        w.generate(); // the shortcut is refused the same way
        QVERIFY(!w.isGenerating());

        // Too short.
        QVERIFY(w.loadAudio(writeWav(m_work.filePath(QStringLiteral("short.wav")), tone(0.2, 0.5))));
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 2, 30000);
        QVERIFY(w.audioZone()->isError());
        QVERIFY(w.blockedReason().contains(QStringLiteral("0.20 s")));
        QVERIFY(!generateButton(w)->isEnabled());

        // Silent: a warning; Generate stays on and the warning is beside it.
        QVERIFY(w.loadAudio(writeWav(m_work.filePath(QStringLiteral("silent.wav")), QVector<qint16>(32000, 0))));
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 3, 30000);
        QVERIFY(!w.audioZone()->isError());
        QVERIFY(w.audioZone()->isWarning());
        QVERIFY(w.audioZone()->message().contains(QStringLiteral("silent")));
        QVERIFY(generateButton(w)->isEnabled());
        QVERIFY(w.blockedReason().isEmpty());
        QVERIFY(w.readinessText().contains(QStringLiteral("silent")));
        // And it looks silent: a flat waveform, not one scaled up to full height.
        QTRY_VERIFY_WITH_TIMEOUT(!w.timeline()->waveform().isEmpty(), 30000);
        for (float p : w.timeline()->waveform())
            QVERIFY(p < 0.2f);

        // A real recording: nothing to say.
        QVERIFY(w.loadAudio(writeWav(m_work.filePath(QStringLiteral("ok.wav")), tone(2.0, 0.5))));
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 4, 30000);
        QVERIFY(!w.audioZone()->isError() && !w.audioZone()->isWarning());
        QVERIFY(generateButton(w)->isEnabled());
        QCOMPARE(w.readinessText(), QString());
    }

    void badPortraitShownOnLoad()
    {
        MainWindow w;
        prepare(w);
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QVERIFY(w.loadAudio(writeWav(m_work.filePath(QStringLiteral("ok.wav")), tone(2.0, 0.5))));

        // A photo with no face (a plain gradient): blocking for the Live engine.
        QImage plain(400, 400, QImage::Format_RGB32);
        QPainter p(&plain);
        QLinearGradient g(0, 0, 400, 400);
        g.setColorAt(0, Qt::darkBlue);
        g.setColorAt(1, Qt::yellow);
        p.fillRect(plain.rect(), g);
        p.end();
        const QString no_face = m_work.filePath(QStringLiteral("no-face.png"));
        QVERIFY(plain.save(no_face));
        QVERIFY(w.loadPortrait(no_face));
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 1, 60000);
        QCOMPARE(faces.at(0).at(0).toInt(), 0);
        QVERIFY(w.portraitZone()->isError());
        QVERIFY(w.portraitZone()->message().contains(QStringLiteral("No face found")));
        QVERIFY(!generateButton(w)->isEnabled());
        QVERIFY(w.blockedReason().startsWith(QStringLiteral("Portrait: No face found")));
        // The Still engine needs no face.
        auto s = w.settingsPanel()->settings();
        s.engine = emote::EngineKind::Still;
        w.settingsPanel()->setSettings(s);
        QVERIFY(generateButton(w)->isEnabled());
        QVERIFY(!w.portraitZone()->isError());
        s.engine = emote::EngineKind::Live;
        w.settingsPanel()->setSettings(s);
        QVERIFY(!generateButton(w)->isEnabled());

        // A photo far too small: said before the face analysis is even back.
        const QString tiny = m_work.filePath(QStringLiteral("tiny.png"));
        QVERIFY(QImage(sample("astronaut.png")).scaled(96, 96).save(tiny));
        QVERIFY(w.loadPortrait(tiny));
        QVERIFY(w.portraitZone()->isError());
        QVERIFY(w.portraitZone()->message().contains(QStringLiteral("too small")));
        QVERIFY(!generateButton(w)->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 2, 60000);

        // A cat (face-api takes her face for a human one): said on load, as a warning; Generate stays on.
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/tests/data/chelsea.png")));
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 3, 60000);
        QCOMPARE(faces.at(2).at(0).toInt(), 1);
        QVERIFY(w.portraitZone()->isWarning() && !w.portraitZone()->isError());
        QVERIFY2(w.portraitZone()->message().contains(QStringLiteral("does not look like a human face")),
                 qPrintable(w.portraitZone()->message()));
        QVERIFY(generateButton(w)->isEnabled());

        // A good photo: Generate on, nothing beside it.
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 4, 60000);
        QVERIFY(!w.portraitZone()->isError() && !w.portraitZone()->isWarning());
        QVERIFY(generateButton(w)->isEnabled());
        QCOMPARE(w.readinessText(), QString());
    }

    void diffusionWithoutModelWaits()
    {
        MainWindow w;
        prepare(w);
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QVERIFY(w.loadAudio(writeWav(m_work.filePath(QStringLiteral("ok.wav")), tone(2.0, 0.5))));
        QVERIFY(w.loadPortrait(sample("astronaut.png")));
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 1, 60000);
        QVERIFY(generateButton(w)->isEnabled());
        auto* engine = w.settingsPanel()->findChild<QComboBox*>(QStringLiteral("engine"));
        const int diffusion = engine->findData(QStringLiteral("diffusion"));
#ifndef EMOTE_HAVE_DIFFUSION
        QCOMPARE(diffusion, -1); // a build without the engine does not offer it: nothing to wait for
        return;
#endif
        QVERIFY(diffusion >= 0);
        w.settingsPanel()->setModelPath(m_work.filePath(QStringLiteral("no-such-package")));
        engine->setCurrentIndex(diffusion);
        QVERIFY(!generateButton(w)->isEnabled());
        QVERIFY2(w.blockedReason().startsWith(QStringLiteral("Diffusion engine:")) &&
                     w.blockedReason().contains(QStringLiteral("not a folder")),
                 qPrintable(w.blockedReason()));
        // The hint under the model field shows every wrapped line (it used to lose the first and last).
        auto* status = w.settingsPanel()->findChild<QLabel*>(QStringLiteral("modelStatus"));
        QTRY_VERIFY(status->isVisible() && status->width() > 0);
        QTRY_VERIFY2(status->height() >= status->heightForWidth(status->width()),
                     qPrintable(QStringLiteral("%1 < %2").arg(status->height()).arg(status->heightForWidth(status->width()))));
        engine->setCurrentIndex(engine->findData(QStringLiteral("live")));
        QVERIFY(generateButton(w)->isEnabled());
    }

    // Every code has the app's own words, in English and in German: never core's sentence, a flag or a "%1" left.
    void everyCodeHasWords()
    {
        const std::vector<std::string> args = {"/tmp/Ordner/datei.png", "2", "3", "4"};
        QStringList english;
        for (int c = 1; c <= int(emote::kLastMessageCode); ++c) {
            const emote::Message m(emote::MessageCode(c), args, "core's English, --flag " + std::to_string(c));
            const QString words = emote::ui::inAppWords(m);
            QVERIFY2(!words.contains(QStringLiteral("core's English")) && !words.contains(QStringLiteral("--")) &&
                         !words.contains(QRegularExpression(QStringLiteral("%\\d"))) && !words.isEmpty(),
                     qPrintable(QStringLiteral("code %1: %2").arg(c).arg(words)));
            english << words;
        }
        QTranslator german;
        QVERIFY(MainWindow::loadTranslation(german, QLocale(QLocale::German, QLocale::Germany)));
        QVERIFY(QCoreApplication::installTranslator(&german));
        for (int c = 1; c <= int(emote::kLastMessageCode); ++c) {
            const QString words = emote::ui::inAppWords(emote::Message(emote::MessageCode(c), args, "core's English"));
            QVERIFY2(words != english[c - 1] && !words.contains(QRegularExpression(QStringLiteral("%\\d"))),
                     qPrintable(QStringLiteral("code %1 has no German words: %2").arg(c).arg(words)));
        }
        QVERIFY(QCoreApplication::removeTranslator(&german));
    }

    // Core's errors and warnings reach the German app in German: worded from their codes (core/common/message.h)
    // in the app's language, never core's English sentence or a command-line flag. Two errors when loading (an
    // empty photo, an audio file that is not audio), one at Generate (the photo gone since it was loaded) and one
    // warning at Generate (a face seen from the side: only the mouth moves), which stays said once the take is made.
    void coreMessagesInGerman()
    {
        QTranslator german, qt;
        QVERIFY(MainWindow::loadTranslation(german, QLocale(QLocale::German, QLocale::Germany)));
        QVERIFY(QCoreApplication::installTranslator(&german));
        MainWindow::loadQtTranslation(qt, QLocale(QLocale::German, QLocale::Germany));
        QCoreApplication::installTranslator(&qt);
        const auto removeTranslators = qScopeGuard([&] {
            QCoreApplication::removeTranslator(&qt);
            QCoreApplication::removeTranslator(&german);
        });
        // What must never show: core's English words for these messages, and any flag.
        const QStringList english = {QStringLiteral("cannot "), QStringLiteral("the file"), QStringLiteral("does not exist"),
                                     QStringLiteral("empty"), QStringLiteral("Choose"), QStringLiteral("only the mouth"),
                                     QStringLiteral("to the side"), QStringLiteral("--")};
        auto germanOnly = [&](const QString& shown, const QString& expected) {
            for (const QString& word : english)
                if (shown.contains(word, Qt::CaseInsensitive))
                    return QStringLiteral("English or a flag (%1) in: %2").arg(word, shown);
            return shown.contains(expected) ? QString() : QStringLiteral("'%1' missing in: %2").arg(expected, shown);
        };

        MainWindow w;
        prepare(w);
        const auto errorBoxes = [&w] { // the error boxes open now (each deletes itself when closed)
            QList<QMessageBox*> open;
            for (QMessageBox* box : w.findChildren<QMessageBox*>(QStringLiteral("errorBox")))
                if (box->isVisible())
                    open << box;
            return open;
        };
        auto* portraitZone = w.findChild<emote::ui::DropZone*>(QStringLiteral("portraitZone"));
        auto* audioZone = w.findChild<emote::ui::DropZone*>(QStringLiteral("audioZone"));
        QVERIFY(portraitZone && audioZone);

        // 1. Errors when loading, in the drop zone and the status bar.
        const QString empty = m_work.filePath(QStringLiteral("leer.png"));
        QFile(empty).open(QIODevice::WriteOnly);
        QVERIFY(!w.loadPortrait(empty));
        QString problem = germanOnly(portraitZone->message(), QStringLiteral("leer.png ist leer (0 Byte)"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        problem = germanOnly(w.statusBar()->currentMessage(), QStringLiteral("Wählen Sie eine andere Datei"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QString notAudio = m_work.filePath(QStringLiteral("notiz.wav"));
        {
            QFile f(notAudio);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 'x'));
        }
        QVERIFY(!w.loadAudio(notAudio));
        problem = germanOnly(audioZone->message(), QStringLiteral("notiz.wav ist kein Audio, das Emote Studio lesen kann"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        for (QMessageBox* box : errorBoxes()) {
            problem = germanOnly(box->text(), QStringLiteral("Wählen Sie"));
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            box->close();
        }

        // 2. A warning at Generate: face 2 of this photo is seen from the side (yaw about 40°).
        QString why;
        const QString audio = emote::test::makeTone(m_work.path(), QStringLiteral("ton.wav"), 0.6, 16000, 1, &why);
        QVERIFY2(!audio.isEmpty(), qPrintable(why));
        const QString side = m_work.filePath(QStringLiteral("seitlich.png"));
        QVERIFY(QFile::copy(emote::test::sourceDir() + QStringLiteral("/tests/golden/faceapi/sample2/image.png"), side));
        emote::ui::ConsentStore().record(side);
        emote::GenerationSettings s;
        s.engine = emote::EngineKind::Live;
        s.size = 128;
        s.fps = 10;
        w.settingsPanel()->setSettings(s);
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QVERIFY(w.loadPortrait(side) && w.loadAudio(audio));
        QTRY_VERIFY_WITH_TIMEOUT(!faces.isEmpty(), 60000);
        QVERIFY2(faces.last().at(0).toInt() >= 2, "the photo's faces were not found");
        w.faceCropView()->selectFace(1);
        w.setOutputPath(m_work.filePath(QStringLiteral("seitlich.mp4")));
        QSignalSpy finished(&w, &MainWindow::generationFinished), failed(&w, &MainWindow::generationFailed);
        w.generate();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 180000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
        problem = germanOnly(w.statusBar()->currentMessage(), QStringLiteral("Nur der Mund bewegt sich"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("Hinweis")));
        auto* note = w.findChild<QLabel*>(QStringLiteral("runNote")); // beside the take, wrapped, until new inputs
        QVERIFY(note && note->isVisible());
        problem = germanOnly(note->text(), QStringLiteral("Nur der Mund bewegt sich"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // 3. An error at Generate: the photo was removed after it was loaded.
        const QString gone = m_work.filePath(QStringLiteral("weg.png"));
        QVERIFY(QFile::copy(sample("astronaut.png"), gone));
        QVERIFY(w.loadPortrait(gone));
        QTRY_VERIFY_WITH_TIMEOUT(faces.count() >= 2, 60000);
        QVERIFY(QFile::remove(gone));
        w.generate();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 2, 180000);
        QCOMPARE(failed.count(), 1);
        problem = germanOnly(failed.at(0).at(0).toString(), QStringLiteral("weg.png ist nicht mehr da"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const QList<QMessageBox*> boxes = errorBoxes();
        QCOMPARE(boxes.size(), 1);
        problem = germanOnly(boxes.front()->text(), QStringLiteral("weg.png ist nicht mehr da"));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        boxes.front()->close();
    }

    // Core's errors name command-line flags; the app says what to do with its own controls, and no flag shows.
    void messagesInTheUsersWords()
    {
        QString why;
        const QString audio = emote::test::makeTone(m_work.path(), QStringLiteral("words.wav"), 1.0, 16000, 1, &why);
        QVERIFY2(!audio.isEmpty(), qPrintable(why));
        QImage blank(320, 320, QImage::Format_RGB888);
        blank.fill(QColor(90, 120, 150));
        const QString noFace = m_work.filePath(QStringLiteral("no-face.png"));
        QVERIFY(blank.save(noFace));
        // The real messages, from the real code: run a job that fails the way a user's would.
        auto failure = [&](emote::GenerationSettings s, const QString& portrait, const QString& out) {
            emote::GenerationRequest r;
            r.portrait = portrait.toStdString();
            r.audio = audio.toStdString();
            r.output = out.toStdString();
            r.settings = s;
            try {
                emote::CancelToken cancel;
                emote::runGeneration(r, {}, cancel);
            } catch (const std::exception& e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        };
        emote::GenerationSettings live;
        live.size = 128;
        const QString existing = m_work.filePath(QStringLiteral("exists.mp4"));
        QFile f(existing);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        struct Case {
            QString core;
            QString expected; // what the app's words say instead
        };
        QVector<Case> cases = {
            {failure(live, noFace, m_work.filePath(QStringLiteral("a.mp4"))), QStringLiteral("Still engine in the settings")},
            {failure(live, sample("astronaut.png"), existing), QStringLiteral("Choose another name.")},
        };
#ifdef EMOTE_HAVE_DIFFUSION
        emote::GenerationSettings diffusion = live;
        diffusion.engine = emote::EngineKind::Diffusion;
        cases.append({failure(diffusion, sample("astronaut.png"), m_work.filePath(QStringLiteral("d.mp4"))),
                      QStringLiteral("6 GB")});
#endif
        for (const Case& c : cases) {
            QVERIFY2(c.core.contains(QStringLiteral("--")), qPrintable(QStringLiteral("core changed: ") + c.core));
            const QString shown = emote::ui::inAppWords(c.core);
            QVERIFY2(!shown.contains(QStringLiteral("--")) && shown.contains(c.expected),
                     qPrintable(c.core + QStringLiteral(" → ") + shown));
        }
        // A hint not known yet still never shows its flag; the rest of the message stays.
        QCOMPARE(emote::ui::inAppWords(QStringLiteral("the photo is odd. Use --frobnicate 3 to fix it.")),
                 QStringLiteral("The photo is odd."));
        QCOMPARE(emote::ui::inAppWords(QStringLiteral("too long (at most 5, see --max-foo).")),
                 QStringLiteral("Too long (at most 5)."));

        // The Diffusion engine without a package says what it needs: a package, its size, a GPU; no commands.
        emote::ui::SettingsPanel panel;
        auto* engine = panel.findChild<QComboBox*>(QStringLiteral("engine"));
        if (engine->findData(QStringLiteral("diffusion")) >= 0) {
            engine->setCurrentIndex(engine->findData(QStringLiteral("diffusion")));
            const QString need = panel.modelProblem();
            QVERIFY2(need.contains(QStringLiteral("model package")) && need.contains(QStringLiteral("6 GB")) &&
                         need.contains(QStringLiteral("GPU")) && !need.contains(QStringLiteral("emote ")) &&
                         !need.contains(QStringLiteral("--")),
                     qPrintable(need));
        }
        for (const QString& dir : {m_work.path(), m_work.filePath(QStringLiteral("no-such-package"))}) {
            const QString problem = emote::ui::SettingsPanel::modelPackageProblem(dir);
            QVERIFY2(!problem.isEmpty() && !problem.contains(QStringLiteral("emote ")) &&
                         !problem.contains(QStringLiteral("--")),
                     qPrintable(problem));
        }
        // Help ▸ Diffusion Models tells where a package comes from.
        MainWindow w;
        prepare(w);
        auto* action = w.findChild<QAction*>(QStringLiteral("diffusionModelsAction"));
        QVERIFY(action);
        action->trigger();
        auto* box = w.findChild<QMessageBox*>(QStringLiteral("diffusionModelsDialog"));
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("GPU")) && box->informativeText().contains(QStringLiteral("Hallo")));
        box->close();
    }
};

QTEST_MAIN(TestInputChecks)
#include "test_input_checks.moc"
