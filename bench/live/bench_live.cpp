// Live engine benchmark: real-time factor (audio seconds per wall second, > 1 = faster than real time) on the
// bundled speech and song, and peak RSS of a short vs a long run (each in its own process).
//
//   build/bench/live/bench_live [--short 60] [--long 600] [--size 512]
#include "bench/bench_util.h"
#include "core/engine/job.h"
#include "core/nn/runtime.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace emote;

namespace {

double runOnce(const fs::path& audio, const fs::path& out, int size, double* audio_s)
{
    GenerationRequest req;
    req.portrait = fs::path(EMOTE_SOURCE_DIR) / "resources/samples/astronaut.png";
    req.audio = audio;
    req.output = out;
    req.overwrite = true;
    req.settings.size = size;
    CancelToken cancel;
    const auto r = runGeneration(req, {}, cancel);
    *audio_s = r.audio_duration_s;
    fs::remove(out);
    return r.elapsed_s;
}

} // namespace

int main(int argc, char** argv)
{
    nn::configureRuntime();
    double short_s = 60, long_s = 600;
    int size = 512;
    std::string child;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--short") short_s = std::atof(next().c_str());
        else if (a == "--long") long_s = std::atof(next().c_str());
        else if (a == "--size") size = std::atoi(next().c_str());
        else if (a == "--child") child = next();
        else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
    }
    const fs::path tmp = fs::temp_directory_path() / ("emote-bench-live-" + std::to_string(getpid()));
    fs::create_directories(tmp);
    if (!child.empty()) {
        double audio_s = 0;
        const double el = runOnce(child, tmp / "out.mp4", size, &audio_s);
        std::printf("RESULT audio=%.1f elapsed=%.2f rss_kb=%ld\n", audio_s, el, bench::peakRssKb());
        fs::remove_all(tmp);
        return 0;
    }
    std::printf("Live engine benchmark: %dx%d output, %u cores\n", size, size, (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
    for (const char* name : {"speech.wav", "song.wav"}) {
        double audio_s = 0;
        const double el = runOnce(fs::path(EMOTE_SOURCE_DIR) / "resources/samples" / name, tmp / "o.mp4", size, &audio_s);
        std::printf("  %-10s %5.1f s audio in %5.2f s: %.2fx real time\n", name, audio_s, el, audio_s / el);
    }
    // Long runs: the speech sample looped to the wanted lengths (sox), each measured in a child process.
    double rss[2] = {}, rt[2] = {};
    const double lens[2] = {short_s, long_s};
    for (int k = 0; k < 2; ++k) {
        const fs::path wav = tmp / ("loop" + std::to_string(k) + ".wav");
        const std::string make = "sox '" + std::string(EMOTE_SOURCE_DIR) + "/resources/samples/speech.wav' '" +
                                 wav.string() + "' repeat " + std::to_string(int(lens[k] / 9.89)) + " trim 0 " +
                                 std::to_string(lens[k]);
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
                std::printf("  %5.0f s speech: %.2fx real time, peak RSS %.1f MiB\n", a, rt[k], rss[k]);
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
