// Provenance benchmark: what the watermark costs and what it survives, measured in one run.
//
//   build/bench/provenance/bench_watermark                    everything below (3. is the long part: 21 min
//                                                             in one run on 2 cores under heavy other load)
//   build/bench/provenance/bench_watermark --cost             1. embedding cost only
//   build/bench/provenance/bench_watermark --robustness       2. robustness table only
//   build/bench/provenance/bench_watermark --false-positives  3. unmarked videos only (--fp-count N, default 200)
//   build/bench/provenance/bench_watermark --verify-time      4. `emote verify` of a 1-minute 1080p video
//   ... --robustness --source "Still 512"                     2. for the exports whose name contains the text
//
// 1. The embedder alone per frame (512² and 1080p), and the Live engine's 512² export with and without the
//    watermark, alternated, best of --repeats: the ratio is the embedding cost.
// 2. Live and Still exports (512² and 1920×1080, 6 s of speech) through the ffmpeg CLI: rescaled to 75 / 50 / 33
//    / 150 % (x264 CRF 23 and 28, never scaled back), a 20 % crop (80 % of width and height, centred), a 9:16
//    centre crop, 15 fps, VP9, and a "screen recording" (80 %, slight blur, noise, CRF 26). Each is read as
//    `emote verify` reads it (at most 10 s) and the table says: found, payload read, raw code-bit accuracy, sync.
// 3. Videos never made by Emote: test patterns, noise, photos panned and zoomed, and Emote's own exports with the
//    mark off, each at the sizes and crops of 2; the count reported as marked must be 0.
#include "core/jobs/job.h"
#include "core/media/image_reader.h"
#include "core/media/video_reader.h"
#include "core/nn/runtime.h"
#include "core/provenance/payload_code.h"
#include "core/provenance/visible_label.h"
#include "core/provenance/watermark.h"

#include <sys/wait.h>
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace emote;
using Clock = std::chrono::steady_clock;

namespace {

double cpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

fs::path g_work; // scratch folder of this run

fs::path sample(const char* rel) { return fs::path(EMOTE_SOURCE_DIR) / rel; }

// Runs a shell command line (ffmpeg), quietly; false when it fails.
bool shell(const std::string& cmd)
{
    const int rc = std::system((cmd + " >/dev/null 2>&1").c_str());
    return rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
}

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

struct Cost {
    double wall_s = 1e30;
    double cpu_s = 1e30; // all threads of this process: far less sensitive to other load than wall time
};

GenerationResult exportClip(const fs::path& audio, EngineKind engine, int size, double aspect, bool watermark,
                            const fs::path& out, Cost* best = nullptr)
{
    GenerationRequest req;
    req.portrait = sample("resources/samples/astronaut.png");
    req.audio = audio;
    req.output = out;
    req.overwrite = true;
    req.settings.engine = engine;
    req.settings.size = size;
    req.settings.aspect = aspect;
    req.settings.watermark = watermark;
    CancelToken cancel;
    const double cpu0 = cpuSeconds();
    const GenerationResult r = runGeneration(req, {}, cancel);
    if (best) {
        best->wall_s = std::min(best->wall_s, r.elapsed_s);
        best->cpu_s = std::min(best->cpu_s, cpuSeconds() - cpu0);
    }
    return r;
}

// What `emote verify` does: at most 10 s of frames into the detector.
provenance::WatermarkDetection detectFile(const fs::path& file, int* w = nullptr, int* h = nullptr)
{
    provenance::WatermarkDetector det;
    try {
        media::VideoReader reader(file);
        if (w)
            *w = reader.width();
        if (h)
            *h = reader.height();
        const double rate = reader.fps() > 0 ? reader.fps() : 25.0;
        Image frame;
        int64_t n = 0;
        while (double(n) / rate < 10.0 && reader.next(frame)) {
            det.addFrame(frame);
            ++n;
        }
    } catch (const Error& e) {
        std::printf("    cannot read %s: %s\n", file.c_str(), e.what());
    }
    return det.detect();
}

// ---- 1. cost --------------------------------------------------------------------------------------------------

void benchCost(int repeats)
{
    std::printf("\n1. Embedding cost\n");
    const Image photo = media::readImage(sample("resources/samples/astronaut.png"), {});
    for (const auto& [w, h] : {std::pair{512, 512}, std::pair{1920, 1080}}) {
        Image f(w, h);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                std::memcpy(f.row(y) + 3 * x, photo.row(y * photo.height / h) + 3 * (x * photo.width / w), 3);
        provenance::WatermarkEmbedder emb(0x0123456789abcdefull);
        Image first = f;
        const auto t0 = Clock::now();
        emb.embed(first); // renders and informs the tile
        const double first_ms = 1e3 * secondsSince(t0);
        std::vector<double> ms;
        for (int i = 0; i < (w > 1000 ? 60 : 300); ++i) {
            Image g = f;
            const auto t1 = Clock::now();
            emb.embed(g);
            ms.push_back(1e3 * secondsSince(t1));
        }
        std::sort(ms.begin(), ms.end());
        std::printf("  embed %dx%d: first frame %.1f ms (tile rendered and informed once per video), then median "
                    "%.3f ms/frame (p10 %.3f, p90 %.3f)\n",
                    w, h, first_ms, ms[ms.size() / 2], ms[ms.size() / 10], ms[ms.size() * 9 / 10]);
    }
    const fs::path audio = sample("resources/samples/speech.wav");
    Cost off, on;
    int64_t frames = 0;
    for (int r = 0; r < repeats; ++r) {
        frames = exportClip(audio, EngineKind::Live, 512, 1.0, false, g_work / "cost.mp4", &off).frames;
        exportClip(audio, EngineKind::Live, 512, 1.0, true, g_work / "cost.mp4", &on);
    }
    std::printf("  Live export 512x512 speech.wav, %lld frames, best of %d (alternated):\n",
                static_cast<long long>(frames), repeats);
    std::printf("    wall: none %.2f s, watermark %.2f s; watermark/none = %.3f\n", off.wall_s, on.wall_s,
                on.wall_s / off.wall_s);
    std::printf("    CPU:  none %.2f s, watermark %.2f s; watermark/none = %.3f\n", off.cpu_s, on.cpu_s,
                on.cpu_s / off.cpu_s);
}

// ---- 2. robustness --------------------------------------------------------------------------------------------

struct Transform {
    const char* name;
    std::string vf;    // ffmpeg filter chain ("" = none)
    std::string codec; // ffmpeg codec arguments
    const char* ext;
};

std::vector<Transform> transforms()
{
    auto scale = [](double s) {
        char b[96];
        std::snprintf(b, sizeof b, "scale=trunc(iw*%.4f/2)*2:trunc(ih*%.4f/2)*2", s, s);
        return std::string(b);
    };
    const std::string x23 = "-c:v libx264 -preset veryfast -crf 23", x28 = "-c:v libx264 -preset veryfast -crf 28";
    return {
        {"untouched export", "", "", "mp4"},
        {"75 % CRF 23", scale(0.75), x23, "mp4"},
        {"75 % CRF 28", scale(0.75), x28, "mp4"},
        {"50 % CRF 23", scale(0.5), x23, "mp4"},
        {"50 % CRF 28", scale(0.5), x28, "mp4"},
        {"33 % CRF 23", scale(1.0 / 3.0), x23, "mp4"},
        {"33 % CRF 28", scale(1.0 / 3.0), x28, "mp4"},
        {"150 % CRF 23", scale(1.5), x23, "mp4"},
        {"150 % CRF 28", scale(1.5), x28, "mp4"},
        {"crop 20 % CRF 23", "crop=trunc(iw*0.4)*2:trunc(ih*0.4)*2", x23, "mp4"},
        {"9:16 centre crop", "crop=trunc(ih*9/32)*2:ih", x23, "mp4"},
        {"15 fps CRF 23", "fps=15", x23, "mp4"},
        {"VP9 CRF 32", "", "-c:v libvpx-vp9 -b:v 0 -crf 32 -deadline realtime -cpu-used 8 -row-mt 1", "webm"},
        {"screen recording", scale(0.8) + ",gblur=sigma=0.6,noise=alls=6:allf=t",
         "-c:v libx264 -preset veryfast -crf 26", "mp4"},
    };
}

fs::path applyTransform(const fs::path& src, const Transform& t, const std::string& stem)
{
    if (t.vf.empty() && t.codec.empty())
        return src;
    const fs::path out = g_work / (stem + "." + t.ext);
    const std::string vf = t.vf.empty() ? "" : " -vf \"" + t.vf + "\"";
    if (!shell("ffmpeg -v error -y -i " + q(src) + vf + " " + t.codec + " -pix_fmt yuv420p -an " + q(out)))
        std::printf("    ffmpeg failed for %s\n", t.name);
    return out;
}

struct Source {
    const char* name;
    EngineKind engine;
    int size;
    double aspect;
};

int benchRobustness(const std::string& only)
{
    std::printf("\n2. Robustness (6 s exports; found = `emote verify` says marked; payload = the exact payload read; "
                "bits = raw code-bit accuracy before error correction, when the payload was read)\n");
    const fs::path audio = g_work / "speech6.wav";
    shell("ffmpeg -v error -y -i " + q(sample("resources/samples/speech.wav")) + " -t 6 " + q(audio));
    const std::vector<Source> sources = {{"Live 512x512", EngineKind::Live, 512, 1.0},
                                         {"Still 512x512", EngineKind::Still, 512, 1.0},
                                         {"Live 1920x1080", EngineKind::Live, 1080, 16.0 / 9.0},
                                         {"Still 1920x1080", EngineKind::Still, 1080, 16.0 / 9.0}};
    int total = 0, found = 0, payloads = 0;
    for (const Source& s : sources) {
        if (!only.empty() && std::string(s.name).find(only) == std::string::npos)
            continue;
        const fs::path src = g_work / "source.mp4";
        const GenerationResult g = exportClip(audio, s.engine, s.size, s.aspect, true, src);
        std::printf("  %s (payload %016llx)\n", s.name, static_cast<unsigned long long>(g.watermark_payload));
        std::printf("    %-18s %-10s %-6s %-8s %-7s %s\n", "transform", "size", "found", "payload", "bits", "sync");
        int s_found = 0, s_total = 0;
        for (const Transform& t : transforms()) {
            const fs::path v = applyTransform(src, t, "variant");
            int w = 0, h = 0;
            const auto t0 = Clock::now();
            const provenance::WatermarkDetection r = detectFile(v, &w, &h);
            const double secs = secondsSince(t0);
            const bool ok = r.payload && *r.payload == g.watermark_payload;
            char size[24];
            std::snprintf(size, sizeof size, "%dx%d", w, h);
            char bits[16] = "-";
            if (r.payload)
                std::snprintf(bits, sizeof bits, "%.1f %%", 100.0 * r.raw_bit_accuracy);
            std::printf("    %-18s %-10s %-6s %-8s %-7s %5.1f σ  (at half height %.1f σ; read in %.1f s)\n", t.name,
                        size, r.marked ? "yes" : "NO", ok ? "yes" : (r.payload ? "WRONG" : "-"), bits, r.sync_score,
                        r.sync_at_half_height, secs);
            std::fflush(stdout);
            ++total;
            ++s_total;
            found += r.marked;
            s_found += r.marked;
            payloads += ok;
            if (v != src)
                fs::remove(v);
        }
        std::printf("    %s: found on %d of %d\n", s.name, s_found, s_total);
    }
    std::printf("  robustness: found on %d of %d variants (%.1f %%), payload read on %d\n", found, total,
                100.0 * found / total, payloads);
    return found;
}

// ---- 3. false positives ---------------------------------------------------------------------------------------

int benchFalsePositives(int count)
{
    std::printf("\n3. False positives: %d videos never made by Emote (or made with the mark off)\n", count);
    const fs::path audio = g_work / "speech3.wav";
    shell("ffmpeg -v error -y -i " + q(sample("resources/samples/speech.wav")) + " -t 3 " + q(audio));
    // Bases: 3 s at 25 fps.
    std::vector<std::pair<std::string, fs::path>> bases;
    auto lavfi = [&](const std::string& name, const std::string& src, const std::string& vf = "") {
        const fs::path out = g_work / ("base_" + name + ".mp4");
        if (shell("ffmpeg -v error -y -f lavfi -i \"" + src + "\" -t 3" + (vf.empty() ? "" : " -vf \"" + vf + "\"") +
                  " -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p " + q(out)))
            bases.push_back({name, out});
    };
    for (const char* size : {"512x512", "1280x720"}) {
        const std::string s = std::string("s=") + size + ":r=25";
        lavfi(std::string("testsrc_") + size, "testsrc=" + s);
        lavfi(std::string("testsrc2_") + size, "testsrc2=" + s);
        lavfi(std::string("smptebars_") + size, "smptehdbars=" + s);
        lavfi(std::string("mandelbrot_") + size, "mandelbrot=" + s);
        lavfi(std::string("life_") + size, "life=" + s + ":mold=10:ratio=0.5");
        lavfi(std::string("gradients_") + size, "gradients=" + s);
        lavfi(std::string("noise_gray_") + size, "color=c=gray:" + s, "noise=alls=30:allf=t");
        lavfi(std::string("noise_white_") + size, "color=c=white:" + s, "noise=alls=60:allf=u");
    }
    auto photo = [&](const std::string& name, const char* rel, const std::string& vf) {
        const fs::path out = g_work / ("base_" + name + ".mp4");
        if (shell("ffmpeg -v error -y -loop 1 -i " + q(sample(rel)) + " -t 3 -r 25 -vf \"" + vf +
                  "\" -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p " + q(out)))
            bases.push_back({name, out});
    };
    const char* photos[] = {"resources/samples/astronaut.png", "tests/golden/faceapi/sample1/image.png",
                            "tests/golden/faceapi/sample2/image.png"};
    for (int i = 0; i < 3; ++i) {
        const std::string n = std::to_string(i);
        photo("photo_still_" + n, photos[i], "scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720");
        photo("photo_pan_" + n, photos[i],
              "scale=1600:-2,crop=1280:720:x='(iw-1280)*t/3':y='(ih-720)/2'");
        photo("photo_zoom_" + n, photos[i],
              "scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,"
              "zoompan=z='1+0.004*on':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=1:s=1280x720:fps=25");
    }
    for (const auto& [name, engine, size, aspect] :
         {std::tuple{"emote_live_512", EngineKind::Live, 512, 1.0},
          std::tuple{"emote_still_512", EngineKind::Still, 512, 1.0},
          std::tuple{"emote_live_1080", EngineKind::Live, 1080, 16.0 / 9.0},
          std::tuple{"emote_still_1080", EngineKind::Still, 1080, 16.0 / 9.0}}) {
        const fs::path out = g_work / (std::string("base_") + name + ".mp4");
        exportClip(audio, engine, size, aspect, false, out);
        bases.push_back({name, out});
    }
    const std::vector<Transform> all = transforms();
    int tested = 0, marked = 0;
    double max_sync = 0, max_half = 0;
    std::string max_name;
    // Every transform in turn, each time on another source (5 is prime to the number of sources, so the first
    // sources × transforms pairs are all different).
    for (size_t k = 0; tested < count && k < bases.size() * all.size(); ++k) {
        const Transform& t = all[k % all.size()];
        const auto& [name, base] = bases[(5 * (k / all.size()) + k % all.size()) % bases.size()];
        const fs::path v = applyTransform(base, t, "fp");
        const provenance::WatermarkDetection r = detectFile(v);
        ++tested;
        max_half = std::max(max_half, r.sync_at_half_height);
        if (r.sync_score > max_sync) {
            max_sync = r.sync_score;
            max_name = name + " / " + t.name;
        }
        if (r.marked) {
            ++marked;
            std::printf("  FALSE POSITIVE: %s / %s: sync %.2f σ, payload %s\n", name.c_str(), t.name, r.sync_score,
                        r.payload ? "read" : "-");
        }
        if (v != base)
            fs::remove(v);
    }
    std::printf("  %d unmarked videos (%zu sources x up to %zu transforms): %d reported as marked; highest sync "
                "%.2f σ over all periods (%s; threshold 7 σ, 5.5 σ with a valid payload), %.2f σ around half the "
                "height (threshold 6 σ)\n",
                tested, bases.size(), all.size(), marked, max_sync, max_name.c_str(), max_half);
    return marked;
}

// ---- 4. verify time -------------------------------------------------------------------------------------------

void benchVerifyTime()
{
    std::printf("\n4. `emote verify` of a 1-minute 1920x1080 video\n");
    const fs::path clip = g_work / "v1080.mp4", minute = g_work / "minute1080.mp4";
    exportClip(sample("resources/samples/speech.wav"), EngineKind::Live, 1080, 16.0 / 9.0, true, clip);
    if (!shell("ffmpeg -v error -y -stream_loop 40 -i " + q(clip) + " -t 60 -c copy " + q(minute))) {
        std::printf("  ffmpeg failed\n");
        return;
    }
    const std::string cmd = std::string(EMOTE_CLI_PATH) + " verify " + q(minute) + " >/dev/null";
    for (int i = 0; i < 2; ++i) {
        const auto t0 = Clock::now();
        const int rc = std::system(cmd.c_str());
        std::printf("  run %d: %.2f s wall, exit %d (0 = marked), %ld cores\n", i + 1, secondsSince(t0),
                    WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, sysconf(_SC_NPROCESSORS_ONLN));
    }
}

} // namespace

int main(int argc, char** argv)
{
    int repeats = 3, fp_count = 200;
    std::string only_source;
    bool cost = false, robust = false, fp = false, vtime = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--fp-count" && i + 1 < argc)
            fp_count = std::max(1, std::atoi(argv[++i]));
        else if (a == "--source" && i + 1 < argc)
            only_source = argv[++i];
        else if (a == "--cost")
            cost = true;
        else if (a == "--robustness")
            robust = true;
        else if (a == "--false-positives")
            fp = true;
        else if (a == "--verify-time")
            vtime = true;
        else {
            std::fprintf(stderr, "usage: bench_watermark [--cost] [--robustness] [--false-positives] [--verify-time] "
                                 "[--repeats N] [--fp-count N] [--source TEXT]\n");
            return 2;
        }
    }
    if (!cost && !robust && !fp && !vtime)
        cost = robust = fp = vtime = true;
    nn::configureRuntime();
    g_work = fs::temp_directory_path() / ("bench_watermark_" + std::to_string(getpid()));
    fs::create_directories(g_work);
    ::setenv("XDG_CONFIG_HOME", (g_work / "config").c_str(), 1); // a private install id
    std::printf("Provenance benchmark, %ld cores (timings are wall-clock unless marked CPU: other load on the "
                "machine inflates them)\n", sysconf(_SC_NPROCESSORS_ONLN));
    if (cost)
        benchCost(repeats);
    if (robust)
        benchRobustness(only_source);
    if (fp)
        benchFalsePositives(fp_count);
    if (vtime)
        benchVerifyTime();
    std::error_code ec;
    fs::remove_all(g_work, ec);
    return 0;
}
