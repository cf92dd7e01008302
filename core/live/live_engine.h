// The Live engine: real-time, CPU-only animation of the photo itself from the audio — the default engine.
// Face analysis (face-api models) finds the face and its 68 landmarks, audio analysis gives phones, loudness,
// pitch and beat, articulation turns them into motion curves, and the FaceRig warps the photo frame by frame.
//
//   emote::live::LiveEngine engine;                 // loads the face models on first use
//   engine.generate(input, sink, cancel);           // see core/engine/engine.h
#pragma once

#include "core/audio/features.h"
#include "core/engine/engine.h"

#include <filesystem>
#include <memory>

namespace emote::live {

class LiveEngine final : public Engine {
public:
    explicit LiveEngine(std::filesystem::path face_models_dir = {});
    ~LiveEngine() override;
    std::string name() const override { return "live"; }
    void generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel) override;

private:
    std::filesystem::path m_models;
};

} // namespace emote::live
