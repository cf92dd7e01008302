// Frame cache costs on a real picture: store (JPEG encode + write), full and thumbnail reads, bytes per frame,
// and where the quality lands when a take is four times the cap.
//   build/bench/bench_frame_cache [frames]
#include "core/engine/frame_cache.h"
#include "core/media/image_ops.h"
#include "core/media/image_reader.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

using Clock = std::chrono::steady_clock;

static double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

int main(int argc, char** argv)
{
    const int frames = argc > 1 ? std::atoi(argv[1]) : 250;
    const emote::Image photo = emote::media::readImage(EMOTE_SOURCE_DIR "/resources/samples/astronaut.png");
    const auto dir = std::filesystem::temp_directory_path() / "emote-bench-frame-cache";
    // A slow pan, so no two frames are the same (as in a talking head, everything compresses alike).
    auto frameAt = [&](int i) {
        return emote::media::cropResize(photo, {double(i % 64), double(i % 32), 448, 448}, 512, 512);
    };
    std::vector<emote::Image> input;
    for (int i = 0; i < 16; ++i)
        input.push_back(frameAt(i * 4));

    int64_t full_bytes = 0;
    {
        emote::FrameCache cache({.dir = dir});
        const auto job = cache.beginJob(frames);
        auto t = Clock::now();
        for (int i = 0; i < frames; ++i)
            cache.put(job, i, input[size_t(i) % input.size()]);
        const double put_ms = msSince(t) / frames;
        emote::Image out;
        t = Clock::now();
        for (int i = 0; i < frames; ++i)
            cache.get(job, (i * 37) % frames, out);
        const double get_ms = msSince(t) / frames;
        t = Clock::now();
        for (int i = 0; i < frames; ++i)
            cache.get(job, (i * 37) % frames, out, 8);
        const double thumb_ms = msSince(t) / frames;
        full_bytes = cache.bytesUsed();
        std::printf("512x512, %d frames: store %.2f ms/frame, read %.2f ms/frame, thumbnail read (1/8) %.2f ms/frame, "
                    "%.1f KiB/frame at quality 90\n",
                    frames, put_ms, get_ms, thumb_ms, full_bytes / 1024.0 / frames);
    }
    {
        emote::FrameCache cache({.dir = dir, .max_bytes = full_bytes / 4});
        const auto job = cache.beginJob(frames);
        int stored = 0;
        for (int i = 0; i < frames; ++i)
            stored += cache.put(job, i, input[size_t(i) % input.size()]) ? 1 : 0;
        const auto st = cache.status(job);
        std::printf("cap = 1/4 of that: %d of %d frames kept, last frames at quality %d and 1/%d size, %.1f KiB/frame "
                    "on average (%.0f %% of the cap), truncated: %s\n",
                    stored, frames, st.quality, st.scale_down, st.bytes / 1024.0 / std::max(1, stored),
                    100.0 * double(st.bytes) / double(cache.maxBytes()), st.truncated ? "yes" : "no");
    }
    std::filesystem::remove_all(dir);
    return 0;
}
