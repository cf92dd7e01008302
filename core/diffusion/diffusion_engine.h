// The Diffusion engine: Hallo-architecture audio-driven portrait animation from a model package
// (core/diffusion/model_package.h). Torch-free public header.
//
//   emote::diffusion::DiffusionEngine engine;            // or DiffusionEngine({.device = "cuda"})
//   input.settings.model_path = "models/hallo";          // package folder (manifest.json + safetensors)
//   engine.generate(input, sink, cancel);                // frames 0 .. frame_count-1, in order
//
// The reference image is prepared once; clips of the model's clip_length frames are chained by its motion
// frames until the audio ends (the last clip is trimmed). Same seed, same frames (on the same device).
// Progress: stage "load model" and "diffuse" (frame = sampling steps done over all clips) through
// EngineInput::stage_progress; cancel is checked at every sampling step.
#pragma once

#include "core/engine/engine.h"

#include <memory>
#include <string>

namespace emote::diffusion {

struct DiffusionEngineOptions {
    std::string device = "cpu"; // "cpu", "cuda" (throws Usage when unavailable) or "auto"
};

class DiffusionEngine : public emote::Engine {
public:
    explicit DiffusionEngine(DiffusionEngineOptions options = {});
    ~DiffusionEngine() override;
    std::string name() const override { return "diffusion"; }
    // Throws emote::Error(Usage) when settings.model_path is empty, (Input) for a bad package,
    // (Cancelled) when CANCEL is set.
    void generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel) override;

private:
    struct State;
    DiffusionEngineOptions m_options;
    std::unique_ptr<State> m_state; // the loaded package, kept for later calls with the same path
};

} // namespace emote::diffusion
