// The timeline under the preview: time ruler, frame thumbnails as they are generated, the audio waveform, the
// playhead and a loop range; play/pause (Space), zoom (Ctrl+wheel, buttons), click or drag to seek, Shift+drag
// to mark a loop. Frames come from a FrameSource (the frame cache), so a take plays before it is exported.
//
//   auto* timeline = new emote::ui::TimelineView(parent);
//   timeline->setAudioFile("song.mp3");                     // waveform decoded off the UI thread
//   timeline->setFrameSource(25, [&](qint64 i, int height) { return cachedFrame(i, height); });
//   timeline->setAvailableFrames(120);                      // as frames arrive
//   connect(timeline, &TimelineView::frameRequested, preview, [&](qint64 i) { preview->setImage(cachedFrame(i)); });
#pragma once

#include <QHash>
#include <QImage>
#include <QPixmap>
#include <QPointer>
#include <QVector>
#include <QWidget>

#include <functional>

class QLabel;
class QScrollBar;
class QSlider;
class QThread;
class QToolButton;

namespace emote::ui {

class Playback;
class TimelineCanvas;

class TimelineView : public QWidget {
    Q_OBJECT
public:
    // Frame INDEX at about MAX_HEIGHT pixels tall or more (0 = full size): thumbnails ask for small ones.
    using FrameSource = std::function<QImage(qint64 index, int max_height)>;

    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    Playback* playback() const { return m_playback; }
    TimelineCanvas* canvas() const { return m_canvas; }

    // Probes the duration at once, decodes the waveform on a worker thread (waveformReady() follows).
    // Returns false (and clears the timeline) when the file cannot be read.
    bool setAudioFile(const QString& path);
    void setWaveform(const QVector<float>& peaks, double peaks_per_second); // 0..1 each
    const QVector<float>& waveform() const { return m_peaks; }
    void setDurationMs(qint64 duration_ms);
    qint64 durationMs() const;

    // A new take: FPS maps time to frames, SOURCE decodes a frame (null image when missing).
    void setFrameSource(int fps, FrameSource source);
    void clearFrames();
    void setAvailableFrames(qint64 count); // frames 0..count-1 can be shown
    qint64 availableFrames() const { return m_available; }
    int fps() const { return m_fps; }
    qint64 frameAtMs(qint64 ms) const;
    qint64 currentFrame() const;

    double pixelsPerSecond() const { return m_pxPerSecond; }
    void setPixelsPerSecond(double px_per_s, int anchor_x = -1); // anchor_x: canvas x that stays put
    int scrollX() const;
    int xForMs(qint64 ms) const;  // canvas x of a time
    qint64 msForX(int x) const;   // time at a canvas x

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void togglePlay();
    void stepFrames(int frames); // pauses, then one frame (or more) forward or back
    void stop();

Q_SIGNALS:
    void waveformReady();
    void frameRequested(qint64 index); // the playhead moved onto frame INDEX (it is available)

private:
    friend class TimelineCanvas;
    const QPixmap* thumbnail(qint64 index, int height, int* budget);
    void updateScrollRange();
    void updateTimeLabel();
    void onPosition(qint64 ms);

    Playback* m_playback = nullptr;
    TimelineCanvas* m_canvas = nullptr;
    QScrollBar* m_scroll = nullptr;
    QToolButton* m_playButton = nullptr;
    QToolButton* m_loopButton = nullptr;
    QSlider* m_volume = nullptr;
    QLabel* m_timeLabel = nullptr;

    QVector<float> m_peaks;
    double m_peaksPerSecond = 0;
    double m_pxPerSecond = 50;
    bool m_fitted = true; // zoom follows the width until the user zooms
    int m_fps = 25;
    qint64 m_available = 0;
    qint64 m_lastFrame = -1;
    FrameSource m_source;
    QHash<qint64, QPixmap> m_thumbs;
    quint64 m_audioSerial = 0;
    QList<QThread*> m_decodeThreads; // waveform decodes still running (a newer file does not wait for them)
};

// The painted part: ruler, thumbnails, waveform, loop range, playhead; mouse seeking and loop marking.
class TimelineCanvas : public QWidget {
    Q_OBJECT
public:
    explicit TimelineCanvas(TimelineView* view);
    QSize sizeHint() const override { return {600, kHeight}; }
    QSize minimumSizeHint() const override { return {200, kHeight}; }

    static constexpr int kRulerHeight = 18;
    static constexpr int kThumbHeight = 54;
    static constexpr int kWaveHeight = 46;
    static constexpr int kHeight = kRulerHeight + kThumbHeight + kWaveHeight + 4;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    enum class Drag { None, Seek, Loop };
    TimelineView* m_view;
    Drag m_drag = Drag::None;
    qint64 m_loopAnchorMs = 0;
};

} // namespace emote::ui
