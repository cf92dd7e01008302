// What is wrong with a portrait or an audio file for animating, judged as soon as it is loaded (not at Generate):
// empty, too short or silent audio; a photo too small; no face, or a tiny one. Blocking problems stop Generate
// (the reason shown beside it); warnings let it go on, visibly.
//
//   for (const InputProblem& p : emote::ui::audioProblems(info.duration_s, peak))
//       show(p.text, p.level == InputProblem::Level::Blocking);
#pragma once

#include <QSize>
#include <QString>
#include <QVector>

#include <optional>

namespace emote::ui {

struct InputProblem {
    enum class Level { Warning, Blocking };
    Level level = Level::Warning;
    QString text; // one sentence in the app's words: what is wrong and what to do
    bool blocking() const { return level == Level::Blocking; }
};

inline constexpr double kMinAudioSeconds = 0.5;    // shorter cannot carry a word or a note
inline constexpr double kSilentPeak = 0.001;       // -60 dBFS: nothing a listener would hear
inline constexpr int kMinPhotoSide = 128;          // pixels on the shorter side; below, nothing to animate
inline constexpr int kSoftPhotoSide = 256;         // below, the video looks soft
inline constexpr double kMinFaceHeight = 48;       // pixels; the face model's landmarks get unreliable below

// DURATION_S from the file's header; PEAK the loudest sample (0..1), negative while not yet measured.
QVector<InputProblem> audioProblems(double duration_s, double peak);
// PHOTO in pixels; FACE_HEIGHTS of the faces found (largest first), nullopt while the analysis runs or when it
// could not run; NEEDS_FACE false for the Live and Diffusion engines (not the Still engine); HUMAN: how well the
// dense face mesh fits the first face (face::FaceMesh's score, 0..1), nullopt when not measured. A face the mesh
// does not take for a human one is animated by the head only (a warning, as the Live engine says it).
QVector<InputProblem> portraitProblems(const QSize& photo, const std::optional<QVector<double>>& face_heights,
                                       bool needs_face, std::optional<double> human = std::nullopt);

} // namespace emote::ui
