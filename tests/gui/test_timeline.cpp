// Timeline, playback, frame cache and face-crop view, offscreen: seek / play / pause / loop on a fake clock,
// zoom, the frame cache filled during a generate run and played back into the preview, face choice by click,
// crop drag / resize / expand feeding the settings, the mask toggle. Nothing here needs an audio device.
#include "test_support.h"
#include "core/engine/frame_cache.h"
#include "ui/consent_store.h"
#include "ui/face_crop_view.h"
#include "ui/generation_worker.h"
#include "ui/main_window.h"
#include "ui/playback.h"
#include "ui/preview_view.h"
#include "ui/settings_panel.h"
#include "ui/strict_spin_box.h"
#include "ui/timeline_view.h"

#include <QAction>
#include <QApplication>
#include <QPushButton>
#include <QVBoxLayout>
#include <QCheckBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace emote::ui;

namespace {

// A clock the test moves by hand: position = origin + advanced time while running.
class FakeClock final : public PlaybackClock {
public:
    void start(qint64 from_ms) override { m_pos = from_ms; m_running = true; ++starts; }
    void stop() override { m_running = false; }
    void seek(qint64 ms) override { m_pos = ms; }
    qint64 positionMs() const override { return m_pos; }
    void advance(qint64 ms) { if (m_running) m_pos += ms; }
    bool running() const { return m_running; }
    void setVolume(double v) override { volume = v; }
    int starts = 0;
    double volume = -1;

private:
    qint64 m_pos = 0;
    bool m_running = false;
};

// A frame whose red channel encodes its index (for checking which frame was shown).
QImage numbered(qint64 index, int = 0)
{
    QImage img(64, 48, QImage::Format_RGB888);
    img.fill(QColor(int(index * 5 % 256), 80, 160));
    return img;
}

QPoint at(const QPointF& p) { return p.toPoint(); }

// Three faces side by side on a 900 × 600 photo, largest first (as face analysis lists them).
QVector<FaceOverlay> threeFaces()
{
    QVector<FaceOverlay> faces(3);
    faces[0].box = QRectF(100, 200, 160, 180);
    faces[1].box = QRectF(420, 220, 120, 140);
    faces[2].box = QRectF(700, 240, 90, 100);
    return faces;
}

QImage photo900x600()
{
    QImage img(900, 600, QImage::Format_RGB888);
    img.fill(QColor(120, 140, 160));
    return img;
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;
    QTemporaryDir m_work;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // the frame cache goes under ~/.qttest, not the user's cache
        QCoreApplication::setOrganizationName(QStringLiteral("EmoteTest"));
        QCoreApplication::setApplicationName(QStringLiteral("emote-studio-timeline-test"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings().clear();
    }

    void seekPlayPauseLoopOnFakeClock()
    {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* timeline = new TimelineView(&window);
        layout->addWidget(timeline);
        auto* slider = new QSlider(Qt::Horizontal, &window); // another widget that uses the arrow keys
        slider->setRange(0, 100);
        layout->addWidget(slider);
        window.resize(900, 200);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto owned = std::make_unique<FakeClock>();
        FakeClock* clock = owned.get();
        Playback* pb = timeline->playback();
        pb->setClock(std::move(owned));
        timeline->setDurationMs(4000);
        timeline->setFrameSource(10, numbered);
        timeline->setAvailableFrames(40);
        QSignalSpy frames(timeline, &TimelineView::frameRequested);

        // Click to seek: the playhead lands where the click was, the frame under it is requested.
        QWidget* canvas = reinterpret_cast<QWidget*>(timeline->canvas());
        const int x1s = timeline->xForMs(1000);
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(x1s, 40));
        const qint64 ms_per_px = qint64(std::ceil(1000.0 / timeline->pixelsPerSecond()));
        QVERIFY2(std::abs(pb->positionMs() - 1000) <= ms_per_px, qPrintable(QString::number(pb->positionMs())));
        QVERIFY(!frames.isEmpty());
        QCOMPARE(frames.last().at(0).toLongLong(), timeline->frameAtMs(pb->positionMs()));
        QVERIFY(!pb->isPlaying());

        // Drag scrubs.
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(timeline->xForMs(500), 40));
        QMouseEvent move(QEvent::MouseMove, QPointF(timeline->xForMs(2500), 40), canvas->mapToGlobal(QPointF(timeline->xForMs(2500), 40)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(canvas, &move);
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(timeline->xForMs(2500), 40));
        QVERIFY(std::abs(pb->positionMs() - 2500) <= ms_per_px);

        // Play from 1.0 s: the picture follows the clock.
        pb->seek(1000);
        pb->play();
        QVERIFY(pb->isPlaying());
        QVERIFY(clock->running());
        clock->advance(500);
        pb->tick();
        QCOMPARE(pb->positionMs(), qint64(1500));
        QCOMPARE(timeline->currentFrame(), qint64(15));
        QCOMPARE(frames.last().at(0).toLongLong(), qint64(15));
        QCOMPARE(timeline->findChild<QToolButton*>(QStringLiteral("playButton"))->text(), tr("❚❚ Pause"));

        // Pause freezes it.
        pb->pause();
        QVERIFY(!clock->running());
        clock->advance(700);
        pb->tick();
        QCOMPARE(pb->positionMs(), qint64(1500));

        // Space toggles play / pause wherever the focus is in the window.
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(pb->isPlaying());
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(!pb->isPlaying());

        // On the (clicked, so focused) timeline arrow keys step frames (10 fps: 100 ms), Shift+arrows seconds,
        // Home/End jump.
        QVERIFY(canvas->hasFocus());
        pb->seek(1500);
        QTest::keyClick(&window, Qt::Key_Right);
        QCOMPARE(timeline->currentFrame(), qint64(16));
        QTest::keyClick(&window, Qt::Key_Left);
        QTest::keyClick(&window, Qt::Key_Left);
        QCOMPARE(timeline->currentFrame(), qint64(14));
        QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
        QCOMPARE(timeline->currentFrame(), qint64(24));
        QTest::keyClick(&window, Qt::Key_End);
        QCOMPARE(pb->positionMs(), qint64(4000));
        QTest::keyClick(&window, Qt::Key_Home);
        QCOMPARE(pb->positionMs(), qint64(0));
        QTest::keyClick(&window, Qt::Key_Left);
        QCOMPARE(pb->positionMs(), qint64(0));
        // Elsewhere the arrows belong to the focused widget; Space still plays.
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_Right);
        QCOMPARE(slider->value(), 1);
        QCOMPARE(pb->positionMs(), qint64(0));
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(pb->isPlaying());
        QTest::keyClick(slider, Qt::Key_Space);
        QVERIFY(!pb->isPlaying());

        // Shift+drag marks a loop; playback wraps inside it.
        QTest::mousePress(canvas, Qt::LeftButton, Qt::ShiftModifier, QPoint(timeline->xForMs(2000), 40));
        QMouseEvent loop_move(QEvent::MouseMove, QPointF(timeline->xForMs(3000), 40),
                              canvas->mapToGlobal(QPointF(timeline->xForMs(3000), 40)), Qt::NoButton, Qt::LeftButton,
                              Qt::ShiftModifier);
        QCoreApplication::sendEvent(canvas, &loop_move);
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::ShiftModifier, QPoint(timeline->xForMs(3000), 40));
        QVERIFY(pb->hasLoop());
        QVERIFY(pb->loopEnabled());
        QVERIFY(std::abs(pb->loopInMs() - 2000) <= ms_per_px);
        QVERIFY(std::abs(pb->loopOutMs() - 3000) <= ms_per_px);
        auto* loop_button = timeline->findChild<QToolButton*>(QStringLiteral("loopButton"));
        QVERIFY(loop_button->isEnabled() && loop_button->isChecked());
        pb->play(); // outside the loop: starts at its beginning
        QCOMPARE(pb->positionMs(), pb->loopInMs());
        clock->advance(pb->loopOutMs() - pb->loopInMs() + 100);
        pb->tick();
        QCOMPARE(pb->positionMs(), pb->loopInMs() + 100);
        QVERIFY(pb->isPlaying());

        // Without the loop, playback stops at the end.
        loop_button->click();
        QVERIFY(!pb->loopEnabled());
        clock->advance(5000);
        pb->tick();
        QVERIFY(!pb->isPlaying());
        QCOMPARE(pb->positionMs(), qint64(4000));
        QCOMPARE(timeline->currentFrame(), qint64(39)); // the last frame, not one past it
        pb->play(); // from the end: starts over
        QCOMPARE(pb->positionMs(), qint64(0));
        pb->pause();

        // Frames not generated yet are never requested.
        timeline->setAvailableFrames(10);
        const int before = frames.count();
        pb->seek(3000);
        QCOMPARE(frames.count(), before);
        pb->seek(500);
        QCOMPARE(frames.count(), before + 1);
    }

    void playerBar()
    {
        TimelineView timeline;
        timeline.resize(900, 160);
        auto owned = std::make_unique<FakeClock>();
        FakeClock* clock = owned.get();
        timeline.playback()->setClock(std::move(owned));
        QCOMPARE(clock->volume, 1.0); // the volume goes to whichever clock plays
        timeline.setDurationMs(4000);
        timeline.setFrameSource(25, numbered);
        timeline.setAvailableFrames(100);
        Playback* playback = timeline.playback();
        playback->seek(2000);
        auto button = [&](const char* name) { return timeline.findChild<QToolButton*>(QLatin1String(name)); };
        // Frame steps.
        button("nextFrameButton")->click();
        QCOMPARE(timeline.currentFrame(), qint64(51));
        button("previousFrameButton")->click();
        button("previousFrameButton")->click();
        QCOMPARE(timeline.currentFrame(), qint64(49));
        // Stop: paused, back at the start; with a loop on, at the loop's start.
        button("playButton")->click();
        QVERIFY(playback->isPlaying());
        button("stopButton")->click();
        QVERIFY(!playback->isPlaying());
        QCOMPARE(playback->positionMs(), qint64(0));
        playback->setLoop(1000, 3000);
        playback->seek(2500);
        button("stopButton")->click();
        QCOMPARE(playback->positionMs(), qint64(1000));
        // Volume: to the clock, remembered for the next timeline.
        auto* volume = timeline.findChild<QSlider*>(QStringLiteral("volumeSlider"));
        volume->setValue(40);
        QCOMPARE(clock->volume, 0.4);
        QVERIFY(volume->toolTip().contains(QStringLiteral("40%")));
        TimelineView again;
        QCOMPARE(again.findChild<QSlider*>(QStringLiteral("volumeSlider"))->value(), 40);
        QCOMPARE(again.playback()->volume(), 0.4);
    }

    void zoomAndWaveform()
    {
        QString why;
        const QString tone = emote::test::makeTone(m_work.path(), QStringLiteral("tone.wav"), 3.0, 16000, 1, &why);
        QVERIFY2(!tone.isEmpty(), qPrintable(why));
        TimelineView timeline;
        timeline.resize(800, 160);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        QSignalSpy wave(&timeline, &TimelineView::waveformReady);
        QVERIFY(dynamic_cast<ElapsedClock*>(timeline.playback()->clock())); // nothing multimedia before a file
        QVERIFY(timeline.setAudioFile(tone));
        // The audio player's clock only where an audio output exists (never a QAudioOutput headless).
        QCOMPARE(dynamic_cast<AudioClock*>(timeline.playback()->clock()) != nullptr, Playback::audioOutputAvailable());
        QVERIFY(std::abs(timeline.durationMs() - 3000) < 50);
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 1, 30000);
        QVERIFY(timeline.waveform().size() > 100);
        QVERIFY(*std::max_element(timeline.waveform().begin(), timeline.waveform().end()) > 0.9f);
        QVERIFY(!timeline.setAudioFile(QStringLiteral("/nonexistent/nothing.wav")));
        QCOMPARE(timeline.durationMs(), qint64(0));
        QVERIFY(timeline.setAudioFile(tone));
        QTRY_COMPARE_WITH_TIMEOUT(wave.count(), 2, 30000);

        // Fitted: the whole track in view; zoom in shows less, Ctrl+wheel zooms around the mouse, Fit restores.
        const double fit = timeline.pixelsPerSecond();
        QVERIFY(timeline.xForMs(3000) <= timeline.canvas()->width());
        timeline.findChild<QToolButton*>(QStringLiteral("zoomInButton"))->click();
        QVERIFY(timeline.pixelsPerSecond() > fit * 1.4);
        QWidget* canvas = reinterpret_cast<QWidget*>(timeline.canvas());
        const QPoint mouse(300, 60);
        const qint64 under = timeline.msForX(mouse.x());
        QWheelEvent wheel(mouse, canvas->mapToGlobal(mouse), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::ControlModifier,
                          Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(canvas, &wheel);
        QVERIFY(timeline.pixelsPerSecond() > fit * 3);
        QVERIFY2(std::abs(timeline.msForX(mouse.x()) - under) <= 20, "the time under the mouse stays put");
        QVERIFY(timeline.xForMs(3000) > timeline.canvas()->width()); // scrolled content now
        timeline.findChild<QToolButton*>(QStringLiteral("zoomFitButton"))->click();
        QCOMPARE(timeline.pixelsPerSecond(), fit);
        timeline.findChild<QToolButton*>(QStringLiteral("zoomOutButton"))->click();
        QCOMPARE(timeline.pixelsPerSecond(), fit); // never smaller than the whole track
    }

    void frameCacheFilledDuringGenerateAndPlayedBack()
    {
        emote::ui::ConsentStore().record(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png"));
        QString why;
        const QString tone = emote::test::makeTone(m_work.path(), QStringLiteral("gen.wav"), 1.5, 16000, 1, &why);
        QVERIFY2(!tone.isEmpty(), qPrintable(why));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QVERIFY(w.frameCache());
        auto settings = w.settingsPanel()->settings();
        settings.engine = emote::EngineKind::Still;
        settings.size = 128;
        settings.fps = 10;
        w.settingsPanel()->setSettings(settings);
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")));
        QVERIFY(w.loadAudio(tone));
        const QString out = m_work.filePath(QStringLiteral("cached.mp4"));
        w.setOutputPath(out);
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        QSignalSpy failed(&w, &MainWindow::generationFailed);
        w.generate();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));

        // Every frame is in the cache (not only the throttled previews) and the timeline knows it.
        emote::FrameCache* cache = w.frameCache();
        const qint64 job = w.frameCacheJob();
        QCOMPARE(cache->contiguousFrames(job), qint64(15));
        QCOMPARE(w.timeline()->availableFrames(), qint64(15));
        emote::Image frame;
        QVERIFY(cache->get(job, 14, frame));
        QCOMPARE(frame.height, 128);
        QVERIFY(!cache->status(job).truncated);

        // Seeking the timeline shows that cached frame in the preview, before any export step.
        w.preview()->setImage(QImage());
        w.timeline()->playback()->seek(700);
        QCOMPARE(w.timeline()->currentFrame(), qint64(7));
        QVERIFY(!w.preview()->image().isNull());
        QCOMPARE(w.preview()->image().height(), 128);

        // Space plays the take (a timer clock offscreen: no audio device is needed or touched).
        auto owned = std::make_unique<FakeClock>();
        FakeClock* clock = owned.get();
        w.timeline()->playback()->setClock(std::move(owned));
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(w.timeline()->playback()->isPlaying());
        clock->advance(300);
        w.timeline()->playback()->tick();
        QCOMPARE(w.timeline()->currentFrame(), qint64(10));
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!w.timeline()->playback()->isPlaying());

        // A second take replaces the first in the cache.
        w.generate();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
        QVERIFY(w.frameCacheJob() != job);
        QVERIFY(!cache->has(job, 0));
        QCOMPARE(cache->contiguousFrames(w.frameCacheJob()), qint64(15));
    }

    void faceChosenByClick()
    {
        FaceCropView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy changed(&view, &FaceCropView::changed);
        view.setPhoto(photo900x600());
        view.setFaces(threeFaces());
        QCOMPARE(view.selectedFace(), -1);
        QCOMPARE(view.activeFace(), 0); // automatic: the largest
        emote::GenerationSettings s;
        view.applyTo(s);
        QCOMPARE(s.face_index, -1);
        QCOMPARE(s.crop_w, 0.0);

        QWidget* canvas = reinterpret_cast<QWidget*>(view.canvas());
        const int before = changed.count();
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, at(view.canvas()->toWidget(threeFaces()[2].box.center())));
        QCOMPARE(view.selectedFace(), 2);
        QVERIFY(changed.count() > before);
        view.applyTo(s);
        QCOMPARE(s.face_index, 2);
        QCOMPARE(s.crop_w, 0.0); // still automatic framing, now around face 3
        QVERIFY(view.shownCropRect().contains(threeFaces()[2].box.center()));

        // A click beside every face changes nothing.
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, at(view.canvas()->toWidget(QPointF(30, 30))));
        QCOMPARE(view.selectedFace(), 2);
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, at(view.canvas()->toWidget(threeFaces()[1].box.center())));
        QCOMPARE(view.selectedFace(), 1);
    }

    void cropDragResizeAndExpandFeedSettings()
    {
        FaceCropView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setPhoto(photo900x600());
        view.setFaces(threeFaces());
        view.setOutputAspect(1.0);
        view.selectFace(1);
        QWidget* canvas = reinterpret_cast<QWidget*>(view.canvas());
        const QRectF start = view.shownCropRect();
        QVERIFY(view.cropRect().isEmpty());

        // Drag inside the box (not a click): it moves by the same photo distance and becomes the user's crop.
        const QPointF grab = start.center() + QPointF(0, start.height() * 0.35); // below the face box
        const QPointF to = grab + QPointF(-60, -20);
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, at(view.canvas()->toWidget(grab)));
        for (int k = 1; k <= 4; ++k) {
            const QPointF p = view.canvas()->toWidget(grab + (to - grab) * (k / 4.0));
            QMouseEvent move(QEvent::MouseMove, p, canvas->mapToGlobal(p), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
            QCoreApplication::sendEvent(canvas, &move);
        }
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, at(view.canvas()->toWidget(to)));
        QCOMPARE(view.selectedFace(), 1); // a drag is not a click
        const QRectF moved = view.cropRect();
        QVERIFY(!moved.isEmpty());
        const double px = 1.0 / (view.canvas()->imageRect().width() / 900.0); // one widget pixel in photo pixels
        QVERIFY2(std::abs(moved.x() - (start.x() - 60)) <= 2 * px, qPrintable(QString::number(moved.x())));
        QVERIFY(std::abs(moved.y() - (start.y() - 20)) <= 2 * px);
        emote::GenerationSettings s;
        view.applyTo(s);
        QVERIFY(std::abs(s.crop_x - moved.x()) <= 1 && std::abs(s.crop_w - moved.width()) <= 1);
        QVERIFY(s.crop_h > 0);
        s.validate();

        // Resize from the bottom-right corner: the top-left stays, the output's square shape is kept.
        const QRectF c = view.cropRect();
        const QPointF corner = view.canvas()->toWidget(c.bottomRight());
        const QPointF target = view.canvas()->toWidget(c.bottomRight() + QPointF(-40, -80));
        QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, at(corner));
        QMouseEvent drag(QEvent::MouseMove, target, canvas->mapToGlobal(target), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(canvas, &drag);
        QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, at(target));
        const QRectF r = view.cropRect();
        QVERIFY(std::abs(r.x() - c.x()) <= 2 * px && std::abs(r.y() - c.y()) <= 2 * px);
        QVERIFY(r.width() < c.width() - 30);
        QVERIFY(std::abs(r.width() - r.height()) < 1.0);

        // The expand slider grows the crop around the chosen face, inside the photo.
        QSlider* slider = view.expandSlider();
        slider->setValue(slider->maximum());
        const QRectF big = view.cropRect();
        QVERIFY(big.height() > r.height());
        QVERIFY(QRectF(0, 0, 900, 600).contains(big));
        QVERIFY(big.contains(threeFaces()[1].box.center()));
        view.expandField()->setValue(1.5); // 1.5 face heights, typed exactly
        QVERIFY(std::abs(view.cropRect().height() - threeFaces()[1].box.height() * 1.5) < 1.0);

        // Tight on face 2: the engine sees only that face, so it is face 0 of the crop.
        view.applyTo(s);
        QCOMPARE(s.face_index, 0);
        // Wide (whole height), face 2 is the second of the faces inside.
        slider->setValue(slider->maximum());
        view.applyTo(s);
        QVERIFY(view.cropRect().contains(threeFaces()[0].box.center()));
        QCOMPARE(s.face_index, 1);

        // A crop with no face in it is flagged before Generate would fail on it.
        const QRectF keep = view.cropRect();
        view.setCropRect(QRectF(0, 0, 90, 90));
        QVERIFY(view.findChild<QLabel*>(QStringLiteral("faceCropInfo"))->text().contains(QStringLiteral("No face")));
        view.setCropRect(keep);
        QVERIFY(!view.findChild<QLabel*>(QStringLiteral("faceCropInfo"))->text().contains(QStringLiteral("No face")));

        // A wider output aspect reshapes the crop; automatic framing forgets it.
        view.setOutputAspect(16.0 / 9.0);
        QVERIFY(std::abs(view.cropRect().width() / view.cropRect().height() - 16.0 / 9.0) < 0.01);
        view.findChild<QPushButton*>(QStringLiteral("resetCropButton"))->click();
        view.applyTo(s);
        QCOMPARE(s.crop_w, 0.0);
        QCOMPARE(s.face_index, 1);
    }

    void maskToggle()
    {
        FaceCropView view;
        view.resize(900, 700);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setPhoto(photo900x600());
        QVERIFY(!view.maskToggle()->isEnabled()); // no face, no mask
        view.setFaces(threeFaces());
        QVERIFY(view.maskToggle()->isEnabled());
        QVERIFY(!view.maskVisible());
        QVERIFY(view.maskOverlay().isNull());
        view.maskToggle()->click();
        QVERIFY(view.maskVisible());
        QImage mask = view.maskOverlay();
        QCOMPARE(mask.size(), QSize(900, 600));
        QVERIFY(qAlpha(mask.pixel(180, 290)) > 0); // inside face 1 (the active one)
        QCOMPARE(qAlpha(mask.pixel(480, 290)), 0); // face 2 is not chosen
        QCOMPARE(qAlpha(mask.pixel(20, 20)), 0);
        view.selectFace(1);
        mask = view.maskOverlay();
        QVERIFY(qAlpha(mask.pixel(480, 290)) > 0);
        QCOMPARE(qAlpha(mask.pixel(180, 290)), 0);
        view.maskToggle()->click();
        QVERIFY(!view.maskVisible());
        QVERIFY(view.maskOverlay().isNull());
    }

    void windowPassesCropAndFaceToTheJob()
    {
        // What the Face & Crop tab shows is what Generate makes: a 2:1 crop at the photo's own aspect gives a
        // 2:1 video; a crop dragged past the photo is clamped into it, never sent outside.
        emote::ui::ConsentStore().record(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png"));
        QString why;
        const QString tone = emote::test::makeTone(m_work.path(), QStringLiteral("crop.wav"), 0.6, 16000, 1, &why);
        QVERIFY2(!tone.isEmpty(), qPrintable(why));
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto settings = w.settingsPanel()->settings();
        settings.engine = emote::EngineKind::Still;
        settings.size = 128;
        settings.fps = 10;
        settings.aspect = 0; // the source's aspect: here, the crop's
        w.settingsPanel()->setSettings(settings);
        QVERIFY(w.loadPortrait(emote::test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")));
        QVERIFY(w.loadAudio(tone));
        FaceCropView* view = w.faceCropView();
        QVERIFY(view->isVisible());
        QCOMPARE(view->photo().size(), QSize(512, 512));
        view->setCropRect(QRectF(400, 400, 300, 300)); // clamped into the 512² photo
        emote::GenerationSettings s = w.settingsPanel()->settings();
        view->applyTo(s);
        QVERIFY(s.crop_x + s.crop_w <= 512 && s.crop_y + s.crop_h <= 512);
        QCOMPARE(s.crop_w, 300.0);
        s.validate();

        view->setCropRect(QRectF(100, 300, 300, 150));
        w.setOutputPath(m_work.filePath(QStringLiteral("crop.mp4")));
        QSignalSpy finished(&w, &MainWindow::generationFinished);
        QSignalSpy failed(&w, &MainWindow::generationFailed);
        w.generate();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() > 0, 120000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
        emote::Image frame;
        QVERIFY(w.frameCache()->get(w.frameCacheJob(), 0, frame));
        QCOMPARE(frame.height, 128);
        QCOMPARE(frame.width, 256);
    }
};

int main(int argc, char** argv)
{
    // As in the app: Qt 6.4's default media backend crashes headless; FFmpeg's does not (DESIGN.md §5).
    qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true); // as QTEST_MAIN does
    TestTimeline test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_timeline.moc"
