#include "core/live/live_engine.h"

#include "core/common/error.h"
#include "core/face/face_analyzer.h"
#include "core/live/articulation.h"
#include "core/live/face_rig.h"
#include "core/media/image_ops.h"

#include <algorithm>
#include <cmath>

namespace emote::live {

LiveEngine::LiveEngine(std::filesystem::path face_models_dir) : m_models(std::move(face_models_dir)) {}
LiveEngine::~LiveEngine() = default;

void LiveEngine::generate(const EngineInput& in, FrameSink& sink, const CancelToken& cancel)
{
    const Image& photo = *in.portrait;
    auto stage = [&](const char* name, int64_t done, int64_t total) {
        if (in.stage_progress) {
            Progress p;
            p.stage = name;
            p.frame = done;
            p.total = total;
            if (!in.stage_progress(p))
                throw Error(ErrorKind::Cancelled, "cancelled");
        }
    };

    // 1. The face.
    stage("face", 0, 1);
    const face::FaceAnalyzer analyzer(m_models.empty() ? face::FaceNets::defaultModelsDir() : m_models,
                                      face::kSsdMobilenetV1 | face::kLandmark68);
    face::AnalyzeOptions fo;
    fo.stages = face::kStageLandmarks;
    const face::FaceAnalysis fa = analyzer.analyze(photo, fo);
    if (fa.faces.empty())
        throwInput("no face found in '" + in.portrait_name +
                   "'. Use a clearer, frontal photo with the face at least 48 px tall, or --engine still.");
    const face::Face& f = fa.faces.front(); // the largest
    cancel.throwIfCancelled();

    // 2. The audio.
    stage("analyse", 0, 1);
    audio::AnalysisOptions ao;
    ao.fps = in.settings.fps;
    // settings.validate() accepted the name, so it parses.
    ao.phonemes = audio::phonemeSourceFromName(in.settings.phonemes).value_or(audio::PhonemeSource::Auto);
    const audio::AudioFeatures feats = audio::analyzeAudio(*in.audio, ao, &cancel);
    ArticulationSettings as;
    as.fps = in.settings.fps;
    as.head_motion = in.settings.motion_speed;
    as.expression = in.settings.expression;
    as.blink = in.settings.blink;
    as.seed = in.settings.seed;
    std::vector<MotionFrame> motion = articulate(feats, as);
    motion.resize(size_t(in.frame_count), motion.empty() ? MotionFrame{} : motion.back());

    // 3. Framing: the output aspect around the face, head and shoulders, never beyond the photo.
    const FaceRig rig(photo, f.landmarks);
    const double aspect = double(in.width) / double(in.height);
    const double face_cx = f.box.x + f.box.width / 2, face_cy = f.box.y + f.box.height * 0.55;
    double crop_h = std::max(rig.faceHeight() * 3.4, double(in.height) / 1.6);
    crop_h = std::min({crop_h, double(photo.height), double(photo.width) / aspect});
    const double crop_w = crop_h * aspect;
    media::RectF crop;
    crop.w = crop_w;
    crop.h = crop_h;
    crop.x = std::clamp(face_cx - crop_w / 2, 0.0, photo.width - crop_w);
    crop.y = std::clamp(face_cy - crop_h / 2, 0.0, photo.height - crop_h);
    if (in.settings.crop_w > 0 && in.settings.crop_h > 0) {
        // The user framed the shot (runGeneration cropped the photo to it): all of it, at the output aspect.
        crop = media::fitAspect(photo.width, photo.height, aspect, face_cx, face_cy);
    }

    // 4. Frames.
    Image canvas = photo;
    for (int64_t i = 0; i < in.frame_count; ++i) {
        cancel.throwIfCancelled();
        rig.render(motion[size_t(i)], canvas);
        sink.consume(media::cropResize(canvas, crop, in.width, in.height), i);
    }
}

} // namespace emote::live
