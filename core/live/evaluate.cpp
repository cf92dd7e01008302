#include "core/live/evaluate.h"

#include "core/audio/features.h"
#include "core/common/error.h"
#include "core/face/face_analyzer.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/media/video_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace emote::live {

namespace {

double dist(const face::PointF& a, const face::PointF& b) { return std::hypot(a.x - b.x, a.y - b.y); }

double pearson(const std::vector<double>& a, const std::vector<double>& b)
{
    const size_t n = std::min(a.size(), b.size());
    if (n < 3)
        return 0;
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= double(n);
    mb /= double(n);
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

} // namespace

EvaluationReport evaluateVideo(const std::filesystem::path& video, const std::filesystem::path& portrait,
                               const std::filesystem::path& audio_path, const EvaluationOptions& options)
{
    EvaluationReport r;
    const face::FaceAnalyzer analyzer(options.face_models_dir.empty() ? face::FaceNets::defaultModelsDir()
                                                                      : options.face_models_dir,
                                      face::kSsdMobilenetV1 | face::kLandmark68 | face::kRecognition);
    face::AnalyzeOptions ref_opt;
    ref_opt.stages = face::kStageLandmarks | face::kStageDescriptor;
    const auto ref = analyzer.analyze(media::readImage(portrait), ref_opt);
    if (ref.faces.empty())
        throwInput("no face found in '" + portrait.string() + "'.");
    const std::vector<float> ref_desc = ref.faces.front().descriptor;

    media::VideoReader reader(video);
    const int fps = std::max(1, int(std::lround(reader.fps())));
    audio::AnalysisOptions ao;
    ao.fps = fps;
    const auto feats = audio::analyzeAudio(media::decodeAudio(audio_path), ao);
    std::vector<char> bilabial(feats.frames.size(), 0);
    for (const auto& p : feats.phones)
        if (p.label == "P" || p.label == "B" || p.label == "M") {
            const size_t mid = size_t(std::lround((p.start_s + p.end_s) / 2 * fps));
            if (mid < bilabial.size())
                bilabial[mid] = 1;
        }

    Image frame, first;
    std::vector<face::PointF> prev;
    std::vector<double> ratios, louds;
    double id_sum = 0, bil_sum = 0, jit_sum = 0, mot_sum = 0, drift_sum = 0;
    int id_n = 0, bil_closed = 0, jit_n = 0, mot_n = 0, drift_n = 0;
    face::BoxF face_area;
    const int every = std::max(1, options.every);
    while (reader.next(frame)) {
        const int64_t i = reader.frameIndex();
        ++r.frames;
        if (i == 0)
            first = frame;
        if (i % every)
            continue;
        face::AnalyzeOptions o;
        o.stages = face::kStageLandmarks | ((i % (5 * every)) == 0 ? unsigned(face::kStageDescriptor) : 0u);
        const auto a = analyzer.analyze(frame, o);
        ++r.frames_analyzed;
        if (a.faces.empty()) {
            ++r.frames_without_face;
            prev.clear();
            continue;
        }
        const face::Face& f = a.faces.front();
        if (i == 0) {
            // The face area (generously) is excluded from the background measure.
            face_area = {f.box.x - f.box.width * 0.6, f.box.y - f.box.height * 0.7, f.box.width * 2.2,
                         f.box.height * 2.3};
        }
        if (!f.descriptor.empty()) {
            const double dd = face::identityDistance(ref_desc, f.descriptor);
            id_sum += dd;
            r.identity_max = std::max(r.identity_max, dd);
            ++id_n;
        }
        const auto& L = f.landmarks;
        const double ratio = dist(L[62], L[66]) / std::max(1e-6, dist(L[60], L[64]));
        ratios.push_back(ratio);
        const size_t fi = size_t(std::min<int64_t>(i, int64_t(feats.frames.size()) - 1));
        const double loud = feats.frames.empty() ? 0.0 : feats.frames[fi].loudness;
        louds.push_back(loud);
        if (fi < bilabial.size() && bilabial[fi]) {
            ++r.bilabial_frames;
            bil_sum += ratio;
            bil_closed += ratio < 0.08;
        }
        if (prev.size() == L.size() && every == 1) {
            const double iod = dist(L[36], L[45]);
            double m = 0;
            for (size_t k = 0; k < L.size(); ++k)
                m += dist(L[k], prev[k]);
            m /= double(L.size()) * std::max(1.0, iod);
            if (loud < 0.03) {
                jit_sum += m;
                ++jit_n;
            } else {
                mot_sum += m;
                ++mot_n;
            }
        }
        prev = L;
        if (i > 0 && first.width == frame.width && first.height == frame.height) {
            double s = 0;
            int64_t n = 0;
            for (int y = 0; y < frame.height; y += 2)
                for (int x = 0; x < frame.width; x += 2) {
                    if (x >= face_area.x && x < face_area.right() && y >= face_area.y && y < face_area.bottom())
                        continue;
                    const uint8_t* p = frame.row(y) + x * 3;
                    const uint8_t* q = first.row(y) + x * 3;
                    s += std::abs(int(p[0]) - q[0]) + std::abs(int(p[1]) - q[1]) + std::abs(int(p[2]) - q[2]);
                    n += 3;
                }
            if (n) {
                drift_sum += s / double(n);
                ++drift_n;
            }
        }
    }
    if (r.frames == 0)
        throwInput("cannot evaluate '" + video.string() + "': it has no frames.");
    r.identity_mean = id_n ? id_sum / id_n : 0.0;
    if (!ratios.empty()) {
        double m = 0, v = 0;
        for (double x : ratios)
            m += x;
        m /= double(ratios.size());
        for (double x : ratios)
            v += (x - m) * (x - m);
        r.mouth_ratio_mean = m;
        r.mouth_ratio_std = std::sqrt(v / double(ratios.size()));
    }
    r.mouth_loudness_correlation = pearson(ratios, louds);
    r.bilabial_mouth_ratio = r.bilabial_frames ? bil_sum / r.bilabial_frames : 0.0;
    r.bilabial_closed_fraction = r.bilabial_frames ? double(bil_closed) / r.bilabial_frames : 0.0;
    r.silent_frames = jit_n;
    r.silence_jitter = jit_n ? jit_sum / jit_n : 0.0;
    r.speech_motion = mot_n ? mot_sum / mot_n : 0.0;
    r.background_drift = drift_n ? drift_sum / drift_n : 0.0;
    return r;
}

std::string EvaluationReport::toJson() const
{
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"frames\":%d,\"frames_analyzed\":%d,\"frames_without_face\":%d,\"identity_mean\":%.4f,"
                  "\"identity_max\":%.4f,\"mouth_ratio_mean\":%.4f,\"mouth_ratio_std\":%.4f,"
                  "\"mouth_loudness_correlation\":%.4f,\"bilabial_frames\":%d,\"bilabial_mouth_ratio\":%.4f,"
                  "\"bilabial_closed_fraction\":%.4f,\"silent_frames\":%d,\"silence_jitter\":%.5f,"
                  "\"speech_motion\":%.5f,\"background_drift\":%.4f}",
                  frames, frames_analyzed, frames_without_face, identity_mean, identity_max, mouth_ratio_mean,
                  mouth_ratio_std, mouth_loudness_correlation, bilabial_frames, bilabial_mouth_ratio,
                  bilabial_closed_fraction, silent_frames, silence_jitter, speech_motion, background_drift);
    return buf;
}

std::string EvaluationReport::toText() const
{
    char buf[1400];
    std::snprintf(buf, sizeof buf,
                  "frames                 %d (%d analysed, %d without a face)\n"
                  "identity distance      mean %.3f, max %.3f   (< 0.6 = same person)\n"
                  "mouth ratio            mean %.3f, std %.3f\n"
                  "mouth ~ loudness       r = %.3f\n"
                  "lips at p/b/m          %d frames, mean ratio %.3f, closed in %.0f%%\n"
                  "jitter in silence      %.4f inter-ocular/frame over %d frames (voiced: %.4f)\n"
                  "background drift       %.2f levels (0..255) outside the face\n",
                  frames, frames_analyzed, frames_without_face, identity_mean, identity_max, mouth_ratio_mean,
                  mouth_ratio_std, mouth_loudness_correlation, bilabial_frames, bilabial_mouth_ratio,
                  bilabial_closed_fraction * 100, silence_jitter, silent_frames, speech_motion, background_drift);
    return buf;
}

} // namespace emote::live
