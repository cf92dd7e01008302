// One generation job end to end: read the portrait, decode the audio, run the engine, stream the frames into
// the MP4 writer (and any extra sinks such as a preview), finish the file atomically.
//
//   emote::GenerationRequest req{.portrait = "me.jpg", .audio = "song.mp3", .output = "me.mp4"};
//   emote::CancelToken cancel;
//   emote::GenerationContext context;   // the loaded models, kept for the next job (generation_context.h)
//   emote::GenerationResult r = emote::runGeneration(context, req, {.progress = onProgress}, cancel);
#pragma once

#include "core/common/cancel_token.h"
#include "core/common/image.h"
#include "core/common/progress.h"
#include "core/engine/settings.h"
#include "core/jobs/generation_context.h"
#include "core/provenance/provenance_record.h"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace emote {

struct GenerationRequest {
    std::filesystem::path portrait;
    std::filesystem::path audio;
    std::filesystem::path output;
    GenerationSettings settings;
    bool overwrite = false;
    std::map<std::string, std::string> metadata; // extra MP4 tags (the AI-generated provenance tags win)
    // Provenance (README "Provenance"): the invisible watermark and the visible label follow
    // settings.watermark / settings.visible_label; the MP4 always carries AI-generated tags.
    // The visible label's words, in the user's language (the app passes its translation, e.g. "KI-generiert").
    std::string label_text = "AI-generated";
    // Also put the manifest inside the MP4 (embedded_manifest.h) and beside it as "<output>.json"; both are
    // in place before the video appears at output.
    bool write_manifest = false;
    std::optional<provenance::ConsentRecord> consent; // the GUI's consent confirmation, recorded in the manifest
    // Frames that an engine reports as changed only in part (the Live engine's paste-back) are marked and
    // colour-converted only there; false treats every frame whole (same video, slower: for benchmarks and tests).
    bool partial_updates = true;
};

struct GenerationResult {
    std::filesystem::path output;
    std::string engine;
    int64_t frames = 0;
    int width = 0;
    int height = 0;
    double audio_duration_s = 0.0;
    double elapsed_s = 0.0;
    int64_t models_loaded = 0;       // models this job read from disk (0: all loaded by an earlier job)
    double model_load_s = 0.0;       // seconds this job spent loading models (Engine::load)
    bool watermarked = false;
    uint64_t watermark_payload = 0;  // provenance::WatermarkPayload::packed(), when watermarked
    std::filesystem::path manifest;  // the sidecar manifest, when written
};

struct JobCallbacks {
    ProgressFn progress;                                    // the stages of core/common/progress.h; false cancels
    WarningFn warning;                                      // notes for the user; they never stop the job
    std::function<void(const Image&, int64_t index)> frame; // every generated frame (e.g. preview, cache)
};

// The video is made in the folder "<output>.partial" and reaches request.output in one rename, complete (with
// its manifest when asked, the sidecar moved into place just before). Throws emote::Error; on any failure or
// cancel nothing is left at request.output (nor a .partial file or folder).
// The engine and its models come from CONTEXT (loaded there for this request's settings when they are not yet):
// the state of this job ends with it, the models stay for the next.
GenerationResult runGeneration(GenerationContext& context, const GenerationRequest& request,
                               const JobCallbacks& callbacks, const CancelToken& cancel);
// The same with a context of its own: the models load for this one job.
GenerationResult runGeneration(const GenerationRequest& request, const JobCallbacks& callbacks,
                               const CancelToken& cancel);

} // namespace emote
