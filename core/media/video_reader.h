// Reading the frames of a video file (ours or anyone's) as RGB images, one at a time.
//
//   emote::media::VideoReader r("out.mp4");
//   emote::Image frame;
//   while (r.next(frame)) { ... }          // r.fps(), r.frameIndex()
#pragma once

#include "core/common/image.h"

#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace emote::media {

class VideoReader {
public:
    // Throws emote::Error(Input) when the file has no decodable video stream.
    explicit VideoReader(const std::filesystem::path& path);
    ~VideoReader();
    VideoReader(const VideoReader&) = delete;
    VideoReader& operator=(const VideoReader&) = delete;

    int width() const;
    int height() const;
    double fps() const;
    double durationSeconds() const; // from the container, 0 if unknown
    std::string codec() const;
    // The container's tags (title, comment, description, encoder, ...), keys in lower case.
    std::map<std::string, std::string> metadata() const;
    // The next frame; false at the end.
    bool next(Image& frame);
    int64_t frameIndex() const; // index of the frame last returned

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::media
