// Models that outlive a job (DESIGN.md §6 "Lifetimes"; whisper.cpp's whisper_context / whisper_state): the
// engine of the last job, with its face nets and model package loaded, serves the next job that uses the same
// engine and model, so a second Generate in the app, a reopened project and every job of a batch load nothing.
// Each job keeps its own state (the engine's generate() call, runGeneration's writer and sink).
//
//   emote::GenerationContext context;                      // owned by whoever runs many jobs
//   runGeneration(context, first, callbacks, cancel);      // loads the Live engine's face nets
//   runGeneration(context, second, callbacks, cancel);     // loads nothing (result.models_loaded == 0)
//   context.keepOnlyFor(settings);                         // the user picked another engine or model: release
//
// One job at a time: every call from the same thread (the app's worker thread, the batch loop).
#pragma once

#include "core/common/cancel_token.h"
#include "core/common/progress.h"
#include "core/engine/engine.h"
#include "core/engine/settings.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace emote {

class GenerationContext {
public:
    using EngineFactory = std::function<std::unique_ptr<Engine>(EngineKind)>;

    GenerationContext();                                  // the engines of this build (createEngine)
    explicit GenerationContext(EngineFactory factory);    // tests: engines made by FACTORY
    ~GenerationContext();
    GenerationContext(const GenerationContext&) = delete;
    GenerationContext& operator=(const GenerationContext&) = delete;

    // The engine for SETTINGS with the models they need loaded (Engine::load). The engine held for another
    // engine kind or another model (Diffusion: package, device, dtype) is released first, so two models never
    // share the memory. When loading runs out of memory, everything held is released and the load is tried once
    // more. Throws what Engine::load throws; emote::Error(Internal) when memory still runs out.
    Engine& prepare(const GenerationSettings& settings, const ProgressFn& progress, const CancelToken& cancel);

    // Releases the engine held unless it is the one SETTINGS would use (same kind and model): called when the
    // user picks another engine or model, so its memory goes at once and not at the next Generate.
    void keepOnlyFor(const GenerationSettings& settings);
    // Releases everything held (memory is needed).
    void release();

    const Engine* engine() const { return m_engine.get(); } // the engine held; null when none
    int enginesMade() const { return m_engines_made; }      // engines this context has made in its life
    // Models read from disk in this context's life, over every engine it made (Engine::modelLoads).
    int64_t modelLoads() const;

private:
    // What decides whether the held engine's models serve SETTINGS: the engine kind and, for Diffusion, the
    // package, device and dtype.
    static std::string modelKey(const GenerationSettings& settings);
    Engine& loadFor(const GenerationSettings& settings, const ProgressFn& progress, const CancelToken& cancel);

    EngineFactory m_factory;
    std::unique_ptr<Engine> m_engine;
    std::string m_key;
    int m_engines_made = 0;
    int64_t m_released_loads = 0; // modelLoads() of the engines released so far
};

} // namespace emote
