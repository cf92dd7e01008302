#include "ui/timeline_view.h"

#include "core/media/audio_decoder.h"
#include "ui/playback.h"

#include <QAction>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QSettings>
#include <QSlider>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace emote::ui {

namespace {

constexpr int kMarginPx = 8;
constexpr double kMaxPxPerSecond = 2400.0; // ~100 px per frame at 25 fps
constexpr double kZoomStep = 1.5;
constexpr int kWaveSampleRateHz = 4000;
constexpr double kPeaksPerSecond = 200.0;
constexpr int kThumbsPerPaint = 4; // decode budget per paint: keeps every repaint well under a frame

QString timeText(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    const qint64 cs = (ms / 10) % 100, s = (ms / 1000) % 60, m = ms / 60000;
    return QStringLiteral("%1:%2.%3").arg(m).arg(s, 2, 10, QLatin1Char('0')).arg(cs, 2, 10, QLatin1Char('0'));
}

} // namespace

TimelineView::TimelineView(QWidget* parent) : QWidget(parent), m_playback(new Playback(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto* bar = new QHBoxLayout;
    bar->setSpacing(4);
    auto tool = [this](const QString& text, const QString& tip, const QString& name) {
        auto* b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setObjectName(name);
        b->setAutoRaise(true);
        b->setFocusPolicy(Qt::NoFocus); // Space belongs to play/pause, not to the focused button
        return b;
    };
    m_playButton = tool(tr("▶ Play"), tr("Play or pause the generated frames with their sound (Space). On the "
                                         "timeline, Left/Right step a frame, Shift+Left/Right a second, Home/End jump."),
                        QStringLiteral("playButton"));
    m_playButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_playButton->setMinimumWidth(78);
    connect(m_playButton, &QToolButton::clicked, this, &TimelineView::togglePlay);
    auto* stop = tool(tr("■"), tr("Stop: pause and go back to the start (of the loop, when one is on)"),
                      QStringLiteral("stopButton"));
    connect(stop, &QToolButton::clicked, this, &TimelineView::stop);
    auto* back = tool(tr("◀❘"), tr("One frame back (Left)"), QStringLiteral("previousFrameButton"));
    connect(back, &QToolButton::clicked, this, [this] { stepFrames(-1); });
    auto* forward = tool(tr("❘▶"), tr("One frame forward (Right)"), QStringLiteral("nextFrameButton"));
    connect(forward, &QToolButton::clicked, this, [this] { stepFrames(1); });
    m_volume = new QSlider(Qt::Horizontal, this);
    m_volume->setObjectName(QStringLiteral("volumeSlider"));
    m_volume->setRange(0, 100);
    m_volume->setMaximumWidth(90);
    m_volume->setFocusPolicy(Qt::NoFocus);
    m_volume->setValue(int(std::lround(100 * QSettings().value(QStringLiteral("playback/volume"), 1.0).toDouble())));
    m_playback->setVolume(m_volume->value() / 100.0);
    const auto volume_tip = [this] { return tr("Volume: %1%").arg(m_volume->value()); };
    m_volume->setToolTip(volume_tip());
    connect(m_volume, &QSlider::valueChanged, this, [this, volume_tip](int v) {
        m_playback->setVolume(v / 100.0);
        m_volume->setToolTip(volume_tip());
        QSettings().setValue(QStringLiteral("playback/volume"), v / 100.0);
    });
    auto* volume_label = new QLabel(tr("Volume"), this);
    volume_label->setToolTip(tr("Volume of the sound while playing (the video's own sound is not changed)"));
    m_timeLabel = new QLabel(this);
    m_timeLabel->setObjectName(QStringLiteral("timeLabel"));
    m_timeLabel->setMinimumWidth(210);
    m_loopButton = tool(tr("⟲ Loop"), tr("Loop the marked range (Ctrl+L). Shift+drag on the timeline marks a range."),
                        QStringLiteral("loopButton"));
    m_loopButton->setCheckable(true);
    m_loopButton->setEnabled(false);
    connect(m_loopButton, &QToolButton::toggled, m_playback, &Playback::setLoopEnabled);
    auto* zoom_out = tool(tr("−"), tr("Zoom out (Ctrl+minus, Ctrl+wheel)"), QStringLiteral("zoomOutButton"));
    auto* zoom_in = tool(tr("+"), tr("Zoom in (Ctrl+plus, Ctrl+wheel)"), QStringLiteral("zoomInButton"));
    auto* fit = tool(tr("Fit"), tr("Show the whole track (Ctrl+0)"), QStringLiteral("zoomFitButton"));
    connect(zoom_out, &QToolButton::clicked, this, &TimelineView::zoomOut);
    connect(zoom_in, &QToolButton::clicked, this, &TimelineView::zoomIn);
    connect(fit, &QToolButton::clicked, this, &TimelineView::zoomToFit);
    bar->addWidget(m_playButton);
    bar->addWidget(stop);
    bar->addWidget(back);
    bar->addWidget(forward);
    bar->addWidget(m_timeLabel);
    bar->addStretch(1);
    bar->addWidget(volume_label);
    bar->addWidget(m_volume);
    bar->addSpacing(8);
    bar->addWidget(m_loopButton);
    bar->addSpacing(8);
    bar->addWidget(zoom_out);
    bar->addWidget(zoom_in);
    bar->addWidget(fit);
    layout->addLayout(bar);

    m_canvas = new TimelineCanvas(this);
    m_canvas->setObjectName(QStringLiteral("timelineCanvas"));
    layout->addWidget(m_canvas);
    m_scroll = new QScrollBar(Qt::Horizontal, this);
    m_scroll->setObjectName(QStringLiteral("timelineScroll"));
    connect(m_scroll, &QScrollBar::valueChanged, m_canvas, qOverload<>(&QWidget::update));
    layout->addWidget(m_scroll);

    // Window-wide shortcuts: they work wherever the focus is, except in text fields (which take their keys).
    auto action = [this](const QString& text, const QKeySequence& key, const QString& name, auto slot,
                         Qt::ShortcutContext context = Qt::WindowShortcut) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(context);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
        return a;
    };
    action(tr("Play / Pause"), QKeySequence(Qt::Key_Space), QStringLiteral("playPauseAction"), &TimelineView::togglePlay);
    action(tr("Zoom In"), QKeySequence::ZoomIn, QStringLiteral("zoomInAction"), &TimelineView::zoomIn);
    action(tr("Zoom Out"), QKeySequence::ZoomOut, QStringLiteral("zoomOutAction"), &TimelineView::zoomOut);
    action(tr("Zoom to Fit"), QKeySequence(Qt::CTRL | Qt::Key_0), QStringLiteral("zoomFitAction"), &TimelineView::zoomToFit);
    // Frame and second steps, start and end: only while the timeline has the focus (click it), so sliders and
    // lists elsewhere keep their arrow, Home and End keys.
    const auto here = Qt::WidgetWithChildrenShortcut;
    auto step = [this](qint64 delta_ms) {
        m_playback->pause();
        m_playback->seek(m_playback->positionMs() + delta_ms);
    };
    action(tr("Next Frame"), QKeySequence(Qt::Key_Right), QStringLiteral("nextFrameAction"), [this] { stepFrames(1); }, here);
    action(tr("Previous Frame"), QKeySequence(Qt::Key_Left), QStringLiteral("previousFrameAction"), [this] { stepFrames(-1); }, here);
    action(tr("Forward One Second"), QKeySequence(Qt::SHIFT | Qt::Key_Right), QStringLiteral("forwardAction"), [step] { step(1000); }, here);
    action(tr("Back One Second"), QKeySequence(Qt::SHIFT | Qt::Key_Left), QStringLiteral("backAction"), [step] { step(-1000); }, here);
    action(tr("Go to Start"), QKeySequence(Qt::Key_Home), QStringLiteral("startAction"), [this] { m_playback->seek(0); }, here);
    action(tr("Go to End"), QKeySequence(Qt::Key_End), QStringLiteral("endAction"), [this] { m_playback->seek(durationMs()); }, here);
    action(tr("Loop"), QKeySequence(Qt::CTRL | Qt::Key_L), QStringLiteral("loopAction"), [this] {
        if (m_loopButton->isEnabled())
            m_loopButton->toggle();
    });

    connect(m_playback, &Playback::positionChanged, this, &TimelineView::onPosition);
    connect(m_playback, &Playback::playingChanged, this, [this](bool playing) {
        m_playButton->setText(playing ? tr("❚❚ Pause") : tr("▶ Play"));
    });
    connect(m_playback, &Playback::loopChanged, this, [this] {
        m_loopButton->setEnabled(m_playback->hasLoop());
        const QSignalBlocker block(m_loopButton);
        m_loopButton->setChecked(m_playback->loopEnabled());
        m_canvas->update();
    });
    updateTimeLabel();
}

void TimelineView::stepFrames(int frames)
{
    m_playback->pause();
    if (frames > 0) {
        m_playback->seek(m_playback->positionMs() + frames * (1000 / m_fps + 1));
        return;
    }
    // Back to the start of an earlier frame (positions inside a frame round down).
    const qint64 frame = std::max<qint64>(0, currentFrame() + frames);
    m_playback->seek((frame * 1000 + m_fps - 1) / m_fps);
}

void TimelineView::stop() { m_playback->stop(); }

TimelineView::~TimelineView()
{
    m_playback->pause();
    for (QThread* t : std::as_const(m_decodeThreads)) {
        t->wait();
        delete t;
    }
}

bool TimelineView::setAudioFile(const QString& path)
{
    clearFrames();
    m_peaks.clear();
    m_peaksPerSecond = 0;
    const quint64 serial = ++m_audioSerial;
    media::AudioInfo info;
    try {
        info = media::probeAudio(path.toStdString(), media::AudioDecodeOptions{});
    } catch (const std::exception&) {
        m_playback->setAudioFile(QString());
        setDurationMs(0);
        return false; // the window reports unusable files; the timeline just stays empty
    }
    m_playback->setAudioFile(path);
    setDurationMs(qint64(std::llround(info.duration_s * 1000.0)));
    m_playback->setLoop(0, 0);

    // The decode runs beside the UI; an older one still running finishes and is ignored (serial check).
    QThread* thread = QThread::create([this, path, serial] {
        QVector<float> peaks;
        qint64 duration_ms = 0;
        try {
            media::AudioDecodeOptions opt;
            opt.sample_rate_hz = kWaveSampleRateHz;
            opt.channels = 1;
            const AudioBuffer audio = media::decodeAudio(path.toStdString(), opt);
            const int64_t n = audio.frameCount();
            const int per_peak = int(kWaveSampleRateHz / kPeaksPerSecond);
            peaks.resize(int((n + per_peak - 1) / per_peak));
            for (int c = 0; c < peaks.size(); ++c) {
                float peak = 0.f;
                for (int64_t i = int64_t(c) * per_peak; i < std::min<int64_t>(n, int64_t(c + 1) * per_peak); ++i)
                    peak = std::max(peak, std::abs(audio.samples[size_t(i)]));
                peaks[c] = peak;
            }
            // Loudness, not amplitude, reads well: a square root lifts quiet passages without clipping loud ones.
            const float top = peaks.isEmpty() ? 0.f : *std::max_element(peaks.begin(), peaks.end());
            for (float& p : peaks)
                p = std::sqrt(p / std::max(top, 0.01f)); // from -40 dBFS up: silence stays flat
            duration_ms = qint64(std::llround(audio.durationSeconds() * 1000.0));
        } catch (const std::exception&) {
            // The probe accepted it; an undecodable waveform only leaves the lane empty.
        }
        // Queued to the view: dropped if the view is gone (its destructor waits for this thread first).
        QMetaObject::invokeMethod(
            this,
            [this, serial, peaks, duration_ms] {
                if (serial != m_audioSerial)
                    return;
                if (duration_ms > 0)
                    setDurationMs(duration_ms); // the decoded length beats the container's estimate
                setWaveform(peaks, kPeaksPerSecond);
                Q_EMIT waveformReady();
            },
            Qt::QueuedConnection);
    });
    m_decodeThreads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        if (m_decodeThreads.removeOne(thread))
            thread->deleteLater();
    });
    thread->start(QThread::LowPriority);
    return true;
}

void TimelineView::setWaveform(const QVector<float>& peaks, double peaks_per_second)
{
    m_peaks = peaks;
    m_peaksPerSecond = peaks_per_second;
    m_canvas->update();
}

void TimelineView::setDurationMs(qint64 duration_ms)
{
    m_playback->setDurationMs(duration_ms);
    if (m_fitted)
        zoomToFit();
    updateScrollRange();
    updateTimeLabel();
    m_canvas->update();
}

qint64 TimelineView::durationMs() const
{
    return m_playback->durationMs();
}

void TimelineView::setFrameSource(int fps, FrameSource source)
{
    clearFrames();
    m_fps = std::max(1, fps);
    m_source = std::move(source);
}

void TimelineView::clearFrames()
{
    m_available = 0;
    m_lastFrame = -1;
    m_thumbs.clear();
    m_canvas->update();
    updateTimeLabel();
}

void TimelineView::setAvailableFrames(qint64 count)
{
    if (count == m_available)
        return;
    m_available = std::max<qint64>(0, count);
    m_canvas->update();
    updateTimeLabel();
}

qint64 TimelineView::frameAtMs(qint64 ms) const
{
    const qint64 last = std::max<qint64>(0, qint64(std::llround(durationMs() * m_fps / 1000.0)) - 1);
    return std::clamp<qint64>(ms * m_fps / 1000, 0, last);
}

qint64 TimelineView::currentFrame() const
{
    return frameAtMs(m_playback->positionMs());
}

int TimelineView::scrollX() const
{
    return m_scroll->value();
}

int TimelineView::xForMs(qint64 ms) const
{
    return kMarginPx + int(std::lround(ms / 1000.0 * m_pxPerSecond)) - scrollX();
}

qint64 TimelineView::msForX(int x) const
{
    const double s = double(x - kMarginPx + scrollX()) / m_pxPerSecond;
    return std::clamp<qint64>(qint64(std::llround(s * 1000.0)), 0, durationMs());
}

void TimelineView::setPixelsPerSecond(double px_per_s, int anchor_x)
{
    const double fit = durationMs() > 0 ? (m_canvas->width() - 2 * kMarginPx) * 1000.0 / durationMs() : 50.0;
    px_per_s = std::clamp(px_per_s, std::min(fit, kMaxPxPerSecond), kMaxPxPerSecond);
    if (anchor_x < 0)
        anchor_x = m_canvas->width() / 2;
    const double anchor_s = double(anchor_x - kMarginPx + scrollX()) / m_pxPerSecond;
    m_pxPerSecond = px_per_s;
    updateScrollRange();
    m_scroll->setValue(int(std::lround(anchor_s * m_pxPerSecond)) - anchor_x + kMarginPx);
    m_canvas->update();
}

void TimelineView::zoomIn()
{
    m_fitted = false;
    const int x = xForMs(m_playback->positionMs());
    setPixelsPerSecond(m_pxPerSecond * kZoomStep, x >= 0 && x <= m_canvas->width() ? x : -1);
}

void TimelineView::zoomOut()
{
    const int x = xForMs(m_playback->positionMs());
    setPixelsPerSecond(m_pxPerSecond / kZoomStep, x >= 0 && x <= m_canvas->width() ? x : -1);
}

void TimelineView::zoomToFit()
{
    m_fitted = true;
    if (durationMs() > 0)
        m_pxPerSecond = std::max(1.0, (m_canvas->width() - 2 * kMarginPx) * 1000.0 / durationMs());
    updateScrollRange();
    m_scroll->setValue(0);
    m_canvas->update();
}

void TimelineView::togglePlay()
{
    m_playback->toggle();
}

void TimelineView::updateScrollRange()
{
    const int content = int(std::ceil(durationMs() / 1000.0 * m_pxPerSecond)) + 2 * kMarginPx;
    m_scroll->setRange(0, std::max(0, content - m_canvas->width()));
    m_scroll->setPageStep(std::max(1, m_canvas->width()));
    m_scroll->setSingleStep(std::max(1, m_canvas->width() / 10));
}

void TimelineView::updateTimeLabel()
{
    QString text = tr("%1 / %2").arg(timeText(m_playback->positionMs()), timeText(durationMs()));
    if (m_available > 0)
        text += tr(" · frame %1").arg(currentFrame() + 1);
    m_timeLabel->setText(text);
}

void TimelineView::onPosition(qint64 ms)
{
    updateTimeLabel();
    // Keep the playhead in view while playing: page along like an editor does.
    if (m_playback->isPlaying() && !m_fitted) {
        const int x = xForMs(ms);
        if (x > m_canvas->width() - kMarginPx || x < 0)
            m_scroll->setValue(m_scroll->value() + x - kMarginPx * 4);
    }
    m_canvas->update();
    const qint64 frame = frameAtMs(ms);
    if (frame != m_lastFrame && frame < m_available) {
        m_lastFrame = frame;
        Q_EMIT frameRequested(frame);
    }
}

const QPixmap* TimelineView::thumbnail(qint64 index, int height, int* budget)
{
    auto it = m_thumbs.constFind(index);
    if (it != m_thumbs.constEnd())
        return &it.value();
    if (!m_source || index >= m_available || *budget <= 0)
        return nullptr;
    --*budget;
    const QImage frame = m_source(index, height);
    if (frame.isNull())
        return nullptr;
    return &m_thumbs.insert(index, QPixmap::fromImage(frame.scaledToHeight(height, Qt::SmoothTransformation))).value();
}

TimelineCanvas::TimelineCanvas(TimelineView* view) : QWidget(view), m_view(view)
{
    setFixedHeight(kHeight);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setCursor(Qt::IBeamCursor);
    setFocusPolicy(Qt::ClickFocus); // a click gives the timeline the arrow keys (frame steps)
    setToolTip(tr("Click or drag to seek · Shift+drag to mark a loop · Ctrl+wheel to zoom"));
}

void TimelineCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QColor bg(0x1e, 0x20, 0x23), lane(0x2a, 0x2d, 0x31), text(0xb0, 0xb4, 0xb8);
    p.fillRect(rect(), bg);
    const qint64 duration = m_view->durationMs();
    const int x0 = m_view->xForMs(0), x1 = m_view->xForMs(duration);
    const QRect ruler(0, 0, width(), kRulerHeight);
    const QRect thumbs(0, kRulerHeight + 1, width(), kThumbHeight);
    const QRect wave(0, thumbs.bottom() + 2, width(), kWaveHeight);
    if (duration <= 0) {
        p.setPen(text);
        p.drawText(rect(), Qt::AlignCenter, tr("Drop a voice or song to see its timeline"));
        return;
    }
    p.fillRect(QRect(QPoint(std::max(0, x0), thumbs.top()), QPoint(std::min(width(), x1), thumbs.bottom())), lane);
    p.fillRect(QRect(QPoint(std::max(0, x0), wave.top()), QPoint(std::min(width(), x1), wave.bottom())), lane);

    // Ruler: the smallest step whose labels stay ~70 px apart.
    const double px_per_s = m_view->pixelsPerSecond();
    static const double steps[] = {0.04, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600};
    double step = steps[std::size(steps) - 1];
    for (double s : steps)
        if (s * px_per_s >= 70) {
            step = s;
            break;
        }
    p.setPen(text);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.8));
    p.setFont(small);
    const qint64 first = std::max<qint64>(0, m_view->msForX(0) / qint64(step * 1000) - 1);
    for (qint64 k = first;; ++k) {
        const qint64 ms = qint64(std::llround(k * step * 1000));
        if (ms > duration)
            break;
        const int x = m_view->xForMs(ms);
        if (x > width())
            break;
        p.drawLine(x, kRulerHeight - 5, x, kRulerHeight - 1);
        const QString label = step < 1 ? QStringLiteral("%1:%2").arg(ms / 60000).arg((ms % 60000) / 1000.0, 4, 'f', step < 0.1 ? 2 : 1, QLatin1Char('0'))
                                       : QStringLiteral("%1:%2").arg(ms / 60000).arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
        if (x + 3 + p.fontMetrics().horizontalAdvance(label) < width()) // no clipped label at the right edge
            p.drawText(QRect(x + 3, 0, 90, kRulerHeight - 3), Qt::AlignLeft | Qt::AlignVCenter, label);
    }

    // Thumbnails: one per slot of a thumbnail's width, showing the frame at the slot's start.
    const int fps = m_view->fps();
    const qint64 available = m_view->availableFrames();
    if (available > 0) {
        const qint64 done_ms = available * 1000 / fps;
        const int xd = std::min(width(), m_view->xForMs(std::min(done_ms, duration)));
        p.fillRect(QRect(QPoint(std::max(0, x0), thumbs.bottom() - 2), QPoint(xd, thumbs.bottom())), QColor(0x4f, 0xc3, 0xf7));
        int budget = kThumbsPerPaint;
        const QPixmap* any = m_view->m_thumbs.isEmpty() ? nullptr : &m_view->m_thumbs.constBegin().value();
        if (!any)
            any = m_view->thumbnail(0, kThumbHeight - 4, &budget);
        const int tw = any ? std::max(8, any->width()) : kThumbHeight;
        bool missing = false;
        const int first_slot = std::max(0, (0 - x0) / tw);
        for (int slot = first_slot;; ++slot) {
            const int x = x0 + slot * tw;
            if (x > std::min(width(), x1))
                break;
            const qint64 frame = m_view->frameAtMs(m_view->msForX(x));
            if (frame >= available)
                break;
            const int w = std::min({tw, x1 - x, xd - x}); // never past the generated part
            if (w <= 0)
                break;
            if (const QPixmap* pm = m_view->thumbnail(frame, kThumbHeight - 4, &budget))
                p.drawPixmap(QRect(x, thumbs.top() + 1, w, kThumbHeight - 4), *pm, QRect(0, 0, w, pm->height()));
            else
                missing = true;
        }
        if (missing) // finish over the next paints instead of stalling this one
            QTimer::singleShot(15, this, qOverload<>(&QWidget::update));
    } else {
        p.setPen(text);
        p.drawText(thumbs.adjusted(std::max(0, x0) + 6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("Frames appear here as they are generated"));
    }

    // Waveform: the loudest peak under each pixel column, mirrored around the lane's middle.
    const QVector<float>& peaks = m_view->waveform();
    if (!peaks.isEmpty()) {
        p.setPen(QColor(0x81, 0xc7, 0x84));
        const double per_ms = m_view->m_peaksPerSecond / 1000.0;
        const int mid = wave.center().y(), half = wave.height() / 2 - 2;
        for (int x = std::max(0, x0); x < std::min(width(), x1); ++x) {
            const int a = int(m_view->msForX(x) * per_ms), b = std::max(a + 1, int(m_view->msForX(x + 1) * per_ms));
            float peak = 0.f;
            for (int i = a; i < b && i < peaks.size(); ++i)
                peak = std::max(peak, peaks[i]);
            const int h = std::max(1, int(peak * half));
            p.drawLine(x, mid - h, x, mid + h);
        }
    } else {
        p.setPen(text);
        p.drawText(wave.adjusted(std::max(0, x0) + 6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, tr("Reading the waveform…"));
    }

    // Loop range over every lane.
    Playback* pb = m_view->playback();
    if (pb->hasLoop()) {
        const int a = m_view->xForMs(pb->loopInMs()), b = m_view->xForMs(pb->loopOutMs());
        const QColor c = pb->loopEnabled() ? QColor(0xff, 0xd5, 0x4f) : QColor(0x90, 0x90, 0x90);
        QColor fill = c;
        fill.setAlpha(45);
        p.fillRect(QRect(QPoint(a, kRulerHeight), QPoint(b, height())), fill);
        p.setPen(QPen(c, 2));
        p.drawLine(a, 0, a, height());
        p.drawLine(b, 0, b, height());
        p.fillRect(QRect(QPoint(a, 0), QPoint(b, 3)), c);
    }

    // Playhead.
    const int xp = m_view->xForMs(pb->positionMs());
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(0xef, 0x53, 0x50), 2));
    p.drawLine(xp, 4, xp, height());
    QPainterPath head;
    head.moveTo(xp - 6, 0);
    head.lineTo(xp + 6, 0);
    head.lineTo(xp, 8);
    head.closeSubpath();
    p.fillPath(head, QColor(0xef, 0x53, 0x50));
}

void TimelineCanvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_view->durationMs() <= 0)
        return;
    const qint64 ms = m_view->msForX(event->position().toPoint().x());
    if (event->modifiers() & Qt::ShiftModifier) {
        m_drag = Drag::Loop;
        m_loopAnchorMs = ms;
        m_view->playback()->setLoop(ms, ms);
    } else {
        m_drag = Drag::Seek;
        m_view->playback()->seek(ms);
    }
}

void TimelineCanvas::mouseMoveEvent(QMouseEvent* event)
{
    const qint64 ms = m_view->msForX(event->position().toPoint().x());
    if (m_drag == Drag::Seek)
        m_view->playback()->seek(ms);
    else if (m_drag == Drag::Loop)
        m_view->playback()->setLoop(m_loopAnchorMs, ms);
}

void TimelineCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag == Drag::Loop) {
        const qint64 ms = m_view->msForX(event->position().toPoint().x());
        // A Shift+click without a drag clears the range.
        if (std::abs(ms - m_loopAnchorMs) < 1000 / std::max(1, m_view->fps()))
            m_view->playback()->setLoop(0, 0);
        else
            m_view->playback()->setLoop(m_loopAnchorMs, ms);
    }
    m_drag = Drag::None;
}

void TimelineCanvas::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
    if (event->modifiers() & Qt::ControlModifier) {
        m_view->m_fitted = false;
        m_view->setPixelsPerSecond(m_view->pixelsPerSecond() * std::pow(kZoomStep, delta / 120.0),
                                   event->position().toPoint().x());
    } else {
        m_view->m_scroll->setValue(m_view->m_scroll->value() - delta);
    }
    event->accept();
}

void TimelineCanvas::resizeEvent(QResizeEvent*)
{
    if (m_view->m_fitted)
        m_view->zoomToFit();
    else
        m_view->updateScrollRange();
}

} // namespace emote::ui
