#include "ui/generation_worker.h"

#include "core/common/error.h"
#include "ui/user_words.h"

#include <exception>
#include <optional>

namespace emote::ui {

QImage toQImage(const Image& image)
{
    if (image.empty())
        return {};
    const QImage view(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888);
    return view.copy(); // the Image's buffer dies with the callback
}

GenerationWorker::GenerationWorker(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<emote::GenerationRequest>();
    qRegisterMetaType<emote::Stage>();
}

void GenerationWorker::setFrameCache(std::shared_ptr<FrameCache> cache, FrameCache::JobId job)
{
    m_cache = std::move(cache);
    m_cacheJob = job;
}

void GenerationWorker::start(const emote::GenerationRequest& request)
{
    m_cancel.reset();
    // The cache is for this run only; a later start() without setFrameCache() caches nothing.
    std::shared_ptr<FrameCache> cache = std::move(m_cache);
    const FrameCache::JobId cache_job = m_cacheJob;
    Q_EMIT started();
    QElapsedTimer frame_clock;
    QElapsedTimer progress_clock;
    const qint64 min_frame_gap_ms = 1000 / kMaxPreviewFps;
    std::optional<Stage> last_stage;
    JobCallbacks callbacks;
    callbacks.warning = [this](const Message& message) { // never throttled
        Q_EMIT warning(inAppWords(message));
    };
    callbacks.progress = [&](const Progress& p) {
        // Throttle to ~10 reports/s, but never drop a stage change or a stage's last frame.
        const bool edge = p.stage != last_stage || (p.total > 0 && p.frame >= p.total);
        if (cache && p.stage == Stage::Generate && p.total > 0 && p.frame <= 1)
            cache->setExpectedFrames(cache_job, p.total);
        if (edge || !progress_clock.isValid() || progress_clock.elapsed() >= 100) {
            progress_clock.start();
            last_stage = p.stage;
            Q_EMIT progress(p.stage, p.frame, p.total, p.fps, p.eta_s);
        }
        return !m_cancel.cancelled();
    };
    callbacks.frame = [&](const Image& image, int64_t index) {
        if (cache) {
            try {
                cache->put(cache_job, index, image); // false (cap reached) only means fewer frames to replay
            } catch (const std::exception&) {
                cache.reset();
            }
        }
        if (frame_clock.isValid() && frame_clock.elapsed() < min_frame_gap_ms)
            return;
        frame_clock.start();
        Q_EMIT frameReady(toQImage(image), index);
    };
    // Exceptions stop here, at the thread boundary, and become a signal with a human message.
    try {
        const GenerationResult result = runGeneration(m_context, request, callbacks, m_cancel);
        Q_EMIT finished(QString::fromStdString(result.output.string()));
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Cancelled || m_cancel.cancelled())
            Q_EMIT cancelled();
        else
            Q_EMIT failed(inAppWords(e));
    } catch (const std::exception& e) {
        if (m_cancel.cancelled())
            Q_EMIT cancelled();
        else
            Q_EMIT failed(inAppWords(e));
    } catch (...) {
        Q_EMIT failed(tr("Unknown error while generating"));
    }
}

} // namespace emote::ui
