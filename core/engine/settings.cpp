#include "core/engine/settings.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>

namespace emote {

std::string engineName(EngineKind kind)
{
    switch (kind) {
    case EngineKind::Still: return "still";
    case EngineKind::Live: return "live";
    case EngineKind::Diffusion: return "diffusion";
    }
    return "still";
}

std::optional<EngineKind> engineFromName(const std::string& name)
{
    if (name == "still")
        return EngineKind::Still;
    if (name == "live")
        return EngineKind::Live;
    if (name == "diffusion")
        return EngineKind::Diffusion;
    return std::nullopt;
}

void GenerationSettings::outputSize(int portrait_width, int portrait_height, int& width, int& height) const
{
    const double a = aspect > 0 ? aspect : double(portrait_width) / double(portrait_height);
    height = size & ~1;
    width = int(std::lround(height * a)) & ~1;
    if (width < 2)
        width = 2;
}

bool isEmotionName(const std::string& name)
{
    for (const char* e : {"auto", "neutral", "happy", "sad", "angry", "surprised"})
        if (name == e)
            return true;
    return false;
}

void GenerationSettings::validate() const
{
    auto range = [](const char* what, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi))
            throwUsage(std::string(what) + " " + std::to_string(v) + " is out of range (" + std::to_string(lo) +
                       " to " + std::to_string(hi) + ").");
    };
    range("fps", fps, 1, 120);
    range("size", size, 16, 4096);
    if (aspect != 0)
        range("aspect", aspect, 0.1, 10);
    range("crf", crf, 0, 51);
    range("guidance", guidance, 0, 30);
    range("steps", steps, 1, 1000);
    range("motion speed", motion_speed, 0, 2);
    range("expression intensity", expression, 0, 2);
    range("emotion intensity", emotion_intensity, 0, 1);
    if (!isEmotionName(emotion))
        throwUsage("emotion '" + emotion + "' is unknown. Use neutral, happy, sad, angry, surprised or auto.");
    range("audio cap (s)", max_audio_s, 1, 24 * 3600);
    range("image cap (pixels)", double(max_image_pixels), 1e4, 1e10);
    range("face index", face_index, -1, 1000);
    range("frames per clip", frames_per_clip, 0, 256);
    range("motion frames", motion_frames, -1, 256);
    if (frames_per_clip > 0 && motion_frames > frames_per_clip)
        throwUsage("motion frames (" + std::to_string(motion_frames) + ") cannot exceed frames per clip (" +
                   std::to_string(frames_per_clip) + ").");
    if (!device.empty() && device != "cpu" && device != "cuda" && device != "auto")
        throwUsage("device '" + device + "' is unknown. Use cpu, cuda or auto.");
    if (!dtype.empty() && dtype != "float32" && dtype != "bfloat16" && dtype != "float16")
        throwUsage("dtype '" + dtype + "' is unknown. Use float32, bfloat16 or float16.");
    if (crop_w != 0 || crop_h != 0) {
        range("crop width", crop_w, 16, 1e6);
        range("crop height", crop_h, 16, 1e6);
        range("crop x", crop_x, 0, 1e6);
        range("crop y", crop_y, 0, 1e6);
    }
    if (phonemes != "auto" && phonemes != "sphinx" && phonemes != "spectral")
        throwUsage("phoneme source '" + phonemes + "' is unknown. Use auto, sphinx or spectral.");
    static const char* presets[] = {"ultrafast", "superfast", "veryfast", "faster", "fast",
                                    "medium",    "slow",      "slower",   "veryslow"};
    bool ok = false;
    for (const char* p : presets)
        ok = ok || preset == p;
    if (!ok)
        throwUsage("x264 preset '" + preset + "' is unknown. Use ultrafast, superfast, veryfast, faster, fast, "
                   "medium, slow, slower or veryslow.");
}

int64_t frameCountFor(double duration_s, int fps)
{
    return std::max<int64_t>(1, int64_t(std::llround(duration_s * fps)));
}

} // namespace emote
