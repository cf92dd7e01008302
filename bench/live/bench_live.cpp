// Live engine benchmark: generate + encode throughput (frames per second, and real-time factor = audio seconds
// per wall second) at 512² on the bundled speech and song, at a 1920×1280 paste-back (the whole photo is the
// frame, only the head is redrawn), and peak RSS of a short vs a long run (each in its own process).
//
//   build/bench/live/bench_live [--short 60] [--long 600] [--size 512] [--skip-long] [--wide-only]
//
// --wide-only: only the 1920×1280 paste-back, head-only then whole frames (for profiling).
#include "bench/bench_util.h"
#include "core/jobs/job.h"
#include "core/face/face_draw.h"
#include "core/media/image_ops.h"
#include "core/media/image_reader.h"
#include "core/nn/runtime.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace emote;

namespace {

struct Run {
    double audio_s = 0, elapsed_s = 0, cpu_s = 0;
    int64_t frames = 0;
};

// CPU seconds (user + system) of this process, all threads.
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

Run runOnce(const fs::path& portrait, const fs::path& audio, const fs::path& out, int size, double aspect,
            bool partial = true)
{
    GenerationRequest req;
    req.partial_updates = partial;
    req.portrait = portrait;
    req.audio = audio;
    req.output = out;
    req.overwrite = true;
    req.settings.size = size;
    req.settings.aspect = aspect;
    CancelToken cancel;
    const double cpu0 = cpuSeconds();
    const auto r = runGeneration(req, {}, cancel);
    const double cpu = cpuSeconds() - cpu0;
    fs::remove(out);
    return {r.audio_duration_s, r.elapsed_s, cpu, r.frames};
}

// Wall-clock throughput, and the CPU time it took: on a busy machine the wall clock measures the neighbours,
// while frames / (CPU seconds / cores) is what the cores would give if the run had them to itself.
// GOAL: the fps goal, printed as the ratio of both figures to it.
void print(const char* what, const Run& r, double goal)
{
    const double cores = double(sysconf(_SC_NPROCESSORS_ONLN));
    const double fps = r.frames / r.elapsed_s, cpu_fps = r.frames / (r.cpu_s / cores);
    std::printf("  %-16s %5.1f s audio, %4lld frames in %6.2f s: %6.1f fps (%.2fx real time, %.2fx the %.0f fps goal); "
                "CPU %5.2f s = %6.1f fps on %.0f cores if idle (%.2fx the goal)\n",
                what, r.audio_s, (long long)r.frames, r.elapsed_s, fps, r.audio_s / r.elapsed_s, fps / goal, goal,
                r.cpu_s, cpu_fps, cores, cpu_fps / goal);
}

// A 1920×1280 portrait made from the bundled 512² one: scaled to the full height, the sides continued from
// its edges (so the face is large: the worst case for the paste-back).
fs::path makeWidePortrait(const fs::path& dir)
{
    const Image src = media::readImage(fs::path(EMOTE_SOURCE_DIR) / "resources/samples/astronaut.png");
    const Image tall = media::resizeImage(src, 1280, 1280);
    cv::Mat in(tall.height, tall.width, CV_8UC3, const_cast<uint8_t*>(tall.rgb.data()));
    Image wide(1920, 1280);
    cv::Mat out(wide.height, wide.width, CV_8UC3, wide.rgb.data());
    cv::copyMakeBorder(in, out, 0, 0, 320, 320, cv::BORDER_REFLECT_101);
    const fs::path p = dir / "portrait-1920x1280.png";
    const auto png = face::encodePng(wide);
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(png.data()), std::streamsize(png.size()));
    return p;
}

} // namespace

int main(int argc, char** argv)
{
    nn::configureRuntime();
    double short_s = 60, long_s = 600;
    int size = 512;
    bool skip_long = false, wide_only = false;
    std::string child;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--short") short_s = std::atof(next().c_str());
        else if (a == "--long") long_s = std::atof(next().c_str());
        else if (a == "--size") size = std::atoi(next().c_str());
        else if (a == "--skip-long") skip_long = true;
        else if (a == "--wide-only") wide_only = skip_long = true;
        else if (a == "--child") child = next();
        else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
    }
    const fs::path samples = fs::path(EMOTE_SOURCE_DIR) / "resources/samples";
    const fs::path tmp = fs::temp_directory_path() / ("emote-bench-live-" + std::to_string(getpid()));
    fs::create_directories(tmp);
    if (!child.empty()) {
        const Run r = runOnce(samples / "astronaut.png", child, tmp / "out.mp4", size, 1.0);
        std::printf("RESULT audio=%.1f elapsed=%.2f rss_kb=%ld\n", r.audio_s, r.elapsed_s, bench::peakRssKb());
        fs::remove_all(tmp);
        return 0;
    }
    std::printf("Live engine benchmark: generate + encode (x264 veryfast), %u cores\n",
                (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
    if (!wide_only) {
        std::printf(" %dx%d output:\n", size, size);
        for (const char* name : {"speech.wav", "song.wav"})
            print(name, runOnce(samples / "astronaut.png", samples / name, tmp / "o.mp4", size, 1.0), 100.0);
    }
    // The paste-back as exported (only the redrawn head converted and marked anew each frame), and with every
    // frame treated whole (the same video; what the export did before), alternately so both see the same load.
    std::printf(" 1920x1280 paste-back (the whole photo, only the head redrawn):\n");
    const fs::path wide = makeWidePortrait(tmp);
    for (const char* name : {"speech.wav", "song.wav"}) {
        const Run part = runOnce(wide, samples / name, tmp / "o.mp4", 1280, 0.0, true);
        const Run whole = runOnce(wide, samples / name, tmp / "o.mp4", 1280, 0.0, false);
        print((std::string(name) + " head").c_str(), part, 50.0);
        print((std::string(name) + " whole").c_str(), whole, 50.0);
        std::printf("  %-16s head-only vs whole frames: %.2fx the speed (wall), %.2fx less CPU\n", name,
                    whole.elapsed_s / part.elapsed_s, whole.cpu_s / part.cpu_s);
    }
    if (skip_long) {
        fs::remove_all(tmp);
        return 0;
    }
    // Long runs: the speech sample looped to the wanted lengths (sox), each measured in a child process.
    double rss[2] = {}, rt[2] = {};
    const double lens[2] = {short_s, long_s};
    for (int k = 0; k < 2; ++k) {
        const fs::path wav = tmp / ("loop" + std::to_string(k) + ".wav");
        const std::string make = "sox '" + (samples / "speech.wav").string() + "' '" + wav.string() + "' repeat " +
                                 std::to_string(int(lens[k] / 9.89)) + " trim 0 " + std::to_string(lens[k]);
        if (std::system(make.c_str()) != 0) {
            std::fprintf(stderr, "sox failed\n");
            return 1;
        }
        const std::string cmd = std::string("'") + argv[0] + "' --size " + std::to_string(size) + " --child '" + wav.string() + "'";
        FILE* p = popen(cmd.c_str(), "r");
        char line[256];
        bool ok = false;
        while (p && std::fgets(line, sizeof line, p))
            if (std::strncmp(line, "RESULT", 6) == 0) {
                double a, e;
                long r;
                std::sscanf(line, "RESULT audio=%lf elapsed=%lf rss_kb=%ld", &a, &e, &r);
                rss[k] = r / 1024.0;
                rt[k] = a / e;
                std::printf("  %5.0f s speech at %d²: %.2fx real time (%.0f fps), peak RSS %.1f MiB\n", a, size, rt[k],
                            rt[k] * 25, rss[k]);
                ok = true;
            }
        if (!p || pclose(p) != 0 || !ok) {
            std::fprintf(stderr, "child run failed\n");
            return 1;
        }
    }
    fs::remove_all(tmp);
    std::printf("ratio long/short: length %.1fx, peak RSS %.2fx, real-time factor %.2fx\n", lens[1] / lens[0],
                rss[1] / rss[0], rt[1] / rt[0]);
    return 0;
}
