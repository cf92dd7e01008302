#include "core/media/mp4_writer.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/partial_files.h"
#include "core/media/audio_decoder.h"
#include "core/media/ffmpeg_ptr.h"
#include "core/media/rgb_yuv.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
}

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

namespace emote::media {

namespace fs = std::filesystem;

namespace {

constexpr int kAudioRate = 48000;
constexpr int kAudioChannels = 2;
constexpr int64_t kMinFreeBytes = 8 << 20; // stop before the disk is completely full

// A failure of the file system or the encoder unless CODE says otherwise; the code's parameters are the path and
// EXTRA.
[[noreturn]] void outErr(const fs::path& path, const std::string& what, MessageCode code = MessageCode::OutputFailed,
                         std::vector<std::string> extra = {})
{
    extra.insert(extra.begin(), path.string());
    throwOutput({code, std::move(extra), "cannot write " + quoted(path) + ": " + what});
}

void fsyncPath(const fs::path& p, bool dir)
{
    const int fd = ::open(p.c_str(), dir ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

} // namespace

fs::path partialPathFor(const fs::path& output) { return fs::path(output.string() + ".partial"); }

void checkOutputPath(const fs::path& output, bool overwrite)
{
    if (output.empty())
        throwUsage("no output file given. Name the MP4 to write with -o OUT.mp4.");
    std::error_code ec;
    const fs::path dir = output.parent_path().empty() ? fs::path(".") : output.parent_path();
    if (!fs::exists(dir, ec))
        outErr(output, "the folder " + quoted(dir) + " does not exist. Create it or choose another folder.",
               MessageCode::OutputFolderMissing, {dir.string()});
    if (!fs::is_directory(dir, ec))
        outErr(output, quoted(dir) + " is not a folder.", MessageCode::OutputFolderMissing, {dir.string()});
    if (::access(dir.c_str(), W_OK) != 0)
        outErr(output, "the folder " + quoted(dir) + " is not writable. Choose a folder you can write to.",
               MessageCode::OutputNotWritable, {dir.string()});
    if (fs::is_directory(output, ec))
        outErr(output, "a folder with that name exists. Choose a file name such as out.mp4.", MessageCode::OutputIsFolder);
    if (fs::exists(output, ec) && !overwrite)
        outErr(output, "the file already exists. Choose another name, or pass --overwrite to replace it.",
               MessageCode::OutputExists);
}

struct Mp4Writer::Impl {
    Mp4WriterParams p;
    std::unique_ptr<AudioStream> audio;
    fs::path partial;
    PartialFileRecord record; // lets the next start remove the partial if this process is killed
    AVFormatContext* oc = nullptr;
    CodecContextPtr venc, aenc;
    AVStream* vst = nullptr;
    AVStream* ast = nullptr;
    FramePtr vframe, aframe;
    PacketPtr pkt{av_packet_alloc()};
    int enc_w = 0, enc_h = 0;
    int64_t frames = 0;
    int64_t audio_samples_sent = 0;
    bool audio_done = false;
    bool finished = false;
    bool file_open = false;
    std::vector<float> abuf;

    void fail(const std::string& what, int rc)
    {
        if (rc == AVERROR(ENOSPC))
            outErr(p.output, "the disk is full. Free some space and export again.", MessageCode::DiskFull);
        outErr(p.output, what + " (" + avErrorString(rc) + ").");
    }

    void checkSpace()
    {
        const int64_t free_b = freeBytes(partial.parent_path().empty() ? fs::path(".") : partial.parent_path());
        if (free_b >= 0 && free_b < kMinFreeBytes)
            outErr(p.output, "the disk is almost full (" + humanBytes(double(free_b)) +
                                 " left). Free some space and export again.",
                   MessageCode::DiskFull);
    }

    void writePackets(AVCodecContext* enc, AVStream* st)
    {
        while (true) {
            const int rc = avcodec_receive_packet(enc, pkt.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
                return;
            if (rc < 0)
                fail("encoding failed", rc);
            av_packet_rescale_ts(pkt.get(), enc->time_base, st->time_base);
            pkt->stream_index = st->index;
            const int w = av_interleaved_write_frame(oc, pkt.get());
            if (w < 0)
                fail("writing failed", w);
            if (oc->pb && oc->pb->error < 0)
                fail("writing failed", oc->pb->error);
        }
    }

    // Send audio up to (video time) seconds; everything left when UNTIL_S < 0.
    void pumpAudio(double until_s)
    {
        if (!audio || audio_done)
            return;
        const int fs_ = aenc->frame_size > 0 ? aenc->frame_size : 1024;
        const int64_t until = until_s < 0 ? INT64_MAX : int64_t(until_s * kAudioRate);
        while (audio_samples_sent < until) {
            abuf.resize(size_t(fs_) * kAudioChannels);
            int64_t got = 0;
            while (got < fs_) {
                const int64_t n = audio->read(abuf.data() + got * kAudioChannels, fs_ - got);
                if (n == 0)
                    break;
                got += n;
            }
            if (got == 0) {
                audio_done = true;
                break;
            }
            if (av_frame_make_writable(aframe.get()) < 0)
                throw Error(ErrorKind::Internal, "audio frame allocation failed");
            aframe->nb_samples = int(got);
            // AAC wants planar float.
            float* l = reinterpret_cast<float*>(aframe->data[0]);
            float* r = reinterpret_cast<float*>(aframe->data[1]);
            for (int64_t i = 0; i < got; ++i) {
                l[i] = abuf[size_t(i) * 2];
                r[i] = abuf[size_t(i) * 2 + 1];
            }
            aframe->pts = audio_samples_sent;
            audio_samples_sent += got;
            if (const int rc = avcodec_send_frame(aenc.get(), aframe.get()); rc < 0)
                fail("audio encoding failed", rc);
            writePackets(aenc.get(), ast);
            if (got < fs_) {
                audio_done = true;
                break;
            }
        }
    }

    void openVideo()
    {
        const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
        if (!codec)
            throw Error(ErrorKind::Internal, "this FFmpeg has no libx264 encoder; install Debian's libavcodec59.");
        venc.reset(avcodec_alloc_context3(codec));
        venc->width = enc_w;
        venc->height = enc_h;
        venc->pix_fmt = AV_PIX_FMT_YUV420P;
        venc->time_base = AVRational{p.fps_den, p.fps_num};
        venc->framerate = AVRational{p.fps_num, p.fps_den};
        venc->gop_size = std::max(1, 10 * p.fps_num / std::max(1, p.fps_den));
        venc->color_primaries = AVCOL_PRI_BT709;
        venc->color_trc = AVCOL_TRC_BT709;
        venc->colorspace = AVCOL_SPC_BT709;
        venc->color_range = AVCOL_RANGE_MPEG;
        venc->sample_aspect_ratio = AVRational{1, 1};
        venc->thread_count = p.threads > 0 ? p.threads : int(std::max(1u, std::thread::hardware_concurrency()));
        if (oc->oformat->flags & AVFMT_GLOBALHEADER)
            venc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        AVDictionary* o = nullptr;
        av_dict_set(&o, "preset", p.preset.c_str(), 0);
        av_dict_set(&o, "profile", "high", 0);
        av_dict_set(&o, "crf", std::to_string(p.crf).c_str(), 0);
        const int rc = avcodec_open2(venc.get(), codec, &o);
        av_dict_free(&o);
        if (rc < 0)
            throwUsage("the H.264 encoder refused the settings (preset '" + p.preset + "', crf " +
                       std::to_string(p.crf) + "): " + avErrorString(rc) + ".");
        vst = avformat_new_stream(oc, nullptr);
        vst->time_base = venc->time_base;
        vst->avg_frame_rate = venc->framerate;
        avcodec_parameters_from_context(vst->codecpar, venc.get());

        vframe.reset(av_frame_alloc());
        vframe->format = AV_PIX_FMT_YUV420P;
        vframe->width = enc_w;
        vframe->height = enc_h;
        if (av_frame_get_buffer(vframe.get(), 0) < 0)
            throw Error(ErrorKind::Internal, "video frame allocation failed");
    }

    void openAudio()
    {
        const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (!codec)
            throw Error(ErrorKind::Internal, "this FFmpeg has no AAC encoder");
        aenc.reset(avcodec_alloc_context3(codec));
        aenc->sample_rate = kAudioRate;
        aenc->sample_fmt = AV_SAMPLE_FMT_FLTP;
        av_channel_layout_default(&aenc->ch_layout, kAudioChannels);
        aenc->bit_rate = p.audio_bit_rate;
        aenc->profile = FF_PROFILE_AAC_LOW;
        aenc->time_base = AVRational{1, kAudioRate};
        if (oc->oformat->flags & AVFMT_GLOBALHEADER)
            aenc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (const int rc = avcodec_open2(aenc.get(), codec, nullptr); rc < 0)
            throw Error(ErrorKind::Internal, "AAC encoder failed to start: " + avErrorString(rc));
        ast = avformat_new_stream(oc, nullptr);
        ast->time_base = aenc->time_base;
        avcodec_parameters_from_context(ast->codecpar, aenc.get());
        aframe.reset(av_frame_alloc());
        aframe->format = AV_SAMPLE_FMT_FLTP;
        aframe->sample_rate = kAudioRate;
        av_channel_layout_default(&aframe->ch_layout, kAudioChannels);
        aframe->nb_samples = aenc->frame_size > 0 ? aenc->frame_size : 1024;
        if (av_frame_get_buffer(aframe.get(), 0) < 0)
            throw Error(ErrorKind::Internal, "audio frame allocation failed");
    }

    void write(const Image& frame, const ImageRect* changed);

    void abortFile() noexcept
    {
        closeFile();
        removePartial();
        finished = true;
    }

    void removePartial() noexcept
    {
        std::error_code ec;
        fs::remove(partial, ec);
        record.release();
    }

    void closeFile() noexcept
    {
        if (oc) {
            if (file_open && oc->pb)
                avio_closep(&oc->pb);
            avformat_free_context(oc);
            oc = nullptr;
        }
        file_open = false;
    }
};

Mp4Writer::Mp4Writer(const Mp4WriterParams& params, std::unique_ptr<AudioStream> audio) : d(new Impl)
{
    quietFfmpegLogs();
    d->p = params;
    d->audio = std::move(audio);
    if (params.width < 2 || params.height < 2 || params.width > 8192 || params.height > 8192)
        throwUsage("output size " + std::to_string(params.width) + "×" + std::to_string(params.height) +
                   " is not supported (2..8192 pixels per side).");
    if (params.fps_num <= 0 || params.fps_den <= 0 || double(params.fps_num) / params.fps_den > 120.0)
        throwUsage("frame rate " + std::to_string(params.fps_num) + "/" + std::to_string(params.fps_den) +
                   " is not supported (up to 120 fps).");
    if (params.crf < 0 || params.crf > 51)
        throwUsage("CRF " + std::to_string(params.crf) + " is out of range (0..51).");
    if (d->audio && (d->audio->options().sample_rate_hz != kAudioRate || d->audio->options().channels != 2))
        throw Error(ErrorKind::Internal, "Mp4Writer needs its audio as 48 kHz stereo");
    checkOutputPath(params.output, params.overwrite);
    d->enc_w = params.width & ~1;
    d->enc_h = params.height & ~1;
    d->partial = partialPathFor(params.output);

    const fs::path dir = params.output.parent_path().empty() ? fs::path(".") : params.output.parent_path();
    if (params.expected_duration_s > 0) {
        const double fps = double(params.fps_num) / params.fps_den;
        // Generous estimate of the file size (talking heads at CRF 18 use far less).
        const double need = params.expected_duration_s *
                                (double(d->enc_w) * d->enc_h * fps * 0.12 / 8.0 + params.audio_bit_rate / 8.0) +
                            double(kMinFreeBytes);
        const int64_t free_b = freeBytes(dir);
        if (free_b >= 0 && double(free_b) < need)
            outErr(params.output,
                   "not enough free disk space: the video needs about " + humanBytes(need) + ", " +
                       humanBytes(double(free_b)) + " is free. Free some space or choose another disk.",
                   MessageCode::DiskFull);
    }

    if (avformat_alloc_output_context2(&d->oc, nullptr, "mp4", nullptr) < 0 || !d->oc)
        throw Error(ErrorKind::Internal, "the MP4 muxer is missing from FFmpeg");
    try {
        d->openVideo();
        if (d->audio)
            d->openAudio();
        for (const auto& [k, v] : params.metadata)
            av_dict_set(&d->oc->metadata, k.c_str(), v.c_str(), 0);
        d->record = PartialFileRecord(d->partial);
        const std::string url = "file:" + fs::absolute(d->partial).string();
        AVDictionary* io = nullptr;
        av_dict_set(&io, "protocol_whitelist", "file", 0);
        int rc = avio_open2(&d->oc->pb, url.c_str(), AVIO_FLAG_WRITE, nullptr, &io);
        av_dict_free(&io);
        if (rc < 0)
            d->fail("cannot create " + quoted(d->partial), rc);
        d->file_open = true;
        d->oc->url = av_strdup(url.c_str()); // faststart re-reads the file through this
        AVDictionary* mo = nullptr;
        av_dict_set(&mo, "movflags", "+faststart", 0);
        rc = avformat_write_header(d->oc, &mo);
        av_dict_free(&mo);
        if (rc < 0)
            d->fail("cannot write the MP4 header", rc);
    } catch (...) {
        d->closeFile();
        d->removePartial();
        throw;
    }
}

Mp4Writer::~Mp4Writer()
{
    if (!d->finished)
        abort();
}

int Mp4Writer::width() const { return d->enc_w; }
int Mp4Writer::height() const { return d->enc_h; }
int64_t Mp4Writer::framesWritten() const { return d->frames; }
fs::path Mp4Writer::partialPath() const { return d->partial; }

void Mp4Writer::writeFrame(const Image& frame) { d->write(frame, nullptr); }

void Mp4Writer::writeFrame(const Image& frame, const ImageRect& changed) { d->write(frame, &changed); }

void Mp4Writer::Impl::write(const Image& frame, const ImageRect* changed)
{
    if (finished || !oc)
        throw Error(ErrorKind::Internal, "Mp4Writer::writeFrame after finish/abort");
    if (frame.width != p.width || frame.height != p.height)
        throw Error(ErrorKind::Internal, "frame size " + std::to_string(frame.width) + "x" +
                                             std::to_string(frame.height) + " does not match the video " +
                                             std::to_string(p.width) + "x" + std::to_string(p.height));
    try {
        // The picture buffer keeps the previous frame (a copy is made if the encoder still holds it), so only
        // the changed part needs converting.
        if (av_frame_make_writable(vframe.get()) < 0)
            throw Error(ErrorKind::Internal, "video frame allocation failed");
        const ImageRect all{0, 0, enc_w, enc_h};
        const YuvPlanes planes{vframe->data[0], vframe->data[1], vframe->data[2], vframe->linesize[0],
                               vframe->linesize[1]};
        rgbToYuv420(frame, enc_w, enc_h, changed && frames > 0 ? *changed : all, planes);
        vframe->pts = frames;
        if (const int rc = avcodec_send_frame(venc.get(), vframe.get()); rc < 0)
            fail("video encoding failed", rc);
        writePackets(venc.get(), vst);
        ++frames;
        pumpAudio(double(frames) * p.fps_den / p.fps_num);
        if (frames % 50 == 0)
            checkSpace();
    } catch (...) {
        abortFile();
        throw;
    }
}

void Mp4Writer::finish()
{
    if (d->finished)
        return;
    if (!d->oc)
        throw Error(ErrorKind::Internal, "Mp4Writer::finish after abort");
    try {
        if (d->frames == 0)
            outErr(d->p.output, "no video frames were produced.");
        avcodec_send_frame(d->venc.get(), nullptr);
        d->writePackets(d->venc.get(), d->vst);
        if (d->audio) {
            d->pumpAudio(-1.0);
            avcodec_send_frame(d->aenc.get(), nullptr);
            d->writePackets(d->aenc.get(), d->ast);
        }
        d->checkSpace();
        if (const int rc = av_write_trailer(d->oc); rc < 0)
            d->fail("cannot finish the MP4 file", rc);
        if (d->oc->pb && d->oc->pb->error < 0)
            d->fail("writing failed", d->oc->pb->error);
        avio_closep(&d->oc->pb);
        d->file_open = false;
        d->closeFile();
        fsyncPath(d->partial, false);
        std::error_code ec;
        fs::rename(d->partial, d->p.output, ec);
        if (ec)
            outErr(d->p.output, "cannot move the finished video into place: " + ec.message() + ".");
        const fs::path dir = d->p.output.parent_path().empty() ? fs::path(".") : d->p.output.parent_path();
        fsyncPath(dir, true);
        d->record.release();
        d->finished = true;
    } catch (...) {
        abort();
        throw;
    }
}

void Mp4Writer::abort() noexcept { d->abortFile(); }

} // namespace emote::media
