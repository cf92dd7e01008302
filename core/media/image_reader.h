// Reading portraits: JPEG, PNG, WebP, BMP, TIFF into 8-bit RGB, with the EXIF orientation applied and
// dimensions checked from the header before any pixel is decoded.
//
//   emote::media::ImageReadOptions opt;             // 100 MP cap, alpha flattened onto white
//   emote::Image img = emote::media::readImage("portrait.jpg", opt);
//   emote::media::ImageInfo info = emote::media::probeImage("portrait.jpg");
#pragma once

#include "core/common/image.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace emote::media {

struct ImageReadOptions {
    int64_t max_pixels = 100'000'000;       // decompression-bomb cap (width · height, after the header check)
    uint64_t max_file_bytes = 512ull << 20; // files above this are refused before reading
    Rgb background{255, 255, 255};          // alpha is flattened onto this colour
    bool apply_orientation = true;          // rotate/flip by the EXIF Orientation tag
};

struct ImageInfo {
    std::string format;   // "JPEG", "PNG", "WebP", "BMP", "TIFF"
    int width = 0;        // as stored (before orientation)
    int height = 0;
    int orientation = 1;  // EXIF orientation 1..8 (1 = as stored)
    bool animated = false;
    int displayWidth() const { return orientation >= 5 ? height : width; }
    int displayHeight() const { return orientation >= 5 ? width : height; }
};

// Header only: format, stored size and orientation. Throws emote::Error(Input) for anything unusable.
ImageInfo probeImage(const std::filesystem::path& path, const ImageReadOptions& options = {});

// Same, from bytes already in memory (PATH only names the file in messages).
ImageInfo probeImageBytes(const uint8_t* data, size_t size, const std::filesystem::path& path,
                          const ImageReadOptions& options = {});

// Decode to RGB8 with orientation applied and alpha flattened. Throws emote::Error(Input).
Image readImage(const std::filesystem::path& path, const ImageReadOptions& options = {});

} // namespace emote::media
