#include "core/live/live_engine.h"

#include "core/audio/phonemes.h"
#include "core/common/error.h"
#include "core/face/face_analyzer.h"
#include "core/face/face_mesh.h"
#include "core/face/person_matte.h"
#include "core/live/articulation.h"
#include "core/live/face_rig.h"
#include "core/media/image_ops.h"
#include "core/nn/runtime.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <memory>

namespace emote::live {

namespace {

// EMOTE_PROFILE=1: per stage, wall seconds and this thread's CPU seconds on stderr at the end; the process's
// CPU total includes the phone decoder's threads, which run alongside the stages.
class StageTimer {
public:
    explicit StageTimer(std::string name = "live profile")
        : m_name(std::move(name)), m_on(std::getenv("EMOTE_PROFILE") != nullptr)
    {
        m_last = m_start = Clock::now();
        m_cpu_last = m_cpu_start = cpu(CLOCK_THREAD_CPUTIME_ID);
        m_proc_start = cpu(CLOCK_PROCESS_CPUTIME_ID);
    }
    ~StageTimer()
    {
        if (!m_on)
            return;
        std::fprintf(stderr, "[%s] wall/cpu s:", m_name.c_str());
        for (const auto& name : m_order)
            std::fprintf(stderr, " %s %.3f/%.3f,", name.c_str(), m_wall[name], m_cpu[name]);
        std::fprintf(stderr, " total %.3f wall, process cpu %.3f\n",
                     std::chrono::duration<double>(Clock::now() - m_start).count(),
                     cpu(CLOCK_PROCESS_CPUTIME_ID) - m_proc_start);
    }
    // Starts counting anew on the calling thread (for a timer made on another thread).
    void restart()
    {
        m_last = Clock::now();
        m_cpu_last = cpu(CLOCK_THREAD_CPUTIME_ID);
    }
    // Charges the time since the previous call to NAME.
    void lap(const std::string& name)
    {
        if (!m_on)
            return;
        const auto now = Clock::now();
        const double c = cpu(CLOCK_THREAD_CPUTIME_ID);
        if (!m_wall.count(name))
            m_order.push_back(name);
        m_wall[name] += std::chrono::duration<double>(now - m_last).count();
        m_cpu[name] += c - m_cpu_last;
        m_last = now;
        m_cpu_last = c;
    }

private:
    using Clock = std::chrono::steady_clock;
    static double cpu(clockid_t id)
    {
        timespec ts{};
        clock_gettime(id, &ts);
        return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
    }
    std::string m_name;
    bool m_on;
    Clock::time_point m_last, m_start;
    double m_cpu_last = 0, m_cpu_start = 0, m_proc_start = 0;
    std::vector<std::string> m_order;
    std::map<std::string, double> m_wall, m_cpu;
};

// Past this yaw the 68-point rig no longer matches the face (the far half is hidden, the jaw line is the
// silhouette): only the mouth moves.
constexpr double kProfileYawDeg = 32.0;

// Phones can only change the mouth curves within the articulation's smoothing reach of them (under 0.3 s), so
// frames this far before the decoded end are final.
constexpr double kPhoneMarginS = 0.5;

} // namespace

LiveEngine::LiveEngine(std::filesystem::path face_models_dir) : m_models(std::move(face_models_dir)) {}
LiveEngine::~LiveEngine() = default;

const face::FaceAnalyzer& LiveEngine::analyzer()
{
    std::lock_guard lock(m_load_mutex);
    if (!m_analyzer) {
        ++m_model_loads;
        m_analyzer = std::make_unique<face::FaceAnalyzer>(
            m_models.empty() ? face::FaceNets::defaultModelsDir() : m_models, face::kSsdMobilenetV1 | face::kLandmark68);
    }
    return *m_analyzer;
}

const face::PersonMatte* LiveEngine::personMatte(Message& warning)
{
    std::lock_guard lock(m_load_mutex);
    if (!m_matte && m_matte_error.empty()) {
        ++m_model_loads;
        try {
            // The matte's models sit beside face-api's (models/human next to models/face-api).
            m_matte = std::make_unique<face::PersonMatte>(m_models.empty() ? std::filesystem::path{} : m_models.parent_path());
        } catch (const Error& e) {
            m_matte_error = e.what();
        }
    }
    if (!m_matte)
        warning = {MessageCode::PersonMatteMissing, {},
                   "the person matte could not be loaded (" + m_matte_error +
                       "): the background beside the head will move with it."};
    return m_matte.get();
}

const face::FaceMesh* LiveEngine::faceMesh(Message& warning)
{
    std::lock_guard lock(m_load_mutex);
    if (!m_mesh && m_mesh_error.empty()) {
        ++m_model_loads;
        try {
            m_mesh = std::make_unique<face::FaceMesh>(m_models.empty() ? std::filesystem::path{} : m_models.parent_path());
        } catch (const Error& e) {
            m_mesh_error = e.what();
        }
    }
    if (!m_mesh)
        warning = {MessageCode::FaceMeshMissing, {},
                   "the dense face mesh could not be loaded (" + m_mesh_error +
                       "): head turns use a template face's depth."};
    return m_mesh.get();
}

void LiveEngine::load(const GenerationSettings& settings, const ProgressFn& progress, const CancelToken& cancel)
{
    (void)settings; // every setting uses the same models
    bool missing = false;
    {
        std::lock_guard lock(m_load_mutex);
        missing = !m_analyzer || (!m_matte && m_matte_error.empty()) || (!m_mesh && m_mesh_error.empty());
    }
    if (!missing)
        return;
    if (progress && !progress(Progress{.stage = Stage::LoadModels}))
        throw Error(ErrorKind::Cancelled, "cancelled");
    analyzer();
    cancel.throwIfCancelled();
    Message warning; // said by generate(), where it applies
    personMatte(warning);
    faceMesh(warning);
}

namespace {

// Below this face height (photo pixels) a face has too few pixels to animate convincingly.
constexpr double kMinFacePx = 64.0;

// The share of the face box the matte calls person (0..1).
double personShareOfFace(const std::vector<uint8_t>& alpha, int width, int height, const face::Face& f,
                         double sx, double sy, int x0, int y0)
{
    const int bx0 = std::clamp(int((f.box.x - x0) * sx), 0, width - 1), by0 = std::clamp(int((f.box.y - y0) * sy), 0, height - 1);
    const int bx1 = std::clamp(int((f.box.x + f.box.width - x0) * sx), bx0 + 1, width);
    const int by1 = std::clamp(int((f.box.y + f.box.height - y0) * sy), by0 + 1, height);
    double sum = 0;
    for (int y = by0; y < by1; ++y)
        for (int x = bx0; x < bx1; ++x)
            sum += alpha[size_t(y) * size_t(width) + size_t(x)];
    return sum / 255.0 / double((bx1 - bx0) * (by1 - by0));
}

// The face region alone as the moving layer: a soft ellipse over face and hairline, for a photo whose matte
// finds no person (a statue, a painting of a face on a busy ground).
std::vector<uint8_t> faceOnlyMatte(int width, int height, const std::vector<face::PointF>& L)
{
    const double fw = std::hypot(L[16].x - L[0].x, L[16].y - L[0].y);
    const double fh = std::hypot(L[8].x - (L[19].x + L[24].x) / 2, L[8].y - (L[19].y + L[24].y) / 2);
    const double cx = (L[0].x + L[16].x + L[8].x + L[27].x) / 4, cy = (L[0].y + L[16].y + L[8].y + L[27].y) / 4 - 0.12 * fh;
    const double ax = 0.62 * fw, ay = 0.85 * fh, soft = 0.12;
    std::vector<uint8_t> a(size_t(width) * size_t(height), 0);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const double r = std::hypot((x - cx) / ax, (y - cy) / ay);
            a[size_t(y) * size_t(width) + size_t(x)] = uint8_t(std::lround(255 * std::clamp((1 + soft - r) / (2 * soft), 0.0, 1.0)));
        }
    return a;
}

} // namespace

void LiveEngine::generate(const EngineInput& in, FrameSink& sink, const CancelToken& cancel)
{
    const nn::ScopedCpuCacheRelease release_cached_blocks; // the face nets' freed blocks go back when the job ends
    StageTimer timer;
    const Image& photo = *in.portrait;
    auto stage = [&](Stage name, int64_t done, int64_t total) {
        if (in.stage_progress) {
            Progress p;
            p.stage = name;
            p.frame = done;
            p.total = total;
            if (!in.stage_progress(p))
                throw Error(ErrorKind::Cancelled, "cancelled");
        }
    };
    auto warn = [&](const Message& message) {
        if (in.warning)
            in.warning(message);
    };

    // 1. The face, on its own thread with one torch thread, while this one analyses the audio; for speech the
    //    phone decoder then starts on its own threads and runs while the first frames are drawn.
    stage(Stage::Analyse, 0, 1);
    auto face_job = std::async(std::launch::async, [&] {
        // One torch thread: idle OpenMP workers would spin beside the audio work (see ScopedIntraOpThreads).
        const nn::ScopedIntraOpThreads one_thread(1);
        face::AnalyzeOptions fo;
        fo.stages = face::kStageLandmarks;
        return analyzer().analyze(photo, fo);
    });
    audio::AnalysisOptions ao;
    ao.fps = in.settings.fps;
    // settings.validate() accepted the name, so it parses.
    ao.phonemes = audio::phonemeSourceFromName(in.settings.phonemes).value_or(audio::PhonemeSource::Auto);
    ao.recognize_phones = false;
    audio::AudioFeatures feats = audio::analyzeAudio(*in.audio, ao, &cancel);
    std::unique_ptr<audio::PhoneStream> phones;
    if (feats.phoneme_source == audio::PhonemeSource::Sphinx)
        phones = std::make_unique<audio::PhoneStream>(*in.audio, ao.sphinx_model_dir);
    timer.lap("audio features");

    // 2. The face.
    stage(Stage::Prepare, 0, 1);
    const face::FaceAnalysis fa = face_job.get();
    if (fa.faces.empty())
        throwInput({MessageCode::NoFace, {in.portrait_name},
                    "no face found in '" + in.portrait_name +
                        "'. Use a clearer, frontal photo with the face at least 48 px tall, or --engine still."});
    const int chosen = in.settings.face_index < 0 ? 0 : in.settings.face_index;
    if (chosen >= int(fa.faces.size()))
        throwUsage({MessageCode::FaceNumberTooHigh,
                    {in.portrait_name, std::to_string(chosen + 1), std::to_string(fa.faces.size())},
                    "face " + std::to_string(chosen + 1) + " was asked for, but '" + in.portrait_name + "' has " +
                        std::to_string(fa.faces.size()) + " face" + (fa.faces.size() == 1 ? "" : "s") +
                        ". 'emote faces PHOTO' lists them; pick one of 1.." + std::to_string(fa.faces.size()) + "."});
    const face::Face& f = fa.faces[size_t(chosen)]; // largest first, as 'emote faces' numbers them
    if (f.box.height < kMinFacePx)
        throwInput({MessageCode::FaceTooSmall,
                    {in.portrait_name, std::to_string(int(std::lround(f.box.height))), std::to_string(int(kMinFacePx))},
                    "the face in '" + in.portrait_name + "' is only " +
                        std::to_string(int(std::lround(f.box.height))) + " px tall; the Live engine needs at least " +
                        std::to_string(int(kMinFacePx)) +
                        " px to animate it. Use a larger photo, or one where the face fills more of the picture."});
    const face::HeadPose pose = f.has_pose ? f.pose : face::estimateHeadPose(f.landmarks);
    const bool mouth_only = std::abs(pose.yaw_deg) > kProfileYawDeg;
    if (mouth_only)
        warn({MessageCode::ProfileFace,
              {in.portrait_name, std::to_string(int(std::lround(std::abs(pose.yaw_deg)))),
               std::to_string(int(kProfileYawDeg))},
              "the face is turned " + std::to_string(int(std::lround(std::abs(pose.yaw_deg)))) +
                  "° to the side (more than " + std::to_string(int(kProfileYawDeg)) +
                  "°): only the mouth is animated (no head motion, blinks or gaze). A frontal photo animates fully."});
    cancel.throwIfCancelled();
    timer.lap("face");

    // 3. Framing: the output region of the photo. Explicit crop from the settings; the whole photo when the
    //    output keeps the photo's aspect ('source'); otherwise head and shoulders around the face.
    media::RectF crop;
    const double aspect = double(in.width) / double(in.height);
    if (in.settings.crop_w > 0 && in.settings.crop_h > 0) {
        // The user framed the shot (runGeneration cropped the photo to it): all of it, fitted to the output
        // aspect around the face so nothing is stretched.
        crop = media::fitAspect(photo.width, photo.height, aspect, f.box.x + f.box.width / 2,
                                f.box.y + f.box.height * 0.55);
    } else if (in.settings.aspect <= 0) {
        crop = {0, 0, double(photo.width), double(photo.height)};
    } else {
        const double fh = std::hypot(f.landmarks[8].x - (f.landmarks[19].x + f.landmarks[24].x) / 2,
                                     f.landmarks[8].y - (f.landmarks[19].y + f.landmarks[24].y) / 2);
        const double face_cx = f.box.x + f.box.width / 2, face_cy = f.box.y + f.box.height * 0.55;
        double crop_h = std::max(fh * 3.4, double(in.height) / 1.6);
        crop_h = std::min({crop_h, double(photo.height), double(photo.width) / aspect});
        const double crop_w = crop_h * aspect;
        crop.w = crop_w;
        crop.h = crop_h;
        crop.x = std::clamp(face_cx - crop_w / 2, 0.0, photo.width - crop_w);
        crop.y = std::clamp(face_cy - crop_h / 2, 0.0, photo.height - crop_h);
    }
    // The rig works at the output's resolution on the framed photo: the background is resampled once, and each
    // frame only rewrites the head region (the paste-back) — no per-frame resize of the whole picture.
    Image canvas = media::cropResize(photo, crop, in.width, in.height);
    const int x0 = std::clamp(int(std::lround(crop.x)), 0, photo.width - 1);
    const int y0 = std::clamp(int(std::lround(crop.y)), 0, photo.height - 1);
    const int x1 = std::clamp(int(std::lround(crop.x + crop.w)), x0 + 1, photo.width);
    const int y1 = std::clamp(int(std::lround(crop.y + crop.h)), y0 + 1, photo.height);
    const double sx = double(in.width) / (x1 - x0), sy = double(in.height) / (y1 - y0);
    std::vector<face::PointF> marks;
    for (const auto& p : f.landmarks)
        marks.push_back({(p.x - x0) * sx, (p.y - y0) * sy});
    // Person and background apart: the matte on the framed picture (the net sees 256 px of it either way).
    RigOptions ro;
    ro.source_scale = std::max(sx, sy);
    bool head_only = false; // not a human face: see the dense mesh's fit below
    if (!mouth_only) {
        Message warning;
        if (const face::PersonMatte* matte = personMatte(warning)) {
            const nn::ScopedIntraOpThreads one_thread(1);
            ro.person_alpha = matte->segment(canvas);
            if (personShareOfFace(ro.person_alpha, canvas.width, canvas.height, f, sx, sy, x0, y0) < 0.5) {
                warn({MessageCode::NoPersonStandsOut, {in.portrait_name},
                      "no person stands out from the background around the face in '" + in.portrait_name +
                          "' (a statue, a painting, a busy picture?): only the face region moves, its surroundings "
                          "stay."});
                ro.person_alpha = faceOnlyMatte(canvas.width, canvas.height, marks);
            }
        } else {
            warn(warning);
        }
        timer.lap("person matte");
        // The dense face mesh gives the rig its depths for 3D turns. A face it does not fit (a cartoon, an animal,
        // a heavy occlusion) is animated with the 68-point rig's template depths, and the user is told.
        if (const face::FaceMesh* mesh = faceMesh(warning)) {
            const nn::ScopedIntraOpThreads one_thread(1);
            const face::BoxF box{(f.box.x - x0) * sx, (f.box.y - y0) * sy, f.box.width * sx, f.box.height * sy};
            // Upright for the net (its eyes and lips follow a rolled face).
            face::FaceMeshFit fit = mesh->fitWithScore(canvas, box, face::estimateHeadPose(marks).roll_deg * M_PI / 180.0);
            if (fit.score >= 0.5)
                ro.face_mesh = std::move(fit.points);
            else if (fit.score < face::kHumanFaceMinScore) { // between it and 0.5: the 68-point rig, warned
                // face-api finds faces in animals and drawings too (a cat at 0.93), and puts its 68 points on
                // them anyway; the mesh, trained on people, does not fit them at all. A mouth drawn where
                // face-api guessed one would be painted on fur.
                head_only = true;
                const std::string score = std::to_string(int(std::lround(fit.score * 100)));
                warn({MessageCode::FaceNotHuman,
                      {in.portrait_name, score},
                      "the face in '" + in.portrait_name + "' does not look like a human face (the dense face mesh fits it at " +
                          score + " %): only the head moves; the mouth and eyes are left as they are. Use a photo of a "
                          "person for a talking face."});
            } else
                warn({MessageCode::FaceMeshDoesNotFit,
                      {in.portrait_name, std::to_string(int(std::lround(fit.score * 100)))},
                      "the dense face mesh does not fit the face in '" + in.portrait_name + "' (score " +
                          std::to_string(int(std::lround(fit.score * 100))) +
                          "%: is it a human face?): it is animated with the 68-point rig only; check the result."});
        } else {
            warn(warning);
        }
        timer.lap("face mesh");
    }
    const FaceRig rig(canvas, marks, ro);
    timer.lap("rig");

    ArticulationSettings as;
    as.fps = in.settings.fps;
    as.head_motion = mouth_only ? 0.0 : in.settings.motion_speed;
    as.expression = in.settings.expression;
    as.blink = in.settings.blink && !mouth_only && !head_only;
    as.seed = in.settings.seed;
    as.emotion = emotionFromName(in.settings.emotion); // "auto": nullopt, read from the audio
    as.emotion_intensity = in.settings.emotion_intensity;
    auto motionFor = [&]() {
        std::vector<MotionFrame> m = articulate(feats, as);
        m.resize(size_t(in.frame_count), m.empty() ? MotionFrame{} : m.back());
        if (mouth_only)
            for (MotionFrame& x : m) {
                x.brow = 0;
                x.gaze_x = x.gaze_y = 0;
            }
        if (head_only) // the head's own motion only: nothing of a human face is drawn
            for (MotionFrame& x : m) {
                MotionFrame h;
                h.head_yaw = x.head_yaw;
                h.head_pitch = x.head_pitch;
                h.head_roll = x.head_roll;
                h.head_dx = x.head_dx;
                h.head_dy = x.head_dy;
                x = h;
            }
        return m;
    };
    // Without a phone decoder the curves are final now; with one they are recomputed as its phones arrive.
    std::vector<MotionFrame> motion;
    double phones_final_s = -1;
    if (!phones)
        motion = motionFor();

    // 4. Frames: drawn on a render thread (which also waits for phones), handed to the sink on this one, so the
    //    warp of frame i+1 overlaps the colour conversion and encoding of frame i. A few canvases circulate; each
    //    holds the framed photo, and the rig rewrites the same head region in every one.
    const live::RigRegion rr = rig.region();
    const ImageRect head{rr.x, rr.y, rr.width, rr.height};
    constexpr size_t kCanvases = 3;
    std::vector<Image> canvases(kCanvases, canvas);
    std::deque<std::pair<int64_t, size_t>> ready; // (frame, canvas) in order
    std::deque<size_t> free_slots{0, 1, 2};
    std::mutex mutex;
    std::condition_variable changed;
    bool stop = false;
    std::exception_ptr failure;
    StageTimer render_timer("render thread");
    std::thread renderer([&] {
        render_timer.restart();
        try {
            for (int64_t i = 0; i < in.frame_count; ++i) {
                const double t = double(i + 1) / in.settings.fps;
                if (phones && phones_final_s < phones->durationSeconds() && t + kPhoneMarginS > phones_final_s) {
                    render_timer.lap("render");
                    // Blocks only when the decoder is behind; it returns everything finished so far (whole
                    // chunks), so the curves are recomputed about once per chunk.
                    phones_final_s = phones->waitFor(t + kPhoneMarginS, &cancel);
                    feats.phones = phones->finishedPhones();
                    render_timer.lap("wait for phones");
                    motion = motionFor();
                    render_timer.lap("articulate");
                }
                size_t slot = 0;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stop || !free_slots.empty(); });
                    if (stop)
                        return;
                    slot = free_slots.front();
                    free_slots.pop_front();
                }
                rig.render(motion[size_t(i)], canvases[slot]);
                render_timer.lap("render");
                std::lock_guard lock(mutex);
                ready.emplace_back(i, slot);
                changed.notify_all();
            }
        } catch (...) {
            std::lock_guard lock(mutex);
            failure = std::current_exception();
            changed.notify_all();
        }
    });
    auto finish = [&] {
        {
            std::lock_guard lock(mutex);
            stop = true;
            changed.notify_all();
        }
        renderer.join();
    };
    try {
        for (int64_t i = 0; i < in.frame_count; ++i) {
            cancel.throwIfCancelled();
            std::pair<int64_t, size_t> item;
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return failure || !ready.empty(); });
                if (ready.empty())
                    std::rethrow_exception(failure);
                item = ready.front();
                ready.pop_front();
            }
            timer.lap("wait for frames");
            // Only the head region is ever rewritten: the rest of every canvas is the framed photo.
            sink.consumeChanged(canvases[item.second], item.first, head);
            timer.lap("encode");
            std::lock_guard lock(mutex);
            free_slots.push_back(item.second);
            changed.notify_all();
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
}

} // namespace emote::live
