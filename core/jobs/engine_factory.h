// The engines this build has, by kind. Above the engines (core/live, core/diffusion), so that they never include it.
//
//   std::unique_ptr<emote::Engine> engine = emote::createEngine(emote::EngineKind::Live);
#pragma once

#include "core/engine/engine.h"
#include "core/engine/settings.h"

#include <memory>

namespace emote {

// Throws emote::Error(Usage) for an engine that is not built.
std::unique_ptr<Engine> createEngine(EngineKind kind);

} // namespace emote
