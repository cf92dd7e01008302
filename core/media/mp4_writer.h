// Streaming MP4 export: H.264 (libx264, High, yuv420p, BT.709) + AAC-LC 48 kHz stereo, +faststart.
// Frames go in one by one (memory does not grow with length); the audio is pulled from an AudioStream in step
// with the video. The file is written to "<output>.partial" beside the target and renamed only after a clean
// trailer; on any error, cancel or destruction without finish() the partial file is removed.
//
//   emote::media::Mp4WriterParams p;  p.output = "out.mp4"; p.width = 512; p.height = 512;
//   emote::media::Mp4Writer w(p, std::make_unique<emote::media::AudioStream>("a.wav", {48000, 2}));
//   for (...) w.writeFrame(image);
//   w.finish();
#pragma once

#include "core/common/image.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace emote::media {

class AudioStream;

struct Mp4WriterParams {
    std::filesystem::path output;
    int width = 512;            // odd sizes are cropped by one pixel to the even size H.264 4:2:0 needs
    int height = 512;
    int fps_num = 25;
    int fps_den = 1;
    int crf = 18;               // 0 (lossless) .. 51
    std::string preset = "veryfast";
    int audio_bit_rate = 192000;
    bool overwrite = false;     // replace an existing target
    int threads = 0;            // 0 = all cores
    double expected_duration_s = 0.0; // for the free-space check before writing
    std::map<std::string, std::string> metadata; // container tags (title, comment, ...)
};

class Mp4Writer {
public:
    // AUDIO must deliver 48 kHz stereo; it may be null (video only).
    Mp4Writer(const Mp4WriterParams& params, std::unique_ptr<AudioStream> audio);
    ~Mp4Writer(); // aborts (removes the partial file) unless finish() succeeded
    Mp4Writer(const Mp4Writer&) = delete;
    Mp4Writer& operator=(const Mp4Writer&) = delete;

    int width() const;  // encoded (even) size
    int height() const;
    void writeFrame(const Image& frame); // frame must be params.width × params.height
    // The same, for a frame that differs from the previous one only inside CHANGED (the caller's promise):
    // only that part is converted. The first frame is always converted whole.
    void writeFrame(const Image& frame, const ImageRect& changed);
    int64_t framesWritten() const;
    void finish();                       // rest of the audio, trailer, faststart, fsync, rename
    void abort() noexcept;               // drop everything written so far
    std::filesystem::path partialPath() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// The file the writer writes before renaming: "<output>.partial".
std::filesystem::path partialPathFor(const std::filesystem::path& output);

// Check before any work that OUTPUT can be created (folder exists and is writable, target absent or
// overwrite allowed). Throws emote::Error(Output) or (Usage) with a message naming the path.
void checkOutputPath(const std::filesystem::path& output, bool overwrite);

} // namespace emote::media
