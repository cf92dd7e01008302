// Play / pause / seek / loop over a take, on one clock. With an audio device the clock is the audio player's
// position (the picture follows the sound); without one (headless, CI) a steady timer stands in, and no
// QAudioOutput is ever made — Qt 6.4 crashes creating one with no device (DESIGN.md §5).
//
//   emote::ui::Playback playback;
//   playback.setAudioFile("song.mp3");
//   playback.setDurationMs(8000);
//   connect(&playback, &Playback::positionChanged, view, [](qint64 ms) { ... });
//   playback.setLoop(2000, 4000);
//   playback.play();
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>

class QAudioOutput;
class QMediaPlayer;
class QTimer;

namespace emote::ui {

// A time source. start() runs it from a position, stop() freezes it, seek() jumps (running or not);
// positionMs() is read on every tick.
class PlaybackClock {
public:
    virtual ~PlaybackClock() = default;
    virtual void start(qint64 from_ms) = 0;
    virtual void stop() = 0;
    virtual void seek(qint64 ms) = 0;
    virtual qint64 positionMs() const = 0;
    virtual void setAudioFile(const QString&) {}
    virtual void setVolume(double) {} // 0..1; clocks without sound ignore it
    virtual bool hasSound() const { return false; }
};

// Wall time since start(): the clock when there is no sound to follow.
class ElapsedClock final : public PlaybackClock {
public:
    void start(qint64 from_ms) override;
    void stop() override;
    void seek(qint64 ms) override;
    qint64 positionMs() const override;

private:
    QElapsedTimer m_timer;
    qint64 m_originMs = 0;
    bool m_running = false;
};

// The audio player's position, smoothed between its (coarse) updates by wall time and never going backwards
// while it runs (the player's first reports trail the extrapolation while the device starts).
class AudioClock final : public PlaybackClock {
public:
    AudioClock();
    ~AudioClock() override;
    void setAudioFile(const QString& path) override;
    void start(qint64 from_ms) override;
    void stop() override;
    void seek(qint64 ms) override;
    qint64 positionMs() const override;
    bool hasSound() const override { return true; }
    void setVolume(double volume) override;

private:
    QMediaPlayer* m_player = nullptr;
    QAudioOutput* m_output = nullptr;
    QElapsedTimer m_sinceReport;
    QElapsedTimer m_sinceSeek;
    qint64 m_reportedMs = 0;
    qint64 m_seekMs = 0;
    mutable qint64 m_shownMs = 0;
    bool m_running = false;
};

class Playback : public QObject {
    Q_OBJECT
public:
    // The clock is chosen at the first setAudioFile(): an AudioClock when an audio output exists, else an
    // ElapsedClock (so a window that never plays never touches the multimedia stack).
    explicit Playback(QObject* parent = nullptr);
    ~Playback() override;

    // Replaces the clock (tests use a fake one); pauses first.
    void setClock(std::unique_ptr<PlaybackClock> clock);
    PlaybackClock* clock() const { return m_clock.get(); }
    static bool audioOutputAvailable();

    void setAudioFile(const QString& path);
    void setDurationMs(qint64 duration_ms);
    qint64 durationMs() const { return m_durationMs; }
    qint64 positionMs() const { return m_positionMs; }
    bool isPlaying() const { return m_playing; }

    // The loop range [in, out) in ms; while enabled, playback wraps from out back to in.
    void setLoop(qint64 in_ms, qint64 out_ms);
    void setLoopEnabled(bool on);
    // Sound volume 0..1 (kept when the clock changes).
    void setVolume(double volume);
    double volume() const { return m_volume; }
    bool loopEnabled() const { return m_loopEnabled && hasLoop(); }
    bool hasLoop() const { return m_loopOutMs > m_loopInMs; }
    qint64 loopInMs() const { return m_loopInMs; }
    qint64 loopOutMs() const { return m_loopOutMs; }

public Q_SLOTS:
    void play();
    void pause();
    void toggle();
    void stop(); // pause and back to the start (of the loop, when one is on)
    void seek(qint64 ms);
    void tick(); // reads the clock; a timer calls it every ~10 ms while playing

Q_SIGNALS:
    void positionChanged(qint64 ms);
    void playingChanged(bool playing);
    void loopChanged();

private:
    void setPosition(qint64 ms);

    std::unique_ptr<PlaybackClock> m_clock;
    bool m_clockChosen = false; // by setClock() or the first setAudioFile()
    QTimer* m_timer = nullptr;
    QString m_audioFile;
    qint64 m_durationMs = 0;
    qint64 m_positionMs = 0;
    qint64 m_loopInMs = 0;
    qint64 m_loopOutMs = 0;
    bool m_loopEnabled = false;
    bool m_playing = false;
    double m_volume = 1.0;
};

} // namespace emote::ui
