#include "core/engine/still_engine.h"

#include "core/media/image_ops.h"

namespace emote {

void StillEngine::generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel)
{
    const Image& p = *input.portrait;
    const double aspect = double(input.width) / double(input.height);
    const auto rect = media::fitAspect(p.width, p.height, aspect, p.width / 2.0, p.height / 2.0);
    const Image frame = media::cropResize(p, rect, input.width, input.height);
    for (int64_t i = 0; i < input.frame_count; ++i) {
        cancel.throwIfCancelled();
        sink.consumeChanged(frame, i, ImageRect{}); // every frame is the same picture
    }
}

} // namespace emote
