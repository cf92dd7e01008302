#include "core/media/video_reader.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/media/ffmpeg_ptr.h"

#include <cctype>
#include <cstring>
#include <vector>

namespace emote::media {

struct VideoReader::Impl {
    std::filesystem::path path;
    InputFormatPtr fmt;
    CodecContextPtr dec;
    SwsPtr sws;
    FramePtr frame{av_frame_alloc()};
    PacketPtr pkt{av_packet_alloc()};
    int stream = -1;
    int64_t index = -1;
    bool eof = false;
    double fps = 0;
    std::vector<uint8_t> scratch;

    [[noreturn]] void bad(const std::string& what) const
    {
        throwInput("cannot read video " + quoted(path) + ": " + what);
    }

    bool receive(Image& out)
    {
        const int rc = avcodec_receive_frame(dec.get(), frame.get());
        if (rc < 0)
            return false;
        const int w = frame->width, h = frame->height;
        sws.reset(sws_getCachedContext(sws.release(), w, h, AVPixelFormat(frame->format), w, h, AV_PIX_FMT_RGB24,
                                       SWS_BILINEAR, nullptr, nullptr, nullptr));
        if (!sws)
            bad("its pixel format cannot be converted");
        if (out.width != w || out.height != h)
            out = Image(w, h);
        // swscale's SIMD writes whole blocks past the end of a row whose bytes are not a multiple of 16
        // (e.g. 410 px wide: heap corruption), so it scales into a padded buffer and the rows are copied.
        const int stride_bytes = (w * 3 + 63) / 64 * 64;
        scratch.resize(size_t(stride_bytes) * size_t(h) + 64);
        uint8_t* dst[1] = {scratch.data()};
        const int stride[1] = {stride_bytes};
        sws_scale(sws.get(), frame->data, frame->linesize, 0, h, dst, stride);
        for (int y = 0; y < h; ++y)
            std::memcpy(out.row(y), scratch.data() + size_t(y) * size_t(stride_bytes), size_t(w) * 3);
        av_frame_unref(frame.get());
        ++index;
        return true;
    }
};

VideoReader::VideoReader(const std::filesystem::path& path) : d(new Impl)
{
    d->path = path;
    requireReadableFile(path, "video");
    quietFfmpegLogs();
    AVFormatContext* raw = avformat_alloc_context();
    raw->format_whitelist = av_strdup("mov,matroska,avi,webm");
    raw->protocol_whitelist = av_strdup("file");
    const std::string url = "file:" + std::filesystem::absolute(path).string();
    if (avformat_open_input(&raw, url.c_str(), nullptr, nullptr) < 0)
        d->bad("this is not a video format Emote can read (MP4, MOV, MKV, WebM, AVI).");
    d->fmt.reset(raw);
    if (avformat_find_stream_info(raw, nullptr) < 0)
        d->bad("its streams could not be read; the file may be damaged.");
    const AVCodec* codec = nullptr;
    d->stream = av_find_best_stream(raw, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (d->stream < 0 || !codec)
        d->bad("it has no video track.");
    AVStream* st = raw->streams[d->stream];
    d->dec.reset(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(d->dec.get(), st->codecpar);
    d->dec->thread_count = 0;
    if (avcodec_open2(d->dec.get(), codec, nullptr) < 0)
        d->bad("its video decoder could not start.");
    const AVRational r = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
    d->fps = r.den > 0 ? av_q2d(r) : 0.0;
}

VideoReader::~VideoReader() = default;

int VideoReader::width() const { return d->dec->width; }
int VideoReader::height() const { return d->dec->height; }
double VideoReader::fps() const { return d->fps; }
double VideoReader::durationSeconds() const
{
    return d->fmt->duration > 0 ? double(d->fmt->duration) / AV_TIME_BASE : 0.0;
}
std::string VideoReader::codec() const { return avcodec_get_name(d->dec->codec_id); }
int64_t VideoReader::frameIndex() const { return d->index; }

std::map<std::string, std::string> VideoReader::metadata() const
{
    std::map<std::string, std::string> tags;
    const AVDictionaryEntry* e = nullptr;
    while ((e = av_dict_get(d->fmt->metadata, "", e, AV_DICT_IGNORE_SUFFIX))) {
        std::string key = e->key;
        for (char& c : key)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        tags[key] = e->value;
    }
    return tags;
}

bool VideoReader::next(Image& out)
{
    while (true) {
        if (d->receive(out))
            return true;
        if (d->eof)
            return false;
        const int rc = av_read_frame(d->fmt.get(), d->pkt.get());
        if (rc < 0) {
            d->eof = true;
            avcodec_send_packet(d->dec.get(), nullptr);
            continue;
        }
        if (d->pkt->stream_index == d->stream)
            avcodec_send_packet(d->dec.get(), d->pkt.get());
        av_packet_unref(d->pkt.get());
    }
}

} // namespace emote::media
