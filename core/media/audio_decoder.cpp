#include "core/media/audio_decoder.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/media/ffmpeg_ptr.h"

extern "C" {
#include <libavutil/opt.h>
}

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

namespace emote::media {

namespace {

// Demuxers for the formats we promise. Playlists (hls, concat, m3u) and raw network protocols are not here.
constexpr const char* kFormatWhitelist = "wav,w64,mp3,flac,ogg,mov,matroska,aac,aiff,caf";

// Decoded samples are bounded to ±kMaxSample (full scale is ±1; louder float audio is kept, just bounded).
constexpr float kMaxSample = 16.0f;
constexpr int kMaxInputRateHz = 768000;
constexpr int kMaxInputChannels = 64;

// A damaged file unless CODE says otherwise; the code's parameters are the path and EXTRA.
[[noreturn]] void bad(const std::filesystem::path& path, const std::string& what,
                      MessageCode code = MessageCode::AudioDamaged, std::vector<std::string> extra = {})
{
    extra.insert(extra.begin(), path.string());
    throwInput({code, std::move(extra), "cannot read audio file " + quoted(path) + ": " + what});
}

std::string formatDuration(double s)
{
    char buf[32];
    const long t = long(s);
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
    return buf;
}

InputFormatPtr openInput(const std::filesystem::path& path)
{
    requireReadableFile(path, "audio file");
    quietFfmpegLogs();
    AVFormatContext* raw = avformat_alloc_context();
    if (!raw)
        throw Error(ErrorKind::Internal, "out of memory opening " + quoted(path));
    raw->format_whitelist = av_strdup(kFormatWhitelist);
    raw->protocol_whitelist = av_strdup("file");
    AVDictionary* opts = nullptr;
    av_dict_set(&opts, "protocol_whitelist", "file", 0);
    // "file:" prefix: a path like "http:x" or "concat:a|b" must never be read as a URL.
    const std::string url = "file:" + std::filesystem::absolute(path).string();
    const int rc = avformat_open_input(&raw, url.c_str(), nullptr, &opts);
    av_dict_free(&opts);
    if (rc < 0) {
        if (rc == AVERROR_INVALIDDATA || rc == AVERROR(EINVAL) || rc == AVERROR_DEMUXER_NOT_FOUND)
            bad(path, "this is not an audio format Emote can read. Use WAV, MP3, FLAC, OGG, Opus or M4A.",
                MessageCode::AudioUnsupported);
        bad(path, avErrorString(rc) + ". Check the file.");
    }
    InputFormatPtr ctx(raw);
    ctx->probesize = 10'000'000;
    const int info_rc = avformat_find_stream_info(ctx.get(), nullptr);
    if (info_rc < 0)
        bad(path, "the file's streams could not be read (" + avErrorString(info_rc) + "). The file may be damaged.");
    return ctx;
}

double containerDuration(const AVFormatContext* ctx, const AVStream* st)
{
    if (ctx->duration > 0 && ctx->duration != AV_NOPTS_VALUE)
        return double(ctx->duration) / AV_TIME_BASE;
    if (st && st->duration > 0 && st->duration != AV_NOPTS_VALUE)
        return double(st->duration) * av_q2d(st->time_base);
    return 0.0;
}

} // namespace

void quietFfmpegLogs()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (!std::getenv("EMOTE_FFMPEG_LOG"))
            av_log_set_level(AV_LOG_QUIET);
    });
}

struct AudioStream::Impl {
    std::filesystem::path path;
    AudioDecodeOptions opt;
    AudioInfo info;
    InputFormatPtr fmt;
    CodecContextPtr dec;
    SwrPtr swr;
    FramePtr frame{av_frame_alloc()};
    PacketPtr pkt{av_packet_alloc()};
    int stream_index = -1;
    std::vector<float> pending; // converted, interleaved, not yet handed out
    size_t pending_pos = 0;
    bool demux_done = false;
    bool decoder_flushed = false;
    bool swr_flushed = false;
    int64_t frames_out = 0;
    int64_t packets = 0, bad_packets = 0, decoded_frames = 0;
    int64_t max_frames_out = 0;

    void convert(const AVFrame* f)
    {
        const int in_samples = f ? f->nb_samples : 0;
        const int out_cap = swr_get_out_samples(swr.get(), in_samples) + 32;
        if (out_cap <= 0)
            return;
        compactPending();
        const size_t old = pending.size();
        pending.resize(old + size_t(out_cap) * size_t(opt.channels));
        uint8_t* out_planes[1] = {reinterpret_cast<uint8_t*>(pending.data() + old)};
        const int n = swr_convert(swr.get(), out_planes, out_cap,
                                  f ? const_cast<const uint8_t**>(f->extended_data) : nullptr, in_samples);
        if (n < 0)
            bad(path, "resampling failed (" + avErrorString(n) + ").");
        pending.resize(old + size_t(n) * size_t(opt.channels));
        // Damaged float files decode to NaN, infinities or absurd values, which downstream encoders reject
        // (AAC fails with EINVAL): silence the impossible samples and bound the rest far above full scale.
        for (size_t i = old; i < pending.size(); ++i) {
            float& v = pending[i];
            if (!std::isfinite(v))
                v = 0.0f;
            else
                v = std::clamp(v, -kMaxSample, kMaxSample);
        }
    }

    void compactPending()
    {
        if (pending_pos > 0) {
            pending.erase(pending.begin(), pending.begin() + std::ptrdiff_t(pending_pos));
            pending_pos = 0;
        }
    }

    void receiveAll()
    {
        while (true) {
            const int rc = avcodec_receive_frame(dec.get(), frame.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
                return;
            if (rc < 0) {
                ++bad_packets;
                return;
            }
            ++decoded_frames;
            convert(frame.get());
            av_frame_unref(frame.get());
        }
    }

    // Decode until at least WANT floats are pending or the input ends.
    void fill(size_t want)
    {
        while (pending.size() - pending_pos < want && !swr_flushed) {
            if (!demux_done) {
                const int rc = av_read_frame(fmt.get(), pkt.get());
                if (rc < 0) {
                    demux_done = true;
                    avcodec_send_packet(dec.get(), nullptr);
                    receiveAll();
                    decoder_flushed = true;
                    continue;
                }
                if (pkt->stream_index == stream_index) {
                    ++packets;
                    const int s = avcodec_send_packet(dec.get(), pkt.get());
                    if (s < 0 && s != AVERROR(EAGAIN))
                        ++bad_packets; // a corrupt packet is skipped, like players do
                    receiveAll();
                }
                av_packet_unref(pkt.get());
                if (packets >= 64 && bad_packets * 2 > packets)
                    bad(path, "more than half of the audio data is damaged (" + std::to_string(bad_packets) + " of " +
                                  std::to_string(packets) + " packets). Re-export or re-download the file.");
            } else {
                convert(nullptr);
                swr_flushed = true;
            }
        }
        if (swr_flushed && packets > 0 && decoded_frames == 0)
            bad(path, "none of its audio could be decoded; the file is damaged. Re-export or re-download it.");
    }
};

AudioStream::AudioStream(const std::filesystem::path& path, const AudioDecodeOptions& options) : d(new Impl)
{
    if (options.sample_rate_hz < 1000 || options.sample_rate_hz > 384000 || options.channels < 1 ||
        options.channels > 8)
        throwUsage("unsupported audio output format: " + std::to_string(options.sample_rate_hz) + " Hz, " +
                   std::to_string(options.channels) + " channels.");
    d->path = path;
    d->opt = options;
    d->fmt = openInput(path);
    AVFormatContext* fmt = d->fmt.get();
    d->info.container = fmt->iformat ? fmt->iformat->name : "";
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        if (fmt->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
            !(fmt->streams[i]->disposition & AV_DISPOSITION_ATTACHED_PIC))
            d->info.has_video = true;

    const AVCodec* codec = nullptr;
    const int idx = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (idx < 0 || !codec) {
        if (idx == AVERROR_DECODER_NOT_FOUND)
            bad(path, "its audio codec is not supported. Convert it to WAV, MP3 or FLAC.", MessageCode::AudioUnsupported);
        bad(path, "the file has no audio track. Choose a file with sound (speech or a song).", MessageCode::AudioNoTrack);
    }
    d->stream_index = idx;
    AVStream* st = fmt->streams[idx];
    const AVCodecParameters* par = st->codecpar;
    d->info.codec = avcodec_get_name(par->codec_id);
    d->info.sample_rate_hz = par->sample_rate;
    d->info.channels = par->ch_layout.nb_channels;
    d->info.bit_rate = par->bit_rate > 0 ? par->bit_rate : fmt->bit_rate;
    d->info.duration_s = containerDuration(fmt, st);
    if (par->sample_rate <= 0 || par->ch_layout.nb_channels <= 0)
        bad(path, "the audio track has no valid sample rate or channel count. The file is damaged.");
    // A header can claim any rate; building a resampler for hundreds of MHz takes minutes and gigabytes
    // (found by fuzzing). Real audio stays within 768 kHz and 64 channels.
    if (par->sample_rate < 1000 || par->sample_rate > kMaxInputRateHz)
        bad(path, "its header gives a sample rate of " + std::to_string(par->sample_rate) +
                      " Hz, outside the 1 kHz – 768 kHz of real audio. The file is damaged.");
    if (par->ch_layout.nb_channels > kMaxInputChannels)
        bad(path,
            "its header gives " + std::to_string(par->ch_layout.nb_channels) +
                " channels, more than the 64 supported. Mix it down to stereo first.",
            MessageCode::AudioUnsupported);
    if (d->info.duration_s > options.max_duration_s)
        bad(path,
            "it lasts " + formatDuration(d->info.duration_s) + ", longer than the " +
                formatDuration(options.max_duration_s) + " allowed. Trim it, or raise the limit (--max-audio-minutes).",
            MessageCode::AudioTooLong, {messageNumber(d->info.duration_s), messageNumber(options.max_duration_s)});
    d->max_frames_out = int64_t(std::ceil(options.max_duration_s * options.sample_rate_hz)) + options.sample_rate_hz;

    d->dec.reset(avcodec_alloc_context3(codec));
    if (!d->dec || avcodec_parameters_to_context(d->dec.get(), par) < 0)
        throw Error(ErrorKind::Internal, "cannot set up the audio decoder for " + quoted(path));
    d->dec->thread_count = 1;
    if (const int rc = avcodec_open2(d->dec.get(), codec, nullptr); rc < 0)
        bad(path, "the audio decoder could not start (" + avErrorString(rc) + "). The file may be damaged.");

    AVChannelLayout in_layout{};
    if (d->dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || d->dec->ch_layout.nb_channels <= 0)
        av_channel_layout_default(&in_layout, par->ch_layout.nb_channels);
    else
        av_channel_layout_copy(&in_layout, &d->dec->ch_layout);
    AVChannelLayout out_layout{};
    av_channel_layout_default(&out_layout, options.channels);
    SwrContext* swr = nullptr;
    int rc = swr_alloc_set_opts2(&swr, &out_layout, AV_SAMPLE_FMT_FLT, options.sample_rate_hz, &in_layout,
                                 d->dec->sample_fmt, d->dec->sample_rate > 0 ? d->dec->sample_rate : par->sample_rate,
                                 0, nullptr);
    av_channel_layout_uninit(&in_layout);
    av_channel_layout_uninit(&out_layout);
    d->swr.reset(swr);
    if (rc < 0 || (rc = swr_init(swr)) < 0)
        bad(path, "its audio layout (" + std::to_string(par->ch_layout.nb_channels) + " channels, " +
                      std::to_string(par->sample_rate) + " Hz) cannot be converted (" + avErrorString(rc) + ").");
}

AudioStream::~AudioStream() = default;

const AudioInfo& AudioStream::info() const { return d->info; }
const AudioDecodeOptions& AudioStream::options() const { return d->opt; }
int64_t AudioStream::framesRead() const { return d->frames_out; }

int64_t AudioStream::read(float* out, int64_t max_frames)
{
    if (max_frames <= 0)
        return 0;
    const size_t ch = size_t(d->opt.channels);
    d->fill(size_t(max_frames) * ch);
    const size_t avail = (d->pending.size() - d->pending_pos) / ch;
    const size_t n = std::min<size_t>(avail, size_t(max_frames));
    std::memcpy(out, d->pending.data() + d->pending_pos, n * ch * sizeof(float));
    d->pending_pos += n * ch;
    if (d->pending_pos > (1u << 16))
        d->compactPending();
    d->frames_out += int64_t(n);
    if (d->frames_out > d->max_frames_out)
        bad(d->path,
            "it decodes to more than the " + formatDuration(d->opt.max_duration_s) +
                " allowed. Trim it, or raise the limit (--max-audio-minutes).",
            MessageCode::AudioTooLong, {messageNumber(double(d->frames_out) / d->opt.sample_rate_hz),
                                        messageNumber(d->opt.max_duration_s)});
    return int64_t(n);
}

AudioInfo probeAudio(const std::filesystem::path& path, const AudioDecodeOptions& options)
{
    AudioStream s(path, options);
    return s.info();
}

AudioBuffer decodeAudio(const std::filesystem::path& path, const AudioDecodeOptions& options)
{
    AudioStream s(path, options);
    AudioBuffer buf;
    buf.sample_rate_hz = options.sample_rate_hz;
    buf.channels = options.channels;
    if (s.info().duration_s > 0)
        buf.samples.reserve(size_t(s.info().duration_s * options.sample_rate_hz * options.channels * 1.02) + 4096);
    std::vector<float> chunk(size_t(8192) * size_t(options.channels));
    while (const int64_t n = s.read(chunk.data(), 8192))
        buf.samples.insert(buf.samples.end(), chunk.begin(), chunk.begin() + n * options.channels);
    if (buf.frameCount() == 0)
        bad(path, "it contains no sound (0 ms of audio). Choose a file with speech or music.", MessageCode::AudioNoSound);
    return buf;
}

} // namespace emote::media
