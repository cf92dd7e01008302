// Runs one generation job at a time on its own thread (DESIGN.md §3). Queued calls in, signals out. The engine
// and its models stay loaded from one start() to the next (GenerationContext): a second Generate, a reopened
// project or an export with the same engine and model loads nothing.
//
//   auto* thread = new QThread;
//   auto* worker = new emote::ui::GenerationWorker;
//   worker->moveToThread(thread);
//   thread->start();
//   QMetaObject::invokeMethod(worker, "start", Qt::QueuedConnection, Q_ARG(emote::GenerationRequest, req));
//   worker->cancel(); // from any thread
#pragma once

#include "core/common/cancel_token.h"
#include "core/engine/frame_cache.h"
#include "core/jobs/generation_context.h"
#include "core/jobs/job.h"

#include <QElapsedTimer>
#include <QImage>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

namespace emote::ui {

// Image (packed RGB) → QImage that owns a copy of the pixels.
QImage toQImage(const Image& image);

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    explicit GenerationWorker(QObject* parent = nullptr);

    // Thread-safe: asks the running job (if any) to stop. The job then ends with cancelled().
    void cancel() noexcept { m_cancel.cancel(); }

    // Most preview frames per second sent through frameReady (the last frame is always sent).
    static constexpr int kMaxPreviewFps = 15;

    // Every frame of the next start() also goes into CACHE as JOB (unthrottled; the timeline plays it back).
    // Call on the worker's thread, e.g. in the same queued call as start(). A cache error (disk full) stops
    // the caching, never the job.
    void setFrameCache(std::shared_ptr<FrameCache> cache, FrameCache::JobId job);

    // Releases the loaded models unless SETTINGS use them (the user picked another engine or model). Call on the
    // worker's thread, e.g. in a queued call.
    void keepModelsOnlyFor(const GenerationSettings& settings) { m_context.keepOnlyFor(settings); }
    // The loaded models, kept across start() calls. Read it on the worker's thread or while no job runs.
    const GenerationContext& context() const { return m_context; }

public Q_SLOTS:
    // Runs the whole job (blocking this worker's thread); exactly one of finished/failed/cancelled follows.
    void start(const emote::GenerationRequest& request);

Q_SIGNALS:
    void started();
    void progress(emote::Stage stage, qint64 frame, qint64 total, double fps, double eta_s);
    // In the app's words and language (user_words.h), like failed's message.
    void warning(const QString& message); // the engine works in a reduced way (e.g. mouth-only on a profile face)
    void frameReady(const QImage& frame, qint64 index);
    void finished(const QString& path);
    void failed(const QString& message);
    void cancelled();

private:
    GenerationContext m_context; // on the worker's thread, like every call that uses it
    CancelToken m_cancel;
    std::shared_ptr<FrameCache> m_cache;
    FrameCache::JobId m_cacheJob = 0;
};

} // namespace emote::ui

Q_DECLARE_METATYPE(emote::GenerationRequest)
Q_DECLARE_METATYPE(emote::Stage)
