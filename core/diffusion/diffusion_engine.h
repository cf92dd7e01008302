// The Diffusion engine: Hallo-architecture audio-driven portrait animation from a model package
// (core/diffusion/model_package.h). Torch-free public header.
//
//   emote::diffusion::DiffusionEngine engine;            // or DiffusionEngine({.device = "cuda"})
//   input.settings.model_path = "models/hallo";          // package folder (manifest.json + safetensors)
//   engine.load(input.settings, progress, cancel);       // optional: the package and the face nets, now
//   engine.generate(input, sink, cancel);                // frames 0 .. frame_count-1, in order
//
// The loaded package (about 5 GB for Hallo) and the face nets stay for the next generate() with the same package,
// device and dtype (and an unchanged manifest); another package replaces it (the old one goes first).
//
// The reference image is the portrait cropped around the chosen face (settings.face_index, -1 = the largest;
// core/diffusion/face_layout.h); the face locator's region (Hallo's 1.2× face box), the pose, face and lip masks
// follow that face. No face found: a centred crop and default regions, with a warning (EngineInput::warning).
// The reference image is prepared once; clips of the model's clip_length frames are chained by its motion
// frames until the audio ends (the last clip is trimmed). Same seed, same frames (on the same device).
// Progress: Stage::Prepare, then Stage::Diffuse (frame = sampling steps done over all clips) through
// EngineInput::stage_progress; cancel is checked at every sampling step.
#pragma once

#include "core/diffusion/face_layout.h"
#include "core/engine/engine.h"

#include <memory>
#include <string>
#include <vector>

namespace emote::face {
class FaceAnalyzer;
} // namespace emote::face

namespace emote::diffusion {

struct DiffusionEngineOptions {
    std::string device = "cpu"; // "cpu", "cuda" (throws Usage when unavailable) or "auto"
    std::string face_models_dir; // face-api models for the face layout; empty = face::FaceNets::defaultModelsDir()
    // Weights and activations of the generative modules: "float32", "bfloat16" (CPU or GPU; measured against
    // float32 in test_diffusion_golden) or "float16" (GPU only: on the CPU, generate() throws Usage).
    std::string dtype = "float32";
};

// The velocity source of EMO's speed layers (used when the package's denoising UNet config has `speed_layers`):
// the Live engine's head-motion planner (audio-driven, seeded by settings.seed, settings.motion_speed 0..2 as
// its dial, 0 = a still head) gives yaw/pitch/roll per frame at settings.fps; the speed of frame f is the
// Euclidean change of those angles from frame f−1 in degrees (frame 0 takes frame 1's). FRAMES values; past
// the audio the last speed repeats. AUDIO must be 16 kHz mono.
std::vector<double> plannedHeadSpeeds(const AudioBuffer& audio, const GenerationSettings& settings,
                                      std::int64_t frames, const CancelToken& cancel);

class DiffusionEngine : public emote::Engine {
public:
    explicit DiffusionEngine(DiffusionEngineOptions options = {});
    ~DiffusionEngine() override;
    std::string name() const override { return "diffusion"; }
    // The package of settings.model_path on settings.device in settings.dtype, and face-api's detector and
    // landmarks for the face layout. Throws Usage (no package given, float16 on the CPU, no CUDA), Input (a bad
    // package), std::bad_alloc when memory runs out.
    void load(const GenerationSettings& settings, const ProgressFn& progress, const CancelToken& cancel) override;
    int64_t modelLoads() const override { return m_model_loads; }
    // Throws emote::Error(Usage) when settings.model_path is empty, (Input) for a bad package,
    // (Cancelled) when CANCEL is set.
    void generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel) override;

    // The face layout of the last generate() call (reference crop, face / pose / lip boxes in the model frame).
    const FaceLayout& lastFaceLayout() const { return m_layout; }

private:
    struct State;
    FaceLayout m_layout;
    DiffusionEngineOptions m_options;
    std::unique_ptr<State> m_state; // the loaded package, kept for later calls with the same path
    std::unique_ptr<face::FaceAnalyzer> m_analyzer; // face-api's nets for the face layout, kept likewise
    int64_t m_model_loads = 0;
};

} // namespace emote::diffusion
