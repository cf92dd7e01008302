// Audio decoding through FFmpeg into float PCM at any rate and channel count (libswresample).
// Accepts WAV, MP3, FLAC, OGG/Vorbis, Opus, M4A/AAC and the audio track of MP4/MOV/MKV/WebM; local files only
// (the `file` protocol and a demuxer allow-list: playlists and network URLs are refused).
//
//   emote::AudioBuffer a = emote::media::decodeAudio("song.mp3", {.sample_rate_hz = 16000, .channels = 1});
//
//   emote::media::AudioStream s("song.mp3", {.sample_rate_hz = 48000, .channels = 2});   // streaming
//   std::vector<float> buf(1024 * 2);
//   while (int64_t n = s.read(buf.data(), 1024)) { ... }
#pragma once

#include "core/common/audio_buffer.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace emote::media {

struct AudioDecodeOptions {
    int sample_rate_hz = 16000;
    int channels = 1;
    double max_duration_s = 30.0 * 60.0; // longer audio is refused (header and decoded length)
};

struct AudioInfo {
    std::string container;    // demuxer, e.g. "wav", "mp3", "mov,mp4,m4a,3gp,3g2,mj2"
    std::string codec;        // e.g. "pcm_s16le", "mp3", "aac"
    int sample_rate_hz = 0;   // of the file
    int channels = 0;         // of the file
    double duration_s = 0.0;  // from the container; 0 if unknown
    int64_t bit_rate = 0;
    bool has_video = false;   // the file also carries a video stream (ignored)
};

// Container-level facts without decoding. Throws emote::Error(Input).
AudioInfo probeAudio(const std::filesystem::path& path, const AudioDecodeOptions& options = {});

// Streaming decoder: read() returns interleaved float frames at the requested rate/channels until 0 (end).
class AudioStream {
public:
    AudioStream(const std::filesystem::path& path, const AudioDecodeOptions& options);
    ~AudioStream();
    AudioStream(const AudioStream&) = delete;
    AudioStream& operator=(const AudioStream&) = delete;

    const AudioInfo& info() const;
    const AudioDecodeOptions& options() const;
    // Fills OUT with up to MAX_FRAMES frames (MAX_FRAMES · channels floats); returns frames written, 0 at the end.
    int64_t read(float* out, int64_t max_frames);
    int64_t framesRead() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Whole file into memory. Zero samples is an Input error ("contains no sound").
AudioBuffer decodeAudio(const std::filesystem::path& path, const AudioDecodeOptions& options = {});

} // namespace emote::media
