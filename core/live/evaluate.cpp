#include "core/live/evaluate.h"

#include "core/audio/features.h"
#include "core/common/error.h"
#include "core/face/face_analyzer.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/media/video_reader.h"
#include "core/nn/runtime.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

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

// Displacement (pixels) of each textured background patch of FIRST in FRAME, by block matching with a
// sub-pixel parabola fit; mean over the patches. Patches inside AVOID (the head) are skipped.
double patchDrift(const Image& first, const Image& frame, const face::BoxF& avoid)
{
    const int block = 24, search = 4, stride = 40;
    cv::Mat a, b;
    cv::cvtColor(cv::Mat(first.height, first.width, CV_8UC3, const_cast<uint8_t*>(first.rgb.data())), a,
                 cv::COLOR_RGB2GRAY);
    cv::cvtColor(cv::Mat(frame.height, frame.width, CV_8UC3, const_cast<uint8_t*>(frame.rgb.data())), b,
                 cv::COLOR_RGB2GRAY);
    double sum = 0;
    int n = 0;
    for (int y = search; y + block + search <= a.rows; y += stride)
        for (int x = search; x + block + search <= a.cols; x += stride) {
            if (x + block + search > avoid.x && x - search < avoid.right() && y + block + search > avoid.y &&
                y - search < avoid.bottom())
                continue;
            const cv::Mat tpl = a(cv::Rect(x, y, block, block));
            cv::Scalar mean, sd;
            cv::meanStdDev(tpl, mean, sd);
            if (sd[0] < 6.0)
                continue; // flat: no position to find
            cv::Mat score;
            cv::matchTemplate(b(cv::Rect(x - search, y - search, block + 2 * search, block + 2 * search)), tpl, score,
                              cv::TM_SQDIFF);
            cv::Point best;
            cv::minMaxLoc(score, nullptr, nullptr, &best, nullptr);
            auto refine = [&](int i, bool horizontal) {
                const int lo = horizontal ? best.x : best.y, hi = horizontal ? score.cols : score.rows;
                if (i <= 0 || i >= hi - 1 || lo != i)
                    return double(i);
                const float l = horizontal ? score.at<float>(best.y, i - 1) : score.at<float>(i - 1, best.x);
                const float c = score.at<float>(best.y, best.x);
                const float r = horizontal ? score.at<float>(best.y, i + 1) : score.at<float>(i + 1, best.x);
                const double den = l - 2 * c + r;
                return den > 0 ? i + std::clamp(0.5 * (l - r) / den, -0.5, 0.5) : double(i);
            };
            const double dx = refine(best.x, true) - search, dy = refine(best.y, false) - search;
            sum += std::hypot(dx, dy);
            ++n;
        }
    return n ? sum / n : 0.0;
}

} // namespace

EvaluationReport evaluateVideo(const std::filesystem::path& video, const std::filesystem::path& portrait,
                               const std::filesystem::path& audio_path, const EvaluationOptions& options)
{
    EvaluationReport r;
    // One torch thread: per-frame analysis is many small graphs, where idle OpenMP workers spin at every
    // barrier (on a busy machine that multiplied the CPU time several times over).
    const nn::ScopedIntraOpThreads one_thread(1);
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
    // The reference phones come from a wider search than the engine's, so a mouth the engine got wrong because
    // its fast decoder missed a /p/ still counts against it.
    ao.sphinx_search = audio::SphinxSearch::Thorough;
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
    double id_sum = 0, bil_sum = 0, jit_sum = 0, jit_px_sum = 0, mot_sum = 0, drift_sum = 0, drift_px_sum = 0;
    double jit_all_px_sum = 0, prev_loud = 1.0;
    int jit_all_n = 0;
    int id_n = 0, bil_closed = 0, jit_n = 0, mot_n = 0, drift_n = 0, drift_px_n = 0;
    face::BoxF face_area;
    const int every = std::max(1, options.every);
    std::ofstream csv;
    if (!options.frames_csv.empty()) {
        csv.open(options.frames_csv);
        if (!csv)
            throwInput("cannot write '" + options.frames_csv.string() + "'. Check the folder exists and is writable.");
        csv << "frame,loudness,bilabial,ratio,jaw_px,brows_px,nose_px,eyes_px,mouth_px,all_px\n";
    }
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
        if (csv.is_open()) {
            char line[256];
            std::snprintf(line, sizeof line, "%lld,%.3f,%d,%.4f", (long long)i, loud,
                          int(fi < bilabial.size() && bilabial[fi]), ratio);
            csv << line;
            // Landmark groups of the 68-point layout: jaw line, brows, nose, eyes, mouth, all.
            static const int groups[6][2] = {{0, 17}, {17, 27}, {27, 36}, {36, 48}, {48, 68}, {0, 68}};
            for (const auto& g : groups) {
                double s = 0;
                if (prev.size() == L.size())
                    for (int k = g[0]; k < g[1]; ++k)
                        s += dist(L[size_t(k)], prev[size_t(k)]);
                std::snprintf(line, sizeof line, prev.size() == L.size() ? ",%.4f" : ",", s / (g[1] - g[0]));
                csv << line;
            }
            csv << '\n';
        }
        if (prev.size() == L.size() && every == 1) {
            const double iod = dist(L[36], L[45]);
            double px = 0;
            for (size_t k = 0; k < L.size(); ++k)
                px += dist(L[k], prev[k]);
            px /= double(L.size());
            const double m = px / std::max(1.0, iod);
            if (loud < 0.03) {
                // Steadiness is measured between two quiet frames. The step from the last voiced frame into a
                // pause is the mouth finishing its sound (closing, often several pixels in one frame) — motion
                // the voice asked for, not jitter; it is kept apart (silence_jitter_px_all_steps).
                if (prev_loud < 0.03) {
                    jit_sum += m;
                    jit_px_sum += px;
                    ++jit_n;
                }
                jit_all_px_sum += px;
                ++jit_all_n;
            } else {
                mot_sum += m;
                ++mot_n;
            }
        }
        prev = L;
        prev_loud = loud;
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
            if (i % (5 * every) == 0) {
                const double px = patchDrift(first, frame, face_area);
                drift_px_sum += px;
                ++drift_px_n;
                r.background_drift_px_max = std::max(r.background_drift_px_max, px);
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
    r.silence_jitter_px = jit_n ? jit_px_sum / jit_n : 0.0;
    r.silence_jitter_px_all_steps = jit_all_n ? jit_all_px_sum / jit_all_n : 0.0;
    r.background_drift_px = drift_px_n ? drift_px_sum / drift_px_n : 0.0;
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
                  "\"silence_jitter_px\":%.4f,\"silence_jitter_px_all_steps\":%.4f,\"speech_motion\":%.5f,\"background_drift\":%.4f,"
                  "\"background_drift_px\":%.4f,\"background_drift_px_max\":%.4f}",
                  frames, frames_analyzed, frames_without_face, identity_mean, identity_max, mouth_ratio_mean,
                  mouth_ratio_std, mouth_loudness_correlation, bilabial_frames, bilabial_mouth_ratio,
                  bilabial_closed_fraction, silent_frames, silence_jitter, silence_jitter_px, silence_jitter_px_all_steps,
                  speech_motion, background_drift, background_drift_px, background_drift_px_max);
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
                  "jitter in silence      %.4f inter-ocular/frame (%.3f px) over %d frames (voiced: %.4f; with the "
                  "steps into pauses: %.3f px)\n"
                  "background drift       %.2f levels (0..255) outside the face; patches moved %.3f px "
                  "(worst frame %.3f px)\n",
                  frames, frames_analyzed, frames_without_face, identity_mean, identity_max, mouth_ratio_mean,
                  mouth_ratio_std, mouth_loudness_correlation, bilabial_frames, bilabial_mouth_ratio,
                  bilabial_closed_fraction * 100, silence_jitter, silence_jitter_px, silent_frames, speech_motion,
                  silence_jitter_px_all_steps,
                  background_drift, background_drift_px, background_drift_px_max);
    return buf;
}

} // namespace emote::live
