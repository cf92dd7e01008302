#include "core/common/error.h"
#include "core/engine/engine.h"
#include "core/engine/still_engine.h"

namespace emote {

std::unique_ptr<Engine> createEngine(EngineKind kind)
{
    switch (kind) {
    case EngineKind::Still:
        return std::make_unique<StillEngine>();
    case EngineKind::Live:
    case EngineKind::Diffusion:
        break;
    }
    throwUsage("the '" + engineName(kind) + "' engine is not available in this build yet. Use --engine still.");
}

} // namespace emote
