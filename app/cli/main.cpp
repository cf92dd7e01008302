// emote — the command-line front end. See `emote help` and README "Command line".
#include "app/cli/cli_args.h"
#include "core/audio/features.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/partial_files.h"
#include "core/engine/job.h"
#include "core/engine/project.h"
#ifdef EMOTE_HAVE_LIVE
#include "core/live/evaluate.h"
#endif
#ifdef EMOTE_HAVE_FACE
#include "app/cli/cmd_faces.h"
#endif
#ifdef EMOTE_HAVE_DIFFUSION
#include "app/cli/cmd_diffusion.h"
#endif
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/nn/runtime.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#ifndef EMOTE_VERSION
#define EMOTE_VERSION "0.1.0"
#endif

namespace {

using namespace emote;

// The signal handler can only reach a token through a static pointer; it is set once in main().
CancelToken* g_signalToken = nullptr;

extern "C" void onSignal(int)
{
    if (g_signalToken)
        g_signalToken->cancel();
}

void installSignalHandlers(CancelToken* token)
{
    g_signalToken = token;
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

std::string jsonEscape(const std::string& s)
{
    std::string o;
    for (const unsigned char c : s) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\t': o += "\\t"; break;
        default:
            if (c < 0x20) {
                char b[8];
                std::snprintf(b, sizeof b, "\\u%04x", c);
                o += b;
            } else {
                o += char(c);
            }
        }
    }
    return o;
}

std::string num(double v)
{
    if (!std::isfinite(v))
        return "null";
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", v);
    return b;
}

const char* kUsage = R"(emote — turn a portrait and an audio track into a talking or singing video

Usage:
  emote generate --portrait PHOTO --audio AUDIO -o OUT.mp4 [options]
  emote generate --project FILE.emote [options that override the project]
  emote project check FILE.emote
  emote project new FILE.emote [--portrait PHOTO] [--audio AUDIO] [-o OUT.mp4] [generate options]
  emote probe FILE [--json]
  emote faces PHOTO [--json] [--draw OUT.png] [--detector ssd|tiny]
  emote analyze AUDIO [--fps 25] [--phonemes auto|sphinx|spectral] [--json] [--frames]
  emote evaluate VIDEO --portrait PHOTO --audio AUDIO [--every N] [--json]
  emote version
  emote help

generate options:
  -p, --portrait PHOTO     JPEG, PNG, WebP, BMP or TIFF portrait
  -a, --audio AUDIO        WAV, MP3, FLAC, OGG, Opus, M4A (or the sound of an MP4/MOV)
  -o, --output OUT.mp4     the video to write (H.264 + AAC, plays everywhere)
      --project FILE.emote inputs, settings, crop and output from a project saved by Emote Studio;
                           options given as well override the project's values
      --engine NAME        live (default: real-time animation on the CPU), diffusion (EMO/Hallo model
                           package, --model) or still (the photo, unanimated)
      --phonemes SRC       live engine mouth shapes: auto (default), sphinx (English speech) or spectral
                           (any language, singing)
      --motion X           head-motion speed 0..2 (0 = still head, default 1)
      --expression X       expression intensity 0..2 (default 1)
      --no-blink           no blinking
      --model DIR          diffusion engine: model package folder (see emote import-hallo)
      --steps N            diffusion engine: sampling steps (default 40)
      --guidance X         diffusion engine: classifier-free guidance (default 3.5)
      --fps N              frames per second (default 25)
      --size N             output height in pixels (default 512)
      --aspect A           width:height, e.g. 1:1 (default), 16:9, 9:16, 4:5, or 'source'
      --crf N              H.264 quality, 0..51, lower is better (default 18)
      --preset NAME        x264 speed preset (default veryfast)
      --seed N             random seed (same seed, same video)
      --overwrite          replace OUT.mp4 if it exists
      --json               progress as one JSON object per line on stderr
  -q, --quiet              no progress output
      --max-audio-minutes N   refuse longer audio (default 30)
      --max-image-mp N        refuse larger photos, in megapixels (default 100)

Exit codes: 0 ok, 1 internal error, 2 usage, 3 input error, 4 output error, 5 cancelled (SIGINT/SIGTERM).
)";

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

// The generate options that describe the video (shared by `generate` and `project new`).
const std::vector<cli::OptionSpec> kSettingsOptions = {
    {"engine"}, {"fps"},   {"size"},     {"aspect"},   {"crf"},          {"preset"},   {"seed"},
    {"phonemes"}, {"motion"}, {"expression"}, {"no-blink", 0, false}, {"model"}, {"steps"}, {"guidance"},
    {"max-audio-minutes"}, {"max-image-mp"}};

std::vector<cli::OptionSpec> withSettingsOptions(std::vector<cli::OptionSpec> specs)
{
    specs.insert(specs.end(), kSettingsOptions.begin(), kSettingsOptions.end());
    return specs;
}

// Flags given on the command line replace the matching fields of S; the others keep their values (defaults,
// or a project's settings).
void applySettingsFlags(const cli::Args& args, GenerationSettings& s)
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
    if (args.has("no-blink"))
        s.blink = false;
    s.phonemes = args.get("phonemes", s.phonemes);
    s.model_path = args.get("model", s.model_path);
    s.steps = args.getInt("steps", s.steps);
    s.guidance = args.getDouble("guidance", s.guidance);
    s.max_audio_s = args.getDouble("max-audio-minutes", s.max_audio_s / 60.0) * 60.0;
    s.max_image_pixels = int64_t(args.getDouble("max-image-mp", double(s.max_image_pixels) / 1e6) * 1e6);
}

// Reads PROJECT into REQ. Changed inputs are a warning; a missing input is an error unless FLAGS replace it.
void applyProject(const std::filesystem::path& project, const cli::Args& args, GenerationRequest& req, bool quiet)
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
        if (!quiet)
            std::fprintf(stderr, "emote: warning: project %s: %s\n", quoted(project).c_str(), issue.message.c_str());
    }
}

int cmdGenerate(const std::vector<std::string>& argv)
{
    const cli::Args args(argv, withSettingsOptions({{"portrait", 'p'},
                                                    {"audio", 'a'},
                                                    {"output", 'o'},
                                                    {"project"},
                                                    {"overwrite", 0, false},
                                                    {"json", 0, false},
                                                    {"quiet", 'q', false}}));
    if (!args.positional().empty())
        throwUsage("unexpected argument '" + args.positional().front() + "'. See 'emote help'.");
    GenerationRequest req;
    if (const auto project = args.get("project"))
        applyProject(*project, args, req, args.has("quiet") || args.has("json"));
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
    const bool json = args.has("json");
    const bool quiet = args.has("quiet");
    const bool tty = isatty(STDERR_FILENO);
    req.metadata["comment"] = "Made with Emote Studio " EMOTE_VERSION " (" + engineName(s.engine) + " engine)";
    req.metadata["encoder_tool"] = "Emote Studio " EMOTE_VERSION;

    CancelToken cancel;
    installSignalHandlers(&cancel);
    JobCallbacks cb;
    double last_print = -1.0;
    cb.progress = [&](const Progress& p) {
        if (json) {
            std::fprintf(stderr,
                         "{\"stage\":\"%s\",\"frame\":%" PRId64 ",\"total\":%" PRId64 ",\"fps\":%s,\"eta_s\":%s}\n",
                         p.stage.c_str(), p.frame, p.total, num(p.fps).c_str(),
                         p.eta_s >= 0 ? num(p.eta_s).c_str() : "null");
        } else if (!quiet && tty && p.total > 0) {
            const double frac = double(p.frame) / double(p.total);
            if (frac - last_print >= 0.01 || p.frame == p.total) {
                last_print = frac;
                std::fprintf(stderr, "\r%-9s %6" PRId64 "/%" PRId64 " frames %5.0f%%  %6.1f fps  ETA %5.1f s ",
                             p.stage.c_str(), p.frame, p.total, frac * 100.0, p.fps, std::max(0.0, p.eta_s));
            }
        }
        return !cancel.cancelled();
    };
    try {
        const GenerationResult r = runGeneration(req, cb, cancel);
        if (json)
            std::fprintf(stderr,
                         "{\"stage\":\"done\",\"output\":\"%s\",\"engine\":\"%s\",\"frames\":%" PRId64
                         ",\"width\":%d,\"height\":%d,\"duration_s\":%s,\"elapsed_s\":%s}\n",
                         jsonEscape(r.output.string()).c_str(), r.engine.c_str(), r.frames, r.width, r.height,
                         num(r.audio_duration_s).c_str(), num(r.elapsed_s).c_str());
        else if (!quiet) {
            if (tty)
                std::fprintf(stderr, "\n");
            std::fprintf(stderr, "wrote %s: %dx%d, %" PRId64 " frames, %.2f s, %s engine, in %.1f s\n",
                         r.output.c_str(), r.width, r.height, r.frames, r.audio_duration_s, r.engine.c_str(),
                         r.elapsed_s);
        }
    } catch (const Error& e) {
        if (tty && !quiet && !json)
            std::fprintf(stderr, "\n");
        if (json)
            std::fprintf(stderr, "{\"stage\":\"error\",\"exit_code\":%d,\"message\":\"%s\"}\n", e.exitCode(),
                         jsonEscape(e.kind() == ErrorKind::Cancelled ? "cancelled" : e.what()).c_str());
        throw;
    }
    return 0;
}

int cmdAnalyze(const std::vector<std::string>& argv)
{
    const cli::Args args(argv, {{"fps"}, {"phonemes"}, {"json", 0, false}, {"frames", 0, false}});
    if (args.positional().size() != 1)
        throwUsage("analyze needs exactly one AUDIO file. Usage: emote analyze AUDIO [--fps 25] "
                   "[--phonemes auto|sphinx|spectral] [--json] [--frames]");
    const std::filesystem::path path = args.positional().front();
    audio::AnalysisOptions opt;
    opt.fps = args.getInt("fps", 25);
    if (const auto p = args.get("phonemes")) {
        const auto src = audio::phonemeSourceFromName(*p);
        if (!src)
            throwUsage("--phonemes must be auto, sphinx or spectral, got '" + *p + "'.");
        opt.phonemes = *src;
    }
    const AudioBuffer a = media::decodeAudio(path);
    const auto t0 = std::chrono::steady_clock::now();
    const audio::AudioFeatures f = audio::analyzeAudio(a, opt);
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double loud_mean = 0, voiced = 0;
    for (const auto& fr : f.frames) {
        loud_mean += fr.loudness;
        voiced += fr.f0_hz > 0 ? 1 : 0;
    }
    loud_mean /= double(f.frames.size());
    voiced /= double(f.frames.size());
    if (args.has("json")) {
        std::printf("{\"duration_s\":%s,\"fps\":%d,\"frames\":%zu,\"is_music\":%s,\"tempo_bpm\":%s,"
                    "\"median_f0_hz\":%s,\"vocal_emphasis\":%s,\"phoneme_source\":\"%s\",\"phones\":%zu,"
                    "\"analysis_s\":%s",
                    num(f.duration_s).c_str(), f.fps, f.frames.size(), f.is_music ? "true" : "false",
                    num(f.tempo_bpm).c_str(), num(f.median_f0_hz).c_str(), f.vocal_emphasis ? "true" : "false",
                    audio::phonemeSourceName(f.phoneme_source).c_str(), f.phones.size(), num(el).c_str());
        if (args.has("frames")) {
            std::printf(",\"per_frame\":[");
            for (size_t i = 0; i < f.frames.size(); ++i) {
                const auto& fr = f.frames[i];
                std::printf("%s{\"loudness\":%.3f,\"f0_hz\":%.1f,\"voicing\":%.2f,\"onset\":%.2f,\"beat\":%.2f,"
                            "\"openness\":%.2f,\"roundness\":%.2f,\"fricative\":%.2f}",
                            i ? "," : "", fr.loudness, fr.f0_hz, fr.voicing, fr.onset, fr.beat, fr.openness,
                            fr.roundness, fr.fricative);
            }
            std::printf("],\"phone_list\":[");
            for (size_t i = 0; i < f.phones.size(); ++i)
                std::printf("%s[%.2f,%.2f,\"%s\"]", i ? "," : "", f.phones[i].start_s, f.phones[i].end_s,
                            f.phones[i].label.c_str());
            std::printf("]");
        }
        std::printf("}\n");
        return 0;
    }
    std::printf("%s: %.2f s, %s, tempo %.0f BPM, median F0 %.0f Hz, voiced %.0f%% of frames, mean loudness %.2f\n",
                path.c_str(), f.duration_s, f.is_music ? "music/singing" : "speech", f.tempo_bpm, f.median_f0_hz,
                voiced * 100, loud_mean);
    std::printf("phonemes: %s (%zu phones), vocal emphasis %s, analysed in %.2f s (%.0fx real time)\n",
                audio::phonemeSourceName(f.phoneme_source).c_str(), f.phones.size(), f.vocal_emphasis ? "on" : "off",
                el, f.duration_s / std::max(1e-9, el));
    if (args.has("frames")) {
        std::printf("frame   time  loud    f0  voic onset beat open round fric\n");
        for (size_t i = 0; i < f.frames.size(); ++i) {
            const auto& fr = f.frames[i];
            std::printf("%5zu %6.2f  %.2f %5.0f  %.2f  %.2f %.2f %.2f  %.2f %.2f\n", i, double(i) / f.fps, fr.loudness,
                        fr.f0_hz, fr.voicing, fr.onset, fr.beat, fr.openness, fr.roundness, fr.fricative);
        }
        for (const auto& p : f.phones)
            std::printf("phone %.2f-%.2f %s\n", p.start_s, p.end_s, p.label.c_str());
    }
    return 0;
}

int cmdEvaluate(const std::vector<std::string>& argv)
{
    const cli::Args args(argv, {{"portrait", 'p'}, {"audio", 'a'}, {"every"}, {"json", 0, false}});
    if (args.positional().size() != 1 || !args.has("portrait") || !args.has("audio"))
        throwUsage("usage: emote evaluate VIDEO --portrait PHOTO --audio AUDIO [--every N] [--json]");
#ifdef EMOTE_HAVE_LIVE
    live::EvaluationOptions opt;
    opt.every = args.getInt("every", 1);
    const auto r = live::evaluateVideo(args.positional().front(), *args.get("portrait"), *args.get("audio"), opt);
    std::printf("%s\n", (args.has("json") ? r.toJson() : r.toText()).c_str());
    return 0;
#else
    throwUsage("evaluate needs the face models; this build has no face analysis.");
#endif
}

bool looksLikeImage(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char b[12] = {};
    in.read(reinterpret_cast<char*>(b), sizeof b);
    const auto n = in.gcount();
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return true;
    if (n >= 8 && std::memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return true;
    if (n >= 12 && std::memcmp(b, "RIFF", 4) == 0 && std::memcmp(b + 8, "WEBP", 4) == 0)
        return true;
    if (n >= 2 && b[0] == 'B' && b[1] == 'M')
        return true;
    if (n >= 4 && (std::memcmp(b, "II*\0", 4) == 0 || std::memcmp(b, "MM\0*", 4) == 0))
        return true;
    return false;
}

int cmdProbe(const std::vector<std::string>& argv)
{
    const cli::Args args(argv, {{"json", 0, false}});
    if (args.positional().size() != 1)
        throwUsage("probe needs exactly one FILE. Usage: emote probe FILE [--json]");
    const std::filesystem::path path = args.positional().front();
    const bool json = args.has("json");
    requireReadableFile(path, "file");
    if (looksLikeImage(path)) {
        const auto info = media::probeImage(path);
        if (json)
            std::printf("{\"kind\":\"image\",\"format\":\"%s\",\"width\":%d,\"height\":%d,\"orientation\":%d,"
                        "\"display_width\":%d,\"display_height\":%d}\n",
                        info.format.c_str(), info.width, info.height, info.orientation, info.displayWidth(),
                        info.displayHeight());
        else
            std::printf("%s: image, %s, %dx%d stored, orientation %d, shown as %dx%d\n", path.c_str(),
                        info.format.c_str(), info.width, info.height, info.orientation, info.displayWidth(),
                        info.displayHeight());
        return 0;
    }
    try {
        // Decode it fully so the duration is the real one, not the header's claim.
        media::AudioDecodeOptions opt;
        opt.sample_rate_hz = 16000;
        opt.channels = 1;
        media::AudioStream s(path, opt);
        std::vector<float> buf(16000);
        while (s.read(buf.data(), 16000) > 0) {
        }
        const auto& info = s.info();
        const double decoded_s = double(s.framesRead()) / 16000.0;
        if (json)
            std::printf("{\"kind\":\"audio\",\"container\":\"%s\",\"codec\":\"%s\",\"sample_rate_hz\":%d,"
                        "\"channels\":%d,\"duration_s\":%s,\"bit_rate\":%" PRId64 ",\"has_video\":%s}\n",
                        jsonEscape(info.container).c_str(), info.codec.c_str(), info.sample_rate_hz, info.channels,
                        num(decoded_s).c_str(), info.bit_rate, info.has_video ? "true" : "false");
        else
            std::printf("%s: audio, %s in %s, %d Hz, %d channel%s, %.3f s%s\n", path.c_str(), info.codec.c_str(),
                        info.container.c_str(), info.sample_rate_hz, info.channels, info.channels == 1 ? "" : "s",
                        decoded_s, info.has_video ? " (the file also has video)" : "");
        return 0;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Input)
            throw;
        const std::string msg = e.what();
        if (msg.find("not an audio format") != std::string::npos)
            throwInput("cannot read " + quoted(path) +
                       ": it is neither an image (JPEG, PNG, WebP, BMP, TIFF) nor audio Emote can read "
                       "(WAV, MP3, FLAC, OGG, Opus, M4A).");
        throw;
    }
}

int cmdProject(const std::vector<std::string>& argv)
{
    const std::string sub = argv.empty() ? std::string() : argv[0];
    const std::vector<std::string> rest(argv.begin() + (argv.empty() ? 0 : 1), argv.end());
    if (sub == "check") {
        const cli::Args args(rest, {});
        if (args.positional().size() != 1)
            throwUsage("usage: emote project check FILE.emote");
        const std::filesystem::path file = args.positional().front();
        const LoadedProject l = readProject(file);
        const Project& p = l.project;
        const GenerationSettings& s = p.settings;
        auto show = [](const std::filesystem::path& f) { return f.empty() ? std::string("(none)") : f.string(); };
        std::printf("%s: project format %d\n  portrait %s\n  audio    %s\n  output   %s\n", file.c_str(),
                    Project::kFormatVersion, show(p.portrait.path).c_str(), show(p.audio.path).c_str(),
                    show(p.output).c_str());
        std::printf("  %s engine, %d px, aspect %.3f, %d fps, crf %d, seed %" PRIu64 ", motion %.2f, expression "
                    "%.2f, blink %s, face %d, crop %.0f,%.0f %.0fx%.0f, watermark %s, label %s\n",
                    engineName(s.engine).c_str(), s.size, s.aspect, s.fps, s.crf, s.seed, s.motion_speed,
                    s.expression, s.blink ? "on" : "off", s.face_index, s.crop_x, s.crop_y, s.crop_w, s.crop_h,
                    s.watermark ? "on" : "off", s.visible_label ? "on" : "off");
        bool missing = false;
        for (const ProjectIssue& issue : l.issues) {
            std::printf("  %s: %s\n", issue.kind == ProjectIssueKind::MissingInput ? "missing" : "changed",
                        issue.message.c_str());
            missing = missing || issue.kind == ProjectIssueKind::MissingInput;
        }
        return missing ? int(ErrorKind::Input) : 0;
    }
    if (sub == "new") {
        const cli::Args args(rest, withSettingsOptions({{"portrait", 'p'},
                                                        {"audio", 'a'},
                                                        {"output", 'o'},
                                                        {"overwrite", 0, false}}));
        if (args.positional().size() != 1)
            throwUsage("usage: emote project new FILE.emote [--portrait PHOTO] [--audio AUDIO] [-o OUT.mp4] "
                       "[generate options]");
        const std::filesystem::path file = args.positional().front();
        if (file.extension() != ".emote")
            throwUsage("project file " + quoted(file) + " should end in .emote.");
        if (std::filesystem::exists(file) && !args.has("overwrite"))
            throwOutput("project " + quoted(file) + " already exists. Add --overwrite to replace it.");
        Project p;
        for (const char* role : {"portrait", "audio"}) {
            if (const auto f = args.get(role)) {
                requireReadableFile(*f, role);
                ProjectInput& in = std::string(role) == "portrait" ? p.portrait : p.audio;
                in.path = std::filesystem::absolute(*f);
                in.sha256 = fileSha256(in.path);
            }
        }
        if (const auto o = args.get("output"))
            p.output = std::filesystem::absolute(*o);
        applySettingsFlags(args, p.settings);
        p.settings.validate();
        // Round-trip through the parser so a project this command writes is one the app opens.
        parseProject(serializeProject(p, file), file);
        writeProject(p, file);
        std::printf("wrote %s\n", file.c_str());
        return 0;
    }
    throwUsage("usage: emote project check FILE.emote | emote project new FILE.emote [options]");
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        std::fputs(kUsage, args.empty() ? stderr : stdout);
#ifdef EMOTE_HAVE_FACE
        std::fprintf(args.empty() ? stderr : stdout, "\n%s", cli::kFacesUsage);
#endif
#ifdef EMOTE_HAVE_DIFFUSION
        std::fprintf(args.empty() ? stderr : stdout, "\n%s", cli::kImportHalloUsage);
#endif
        return args.empty() ? 2 : 0;
    }
    const std::string cmd = args[0];
    args.erase(args.begin());
    try {
        if (cmd == "version" || cmd == "--version") {
            const auto rt = nn::runtimeInfo();
            std::printf("emote %s (libtorch %s)\n", EMOTE_VERSION, rt.torch_version.c_str());
            return 0;
        }
        // Partial outputs of runs that were killed (SIGKILL, crash, power loss) go before any new work.
        cleanStalePartialFiles();
        nn::configureRuntime();
        if (cmd == "generate")
            return cmdGenerate(args);
        if (cmd == "probe")
            return cmdProbe(args);
        if (cmd == "project")
            return cmdProject(args);
        if (cmd == "analyze")
            return cmdAnalyze(args);
        if (cmd == "evaluate")
            return cmdEvaluate(args);
#ifdef EMOTE_HAVE_FACE
        if (cmd == "faces")
            return cli::cmdFaces(args);
#endif
#ifdef EMOTE_HAVE_DIFFUSION
        if (cmd == "import-hallo")
            return cli::cmdImportHallo(args);
#endif
        throwUsage("unknown command '" + cmd + "'. Commands: generate, project, probe, faces, analyze, evaluate, import-hallo, version, help.");
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::Cancelled)
            std::fprintf(stderr, "emote: cancelled; nothing was written.\n");
        else
            std::fprintf(stderr, "emote: error: %s\n", e.what());
        return e.exitCode();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "emote: internal error: %s\n", e.what());
        return 1;
    }
}
