// Export benchmark: H.264 + AAC throughput for 512² frames and peak memory for a 60 s and a 600 s audio.
// Each length runs in its own child process so its peak RSS (VmHWM) is its own.
//
//   build/bench/bench_export [--size 512] [--preset veryfast] [--pattern talking|pan] [--short 60] [--long 600]
#include "bench/bench_util.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/media/image_ops.h"
#include "core/media/mp4_writer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace emote;

namespace {

// 16-bit mono WAV with a gliding tone and syllable-like amplitude, written in chunks (no big buffer).
void writeWav(const fs::path& path, double seconds, int rate)
{
    std::ofstream f(path, std::ios::binary);
    const uint32_t n = uint32_t(seconds * rate);
    auto u32 = [&](uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); };
    auto u16 = [&](uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); };
    f.write("RIFF", 4);
    u32(36 + n * 2);
    f.write("WAVEfmt ", 8);
    u32(16);
    u16(1);
    u16(1);
    u32(uint32_t(rate));
    u32(uint32_t(rate) * 2);
    u16(2);
    u16(16);
    f.write("data", 4);
    u32(n * 2);
    std::vector<int16_t> chunk(4096);
    double phase = 0;
    for (uint32_t i = 0; i < n;) {
        const uint32_t m = std::min<uint32_t>(4096, n - i);
        for (uint32_t k = 0; k < m; ++k, ++i) {
            const double t = double(i) / rate;
            phase += 2 * M_PI * (180 + 60 * std::sin(t * 0.7)) / rate;
            const double env = 0.5 + 0.5 * std::sin(t * 2 * M_PI * 4);
            chunk[k] = int16_t(12000 * env * std::sin(phase));
        }
        f.write(reinterpret_cast<const char*>(chunk.data()), std::streamsize(m * 2));
    }
}

int child(const std::string& portrait, double seconds, int size, const std::string& preset, const std::string& pattern,
          const fs::path& tmp)
{
    const fs::path wav = tmp / ("audio_" + std::to_string(int(seconds)) + ".wav");
    writeWav(wav, seconds, 16000);
    const Image photo = media::readImage(portrait);
    // 25 distinct frames, cycled (no generation cost in the measurement). "talking": static background with a
    // moving face-sized region, like the engines' output; "pan": the whole frame moves (worst case for x264).
    std::vector<Image> frames;
    const Image base = media::cropResize(photo, media::RectF{0, 0, double(photo.width), double(photo.height)}, size, size);
    for (int i = 0; i < 25; ++i) {
        if (pattern == "pan") {
            const double z = 0.92 + 0.04 * std::sin(i * 2 * M_PI / 25);
            const double w = photo.width * z;
            media::RectF r{(photo.width - w) / 2 + 6 * std::sin(i * 0.5), (photo.height - w) / 2, w, w};
            frames.push_back(media::cropResize(photo, r, size, size));
        } else {
            Image f = base;
            const int fw = size * 2 / 5, fx = size * 3 / 10, fy = size / 5;
            const double sx = 3 * std::sin(i * 0.5), sy = 4 * std::sin(i * 2 * M_PI / 25);
            const Image moved = media::cropResize(base, media::RectF{fx + sx, fy + sy, double(fw), double(fw)}, fw, fw);
            for (int y = 0; y < fw; ++y)
                std::memcpy(f.row(fy + y) + fx * 3, moved.row(y), size_t(fw) * 3);
            frames.push_back(std::move(f));
        }
    }
    media::Mp4WriterParams p;
    p.output = tmp / ("bench_" + std::to_string(int(seconds)) + ".mp4");
    p.width = p.height = size;
    p.preset = preset;
    p.overwrite = true;
    media::AudioDecodeOptions ao;
    ao.sample_rate_hz = 48000;
    ao.channels = 2;
    ao.max_duration_s = 3600;
    const int64_t total = int64_t(std::llround(seconds * 25));
    const long rss_before = bench::peakRssKb();
    const auto t0 = std::chrono::steady_clock::now();
    {
        media::Mp4Writer w(p, std::make_unique<media::AudioStream>(wav, ao));
        for (int64_t i = 0; i < total; ++i)
            w.writeFrame(frames[size_t(i % 25)]);
        w.finish();
    }
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("RESULT seconds=%.0f frames=%lld elapsed=%.3f fps=%.1f rss_kb=%ld rss_before_kb=%ld bytes=%lld\n",
                seconds, (long long)total, el, double(total) / el, bench::peakRssKb(), rss_before,
                (long long)fs::file_size(p.output));
    fs::remove(p.output);
    fs::remove(wav);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::string portrait = std::string(EMOTE_SOURCE_DIR) + "/resources/samples/astronaut.png";
    int size = 512;
    std::string preset = "veryfast";
    std::string pattern = "talking";
    double short_s = 60, long_s = 600;
    double child_s = -1;
    std::string tmpdir;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--size") size = std::atoi(next().c_str());
        else if (a == "--preset") preset = next();
        else if (a == "--short") short_s = std::atof(next().c_str());
        else if (a == "--long") long_s = std::atof(next().c_str());
        else if (a == "--portrait") portrait = next();
        else if (a == "--pattern") pattern = next();
        else if (a == "--child") child_s = std::atof(next().c_str());
        else if (a == "--tmp") tmpdir = next();
        else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
    }
    if (child_s > 0)
        return child(portrait, child_s, size, preset, pattern, tmpdir);

    char tmpl[] = "/tmp/emote-bench-XXXXXX";
    const fs::path tmp = mkdtemp(tmpl);
    std::printf("Export benchmark: %dx%d %s frames, x264 preset %s, %u cores\n", size, size, pattern.c_str(), preset.c_str(),
                std::max(1u, (unsigned)sysconf(_SC_NPROCESSORS_ONLN)));
    double fps[2] = {}, rss[2] = {};
    const double lens[2] = {short_s, long_s};
    for (int k = 0; k < 2; ++k) {
        const std::string cmd = std::string("'") + argv[0] + "' --child " + std::to_string(lens[k]) + " --size " +
                                std::to_string(size) + " --preset " + preset + " --pattern " + pattern + " --portrait '" + portrait +
                                "' --tmp '" + tmp.string() + "'";
        FILE* pipe = popen(cmd.c_str(), "r");
        char line[512];
        bool ok = false;
        while (pipe && std::fgets(line, sizeof line, pipe)) {
            if (std::strncmp(line, "RESULT", 6) == 0) {
                double s, el, f;
                long long frames, bytes;
                long r, rb;
                std::sscanf(line, "RESULT seconds=%lf frames=%lld elapsed=%lf fps=%lf rss_kb=%ld rss_before_kb=%ld bytes=%lld",
                            &s, &frames, &el, &f, &r, &rb, &bytes);
                fps[k] = f;
                rss[k] = double(r) / 1024.0;
                std::printf("  %5.0f s audio: %6lld frames in %7.2f s = %6.1f fps, peak RSS %6.1f MiB, file %.1f MB\n", s,
                            frames, el, f, rss[k], double(bytes) / 1e6);
                ok = true;
            }
        }
        if (!pipe || pclose(pipe) != 0 || !ok) {
            std::fprintf(stderr, "child run for %.0f s failed\n", lens[k]);
            return 1;
        }
    }
    fs::remove_all(tmp);
    std::printf("ratio long/short: length %.1fx, peak RSS %.2fx (1.00 = flat), throughput %.2fx\n", lens[1] / lens[0],
                rss[1] / rss[0], fps[1] / fps[0]);
    std::printf("goal: >= 300 fps at 512x512 on 2 cores -> %s (%.0f fps)\n", fps[0] >= 300 ? "met" : "NOT met", fps[0]);
    return 0;
}
