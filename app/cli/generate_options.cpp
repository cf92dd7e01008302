#include "app/cli/generate_options.h"

#include "app/cli/label_language.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/engine/project.h"
#include "core/media/image_reader.h"

#include <algorithm>
#include <cstdlib>

namespace emote::cli {

namespace {

double parseAspect(const std::string& s)
{
    if (s == "source")
        return 0.0;
    const auto colon = s.find(':');
    char* end = nullptr;
    if (colon != std::string::npos) {
        const double w = std::strtod(s.substr(0, colon).c_str(), &end);
        const double h = std::strtod(s.substr(colon + 1).c_str(), &end);
        if (w > 0 && h > 0)
            return w / h;
    } else {
        const double a = std::strtod(s.c_str(), &end);
        if (a > 0 && end && *end == 0)
            return a;
    }
    throwUsage("--aspect '" + s + "' is not an aspect ratio. Use W:H such as 16:9, a number, or 'source'.");
}

} // namespace

const std::vector<OptionSpec> kSettingsOptions = {
    {"engine"}, {"fps"},   {"size"},     {"aspect"},   {"crf"},          {"preset"},   {"seed"},
    {"phonemes"}, {"motion"}, {"expression"}, {"emotion"}, {"emotion-intensity"}, {"no-blink", 0, false}, {"face"}, {"model"}, {"steps"}, {"guidance"},
    {"frames-per-clip"}, {"motion-frames"}, {"device"}, {"dtype"}, {"max-audio-minutes"}, {"max-image-mp"}, {"no-watermark", 0, false}, {"label", 0, false}, {"label-language"}};

void sourceSizeUnlessGiven(const Args& args, const std::filesystem::path& portrait, GenerationSettings& s)
{
    if (!args.has("aspect") || s.aspect > 0 || args.has("size") || portrait.empty())
        return;
    try {
        const media::ImageInfo info = media::probeImage(portrait);
        s.size = std::clamp(info.displayHeight(), 16, 4096) & ~1;
    } catch (const Error&) {
    }
}

std::vector<OptionSpec> withSettingsOptions(std::vector<OptionSpec> specs)
{
    specs.insert(specs.end(), kSettingsOptions.begin(), kSettingsOptions.end());
    return specs;
}

void applySettingsFlags(const Args& args, GenerationSettings& s)
{
    if (const auto engine = args.get("engine")) {
        const auto kind = engineFromName(*engine);
        if (!kind)
            throwUsage("unknown engine '" + *engine + "'. Use still, live or diffusion.");
        s.engine = *kind;
    }
    s.fps = args.getInt("fps", s.fps);
    s.size = args.getInt("size", s.size);
    if (args.has("aspect"))
        s.aspect = parseAspect(*args.get("aspect"));
    s.crf = args.getInt("crf", s.crf);
    s.preset = args.get("preset", s.preset);
    if (const auto seed = args.get("seed")) {
        char* end = nullptr;
        s.seed = std::strtoull(seed->c_str(), &end, 10);
        if (seed->empty() || *end)
            throwUsage("--seed needs a whole number, got '" + *seed + "'.");
    }
    s.motion_speed = args.getDouble("motion", s.motion_speed);
    s.expression = args.getDouble("expression", s.expression);
    s.emotion = args.get("emotion", s.emotion);
    s.emotion_intensity = args.getDouble("emotion-intensity", s.emotion_intensity);
    if (args.has("no-blink"))
        s.blink = false;
    if (args.has("face")) {
        const int n = args.getInt("face", 1);
        if (n < 1)
            throwUsage("--face needs a face number from 1 (the largest; 'emote faces PHOTO' lists them), got " +
                       std::to_string(n) + ".");
        s.face_index = n - 1;
    }
    s.phonemes = args.get("phonemes", s.phonemes);
    s.model_path = args.get("model", s.model_path);
    s.steps = args.getInt("steps", s.steps);
    s.guidance = args.getDouble("guidance", s.guidance);
    s.frames_per_clip = args.getInt("frames-per-clip", s.frames_per_clip);
    s.motion_frames = args.getInt("motion-frames", s.motion_frames);
    s.device = args.get("device", s.device);
    s.dtype = args.get("dtype", s.dtype);
    s.max_audio_s = args.getDouble("max-audio-minutes", s.max_audio_s / 60.0) * 60.0;
    s.max_image_pixels = int64_t(args.getDouble("max-image-mp", double(s.max_image_pixels) / 1e6) * 1e6);
    if (args.has("no-watermark"))
        s.watermark = false;
    if (args.has("label"))
        s.visible_label = true;
}

namespace {

// Reads the project file PROJECT into REQ (inputs, settings, output). A changed input goes to WARNING; a missing
// one is an error (Input) unless ARGS give --portrait / --audio in its place.
void applyProject(const std::filesystem::path& project, const Args& args, GenerationRequest& req,
                  const WarningFn& warning)
{
    const LoadedProject l = readProject(project);
    req.portrait = l.project.portrait.path;
    req.audio = l.project.audio.path;
    req.output = l.project.output;
    req.settings = l.project.settings;
    for (const ProjectIssue& issue : l.issues) {
        const bool replaced = args.has(issue.role == "portrait" ? "portrait" : "audio");
        if (replaced)
            continue;
        if (issue.kind == ProjectIssueKind::MissingInput)
            throwInput("project " + quoted(project) + ": " + issue.message + " Or give --" + issue.role +
                       " FILE on the command line.");
        if (warning)
            warning("project " + quoted(project) + ": " + issue.message);
    }
}

} // namespace

GenerationRequest requestFromArgs(const Args& args, const WarningFn& project_warning)
{
    GenerationRequest req;
    if (const auto project = args.get("project"))
        applyProject(*project, args, req, project_warning);
    if (args.has("portrait"))
        req.portrait = *args.get("portrait");
    if (args.has("audio"))
        req.audio = *args.get("audio");
    if (args.has("output"))
        req.output = *args.get("output");
    if (req.portrait.empty())
        throwUsage(args.has("project") ? "the project names no portrait: give --portrait PHOTO."
                                       : "missing --portrait PHOTO.");
    if (req.audio.empty())
        throwUsage(args.has("project") ? "the project names no audio: give --audio AUDIO." : "missing --audio AUDIO.");
    if (req.output.empty())
        throwUsage(args.has("project") ? "the project names no output video: give -o OUT.mp4." : "missing -o OUT.mp4.");
    req.overwrite = args.has("overwrite");
    GenerationSettings& s = req.settings;
    applySettingsFlags(args, s);
    sourceSizeUnlessGiven(args, req.portrait, s);
    req.write_manifest = args.has("manifest");
    // The label's words: --label-language, else the language the terminal speaks (label_language.h).
    req.label_text = labelText(labelLanguage(args.get("label-language"), environmentLocale()));
    return req;
}

} // namespace emote::cli
