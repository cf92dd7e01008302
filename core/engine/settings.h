// What a user can set for one generation. Travels in project files and QSettings; the CLI maps flags onto it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace emote {

enum class EngineKind {
    Still,     // the portrait itself for the whole audio (reference / fallback)
    Live,      // real-time CPU animation (the default once built)
    Diffusion, // EMO-architecture diffusion model
};

std::string engineName(EngineKind kind);
std::optional<EngineKind> engineFromName(const std::string& name);

// The Live engine's emotion names: neutral, happy, sad, angry, surprised, and auto (read from the audio).
bool isEmotionName(const std::string& name);

struct GenerationSettings {
    EngineKind engine = EngineKind::Live;
    int fps = 25;                   // output frame rate
    int size = 512;                 // output height in pixels (width follows the aspect)
    double aspect = 1.0;            // output width / height; 0 = the portrait's own aspect
    int crf = 18;                   // H.264 quality (lower = better, bigger)
    std::string preset = "veryfast"; // x264 speed preset
    uint64_t seed = 0;              // randomness of the engines (same seed, same video)
    double guidance = 3.5;          // classifier-free guidance (Diffusion)
    int steps = 40;                 // sampling steps (Diffusion)
    double motion_speed = 1.0;      // head-motion speed 0..2 (0 = still head)
    double expression = 1.0;        // expression intensity 0..2
    std::string emotion = "auto";   // Live engine: neutral, happy, sad, angry, surprised, or auto (from the audio)
    double emotion_intensity = 0.6; // 0..1: how strongly the emotion shows in brows, eyes, mouth corners, head
    bool blink = true;
    std::string phonemes = "auto";  // Live engine: auto, sphinx or spectral
    std::string model_path;         // Diffusion engine: model package folder
    std::string device;             // Diffusion engine: cpu, cuda or auto; empty = the engine's default (cpu)
    std::string dtype;              // Diffusion engine: float32, bfloat16 or float16 (GPU only); empty = float32
    int frames_per_clip = 0;        // Diffusion engine: frames per clip; 0 = the model's inference.clip_length
    int motion_frames = -1;         // Diffusion engine: frames carried between clips; -1 = the model's
    int face_index = -1;            // which detected face animates (index in detection order); -1 = the largest
    // Output framing: the region of the portrait (in portrait pixels) that becomes the video; crop_w or
    // crop_h 0 = the whole photo.
    double crop_x = 0, crop_y = 0, crop_w = 0, crop_h = 0;
    bool watermark = true;          // invisible provenance watermark in every frame
    bool visible_label = false;     // small "AI-generated" label in a corner
    double max_audio_s = 30.0 * 60.0;    // longest audio accepted
    int64_t max_image_pixels = 100'000'000; // largest photo accepted

    // Output size for a portrait of width × height (even numbers, for H.264 4:2:0).
    void outputSize(int portrait_width, int portrait_height, int& width, int& height) const;
    // Throws emote::Error(Usage) naming the first out-of-range value.
    void validate() const;
};

// Frames for an audio of DURATION_S at FPS: round(duration · fps), at least 1.
int64_t frameCountFor(double duration_s, int fps);

} // namespace emote
