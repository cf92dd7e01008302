#include "ui/playback.h"

#include <QAudioDevice>
#include <QAudioOutput>
#include <QMediaDevices>
#include <QMediaPlayer>
#include <QTimer>
#include <QUrl>

#include <algorithm>

namespace emote::ui {

void ElapsedClock::start(qint64 from_ms)
{
    m_originMs = from_ms;
    m_timer.start();
    m_running = true;
}

void ElapsedClock::stop()
{
    m_originMs = positionMs();
    m_running = false;
}

void ElapsedClock::seek(qint64 ms)
{
    m_originMs = ms;
    m_timer.start();
}

qint64 ElapsedClock::positionMs() const
{
    return m_running ? m_originMs + m_timer.elapsed() : m_originMs;
}

AudioClock::AudioClock() : m_player(new QMediaPlayer), m_output(new QAudioOutput)
{
    m_player->setAudioOutput(m_output);
    QObject::connect(m_player, &QMediaPlayer::positionChanged, m_player, [this](qint64 ms) {
        // Just after a seek the player may still report where it was: ignore reports far from the target.
        if (m_sinceSeek.isValid() && m_sinceSeek.elapsed() < 300 && std::abs(ms - m_seekMs) > 1000)
            return;
        m_reportedMs = ms;
        m_sinceReport.start();
    });
}

AudioClock::~AudioClock()
{
    m_player->stop();
    delete m_player;
    delete m_output;
}

void AudioClock::setAudioFile(const QString& path)
{
    m_player->stop();
    m_player->setSource(QUrl::fromLocalFile(path));
}

void AudioClock::start(qint64 from_ms)
{
    seek(from_ms);
    m_running = true;
    m_player->play();
}

void AudioClock::stop()
{
    m_shownMs = m_reportedMs = positionMs();
    m_running = false;
    m_player->pause();
}

void AudioClock::seek(qint64 ms)
{
    m_player->setPosition(ms);
    m_reportedMs = m_seekMs = m_shownMs = ms;
    m_sinceReport.start();
    m_sinceSeek.start();
}

void AudioClock::setVolume(double volume) { m_output->setVolume(float(volume)); }

qint64 AudioClock::positionMs() const
{
    if (!m_running)
        return m_shownMs;
    // The player reports every few tens of ms; in between, wall time fills in (never more than a quarter of a
    // second, so a stalled device shows as a stalled picture, not a runaway one). A report behind what was
    // already shown holds the picture until the sound catches up instead of stepping it back.
    m_shownMs = std::max(m_shownMs, m_reportedMs + std::min<qint64>(m_sinceReport.elapsed(), 250));
    return m_shownMs;
}

bool Playback::audioOutputAvailable()
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

Playback::Playback(QObject* parent)
    : QObject(parent), m_clock(std::make_unique<ElapsedClock>()), m_timer(new QTimer(this))
{
    m_timer->setInterval(10);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &Playback::tick);
}

Playback::~Playback() = default;

void Playback::setClock(std::unique_ptr<PlaybackClock> clock)
{
    pause();
    m_clock = std::move(clock);
    m_clockChosen = true;
    m_clock->setVolume(m_volume);
    if (!m_audioFile.isEmpty())
        m_clock->setAudioFile(m_audioFile);
}

void Playback::setAudioFile(const QString& path)
{
    pause();
    m_audioFile = path;
    if (!m_clockChosen && !path.isEmpty()) {
        m_clockChosen = true;
        if (audioOutputAvailable()) // never a QAudioOutput without a device: Qt 6.4 crashes making one
            m_clock = std::make_unique<AudioClock>();
        m_clock->setVolume(m_volume);
    }
    m_clock->setAudioFile(path);
    setPosition(0);
}

void Playback::setDurationMs(qint64 duration_ms)
{
    m_durationMs = std::max<qint64>(0, duration_ms);
    if (m_positionMs > m_durationMs)
        seek(m_durationMs);
}

void Playback::setLoop(qint64 in_ms, qint64 out_ms)
{
    if (out_ms < in_ms)
        std::swap(in_ms, out_ms);
    m_loopInMs = std::clamp<qint64>(in_ms, 0, m_durationMs);
    m_loopOutMs = std::clamp<qint64>(out_ms, 0, m_durationMs);
    m_loopEnabled = hasLoop();
    Q_EMIT loopChanged();
}

void Playback::setLoopEnabled(bool on)
{
    if (m_loopEnabled == on)
        return;
    m_loopEnabled = on;
    Q_EMIT loopChanged();
}

void Playback::play()
{
    if (m_playing || m_durationMs <= 0)
        return;
    qint64 from = m_positionMs;
    if (loopEnabled() && (from < m_loopInMs || from >= m_loopOutMs))
        from = m_loopInMs;
    else if (from >= m_durationMs)
        from = 0; // at the end: play again from the start
    setPosition(from);
    m_clock->start(from);
    m_playing = true;
    m_timer->start();
    Q_EMIT playingChanged(true);
}

void Playback::pause()
{
    if (!m_playing)
        return;
    m_clock->stop();
    m_timer->stop();
    m_playing = false;
    Q_EMIT playingChanged(false);
}

void Playback::toggle()
{
    m_playing ? pause() : play();
}

void Playback::stop()
{
    pause();
    seek(loopEnabled() ? m_loopInMs : 0);
}

void Playback::setVolume(double volume)
{
    m_volume = std::clamp(volume, 0.0, 1.0);
    m_clock->setVolume(m_volume);
}

void Playback::seek(qint64 ms)
{
    ms = std::clamp<qint64>(ms, 0, m_durationMs);
    m_clock->seek(ms);
    setPosition(ms);
}

void Playback::tick()
{
    if (!m_playing)
        return;
    qint64 ms = m_clock->positionMs();
    if (loopEnabled() && ms >= m_loopOutMs) {
        // Wrap, keeping the overshoot so a late tick does not drift the loop.
        const qint64 span = m_loopOutMs - m_loopInMs;
        ms = m_loopInMs + (ms - m_loopOutMs) % span;
        m_clock->seek(ms);
    } else if (ms >= m_durationMs) {
        setPosition(m_durationMs);
        pause();
        return;
    }
    setPosition(ms);
}

void Playback::setPosition(qint64 ms)
{
    if (ms == m_positionMs)
        return;
    m_positionMs = ms;
    Q_EMIT positionChanged(ms);
}

} // namespace emote::ui
