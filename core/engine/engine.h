// The one interface every engine implements (DESIGN.md §1). Engines turn a portrait and analysed audio into
// frames, pushed one by one into a FrameSink; they never write files themselves.
//
//   emote::StillEngine engine;                // or emote::createEngine(kind) (core/jobs/engine_factory.h)
//   engine.load(input.settings, progress, cancel); // optional: the models, once for every later job
//   engine.generate(input, sink, cancel);     // sink.consume(frame, index) for index = 0 .. frame_count-1
//
// An engine is a context (DESIGN.md §6 "Lifetimes", whisper.cpp's whisper_context): the models it loads stay
// loaded for its next jobs; each generate() call keeps its own state. Whoever runs many jobs keeps the engine
// (core/jobs/generation_context.h).
#pragma once

#include "core/common/audio_buffer.h"
#include "core/common/cancel_token.h"
#include "core/common/image.h"
#include "core/common/progress.h"
#include "core/engine/settings.h"

#include <string>

namespace emote {

class FrameSink {
public:
    virtual ~FrameSink() = default;
    // Called once per frame in order, from the engine's thread. May throw (e.g. disk full) to stop the engine.
    virtual void consume(const Image& frame, int64_t index) = 0;
    // The same, with the engine's promise that FRAME differs from the previous frame it gave this sink only
    // inside CHANGED (a face redrawn in a still photo), so that a sink may update only that part. Ignored for
    // the first frame; by default the promise is not used.
    virtual void consumeChanged(const Image& frame, int64_t index, const ImageRect& changed)
    {
        (void)changed;
        consume(frame, index);
    }
};

struct EngineInput {
    const Image* portrait = nullptr;    // full photo, RGB, orientation applied
    std::string portrait_name;          // the portrait's path, for messages
    const AudioBuffer* audio = nullptr; // 16 kHz mono analysis copy of the whole track
    int64_t frame_count = 0;            // frames to produce (= audio length × fps, rounded)
    int width = 0;                      // output frame size
    int height = 0;
    GenerationSettings settings;
    ProgressFn stage_progress;          // optional: the engine's own stages (Stage::Analyse, Prepare, Diffuse)
    WarningFn warning;                  // optional: notes for the user (a reduced mode, a missing optional model)
};

class Engine {
public:
    virtual ~Engine() = default;
    virtual std::string name() const = 0;
    // Loads the models that SETTINGS need and that are not loaded yet (face nets, a model package), reporting
    // Stage::LoadModels through PROGRESS first when there is something to load, and keeps them for every later
    // job; models of other settings (another package) go before new ones load. generate() loads what is
    // missing itself: calling load() first only takes the loading out of the job. Throws emote::Error like
    // generate() (a bad package, a missing face net); std::bad_alloc when memory runs out.
    virtual void load(const GenerationSettings& settings, const ProgressFn& progress, const CancelToken& cancel)
    {
        (void)settings, (void)progress, (void)cancel;
    }
    // How many models this engine has read from disk since it was made (for tests and benchmarks of
    // load-once: a second job with the same settings adds none).
    virtual int64_t modelLoads() const { return 0; }
    // Produce input.frame_count frames into SINK. Checks CANCEL at least once per frame and throws
    // emote::Error(Cancelled) when set.
    virtual void generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel) = 0;
};

} // namespace emote
