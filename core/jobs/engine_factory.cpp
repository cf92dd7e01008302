#include "core/jobs/engine_factory.h"

#include "core/common/error.h"
#include "core/engine/still_engine.h"

#ifdef EMOTE_HAVE_LIVE
#include "core/live/live_engine.h"
#endif
#ifdef EMOTE_HAVE_DIFFUSION
#include "core/diffusion/diffusion_engine.h"
#endif

namespace emote {

std::unique_ptr<Engine> createEngine(EngineKind kind)
{
    switch (kind) {
    case EngineKind::Still:
        return std::make_unique<StillEngine>();
    case EngineKind::Live:
#ifdef EMOTE_HAVE_LIVE
        return std::make_unique<live::LiveEngine>();
#else
        break;
#endif
    case EngineKind::Diffusion:
#ifdef EMOTE_HAVE_DIFFUSION
        return std::make_unique<diffusion::DiffusionEngine>();
#else
        break;
#endif
    }
    throwUsage({MessageCode::EngineUnavailable, {engineName(kind)},
                "the '" + engineName(kind) + "' engine is not available in this build. Use --engine still" +
#ifdef EMOTE_HAVE_LIVE
                    std::string(" or live")
#else
                    std::string()
#endif
                    + "."});
}

} // namespace emote
