#include "core/jobs/job.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/partial_files.h"
#include "core/engine/engine.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/media/mp4_writer.h"
#include "core/provenance/provenance_record.h"
#include "core/provenance/visible_label.h"
#include "core/provenance/watermark.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

namespace emote {

namespace {

using Clock = std::chrono::steady_clock;

class WriterSink final : public FrameSink {
public:
    WriterSink(media::Mp4Writer& writer, const JobCallbacks& cb, const CancelToken& cancel, int64_t total)
        : m_writer(writer), m_cb(cb), m_cancel(cancel), m_total(total), m_start(Clock::now())
    {
    }

    // Provenance marks applied to every frame before it is encoded (and shown): label first, so the
    // watermark also covers the label's pixels.
    void setMarks(std::unique_ptr<provenance::VisibleLabel> label,
                  std::unique_ptr<provenance::WatermarkEmbedder> watermark)
    {
        m_label = std::move(label);
        m_watermark = std::move(watermark);
    }

    void consume(const Image& frame, int64_t index) override { process(frame, index, nullptr); }

    void consumeChanged(const Image& frame, int64_t index, const ImageRect& changed) override
    {
        process(frame, index, m_partial ? &changed : nullptr);
    }

    void setPartialUpdates(bool on) { m_partial = on; }

    void process(const Image& frame, int64_t index, const ImageRect* changed)
    {
        m_cancel.throwIfCancelled();
        if (index != m_next)
            throw Error(ErrorKind::Internal, "engine produced frame " + std::to_string(index) + ", expected " +
                                                 std::to_string(m_next));
        if (m_next >= m_total)
            throw Error(ErrorKind::Internal, "engine produced more frames than asked for");
        const Image* out = &frame;
        // What differs from the previous frame written (the whole frame when unknown).
        std::optional<ImageRect> written;
        if (changed && m_next > 0) {
            const int x0 = std::clamp(changed->x, 0, frame.width), y0 = std::clamp(changed->y, 0, frame.height);
            const int x1 = std::clamp(changed->x + std::max(0, changed->width), x0, frame.width);
            const int y1 = std::clamp(changed->y + std::max(0, changed->height), y0, frame.height);
            written = ImageRect{x0, y0, x1 - x0, y1 - y0}; // limited to the frame
        }
        if (m_label || m_watermark) {
            // m_marked keeps the previous marked frame: a partial frame refreshes only the marks' reach around
            // what changed (same pixels as marking the whole frame; see WatermarkEmbedder::embedUpdate).
            bool done = false;
            if (written && m_marked.width == frame.width && m_marked.height == frame.height) {
                const ImageRect region =
                    m_watermark ? m_watermark->reach(*written, frame.width, frame.height) : *written;
                for (int y = region.y; y < region.y + region.height; ++y)
                    std::copy_n(frame.row(y) + size_t(region.x) * 3, size_t(region.width) * 3,
                                m_marked.row(y) + size_t(region.x) * 3);
                if (m_label)
                    m_label->apply(m_marked, region);
                done = !m_watermark || m_watermark->embedUpdate(m_marked, *written);
                written = region;
            }
            if (!done) {
                m_marked = frame;
                if (m_label)
                    m_label->apply(m_marked);
                if (m_watermark)
                    m_watermark->embed(m_marked);
                written.reset();
            }
            out = &m_marked;
        }
        if (written)
            m_writer.writeFrame(*out, *written);
        else
            m_writer.writeFrame(*out);
        ++m_next;
        if (m_cb.frame)
            m_cb.frame(*out, index);
        if (m_cb.progress) {
            const double el = std::chrono::duration<double>(Clock::now() - m_start).count();
            Progress p;
            p.stage = Stage::Generate;
            p.frame = m_next;
            p.total = m_total;
            p.fps = el > 0 ? double(m_next) / el : 0.0;
            p.eta_s = p.fps > 0 ? double(m_total - m_next) / p.fps : -1.0;
            if (!m_cb.progress(p))
                throw Error(ErrorKind::Cancelled, "cancelled");
        }
    }
    int64_t produced() const { return m_next; }

private:
    media::Mp4Writer& m_writer;
    const JobCallbacks& m_cb;
    const CancelToken& m_cancel;
    int64_t m_total;
    int64_t m_next = 0;
    Clock::time_point m_start;
    std::unique_ptr<provenance::VisibleLabel> m_label;
    std::unique_ptr<provenance::WatermarkEmbedder> m_watermark;
    Image m_marked; // reused buffer: the engine's frame stays untouched
    bool m_partial = true;
};

std::string num(double v)
{
    char b[32];
    std::snprintf(b, sizeof b, "%g", v);
    return b;
}

// Every setting that shapes the output, for the manifest and its hash (limits and paths of inputs left out).
std::map<std::string, std::string> settingsMap(const GenerationSettings& s)
{
    return {{"engine", engineName(s.engine)},
            {"fps", std::to_string(s.fps)},
            {"size", std::to_string(s.size)},
            {"aspect", num(s.aspect)},
            {"crf", std::to_string(s.crf)},
            {"preset", s.preset},
            {"seed", std::to_string(s.seed)},
            {"guidance", num(s.guidance)},
            {"steps", std::to_string(s.steps)},
            {"motion_speed", num(s.motion_speed)},
            {"expression", num(s.expression)},
            {"emotion", s.emotion},
            {"emotion_intensity", num(s.emotion_intensity)},
            {"blink", s.blink ? "true" : "false"},
            {"phonemes", s.phonemes},
            {"face_index", std::to_string(s.face_index)},
            {"crop", num(s.crop_x) + "," + num(s.crop_y) + "," + num(s.crop_w) + "," + num(s.crop_h)},
            {"watermark", s.watermark ? "true" : "false"},
            {"visible_label", s.visible_label ? "true" : "false"}};
}

std::string modelName(const GenerationSettings& s)
{
    switch (s.engine) {
    case EngineKind::Live: return "emote-live landmark rig (face-api 1.7.15 landmarks)";
    case EngineKind::Still: return "none (the photo, unanimated)";
    case EngineKind::Diffusion: {
        const std::filesystem::path p(s.model_path);
        return p.filename().empty() ? p.parent_path().filename().string() : p.filename().string();
    }
    }
    return "";
}

void report(const JobCallbacks& cb, Stage stage)
{
    if (cb.progress) {
        Progress p;
        p.stage = stage;
        if (!cb.progress(p))
            throw Error(ErrorKind::Cancelled, "cancelled");
    }
}

// The user's output framing (settings crop_*, portrait pixels): the engine sees only that region of the photo.
// A rectangle reaching past the photo (by more than rounding) is refused rather than silently clamped: it was
// drawn on another photo, or edited by hand in a project file.
Image cropPortrait(const Image& photo, const GenerationSettings& s, const std::filesystem::path& name)
{
    const double tolerance_px = 1.0;
    if (s.crop_x < 0 || s.crop_y < 0 || s.crop_x + s.crop_w > photo.width + tolerance_px ||
        s.crop_y + s.crop_h > photo.height + tolerance_px)
        throwUsage({MessageCode::CropOutsidePhoto, {name.string()},
                    "the crop " + std::to_string(int(s.crop_w)) + "x" + std::to_string(int(s.crop_h)) + " at (" +
                        std::to_string(int(s.crop_x)) + ", " + std::to_string(int(s.crop_y)) + ") lies outside the " +
                        std::to_string(photo.width) + "x" + std::to_string(photo.height) + " portrait " +
                        quoted(name) + ". Reset the crop or draw it again on this photo."});
    const int x0 = std::clamp(int(std::lround(s.crop_x)), 0, photo.width - 1);
    const int y0 = std::clamp(int(std::lround(s.crop_y)), 0, photo.height - 1);
    const int w = std::clamp(int(std::lround(s.crop_w)), 1, photo.width - x0);
    const int h = std::clamp(int(std::lround(s.crop_h)), 1, photo.height - y0);
    Image out(w, h);
    for (int y = 0; y < h; ++y)
        std::copy_n(photo.row(y0 + y) + size_t(x0) * 3, size_t(w) * 3, out.row(y));
    return out;
}

// The job's staging folder "<output>.partial", beside the output so that the final renames stay on one file
// system: the writer finishes the video there, the manifest goes inside it (and beside it) there, and only
// then does the video move to the user's path, in one rename; the user's path never shows a video without its
// manifest. The folder is recorded (partial_files.h) so that the next start removes it after a crash, and the
// destructor removes it whatever happened.
class Staging {
public:
    Staging(const std::filesystem::path& output, bool overwrite)
        : m_output(output), m_overwrite(overwrite), m_dir(media::partialPathFor(output)), m_record(m_dir)
    {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec); // a stale one of an earlier run of this output
        if (!std::filesystem::create_directory(m_dir, ec))
            throwOutput({MessageCode::OutputFailed, {output.string()},
                         "cannot create the folder " + quoted(m_dir) + " to finish the video in: " +
                             (ec ? ec.message() : std::string("it exists")) +
                             ". Check that the folder is writable and the disk has space."});
    }
    ~Staging()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
    Staging(const Staging&) = delete;
    Staging& operator=(const Staging&) = delete;

    // Where the video is written: the user's file name, so its manifest names the right file.
    std::filesystem::path video() const { return m_dir / m_output.filename(); }

    // Moves the staged sidecar manifest (when WITH_MANIFEST), then the video to their final paths; the video
    // moves last, so its appearance means the job is complete. On failure nothing of this job stays behind.
    void publish(bool with_manifest)
    {
        const std::filesystem::path sidecar = provenance::manifestPathFor(m_output);
        std::error_code ec;
        // Checked at the start too; a file that appeared since then is not replaced unasked.
        for (const auto& target : {m_output, sidecar})
            if (!m_overwrite && (target == m_output || with_manifest) && std::filesystem::exists(target, ec))
                throwOutput({MessageCode::OutputExists, {target.string()},
                             "cannot write " + quoted(target) + ": the file exists (it appeared while the video "
                             "was being made). Remove it or allow overwriting."});
        if (with_manifest) {
            std::filesystem::rename(provenance::manifestPathFor(video()), sidecar, ec);
            if (ec)
                throwOutput("cannot write the manifest " + quoted(sidecar) + ": " + ec.message() +
                            ". Check that the folder is writable.");
        }
        std::filesystem::rename(video(), m_output, ec);
        if (ec) {
            const std::string why = ec.message();
            if (with_manifest)
                std::filesystem::remove(sidecar, ec);
            throwOutput({MessageCode::OutputFailed, {m_output.string()},
                         "cannot write " + quoted(m_output) + ": cannot move the finished video into place: " + why +
                             ". Check that the folder is writable."});
        }
        syncFolder(m_output.parent_path().empty() ? std::filesystem::path(".") : m_output.parent_path());
    }

private:
    // The renames reach the disk (the files' own data was synced before they were renamed).
    static void syncFolder(const std::filesystem::path& dir)
    {
        const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return;
        ::fsync(fd);
        ::close(fd);
    }

    std::filesystem::path m_output;
    bool m_overwrite;
    std::filesystem::path m_dir;
    PartialFileRecord m_record;
};

} // namespace

GenerationResult runGeneration(const GenerationRequest& request, const JobCallbacks& callbacks,
                               const CancelToken& cancel)
{
    GenerationContext context;
    return runGeneration(context, request, callbacks, cancel);
}

GenerationResult runGeneration(GenerationContext& context, const GenerationRequest& request,
                               const JobCallbacks& callbacks, const CancelToken& cancel)
{
    const auto t0 = Clock::now();
    const GenerationSettings& s = request.settings;
    s.validate();
    media::checkOutputPath(request.output, request.overwrite);
    if (const auto manifest = provenance::manifestPathFor(request.output);
        request.write_manifest && !request.overwrite && std::filesystem::exists(manifest))
        throwOutput({MessageCode::OutputExists, {manifest.string()},
                     "cannot write the manifest " + quoted(manifest) + ": the file exists. Remove it or use "
                     "--overwrite."});

    report(callbacks, Stage::ReadPortrait);
    media::ImageReadOptions iopt;
    iopt.max_pixels = s.max_image_pixels;
    Image portrait = media::readImage(request.portrait, iopt);
    cancel.throwIfCancelled();
    GenerationSettings engine_settings = s;
    if (s.crop_w > 0 && s.crop_h > 0) {
        portrait = cropPortrait(portrait, s, request.portrait);
        // From here the crop is the whole portrait; the engine learns that the framing is the user's (crop_w > 0,
        // at the origin) and face_index counts the faces found inside the crop.
        engine_settings.crop_x = engine_settings.crop_y = 0;
        engine_settings.crop_w = portrait.width;
        engine_settings.crop_h = portrait.height;
    }

    report(callbacks, Stage::DecodeAudio);
    media::AudioDecodeOptions aopt;
    aopt.sample_rate_hz = 16000;
    aopt.channels = 1;
    aopt.max_duration_s = s.max_audio_s;
    const AudioBuffer audio = media::decodeAudio(request.audio, aopt);
    cancel.throwIfCancelled();
    const double duration = audio.durationSeconds();
    if (duration * s.fps < 0.5)
        throwInput({MessageCode::AudioTooShort, {request.audio.string(), std::to_string(int(duration * 1000))},
                    "cannot use audio file " + quoted(request.audio) + ": it is only " +
                        std::to_string(int(duration * 1000)) + " ms long, shorter than one video frame. " +
                        "Choose a longer recording."});

    // The models, after the inputs have proved readable (a bad file should not wait for a 5 GB load).
    const int64_t loads_before = context.modelLoads();
    const auto load_start = Clock::now();
    Engine& engine = context.prepare(s, callbacks.progress, cancel);
    const double model_load_s = std::chrono::duration<double>(Clock::now() - load_start).count();
    cancel.throwIfCancelled();

    EngineInput in;
    in.portrait = &portrait;
    in.portrait_name = request.portrait.string();
    in.audio = &audio;
    in.frame_count = frameCountFor(duration, s.fps);
    s.outputSize(portrait.width, portrait.height, in.width, in.height);
    in.settings = engine_settings;
    in.stage_progress = callbacks.progress;
    in.warning = callbacks.warning;

    Staging staging(request.output, request.overwrite);
    media::Mp4WriterParams wp;
    wp.output = staging.video();
    wp.width = in.width;
    wp.height = in.height;
    wp.fps_num = s.fps;
    wp.fps_den = 1;
    wp.crf = s.crf;
    wp.preset = s.preset;
    wp.overwrite = request.overwrite;
    wp.expected_duration_s = duration;
    provenance::ProvenanceInfo prov;
    prov.engine = engineName(s.engine);
    prov.model = modelName(s);
    prov.settings = settingsMap(s);
    prov.watermark = s.watermark;
    prov.visible_label = s.visible_label;
    prov.consent = request.consent;
    prov.inputs_sha256 = provenance::inputsDigest(portrait, audio);
    if (s.watermark) {
        prov.payload.install_id = provenance::installId();
        prov.payload.job_hash = provenance::jobHash(prov);
    }
    wp.metadata = request.metadata;
    for (const auto& [k, v] : provenance::provenanceTags(prov))
        wp.metadata[k] = v;
    media::AudioDecodeOptions mux_opt;
    mux_opt.sample_rate_hz = 48000;
    mux_opt.channels = 2;
    mux_opt.max_duration_s = s.max_audio_s;
    media::Mp4Writer writer(wp, std::make_unique<media::AudioStream>(request.audio, mux_opt));

    WriterSink sink(writer, callbacks, cancel, in.frame_count);
    sink.setPartialUpdates(request.partial_updates);
    sink.setMarks(s.visible_label ? std::make_unique<provenance::VisibleLabel>(in.width, in.height, request.label_text)
                                  : nullptr,
                  s.watermark ? std::make_unique<provenance::WatermarkEmbedder>(prov.payload.packed()) : nullptr);
    engine.generate(in, sink, cancel);
    cancel.throwIfCancelled();
    if (sink.produced() != in.frame_count)
        throw Error(ErrorKind::Internal, "engine '" + engine.name() + "' produced " +
                                             std::to_string(sink.produced()) + " of " +
                                             std::to_string(in.frame_count) + " frames");
    report(callbacks, Stage::Finalize);
    writer.finish();
    if (request.write_manifest)
        provenance::writeManifest(staging.video(), prov, true);
    staging.publish(request.write_manifest);

    GenerationResult r;
    r.output = request.output;
    r.engine = engine.name();
    r.models_loaded = context.modelLoads() - loads_before;
    r.model_load_s = model_load_s;
    r.frames = in.frame_count;
    r.width = writer.width();
    r.height = writer.height();
    r.audio_duration_s = duration;
    r.watermarked = s.watermark;
    r.watermark_payload = s.watermark ? prov.payload.packed() : 0;
    if (request.write_manifest)
        r.manifest = provenance::manifestPathFor(request.output);
    r.elapsed_s = std::chrono::duration<double>(Clock::now() - t0).count();
    return r;
}

} // namespace emote
