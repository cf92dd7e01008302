// Cost of provenance marking: the watermark embedder alone per 512² frame, and the Live engine's whole 512²
// export with and without the watermark (and with the visible label), alternated in one run, best of N each.
//
//   build/bench/provenance/bench_watermark [--repeats 3] [--size 512] [--embed-only]
#include "core/engine/job.h"
#include "core/media/image_reader.h"
#include "core/nn/runtime.h"
#include "core/provenance/visible_label.h"
#include "core/provenance/watermark.h"

#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <chrono>
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

struct Cost {
    double wall_s = 1e30;
    double cpu_s = 1e30; // all threads of this process: far less sensitive to other load than wall time
};

void exportOnce(const fs::path& audio, int size, bool watermark, bool label, int64_t* frames, Cost* best)
{
    GenerationRequest req;
    req.portrait = fs::path(EMOTE_SOURCE_DIR) / "resources/samples/astronaut.png";
    req.audio = audio;
    req.output = fs::temp_directory_path() / ("bench_watermark_" + std::to_string(getpid()) + ".mp4");
    req.overwrite = true;
    req.settings.size = size;
    req.settings.watermark = watermark;
    req.settings.visible_label = label;
    CancelToken cancel;
    const double cpu0 = cpuSeconds();
    const auto r = runGeneration(req, {}, cancel);
    const double cpu = cpuSeconds() - cpu0;
    *frames = r.frames;
    fs::remove(req.output);
    best->wall_s = std::min(best->wall_s, r.elapsed_s);
    best->cpu_s = std::min(best->cpu_s, cpu);
}

} // namespace

int main(int argc, char** argv)
{
    int repeats = 3, size = 512;
    bool embed_only = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--repeats" && i + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++i]));
        else if (a == "--embed-only")
            embed_only = true;
        else if (a == "--size" && i + 1 < argc)
            size = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: bench_watermark [--repeats N] [--size PX] [--embed-only]\n");
            return 2;
        }
    }
    nn::configureRuntime();
    std::printf("Provenance benchmark: %dx%d, %ld cores (timings are wall-clock: other load on the machine "
                "inflates them)\n", size, size, sysconf(_SC_NPROCESSORS_ONLN));

    // 1. The embedder alone, on the portrait at the output size.
    {
        Image frame = media::readImage(fs::path(EMOTE_SOURCE_DIR) / "resources/samples/astronaut.png", {});
        Image f(size, size);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x)
                std::memcpy(f.row(y) + 3 * x, frame.row(y * frame.height / size) + 3 * (x * frame.width / size), 3);
        provenance::WatermarkEmbedder emb(0x0123456789abcdefull);
        provenance::VisibleLabel label(size, size);
        std::vector<double> wm_ms, label_ms;
        for (int i = 0; i < 300; ++i) {
            Image g = f;
            auto t0 = Clock::now();
            emb.embed(g);
            auto t1 = Clock::now();
            label.apply(g);
            auto t2 = Clock::now();
            wm_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            label_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        }
        std::sort(wm_ms.begin(), wm_ms.end());
        std::sort(label_ms.begin(), label_ms.end());
        std::printf("  embed watermark: median %.3f ms/frame (p10 %.3f, p90 %.3f); visible label: median %.3f ms\n",
                    wm_ms[wm_ms.size() / 2], wm_ms[wm_ms.size() / 10], wm_ms[wm_ms.size() * 9 / 10],
                    label_ms[label_ms.size() / 2]);
    }

    if (embed_only)
        return 0;
    // 2. Whole Live export, off / on alternated so drifting load hits both alike; best of REPEATS each.
    for (const char* name : {"song.wav", "speech.wav"}) {
        const fs::path audio = fs::path(EMOTE_SOURCE_DIR) / "resources/samples" / name;
        Cost off, on, label;
        int64_t frames = 0;
        for (int r = 0; r < repeats; ++r) {
            exportOnce(audio, size, false, false, &frames, &off);
            exportOnce(audio, size, true, false, &frames, &on);
            exportOnce(audio, size, true, true, &frames, &label);
        }
        std::printf("  Live export %-10s %4lld frames, best of %d:\n", name, static_cast<long long>(frames), repeats);
        std::printf("    wall: none %.2f s (%.0f fps), watermark %.2f s, + label %.2f s; watermark/none = %.3f\n",
                    off.wall_s, double(frames) / off.wall_s, on.wall_s, label.wall_s, on.wall_s / off.wall_s);
        std::printf("    CPU:  none %.2f s, watermark %.2f s, + label %.2f s; watermark/none = %.3f (+%.1f %%)\n",
                    off.cpu_s, on.cpu_s, label.cpu_s, on.cpu_s / off.cpu_s, 100.0 * (on.cpu_s / off.cpu_s - 1.0));
    }
    return 0;
}
