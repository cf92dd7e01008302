// The controls a creator tweaks, offscreen: sliders with their exact value beside them (head motion,
// expression, guidance, steps, Expand), typed numbers outside a field's range refused in words with the old
// value kept (999 fps never becomes 9), the seed lock (unlocked: a new seed per take), and the Expand value
// showing where the photo's edge stops the crop and coming back with a project's crop; the Live engine's emotion
// choice and intensity (off with the reason for other engines, saved, undoable).
#include "test_support.h"
#include "ui/consent_store.h"
#include "ui/edit_history.h"
#include "ui/face_crop_view.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/settings_panel.h"
#include "ui/slider_field.h"
#include "ui/strict_spin_box.h"
#include "ui/take_list.h"

#include <QComboBox>
#include <QAction>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QToolButton>
#include <QUndoStack>
#include <QtTest>

using emote::ui::MainWindow;
using emote::ui::SettingsPanel;
using emote::ui::SliderField;

namespace {

// Types TEXT over the field's contents and presses Enter, as a user would.
void typeInto(QAbstractSpinBox* box, const QString& text)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Return);
}

} // namespace

class TestControls : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_work;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid() && m_work.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-controls-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init() { QSettings().clear(); }

    void slidersWithExactValues()
    {
        SettingsPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (const char* name : {"motion", "expression", "guidance", "steps"}) {
            auto* field = panel.findChild<SliderField*>(QLatin1String(name));
            QVERIFY2(field, name);
            QVERIFY(field->slider() && field->field());
            QVERIFY(!field->field()->toolTip().isEmpty());
        }
        auto* motion = panel.findChild<SliderField*>(QStringLiteral("motion"));
        QSignalSpy changed(&panel, &SettingsPanel::changed);
        // Dragging the slider shows the value beside it and sets it.
        motion->slider()->setValue(motion->slider()->maximum());
        QCOMPARE(motion->field()->value(), 2.0);
        QCOMPARE(panel.settings().motion_speed, 2.0);
        QVERIFY(!changed.isEmpty());
        // Typing an exact value moves the slider.
        typeInto(motion->field(), QStringLiteral("0.35"));
        QCOMPARE(panel.settings().motion_speed, 0.35);
        QCOMPARE(motion->slider()->value(), 7); // 0.35 / 0.05
        auto* steps = panel.findChild<SliderField*>(QStringLiteral("steps"));
        typeInto(steps->field(), QStringLiteral("25"));
        QCOMPARE(panel.settings().steps, 25);
        // A project's values show on both.
        emote::GenerationSettings s;
        s.expression = 1.45;
        s.guidance = 7.5;
        panel.setSettings(s);
        auto* expression = panel.findChild<SliderField*>(QStringLiteral("expression"));
        QCOMPARE(expression->field()->value(), 1.45);
        QCOMPARE(expression->slider()->value(), 29);
        QCOMPARE(panel.findChild<SliderField*>(QStringLiteral("guidance"))->field()->value(), 7.5);
    }

    void outOfRangeNumbersRefusedVisibly()
    {
        SettingsPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* fps = panel.findChild<emote::ui::StrictSpinBox*>(QStringLiteral("fps"));
        auto* error = panel.findChild<QLabel*>(QStringLiteral("inputError"));
        QVERIFY(fps && error);
        QCOMPARE(fps->value(), 25);
        QVERIFY(!error->isVisibleTo(&panel));
        QSignalSpy changed(&panel, &SettingsPanel::changed);
        typeInto(fps, QStringLiteral("999"));
        QCOMPARE(fps->value(), 25); // not 9, not 60
        QCOMPARE(panel.settings().fps, 25);
        QVERIFY(changed.isEmpty());
        QVERIFY(error->isVisibleTo(&panel));
        QVERIFY2(error->text().contains(QStringLiteral("999")) && error->text().contains(QStringLiteral("1 to 60")) &&
                     error->text().contains(QStringLiteral("kept 25")),
                 qPrintable(error->text()));
        // A good value is taken and the note goes.
        typeInto(fps, QStringLiteral("30"));
        QCOMPARE(panel.settings().fps, 30);
        QVERIFY(!error->isVisibleTo(&panel));
        // The same for a slider's field.
        auto* motion = panel.findChild<SliderField*>(QStringLiteral("motion"));
        typeInto(motion->field(), QStringLiteral("5"));
        QCOMPARE(panel.settings().motion_speed, 1.0);
        QVERIFY(error->isVisibleTo(&panel));
        QVERIFY(error->text().startsWith(QStringLiteral("Head motion: 5")));
        // CRF too.
        typeInto(panel.findChild<emote::ui::StrictSpinBox*>(QStringLiteral("crf")), QStringLiteral("77"));
        QCOMPARE(panel.settings().crf, 18);
        QVERIFY(error->text().contains(QStringLiteral("77")));
    }

    void emotionChoiceForTheLiveEngine()
    {
        SettingsPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* emotion = panel.findChild<QComboBox*>(QStringLiteral("emotion"));
        auto* intensity = panel.findChild<SliderField*>(QStringLiteral("emotionIntensity"));
        auto* note = panel.findChild<QLabel*>(QStringLiteral("emotionNote"));
        QVERIFY(emotion && intensity && note);
        // Auto from the audio by default, at 0.6, the six choices with their reasons in the tooltip.
        QCOMPARE(emotion->count(), 6);
        QCOMPARE(emotion->currentData().toString(), QStringLiteral("auto"));
        QVERIFY(emotion->currentText().contains(QStringLiteral("audio")));
        QCOMPARE(intensity->value(), 0.6);
        QVERIFY(!emotion->toolTip().isEmpty() && !intensity->field()->toolTip().isEmpty());
        QVERIFY(emotion->isEnabled() && intensity->isEnabled());
        QVERIFY(!note->isVisibleTo(&panel));

        // The user picks Happy and drags the intensity: both reach the settings, each a change.
        QSignalSpy changed(&panel, &SettingsPanel::changed);
        emotion->setCurrentIndex(emotion->findData(QStringLiteral("happy")));
        QCOMPARE(panel.settings().emotion, std::string("happy"));
        QCOMPARE(changed.count(), 1);
        intensity->slider()->setValue(16); // 0.80 in 0.05 steps
        QCOMPARE(intensity->field()->value(), 0.8);
        QCOMPARE(panel.settings().emotion_intensity, 0.8);
        QCOMPARE(changed.count(), 2);
        // Out of range: refused in words, the value stays.
        typeInto(intensity->field(), QStringLiteral("3"));
        QCOMPARE(panel.settings().emotion_intensity, 0.8);
        auto* error = panel.findChild<QLabel*>(QStringLiteral("inputError"));
        QVERIFY2(error->isVisibleTo(&panel) && error->text().startsWith(QStringLiteral("Intensity: 3")),
                 qPrintable(error->text()));
        // Neutral shows no emotion: nothing to strengthen.
        emotion->setCurrentIndex(emotion->findData(QStringLiteral("neutral")));
        QVERIFY(emotion->isEnabled());
        QVERIFY(!intensity->isEnabled());
        emotion->setCurrentIndex(emotion->findData(QStringLiteral("sad")));
        QVERIFY(intensity->isEnabled());

        // Other engines: off, with the reason beside them; the choice is kept for when Live comes back.
        auto* engine = panel.findChild<QComboBox*>(QStringLiteral("engine"));
        engine->setCurrentIndex(engine->findData(QStringLiteral("still")));
        QVERIFY(!emotion->isEnabled() && !intensity->isEnabled());
        QVERIFY(note->isVisibleTo(&panel));
        QVERIFY2(note->text().contains(QStringLiteral("Live")) && note->text().contains(QStringLiteral("Still")),
                 qPrintable(note->text()));
        QCOMPARE(note->text(), panel.emotionNote());
        QCOMPARE(panel.settings().emotion, std::string("sad"));
        engine->setCurrentIndex(engine->findData(QStringLiteral("live")));
        QVERIFY(emotion->isEnabled() && intensity->isEnabled());
        QVERIFY(!note->isVisibleTo(&panel));
        QVERIFY(panel.emotionNote().isEmpty());

        // Saved with the settings and restored.
        QSettings store;
        panel.save(store);
        SettingsPanel again;
        again.load(store);
        QCOMPARE(again.settings().emotion, std::string("sad"));
        QCOMPARE(again.settings().emotion_intensity, 0.8);
        QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("emotion"))->currentData().toString(), QStringLiteral("sad"));
        // A project's values show on the controls.
        emote::GenerationSettings s;
        s.emotion = "angry";
        s.emotion_intensity = 0.35;
        again.setSettings(s);
        QCOMPARE(again.findChild<QComboBox*>(QStringLiteral("emotion"))->currentData().toString(), QStringLiteral("angry"));
        QCOMPARE(again.findChild<SliderField*>(QStringLiteral("emotionIntensity"))->slider()->value(), 7);
    }

    void languageChangeSaysRestart()
    {
        SettingsPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* note = panel.findChild<QLabel*>(QStringLiteral("languageNote"));
        auto* language = panel.findChild<QComboBox*>(QStringLiteral("language"));
        QVERIFY(note && language);
        panel.setLanguage(QStringLiteral("de")); // as load() does: nothing to say
        QVERIFY(!note->isVisibleTo(&panel));
        // The user picks English: the note says a restart shows it.
        const int english = language->findData(QStringLiteral("en"));
        language->setCurrentIndex(english);
        Q_EMIT language->activated(english);
        QVERIFY(note->isVisibleTo(&panel));
        QVERIFY2(note->text().contains(QStringLiteral("Restart")) && note->text().contains(QStringLiteral("English")),
                 qPrintable(note->text()));
    }

    void seedLock()
    {
        emote::ui::ConsentStore().record(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png"));
        QString why;
        const QString audio = emote::test::makeTone(m_work.path(), QStringLiteral("tone.wav"), 1.0, 16000, 1, &why);
        QVERIFY2(!audio.isEmpty(), qPrintable(why));
        MainWindow w;
        w.projects()->setSavePrompt([](const QString&) { return emote::ui::ProjectController::SaveChoice::Discard; });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        emote::GenerationSettings s;
        s.engine = emote::EngineKind::Still;
        s.size = 128;
        s.fps = 10;
        s.seed = 42;
        w.settingsPanel()->setSettings(s);
        QVERIFY(w.settingsPanel()->seedLocked()); // locked by default: reproducible
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")));
        QVERIFY(w.loadAudio(audio));
        w.setOutputPath(m_work.filePath(QStringLiteral("seeds.mp4")));
        QSignalSpy done(&w, &MainWindow::generationFinished);
        auto take = [&](int n) {
            w.generate();
            return QTest::qWaitFor([&] { return done.count() == n; }, 120000);
        };
        QVERIFY(take(1));
        QVERIFY(take(2));
        const auto& takes = w.takeList()->takes();
        QCOMPARE(takes.at(0).settings.seed, uint64_t(42));
        QCOMPARE(takes.at(1).settings.seed, uint64_t(42));
        // Unlocked: each Generate rolls a new seed, recorded with its take.
        w.settingsPanel()->seedLockButton()->click();
        QVERIFY(!w.settingsPanel()->seedLocked());
        QVERIFY(take(3));
        QVERIFY(take(4));
        const auto& more = w.takeList()->takes();
        QVERIFY(more.at(2).settings.seed != 42 || more.at(3).settings.seed != 42);
        QVERIFY(more.at(2).settings.seed != more.at(3).settings.seed);
        QCOMPARE(more.at(3).settings.seed, w.settingsPanel()->settings().seed);
        // The lock is remembered.
        QSettings store;
        w.settingsPanel()->save(store);
        SettingsPanel again;
        again.load(store);
        QVERIFY(!again.seedLocked());
    }

    void undoRedoSettingsAndCrop()
    {
        MainWindow w;
        w.projects()->setSavePrompt([](const QString&) { return emote::ui::ProjectController::SaveChoice::Discard; });
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSignalSpy faces(&w, &MainWindow::facesDetected);
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")));
        QTRY_COMPARE_WITH_TIMEOUT(faces.count(), 1, 60000);
        emote::ui::EditHistory* history = w.editHistory();
        QCOMPARE(history->stack()->count(), 0); // loading and the faces found are not edits
        QVERIFY(!history->undoAction()->isEnabled());

        // A setting: one step, undone and redone.
        auto s = w.settingsPanel()->settings();
        s.fps = 30;
        w.settingsPanel()->setSettings(s);
        QCOMPARE(history->stack()->count(), 1);
        // A drag (changes in quick succession) is one step.
        auto* motion = w.settingsPanel()->findChild<SliderField*>(QStringLiteral("motion"));
        QTest::qWait(emote::ui::EditHistory::kMergeMs + 100);
        for (int v : {22, 24, 26, 28})
            motion->slider()->setValue(v);
        QCOMPARE(history->stack()->count(), 2);
        QCOMPARE(w.settingsPanel()->settings().motion_speed, 1.4);
        history->undoAction()->trigger();
        QCOMPARE(w.settingsPanel()->settings().motion_speed, 1.0);
        QCOMPARE(w.settingsPanel()->settings().fps, 30);
        history->undoAction()->trigger();
        QCOMPARE(w.settingsPanel()->settings().fps, 25);
        history->redoAction()->trigger();
        QCOMPARE(w.settingsPanel()->settings().fps, 30);
        QCOMPARE(w.settingsPanel()->settings().motion_speed, 1.0);

        // The crop: drawn, undone back to automatic framing, redone.
        QTest::qWait(emote::ui::EditHistory::kMergeMs + 100);
        w.faceCropView()->setCropRect(QRectF(120, 40, 260, 260));
        const QRectF drawn = w.faceCropView()->cropRect();
        QVERIFY(!drawn.isEmpty());
        history->undoAction()->trigger();
        QVERIFY(w.faceCropView()->cropRect().isEmpty());
        history->redoAction()->trigger();
        QCOMPARE(w.faceCropView()->cropRect(), drawn);
        // Ctrl+Z from the keyboard.
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(w.faceCropView()->cropRect().isEmpty());

        // The emotion and its intensity are steps too.
        QTest::qWait(emote::ui::EditHistory::kMergeMs + 100);
        auto* emotion = w.settingsPanel()->findChild<QComboBox*>(QStringLiteral("emotion"));
        emotion->setCurrentIndex(emotion->findData(QStringLiteral("surprised")));
        QTest::qWait(emote::ui::EditHistory::kMergeMs + 100);
        w.settingsPanel()->findChild<SliderField*>(QStringLiteral("emotionIntensity"))->setValue(0.9);
        QCOMPARE(w.settingsPanel()->settings().emotion_intensity, 0.9);
        history->undoAction()->trigger();
        QCOMPARE(w.settingsPanel()->settings().emotion_intensity, 0.6);
        QCOMPARE(w.settingsPanel()->settings().emotion, std::string("surprised"));
        history->undoAction()->trigger();
        QCOMPARE(w.settingsPanel()->settings().emotion, std::string("auto"));
        QCOMPARE(emotion->currentData().toString(), QStringLiteral("auto"));
        history->redoAction()->trigger();
        QCOMPARE(emotion->currentData().toString(), QStringLiteral("surprised"));

        // A new project starts a new history.
        QVERIFY(w.projects()->newProject());
        QCOMPARE(history->stack()->count(), 0);
    }

    void expandExactStoppedAndRestored()
    {
        emote::ui::FaceCropView view;
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QImage photo(900, 600, QImage::Format_RGB32);
        photo.fill(Qt::gray);
        view.setPhoto(photo);
        emote::ui::FaceOverlay face;
        face.box = QRectF(400, 220, 100, 120);
        view.setFaces({face});
        emote::ui::StrictDoubleSpinBox* field = view.expandField();
        QVERIFY(field);
        // Typed exactly.
        typeInto(field, QStringLiteral("2"));
        QVERIFY(std::abs(view.cropRect().height() - 240.0) < 1.0);
        QVERIFY(std::abs(view.expand() - 2.0) < 1e-6);
        // The slider is logarithmic: the same drag changes 1.5× and 8× by the same ratio.
        QSlider* slider = view.expandSlider();
        slider->setValue(slider->value() + 100);
        const double up = view.expand() / 2.0;
        QVERIFY2(up > 1.2 && up < 1.32, qPrintable(QString::number(up)));
        // Out of range: refused in words.
        typeInto(field, QStringLiteral("50"));
        QVERIFY(view.findChild<QLabel*>(QStringLiteral("faceCropInfo"))->text().contains(QStringLiteral("not possible")));
        // The photo's edge stops the crop at 600 / 120 = 5×: the value says 5×, and why.
        view.setExpand(9.0);
        QVERIFY(std::abs(view.expand() - 5.0) < 0.01);
        QCOMPARE(field->value(), 5.0);
        QVERIFY(view.findChild<QLabel*>(QStringLiteral("faceCropInfo"))->text().contains(QStringLiteral("photo ends")));

        // A project's crop: its Expand value shows once the faces are found.
        emote::ui::FaceCropView reopened;
        reopened.setPhoto(photo);
        emote::GenerationSettings s;
        s.crop_x = 300;
        s.crop_y = 130;
        s.crop_w = 300;
        s.crop_h = 300;
        reopened.restoreFrom(s);
        reopened.setFaces({face});
        QCOMPARE(reopened.expandField()->value(), 2.5);
        QVERIFY(std::abs(reopened.expand() - 2.5) < 1e-6);
    }
};

QTEST_MAIN(TestControls)
#include "test_controls.moc"
