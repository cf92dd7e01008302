// The Live engine: real-time, CPU-only animation of the photo itself from the audio — the default engine.
// Face analysis (face-api models) finds the face and its 68 landmarks, audio analysis gives phones, loudness,
// pitch and beat, articulation turns them into motion curves, and the FaceRig warps the photo frame by frame.
//
//   emote::live::LiveEngine engine;                 // loads the face models and the person matte on first use
//   engine.load(settings, progress, cancel);        // or now: face-api's nets, the matte, the face mesh
//   engine.generate(input, sink, cancel);           // see core/engine/engine.h; reuse the engine for more jobs
//
// With a person matte (MediaPipe selfie segmentation) the head moves over a background plate, so the
// background beside it never moves; where the matte finds no person around the face only the face region
// moves (a warning says so); without the matte's model the whole head region is warped (a warning says so).
#pragma once

#include "core/audio/features.h"
#include "core/engine/engine.h"

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace emote::face {
class FaceAnalyzer;
class FaceMesh;
class PersonMatte;
} // namespace emote::face

namespace emote::live {

class LiveEngine final : public Engine {
public:
    explicit LiveEngine(std::filesystem::path face_models_dir = {});
    ~LiveEngine() override;
    std::string name() const override { return "live"; }
    // The face-api nets (detector, 68 landmarks), the person matte and the dense face mesh; a missing matte or
    // mesh model is not an error here (generate() warns and works without it).
    void load(const GenerationSettings& settings, const ProgressFn& progress, const CancelToken& cancel) override;
    int64_t modelLoads() const override { return m_model_loads.load(); }
    void generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel) override;

private:
    // Loaded on the first job and kept for the next ones (a batch or a second Generate loads nothing).
    const face::FaceAnalyzer& analyzer();
    const face::PersonMatte* personMatte(Message& warning); // null when its model is missing
    const face::FaceMesh* faceMesh(Message& warning);       // null when its model is missing

    std::filesystem::path m_models;
    std::mutex m_load_mutex;
    std::atomic<int64_t> m_model_loads{0}; // tries to read a model from disk (a failed one is not tried again)
    std::unique_ptr<face::FaceAnalyzer> m_analyzer;
    std::unique_ptr<face::PersonMatte> m_matte;
    std::string m_matte_error;
    std::unique_ptr<face::FaceMesh> m_mesh;
    std::string m_mesh_error;
};

} // namespace emote::live
