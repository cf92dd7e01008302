// Progress reports from long jobs, and warnings beside them (their own channel: a warning is not a stage).
//
//   emote::ProgressFn progress = [](const emote::Progress& p) {
//       std::printf("%s %lld/%lld\n", emote::stageId(p.stage), (long long)p.frame, (long long)p.total);
//       return true; // false asks the job to stop
//   };
//   emote::WarningFn warning = [](const emote::Message& m) { std::fprintf(stderr, "warning: %s\n", m.text.c_str()); };
#pragma once

#include "core/common/message.h"

#include <cstdint>
#include <functional>
#include <string>

namespace emote {

// Every stage a generation job reports, in the order a job passes through them. This is the one list: the CLI
// prints stageId(), the app shows its own (translated) words for each (ui/main_window.cpp, stageText), and a
// job never reports a stage outside it.
enum class Stage {
    ReadPortrait, // reading and checking the portrait, cropping it to the user's framing
    DecodeAudio,  // decoding the audio for analysis
    LoadModels,   // the engine loads models it has not loaded yet (face nets, a model package); a second job skips it
    Analyse,      // Live engine: audio features and the face analysis, side by side
    Prepare,      // the chosen face and what follows from it: Live's framing, person matte, face mesh and rig;
                  // Diffusion's face layout, reference crop and audio features
    Diffuse,      // Diffusion engine: sampling (frame = sampling steps done over all clips, total = all steps)
    Generate,     // frames made and encoded (frame = frames done, total = the video's frames)
    Finalize,     // finishing the video file (and its manifest) and moving it into place
};

inline constexpr Stage kAllStages[] = {Stage::ReadPortrait, Stage::DecodeAudio, Stage::LoadModels, Stage::Analyse,
                                       Stage::Prepare,      Stage::Diffuse,     Stage::Generate,   Stage::Finalize};

// The stage's stable name for machine-readable output (`emote generate --json`): read_portrait, decode_audio,
// load_models, analyse, prepare, diffuse, generate, finalize.
constexpr const char* stageId(Stage stage)
{
    switch (stage) {
    case Stage::ReadPortrait: return "read_portrait";
    case Stage::DecodeAudio: return "decode_audio";
    case Stage::LoadModels: return "load_models";
    case Stage::Analyse: return "analyse";
    case Stage::Prepare: return "prepare";
    case Stage::Diffuse: return "diffuse";
    case Stage::Generate: return "generate";
    case Stage::Finalize: return "finalize";
    }
    return "generate";
}

struct Progress {
    Stage stage = Stage::Generate;
    int64_t frame = 0;     // units done in this stage (frames, or sampling steps for Diffuse)
    int64_t total = 0;     // units in this stage (0 = unknown)
    double fps = 0.0;      // throughput of this stage so far
    double eta_s = -1.0;   // seconds left, < 0 when unknown
};

// Returning false asks the job to stop (it then ends with emote::Error(Cancelled)).
using ProgressFn = std::function<bool(const Progress&)>;
// What the user should know about a result that is not quite what was asked for (a reduced animation mode, a
// missing optional model, a slow BLAS), with its code for the app's words (message.h). Never stops the job.
using WarningFn = std::function<void(const Message& message)>;

} // namespace emote
