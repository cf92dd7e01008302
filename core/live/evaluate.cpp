#include "core/live/evaluate.h"

#include "core/audio/features.h"
#include "core/common/error.h"
#include "core/face/face_analyzer.h"
#include "core/face/face_mesh.h"
#include "core/face/person_matte.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"
#include "core/media/video_reader.h"
#include "core/nn/runtime.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include <memory>
#include <optional>

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

cv::Mat greyOf(const Image& img)
{
    cv::Mat g;
    cv::cvtColor(cv::Mat(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data())), g, cv::COLOR_RGB2GRAY);
    return g;
}

// Background motion next to the head, by dense optical flow from the first frame (see EvaluationReport).
class BackgroundMotion {
public:
    // FIRST: the first frame; PERSON: its person matte (0..255, FIRST-sized); FACE: the face box there.
    BackgroundMotion(const Image& first, const std::vector<uint8_t>& person, const face::BoxF& face)
    {
        const double fw = face.width;
        cv::Rect band(int(face.x - fw), int(face.y - 0.8 * fw), int(face.width + 2 * fw), int(face.height + 1.6 * fw));
        band &= cv::Rect(0, 0, first.width, first.height);
        if (band.width < 16 || band.height < 16)
            return;
        m_roi = band;
        m_first = greyOf(first)(band).clone();
        // Outside the person, grown by a tenth of the face width (its soft edge, hair the net missed).
        cv::Mat p = cv::Mat(first.height, first.width, CV_8U, const_cast<uint8_t*>(person.data()))(band) > 64;
        const int grow = std::max(3, int(std::lround(0.1 * fw)));
        cv::dilate(p, p, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * grow + 1, 2 * grow + 1)));
        // Textured: corner-like structure (both directions), where flow has a position to find.
        cv::Mat f32, eig;
        m_first.convertTo(f32, CV_32F);
        cv::cornerMinEigenVal(f32, eig, 5, 3);
        cv::Mat textured = eig > 4.0; // about 5 levels per pixel of gradient in both directions
        m_mask = textured & ~p;
        // Not the band's outer rim (flow is least reliable at the image edge).
        const cv::Rect inner(4, 4, m_mask.cols - 8, m_mask.rows - 8);
        cv::Mat rim(m_mask.size(), CV_8U, cv::Scalar(0));
        rim(inner).setTo(255);
        m_mask &= rim;
        m_pixels = cv::countNonZero(m_mask);
        if (m_pixels < 100)
            m_pixels = 0;
        m_flow = cv::DISOpticalFlow::create(cv::DISOpticalFlow::PRESET_MEDIUM);
    }

    void add(const Image& frame)
    {
        if (!m_pixels || frame.width < m_roi.x + m_roi.width || frame.height < m_roi.y + m_roi.height)
            return;
        const cv::Mat g = greyOf(frame)(m_roi).clone();
        cv::Mat flow;
        m_flow->calc(m_first, g, flow);
        double sum = 0;
        int n = 0;
        for (int y = 0; y < flow.rows; ++y) {
            const uint8_t* mk = m_mask.ptr<uint8_t>(y);
            const cv::Vec2f* f = flow.ptr<cv::Vec2f>(y);
            for (int x = 0; x < flow.cols; ++x)
                if (mk[x]) {
                    const double d = std::hypot(f[x][0], f[x][1]);
                    sum += d;
                    ++n;
                    ++m_hist[size_t(std::min(d / kBin, double(kBins - 1)))];
                }
        }
        if (n) {
            m_sum += sum / n;
            m_worst = std::max(m_worst, sum / n);
            ++m_frames;
        }
    }

    void report(EvaluationReport& r) const
    {
        r.background_motion_pixels = m_pixels;
        if (!m_frames)
            return;
        r.background_motion_px = m_sum / m_frames;
        r.background_motion_px_worst = m_worst;
        int64_t total = 0, acc = 0;
        for (int64_t c : m_hist)
            total += c;
        for (size_t b = 0; b < m_hist.size(); ++b) {
            acc += m_hist[b];
            if (acc >= 0.95 * double(total)) {
                r.background_motion_px_p95 = (double(b) + 0.5) * kBin;
                break;
            }
        }
    }

private:
    static constexpr double kBin = 0.01;
    static constexpr int kBins = 3000;
    cv::Rect m_roi;
    cv::Mat m_first, m_mask;
    cv::Ptr<cv::DISOpticalFlow> m_flow;
    int m_pixels = 0, m_frames = 0;
    double m_sum = 0, m_worst = 0;
    std::vector<int64_t> m_hist = std::vector<int64_t>(kBins, 0);
};

std::string jsonNumber(double v, int digits)
{
    if (!std::isfinite(v))
        return "null";
    char b[64];
    std::snprintf(b, sizeof b, "%.*f", digits, v);
    return b;
}

std::string textNumber(double v, int digits, const char* unit = "")
{
    if (!std::isfinite(v))
        return "not measured";
    char b[64];
    std::snprintf(b, sizeof b, "%.*f%s", digits, v, unit);
    return b;
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

    // Quiet frames well inside a pause (see the jitter measure below).
    constexpr int kSettleFrames = 3;
    std::vector<char> in_pause(feats.frames.size(), 0);
    for (size_t k = 0; k < feats.frames.size(); ++k) {
        bool quiet = true;
        for (int d = -kSettleFrames; d <= kSettleFrames && quiet; ++d) {
            const int64_t j = int64_t(k) + d;
            quiet = j < 0 || j >= int64_t(feats.frames.size()) || feats.frames[size_t(j)].loudness < 0.03f;
        }
        in_pause[k] = quiet;
    }
    Image frame, first;
    std::vector<face::PointF> prev;
    std::vector<double> ratios, louds, mesh_ratios, mesh_louds;
    double id_sum = 0, bil_sum = 0, jit_sum = 0, jit_px_sum = 0, mot_sum = 0, drift_sum = 0;
    double jit_all_px_sum = 0, prev_loud = 1.0;
    int jit_all_n = 0;
    double bil_mesh_sum = 0;
    int bil_mesh_n = 0, bil_mesh_closed = 0;
    int id_n = 0, bil_closed = 0, jit_n = 0, mot_n = 0, drift_n = 0;
    std::unique_ptr<BackgroundMotion> background;
    bool tracked = false;
    double track_x = 0, track_y = 0, track_w = 0;
    std::string matte_error;
    std::unique_ptr<face::PersonMatte> matte;
    try {
        matte = std::make_unique<face::PersonMatte>(options.face_models_dir.empty() ? std::filesystem::path{}
                                                                                     : options.face_models_dir.parent_path());
    } catch (const Error& e) {
        matte_error = e.what(); // background motion is then not measured
    }
    face::BoxF face_area;
    std::optional<face::BoxF> lm_box;
    std::unique_ptr<face::FaceMesh> mesh;
    if (face::FaceMesh::available(options.face_models_dir.empty() ? std::filesystem::path{}
                                                                  : options.face_models_dir.parent_path()))
        mesh = std::make_unique<face::FaceMesh>(options.face_models_dir.empty() ? std::filesystem::path{}
                                                                                 : options.face_models_dir.parent_path());
    const int every = std::max(1, options.every);
    std::ofstream csv;
    if (!options.frames_csv.empty()) {
        csv.open(options.frames_csv);
        if (!csv)
            throwInput("cannot write '" + options.frames_csv.string() + "'. Check the folder exists and is writable.");
        csv << "frame,loudness,bilabial,ratio,mesh_ratio,jaw_px,brows_px,nose_px,eyes_px,mouth_px,all_px\n";
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
            lm_box.reset();
            continue;
        }
        // The animated face: the largest in the first analysed frame, then the one nearest where it was (in a
        // photo of several people of about the same size, 'the largest' can change from frame to frame) — if one
        // of about its size is near; else this frame has lost it (not another, smaller face far away).
        size_t pick = 0;
        if (tracked) {
            double best = 1e18;
            for (size_t k = 0; k < a.faces.size(); ++k) {
                const auto& b = a.faces[k].box;
                const double d = std::hypot(b.x + b.width / 2 - track_x, b.y + b.height / 2 - track_y);
                if (d < best && d < track_w && b.width > 0.5 * track_w && b.width < 2.0 * track_w) {
                    best = d;
                    pick = k;
                }
            }
            if (best == 1e18) {
                ++r.frames_without_face;
                prev.clear();
                continue;
            }
        }
        const face::BoxF& found = a.faces[pick].box;
        track_x = found.x + found.width / 2;
        track_y = found.y + found.height / 2;
        track_w = found.width;
        tracked = true;
        const face::Face& f = a.faces[pick];
        // Steadiness is read from landmarks in a box held steady while the face stays within it: the detector's
        // box moves by a pixel or two between frames that differ only in encoding noise, and face-api's landmarks
        // follow the box (0.7 px jumps on a video of the unchanged photo), which would be measured as the engine's
        // jitter. The box follows the face once it has moved by a tenth of its width or changed size by a tenth.
        // The mouth (ratio, p/b/m) and identity are read as face-api reads them, in the detector's own box: a held
        // box reads an opening mouth, which grows the face's box, as less open.
        if (!lm_box || std::hypot(found.x + found.width / 2 - (lm_box->x + lm_box->width / 2),
                                  found.y + found.height / 2 - (lm_box->y + lm_box->height / 2)) >
                           0.1 * lm_box->width ||
            std::abs(found.width / lm_box->width - 1.0) > 0.1)
            lm_box = found;
        face::AnalyzeOptions ho;
        ho.stages = face::kStageLandmarks;
        ho.boxes = {*lm_box};
        const auto held = analyzer.analyze(frame, ho);
        if (held.faces.empty() || held.faces.front().landmarks.size() != 68 || f.landmarks.size() != 68) {
            ++r.frames_without_face;
            prev.clear();
            continue;
        }
        const std::vector<face::PointF>& H = held.faces.front().landmarks;
        // The lips' own gap from the dense mesh (inner lip centres 13/14 over the inner corners 78/308): face-api's
        // 68 points put a closed mouth's inner lip lines apart (0.13 on a still, closed-lipped portrait), the
        // mesh puts them together.
        const size_t fi = size_t(std::min<int64_t>(i, int64_t(feats.frames.size()) - 1));
        const bool at_bilabial = fi < bilabial.size() && bilabial[fi];
        double mesh_ratio = EvaluationReport::kNotMeasured;
        if (mesh) {
            // Turned upright by the face's roll, as MediaPipe fits its mesh (unturned, it read a closed mouth on a
            // face rolled 45° as open).
            const auto m = mesh->fit(frame, f.box, face::estimateHeadPose(H).roll_deg * M_PI / 180.0);
            auto d3 = [&](int p, int q) {
                return std::hypot(m[size_t(p)].x - m[size_t(q)].x, m[size_t(p)].y - m[size_t(q)].y);
            };
            mesh_ratio = d3(13, 14) / std::max(1e-6, d3(78, 308));
        }
        if (i == 0) {
            // The face area (generously) is excluded from the background level measure.
            face_area = {f.box.x - f.box.width * 0.6, f.box.y - f.box.height * 0.7, f.box.width * 2.2,
                         f.box.height * 2.3};
            if (matte)
                background = std::make_unique<BackgroundMotion>(frame, matte->segment(frame), f.box);
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
        const double loud = feats.frames.empty() ? 0.0 : feats.frames[fi].loudness;
        louds.push_back(loud);
        if (std::isfinite(mesh_ratio)) {
            mesh_ratios.push_back(mesh_ratio);
            mesh_louds.push_back(loud);
        }
        if (at_bilabial) {
            ++r.bilabial_frames;
            bil_sum += ratio;
            if (std::isfinite(mesh_ratio)) {
                bil_mesh_sum += mesh_ratio;
                bil_mesh_closed += mesh_ratio < 0.05;
                ++bil_mesh_n;
            }
            bil_closed += ratio < 0.08;
        }
        if (csv.is_open()) {
            char line[256];
            std::snprintf(line, sizeof line, "%lld,%.3f,%d,%.4f,%.4f", (long long)i, loud,
                          int(at_bilabial), ratio, mesh_ratio);
            csv << line;
            // Landmark groups of the 68-point layout: jaw line, brows, nose, eyes, mouth, all.
            static const int groups[6][2] = {{0, 17}, {17, 27}, {27, 36}, {36, 48}, {48, 68}, {0, 68}};
            for (const auto& g : groups) {
                double s = 0;
                if (prev.size() == H.size())
                    for (int k = g[0]; k < g[1]; ++k)
                        s += dist(H[size_t(k)], prev[size_t(k)]);
                std::snprintf(line, sizeof line, prev.size() == H.size() ? ",%.4f" : ",", s / (g[1] - g[0]));
                csv << line;
            }
            csv << '\n';
        }
        if (prev.size() == H.size() && every == 1) {
            const double iod = dist(H[36], H[45]);
            double px = 0;
            for (size_t k = 0; k < H.size(); ++k)
                px += dist(H[k], prev[k]);
            px /= double(H.size());
            const double m = px / std::max(1.0, iod);
            if (loud < 0.03) {
                // Steadiness is measured inside pauses: between two quiet frames that are both at least
                // kSettleFrames from any voiced frame. The mouth finishing a sound as the pause begins and
                // shaping the next one before the voice returns (coarticulation: 100–200 ms) is motion the
                // voice asked for, not jitter; every quiet step is kept too (silence_jitter_px_all_steps).
                if (prev_loud < 0.03 && fi < in_pause.size() && fi > 0 && in_pause[fi] && in_pause[fi - 1]) {
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
        prev = H;
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
            if (background)
                background->add(frame);
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
    if (mesh_ratios.size() >= 3)
        r.mouth_loudness_correlation_mesh = pearson(mesh_ratios, mesh_louds);
    r.bilabial_mouth_ratio = r.bilabial_frames ? bil_sum / r.bilabial_frames : 0.0;
    r.bilabial_mesh_ratio = bil_mesh_n ? bil_mesh_sum / bil_mesh_n : EvaluationReport::kNotMeasured;
    r.bilabial_mesh_closed_fraction =
        bil_mesh_n ? double(bil_mesh_closed) / bil_mesh_n : EvaluationReport::kNotMeasured;
    r.bilabial_closed_fraction = r.bilabial_frames ? double(bil_closed) / r.bilabial_frames : 0.0;
    r.silent_frames = jit_n;
    r.silence_jitter = jit_n ? jit_sum / jit_n : EvaluationReport::kNotMeasured;
    r.silence_jitter_px = jit_n ? jit_px_sum / jit_n : EvaluationReport::kNotMeasured;
    r.silence_jitter_px_all_steps = jit_all_n ? jit_all_px_sum / jit_all_n : EvaluationReport::kNotMeasured;
    if (background)
        background->report(r);
    r.speech_motion = mot_n ? mot_sum / mot_n : 0.0;
    r.background_drift = drift_n ? drift_sum / drift_n : 0.0;
    return r;
}

std::string EvaluationReport::toJson() const
{
    char buf[2048];
    std::snprintf(buf, sizeof buf,
                  "{\"frames\":%d,\"frames_analyzed\":%d,\"frames_without_face\":%d,\"identity_mean\":%.4f,"
                  "\"identity_max\":%.4f,\"mouth_ratio_mean\":%.4f,\"mouth_ratio_std\":%.4f,"
                  "\"mouth_loudness_correlation\":%.4f,\"mouth_loudness_correlation_mesh\":%s,\"bilabial_frames\":%d,\"bilabial_mouth_ratio\":%.4f,"
                  "\"bilabial_mesh_ratio\":%s,\"bilabial_mesh_closed_fraction\":%s,\"bilabial_closed_fraction\":%.4f,\"silent_frames\":%d,\"silence_jitter\":%s,"
                  "\"silence_jitter_px\":%s,\"silence_jitter_px_all_steps\":%s,\"speech_motion\":%.5f,"
                  "\"background_drift\":%.4f,\"background_motion_px\":%s,\"background_motion_px_p95\":%s,"
                  "\"background_motion_px_worst\":%s,\"background_motion_pixels\":%d}",
                  frames, frames_analyzed, frames_without_face, identity_mean, identity_max, mouth_ratio_mean,
                  mouth_ratio_std, mouth_loudness_correlation, jsonNumber(mouth_loudness_correlation_mesh, 4).c_str(),
                  bilabial_frames, bilabial_mouth_ratio, jsonNumber(bilabial_mesh_ratio, 4).c_str(), jsonNumber(bilabial_mesh_closed_fraction, 4).c_str(),
                  bilabial_closed_fraction, silent_frames, jsonNumber(silence_jitter, 5).c_str(),
                  jsonNumber(silence_jitter_px, 4).c_str(), jsonNumber(silence_jitter_px_all_steps, 4).c_str(),
                  speech_motion, background_drift, jsonNumber(background_motion_px, 4).c_str(),
                  jsonNumber(background_motion_px_p95, 4).c_str(), jsonNumber(background_motion_px_worst, 4).c_str(),
                  background_motion_pixels);
    return buf;
}

std::string EvaluationReport::toText() const
{
    char buf[2400];
    std::snprintf(buf, sizeof buf,
                  "frames                 %d (%d analysed, %d without a face)\n"
                  "identity distance      mean %.3f, max %.3f   (< 0.6 = same person)\n"
                  "mouth ratio            mean %.3f, std %.3f\n"
                  "mouth ~ loudness       r = %.3f (dense mesh: %s)\n"
                  "lips at p/b/m          %d frames, mean ratio %.3f, closed in %.0f%% (dense mesh: gap %s, closed in %s)\n"
                  "jitter in silence      %s inter-ocular/frame (%s) over %d frames (voiced: %.4f; with the "
                  "steps into pauses: %s)\n"
                  "background drift       %.2f levels (0..255) outside the face\n"
                  "background by the head moved %s mean, %s at the 95th percentile, worst frame %s "
                  "(%d textured background pixels)\n",
                  frames, frames_analyzed, frames_without_face, identity_mean, identity_max, mouth_ratio_mean,
                  mouth_ratio_std, mouth_loudness_correlation, textNumber(mouth_loudness_correlation_mesh, 3).c_str(),
                  bilabial_frames, bilabial_mouth_ratio, bilabial_closed_fraction * 100, textNumber(bilabial_mesh_ratio, 3).c_str(),
                  textNumber(bilabial_mesh_closed_fraction * 100, 0, "%").c_str(),
                  textNumber(silence_jitter, 4).c_str(),
                  textNumber(silence_jitter_px, 3, " px").c_str(), silent_frames, speech_motion,
                  textNumber(silence_jitter_px_all_steps, 3, " px").c_str(), background_drift,
                  textNumber(background_motion_px, 3, " px").c_str(), textNumber(background_motion_px_p95, 3, " px").c_str(),
                  textNumber(background_motion_px_worst, 3, " px").c_str(), background_motion_pixels);
    return buf;
}

} // namespace emote::live
