#include "core/media/image_reader.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace emote::media {

namespace {

constexpr const char* kSupported = "Use a JPEG, PNG, WebP, BMP or TIFF photo.";

struct Bytes {
    const uint8_t* p;
    size_t n;
    bool has(size_t off, size_t len) const { return off <= n && len <= n - off; }
    uint32_t be16(size_t o) const { return (uint32_t(p[o]) << 8) | p[o + 1]; }
    uint32_t be32(size_t o) const { return (be16(o) << 16) | be16(o + 2); }
    uint32_t le16(size_t o) const { return uint32_t(p[o]) | (uint32_t(p[o + 1]) << 8); }
    uint32_t le32(size_t o) const { return le16(o) | (le16(o + 2) << 16); }
    uint32_t le24(size_t o) const { return le16(o) | (uint32_t(p[o + 2]) << 16); }
};

// A damaged file unless CODE says otherwise; the code's parameters are the path and EXTRA.
[[noreturn]] void bad(const std::filesystem::path& path, const std::string& what,
                      MessageCode code = MessageCode::ImageDamaged, std::vector<std::string> extra = {})
{
    extra.insert(extra.begin(), path.string());
    throwInput({code, std::move(extra), "cannot read portrait " + quoted(path) + ": " + what});
}

// TIFF structure (used by TIFF files and by EXIF blocks). Returns the value of a SHORT/LONG tag of IFD0.
std::optional<uint32_t> tiffTag(Bytes b, size_t base, uint16_t wanted)
{
    if (!b.has(base, 8))
        return std::nullopt;
    const bool le = b.p[base] == 'I' && b.p[base + 1] == 'I';
    const bool be = b.p[base] == 'M' && b.p[base + 1] == 'M';
    if (!le && !be)
        return std::nullopt;
    auto u16 = [&](size_t o) { return le ? b.le16(o) : b.be16(o); };
    auto u32 = [&](size_t o) { return le ? b.le32(o) : b.be32(o); };
    if (u16(base + 2) != 42)
        return std::nullopt;
    const size_t ifd = base + u32(base + 4);
    if (!b.has(ifd, 2))
        return std::nullopt;
    const uint32_t count = u16(ifd);
    for (uint32_t i = 0; i < count && i < 4096; ++i) {
        const size_t e = ifd + 2 + size_t(i) * 12;
        if (!b.has(e, 12))
            return std::nullopt;
        if (u16(e) != wanted)
            continue;
        const uint32_t type = u16(e + 2);
        if (type == 3)
            return u16(e + 8); // SHORT
        if (type == 4)
            return u32(e + 8); // LONG
        return std::nullopt;
    }
    return std::nullopt;
}

int orientationFromExif(Bytes b, size_t tiff_base)
{
    const auto v = tiffTag(b, tiff_base, 0x0112);
    return v && *v >= 1 && *v <= 8 ? int(*v) : 1;
}

ImageInfo probeJpeg(Bytes b, const std::filesystem::path& path)
{
    ImageInfo info;
    info.format = "JPEG";
    size_t o = 2;
    bool have_sof = false;
    while (b.has(o, 4)) {
        if (b.p[o] != 0xFF)
            bad(path, "the JPEG structure is damaged (bad marker). Re-save the photo or choose another.");
        const uint8_t m = b.p[o + 1];
        if (m == 0xFF) {
            ++o; // fill byte
            continue;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
            o += 2;
            continue;
        }
        const uint32_t len = b.be16(o + 2);
        if (len < 2 || !b.has(o + 2, len))
            bad(path, "the JPEG file is truncated. Re-export or re-download the photo.");
        const size_t seg = o + 4;
        if (m == 0xE1 && len >= 8 && std::memcmp(b.p + seg, "Exif\0\0", 6) == 0)
            info.orientation = orientationFromExif(Bytes{b.p, seg + len - 2}, seg + 6);
        const bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && len >= 8) {
            info.height = int(b.be16(seg + 1));
            info.width = int(b.be16(seg + 3));
            have_sof = true;
        }
        if (m == 0xDA) {
            // Entropy-coded data follows; a complete file has an EOI marker (FF D9) after it.
            size_t q = o + 2 + len;
            bool eoi = false;
            for (; q + 1 < b.n; ++q) {
                if (b.p[q] == 0xFF && b.p[q + 1] == 0xD9) {
                    eoi = true;
                    break;
                }
            }
            if (!have_sof)
                bad(path, "the JPEG file has no frame header. Re-save the photo or choose another.");
            if (!eoi)
                bad(path, "the JPEG file is truncated (no end-of-image marker). Re-export or re-download the photo.");
            return info;
        }
        o += 2 + len;
    }
    bad(path, "the JPEG file is truncated. Re-export or re-download the photo.");
}

ImageInfo probePng(Bytes b, const std::filesystem::path& path)
{
    ImageInfo info;
    info.format = "PNG";
    if (!b.has(8, 25) || std::memcmp(b.p + 12, "IHDR", 4) != 0)
        bad(path, "the PNG file is truncated or damaged (no IHDR). Re-export the image.");
    info.width = int(std::min<uint32_t>(b.be32(16), 0x7fffffff));
    info.height = int(std::min<uint32_t>(b.be32(20), 0x7fffffff));
    size_t o = 8;
    bool iend = false;
    while (b.has(o, 12)) {
        const uint32_t len = b.be32(o);
        const char* type = reinterpret_cast<const char*>(b.p + o + 4);
        if (!b.has(o + 8, size_t(len) + 4))
            break;
        if (std::memcmp(type, "eXIf", 4) == 0)
            info.orientation = orientationFromExif(Bytes{b.p, o + 8 + len}, o + 8);
        if (std::memcmp(type, "acTL", 4) == 0)
            info.animated = true;
        if (std::memcmp(type, "IEND", 4) == 0) {
            iend = true;
            break;
        }
        o += 12 + size_t(len);
    }
    if (!iend)
        bad(path, "the PNG file is truncated (no IEND chunk). Re-export the image.");
    return info;
}

ImageInfo probeWebp(Bytes b, const std::filesystem::path& path)
{
    ImageInfo info;
    info.format = "WebP";
    size_t o = 12;
    bool have_size = false;
    while (b.has(o, 8)) {
        const char* type = reinterpret_cast<const char*>(b.p + o);
        const uint32_t len = b.le32(o + 4);
        const size_t d = o + 8;
        if (!b.has(d, len))
            bad(path, "the WebP file is truncated. Re-export the image.");
        if (std::memcmp(type, "VP8X", 4) == 0 && len >= 10) {
            info.animated = (b.p[d] & 0x02) != 0;
            info.width = int(b.le24(d + 4) + 1);
            info.height = int(b.le24(d + 7) + 1);
            have_size = true;
        } else if (std::memcmp(type, "VP8 ", 4) == 0 && len >= 10 && !have_size) {
            if (b.p[d + 3] != 0x9d || b.p[d + 4] != 0x01 || b.p[d + 5] != 0x2a)
                bad(path, "the WebP image data is damaged. Re-export the image.");
            info.width = int(b.le16(d + 6) & 0x3fff);
            info.height = int(b.le16(d + 8) & 0x3fff);
            have_size = true;
        } else if (std::memcmp(type, "VP8L", 4) == 0 && len >= 5 && !have_size) {
            if (b.p[d] != 0x2f)
                bad(path, "the WebP image data is damaged. Re-export the image.");
            const uint32_t bits = b.le32(d + 1);
            info.width = int((bits & 0x3fff) + 1);
            info.height = int(((bits >> 14) & 0x3fff) + 1);
            have_size = true;
        } else if (std::memcmp(type, "EXIF", 4) == 0) {
            size_t base = d;
            if (len >= 6 && std::memcmp(b.p + d, "Exif\0\0", 6) == 0)
                base += 6;
            info.orientation = orientationFromExif(Bytes{b.p, d + len}, base);
        } else if (std::memcmp(type, "ANIM", 4) == 0) {
            info.animated = true;
        }
        o = d + len + (len & 1);
    }
    if (!have_size)
        bad(path, "the WebP file has no image data. Re-export the image.");
    return info;
}

ImageInfo probeBmp(Bytes b, const std::filesystem::path& path)
{
    ImageInfo info;
    info.format = "BMP";
    if (!b.has(0, 26))
        bad(path, "the BMP file is truncated. Re-export the image.");
    const uint32_t dib = b.le32(14);
    const uint32_t pixels_at = b.le32(10);
    uint32_t bpp = 0, compression = 0;
    if (dib == 12) {
        info.width = int(b.le16(18));
        info.height = int(b.le16(20));
        bpp = b.has(24, 2) ? b.le16(24) : 0;
    } else {
        const int32_t w = int32_t(b.le32(18));
        const int32_t h = int32_t(b.le32(22));
        if (w <= 0 || h == 0 || h == INT32_MIN)
            bad(path, "the BMP header gives an invalid size. Re-export the image.");
        info.width = w;
        info.height = h < 0 ? -h : h;
        if (!b.has(0, 34))
            bad(path, "the BMP file is truncated. Re-export the image.");
        bpp = b.le16(28);
        compression = b.le32(30);
    }
    // Checked here so that the decoder only ever sees a complete, plain BMP: its own failures are vague.
    if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32)
        bad(path, "the BMP header gives " + std::to_string(bpp) + " bits per pixel, which is not valid. "
                  "Re-export the image.");
    if (compression > 3) // BI_RGB, BI_RLE8, BI_RLE4, BI_BITFIELDS
        bad(path, "the BMP uses compression " + std::to_string(compression) +
                      ", which is not supported. Re-export it as PNG or JPEG.");
    if (pixels_at >= b.n)
        bad(path, "the BMP file is truncated (no pixel data). Re-export the image.");
    if (compression == 0 || compression == 3) {
        const uint64_t stride = (uint64_t(info.width) * bpp + 31) / 32 * 4;
        if (uint64_t(pixels_at) + stride * uint64_t(info.height) > b.n)
            bad(path, "the BMP file is truncated (its pixel data is shorter than the header says). "
                      "Re-export the image.");
    }
    return info;
}

ImageInfo probeTiff(Bytes b, const std::filesystem::path& path)
{
    ImageInfo info;
    info.format = "TIFF";
    const auto w = tiffTag(b, 0, 256);
    const auto h = tiffTag(b, 0, 257);
    if (!w || !h)
        bad(path, "the TIFF file has no readable image size (damaged or truncated). Re-export the image.");
    info.width = int(std::min<uint32_t>(*w, 0x7fffffff));
    info.height = int(std::min<uint32_t>(*h, 0x7fffffff));
    info.orientation = orientationFromExif(b, 0);
    return info;
}

// OpenCV's imdecode writes its decoders' complaints to stderr itself (std::cerr, libpng's default error
// handler) before returning an empty image, and the caller's Error then says the same thing in one clear
// line. File descriptor 2 points at /dev/null while a decode runs; decodes are serialized so the saved
// descriptor is never mixed up. EMOTE_DECODER_LOG=1 keeps the decoders' output (debugging).
class MuteStderr {
public:
    MuteStderr()
    {
        static const bool keep = std::getenv("EMOTE_DECODER_LOG") != nullptr;
        if (keep)
            return;
        m_lock = std::unique_lock<std::mutex>(mutex());
        std::fflush(stderr);
        std::cerr.flush();
        m_saved = ::dup(STDERR_FILENO);
        const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (m_saved >= 0 && null >= 0)
            ::dup2(null, STDERR_FILENO);
        if (null >= 0)
            ::close(null);
    }
    ~MuteStderr()
    {
        if (m_saved < 0)
            return;
        std::fflush(stderr);
        std::cerr.flush();
        ::dup2(m_saved, STDERR_FILENO);
        ::close(m_saved);
    }
    MuteStderr(const MuteStderr&) = delete;
    MuteStderr& operator=(const MuteStderr&) = delete;

private:
    static std::mutex& mutex()
    {
        static std::mutex m;
        return m;
    }
    std::unique_lock<std::mutex> m_lock;
    int m_saved = -1;
};

cv::Mat applyOrientation(cv::Mat m, int orientation)
{
    cv::Mat out;
    switch (orientation) {
    case 2: cv::flip(m, out, 1); return out;
    case 3: cv::rotate(m, out, cv::ROTATE_180); return out;
    case 4: cv::flip(m, out, 0); return out;
    case 5: cv::transpose(m, out); return out;
    case 6: cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE); return out;
    case 7: cv::transpose(m, out); cv::rotate(out, out, cv::ROTATE_180); return out;
    case 8: cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE); return out;
    default: return m;
    }
}

} // namespace

ImageInfo probeImageBytes(const uint8_t* data, size_t size, const std::filesystem::path& path,
                          const ImageReadOptions& options)
{
    const Bytes b{data, size};
    ImageInfo info;
    if (b.has(0, 3) && b.p[0] == 0xFF && b.p[1] == 0xD8 && b.p[2] == 0xFF)
        info = probeJpeg(b, path);
    else if (b.has(0, 8) && std::memcmp(b.p, "\x89PNG\r\n\x1a\n", 8) == 0)
        info = probePng(b, path);
    else if (b.has(0, 12) && std::memcmp(b.p, "RIFF", 4) == 0 && std::memcmp(b.p + 8, "WEBP", 4) == 0)
        info = probeWebp(b, path);
    else if (b.has(0, 2) && b.p[0] == 'B' && b.p[1] == 'M')
        info = probeBmp(b, path);
    else if (b.has(0, 4) && (std::memcmp(b.p, "II*\0", 4) == 0 || std::memcmp(b.p, "MM\0*", 4) == 0))
        info = probeTiff(b, path);
    else
        bad(path, std::string("this is not an image format Emote can read. ") + kSupported, MessageCode::ImageUnsupported);

    if (info.width <= 0 || info.height <= 0)
        bad(path, "the " + info.format + " header gives an invalid size (" + std::to_string(info.width) + "×" +
                      std::to_string(info.height) + "). Re-export the image.");
    const int64_t pixels = int64_t(info.width) * int64_t(info.height);
    if (pixels > options.max_pixels)
        bad(path,
            "the image is " + std::to_string(info.width) + "×" + std::to_string(info.height) + " pixels (" +
                std::to_string(pixels / 1'000'000) + " MP), more than the " +
                std::to_string(options.max_pixels / 1'000'000) +
                " MP allowed. Downscale it first, or raise the limit (--max-image-mp).",
            MessageCode::ImageTooLarge,
            {std::to_string(info.width), std::to_string(info.height), std::to_string(options.max_pixels / 1'000'000)});
    if (info.animated)
        bad(path, "animated " + info.format + " files are not supported. Export a single frame as PNG or JPEG.",
            MessageCode::ImageAnimated, {info.format});
    return info;
}

ImageInfo probeImage(const std::filesystem::path& path, const ImageReadOptions& options)
{
    const auto bytes = readFileBytes(path, "portrait", options.max_file_bytes);
    return probeImageBytes(bytes.data(), bytes.size(), path, options);
}

Image readImage(const std::filesystem::path& path, const ImageReadOptions& options)
{
    const auto bytes = readFileBytes(path, "portrait", options.max_file_bytes);
    const ImageInfo info = probeImageBytes(bytes.data(), bytes.size(), path, options);

    cv::Mat decoded;
    try {
        const cv::Mat buf(1, int(bytes.size()), CV_8UC1, const_cast<uint8_t*>(bytes.data()));
        const MuteStderr mute;
        decoded = cv::imdecode(buf, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        bad(path, "the " + info.format + " data could not be decoded (" + e.msg + "). Re-export the image.");
    }
    if (decoded.empty())
        bad(path, "the " + info.format + " data is damaged and could not be decoded. Re-export the image.");
    if (decoded.cols != info.width || decoded.rows != info.height)
        bad(path, "the decoded size does not match the " + info.format + " header. Re-export the image.");

    // Any depth to 8 bit.
    if (decoded.depth() == CV_16U)
        decoded.convertTo(decoded, CV_8U, 1.0 / 257.0);
    else if (decoded.depth() == CV_32F || decoded.depth() == CV_64F)
        decoded.convertTo(decoded, CV_8U, 255.0);
    else if (decoded.depth() != CV_8U)
        decoded.convertTo(decoded, CV_8U);

    cv::Mat rgb;
    switch (decoded.channels()) {
    case 1: cv::cvtColor(decoded, rgb, cv::COLOR_GRAY2RGB); break;
    case 3: cv::cvtColor(decoded, rgb, cv::COLOR_BGR2RGB); break;
    case 4: {
        // Flatten alpha onto the background colour: out = a·c + (1−a)·bg.
        cv::Mat bgra = decoded;
        rgb.create(bgra.rows, bgra.cols, CV_8UC3);
        const float bg[3] = {float(options.background.r), float(options.background.g), float(options.background.b)};
        for (int y = 0; y < bgra.rows; ++y) {
            const uint8_t* s = bgra.ptr<uint8_t>(y);
            uint8_t* d = rgb.ptr<uint8_t>(y);
            for (int x = 0; x < bgra.cols; ++x, s += 4, d += 3) {
                const float a = s[3] / 255.0f;
                for (int c = 0; c < 3; ++c)
                    d[c] = uint8_t(s[2 - c] * a + bg[c] * (1.0f - a) + 0.5f);
            }
        }
        break;
    }
    default:
        bad(path,
            "the image has " + std::to_string(decoded.channels()) + " colour channels, which is not supported. " +
                "Convert it to RGB.",
            MessageCode::ImageUnsupported);
    }
    if (options.apply_orientation)
        rgb = applyOrientation(rgb, info.orientation);

    Image out(rgb.cols, rgb.rows);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(out.row(y), rgb.ptr<uint8_t>(y), size_t(rgb.cols) * 3);
    return out;
}

} // namespace emote::media
