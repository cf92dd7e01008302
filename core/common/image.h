// Plain 8-bit RGB image, rows packed (stride = 3·width). The interchange type between layers:
// no OpenCV, Qt or torch types cross core's public headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace emote {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
};

// A rectangle of pixels: columns x .. x+width-1, rows y .. y+height-1.
struct ImageRect {
    int x = 0, y = 0, width = 0, height = 0;
    bool empty() const noexcept { return width <= 0 || height <= 0; }
    bool operator==(const ImageRect&) const = default;
};

struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgb; // height · width · 3 bytes, R G B

    Image() = default;
    Image(int w, int h) : width(w), height(h), rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3, 0) {}
    bool empty() const noexcept { return width <= 0 || height <= 0; }
    uint8_t* row(int y) noexcept { return rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 3; }
    const uint8_t* row(int y) const noexcept
    {
        return rgb.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(width) * 3;
    }
};

} // namespace emote
