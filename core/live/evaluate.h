// Measuring a generated talking-head video with the project's own face models: does it keep the identity,
// does the mouth follow the sound, do the lips close on p/b/m, is it steady in silence, does the background
// stay put next to the head? Works on any video with one face, so engines can be compared.
//
//   emote::live::EvaluationReport r = emote::live::evaluateVideo("out.mp4", "portrait.jpg", "speech.wav");
//   std::printf("identity %.3f, mouth~loudness r=%.2f\n", r.identity_mean, r.mouth_loudness_correlation);
#pragma once

#include <filesystem>
#include <limits>
#include <string>

namespace emote::live {

struct EvaluationOptions {
    int every = 1;                   // analyse every N-th frame (identity: every 5·N-th)
    std::filesystem::path face_models_dir; // empty: the default
    // Non-empty: one CSV line per analysed frame is written there (frame, loudness, bilabial centre, mouth
    // ratio, the dense mesh's lip gap ratio, and the mean landmark motion since the previous frame in pixels per group: jaw line, brows, nose,
    // eyes, mouth, all) — to see what moves where.
    std::filesystem::path frames_csv;
};

struct EvaluationReport {
    int frames = 0;                  // frames in the video
    int frames_analyzed = 0;
    int frames_without_face = 0;
    double identity_mean = 0;        // descriptor distance portrait ↔ frames (< 0.6: same person)
    double identity_max = 0;
    double mouth_ratio_mean = 0;     // inner-mouth aspect ratio: lip gap / mouth width
    double mouth_ratio_std = 0;
    double mouth_loudness_correlation = 0; // Pearson r between mouth ratio and the voice's loudness
    // The same with the dense mesh's lip gap (below) as the mouth's opening. face-api's 68 points follow a small
    // or strongly rolled face's mouth loosely (r 0.22 where the mesh reads 0.63 on a 146 px face); the mesh
    // reads it more closely. NaN without the mesh model.
    double mouth_loudness_correlation_mesh = kNotMeasured;
    int bilabial_frames = 0;         // frames at the centre of p/b/m phones (speech only)
    double bilabial_mouth_ratio = 0; // mean mouth ratio there (lower = lips closed)
    double bilabial_closed_fraction = 0; // share of those frames with ratio < 0.08
    // The lips' gap there from the dense face mesh (inner lip centres / inner corners; a still, closed-lipped
    // portrait reads about 0.03). NaN without the mesh model.
    double bilabial_mesh_ratio = kNotMeasured;
    // Share of them with that gap < 0.05: lips closed as the mesh sees them (face-api's 68 points read closed,
    // lipsticked or smiling lips apart: 0.13 on a still, closed-lipped portrait, whose mesh gap is 0.03).
    double bilabial_mesh_closed_fraction = kNotMeasured;
    // Steadiness is read from landmarks in a face box held steady while the face stays within a tenth of its
    // width of it (the detector's box jitters by a pixel or two on frames that differ only in encoding noise, and
    // the landmarks follow it): on a video of the unchanged photo the jitter reads about 0.01 px. The mouth and
    // identity are read in the detector's own box, as face-api reads them.
    int silent_frames = 0;           // steps between two quiet frames (loudness < 0.03) inside a pause (both at least
                                     // 3 frames from any voiced one: not the mouth finishing or starting a sound)
    // NaN (reported as not measured) when no two consecutive quiet frames were analysed.
    double silence_jitter = 0;       // mean landmark motion over those steps, / inter-ocular distance
    double silence_jitter_px = 0;    // the same in pixels of the video
    double silence_jitter_px_all_steps = 0; // in pixels, also counting each step from voice into a pause
    double speech_motion = 0;        // the same while voiced (for reference)
    double background_drift = 0;     // mean |Δ| (0..255) outside the face area vs the first frame
    // Motion of the background next to the head: dense optical flow from the first frame to every later one,
    // read at textured background pixels outside the person (a dilated person matte of the first frame) within
    // about one face width of the head. NaN = not measured (no textured background there, or no matte model).
    double background_motion_px = kNotMeasured;       // mean over frames of each frame's mean displacement
    double background_motion_px_p95 = kNotMeasured;   // 95th percentile over all those pixels and frames
    double background_motion_px_worst = kNotMeasured; // the worst frame's mean
    int background_motion_pixels = 0;                 // textured background pixels read per frame
    static constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();
    std::string toJson() const;
    std::string toText() const;
};

EvaluationReport evaluateVideo(const std::filesystem::path& video, const std::filesystem::path& portrait,
                               const std::filesystem::path& audio, const EvaluationOptions& options = {});

} // namespace emote::live
