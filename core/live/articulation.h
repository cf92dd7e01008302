// From audio features to animation curves: visemes with coarticulation, jaw following loudness, blinks,
// brows, gaze and head motion — one MotionFrame per video frame. Deterministic for a given seed.
//
//   emote::audio::AudioFeatures feats = emote::audio::analyzeAudio(mono16k, {});
//   emote::live::ArticulationSettings s;  s.head_motion = 1.0;  s.seed = 42;
//   std::vector<emote::live::MotionFrame> curves = emote::live::articulate(feats, s);
#pragma once

#include "core/audio/features.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emote::live {

// Every value is a target for the face rig; 0 is the photo's own pose.
struct MotionFrame {
    float jaw = 0.0f;        // 0..1 jaw/mouth opening (1 ≈ a wide "ah")
    float lip_close = 0.0f;  // 0..1 lips together (p, b, m, and resting in pauses)
    float lip_press = 0.0f;  // 0..1 pressed hard (p, b, m): the lower lip rolls in and up, both lips thin out
    float lip_round = 0.0f;  // 0..1 rounded, pushed-forward lips (oo, w)
    float lip_wide = 0.0f;   // 0..1 spread lips (ee)
    float lip_bite = 0.0f;   // 0..1 lower lip to the upper teeth (f, v)
    float tongue = 0.0f;     // 0..1 tongue tip raised towards the upper teeth (l, th, t, d, n)
    float blink_l = 0.0f;    // 0..1 eyelid closure (1 = closed)
    float blink_r = 0.0f;
    float brow = 0.0f;       // −1..1 brow raise (+) / frown (−)
    float brow_inner = 0.0f; // 0..1 inner ends of the brows raised (sadness, worry)
    float smile = 0.0f;      // −1..1 mouth corners up and out (+) / down (−)
    float eye_open = 0.0f;   // −1..1 eyes wider (+) / narrowed (−), lids only
    float gaze_x = 0.0f;     // −1..1 eyes left/right (fraction of the iris travel)
    float gaze_y = 0.0f;
    float head_yaw = 0.0f;   // radians
    float head_pitch = 0.0f; // radians, + = nod down
    float head_roll = 0.0f;  // radians, + = clockwise in the image
    float head_dx = 0.0f;    // fraction of the face width
    float head_dy = 0.0f;    // fraction of the face height
};

enum class Emotion { Neutral, Happy, Sad, Angry, Surprised };
std::string emotionName(Emotion e);
// "auto" is not an emotion: it gives nullopt, as any unknown name does (settings validated the name already).
std::optional<Emotion> emotionFromName(const std::string& name);
// The emotion the audio suggests, by a simple rule on its delivery (documented in articulation.cpp): lively,
// fast music or lively speech reads happy, slow quiet music or flat quiet speech sad, otherwise neutral.
Emotion emotionFromAudio(const audio::AudioFeatures& features);

struct ArticulationSettings {
    int fps = 25;
    double head_motion = 1.0; // 0..2: EMO's speed layers as a dial; 0 = still head
    double expression = 1.0;  // 0..2: scales mouth, brows and head emphasis
    bool blink = true;
    uint64_t seed = 0;
    std::optional<Emotion> emotion = Emotion::Neutral; // nullopt: from the audio (emotionFromAudio)
    double emotion_intensity = 0.6;                    // 0..1
};

// Mouth-shape target of one ARPAbet phone (exposed for tests and tools).
struct Viseme {
    float jaw = 0, close = 0, round = 0, wide = 0, bite = 0, tongue = 0;
};
Viseme visemeForPhone(const std::string& arpabet);

std::vector<MotionFrame> articulate(const audio::AudioFeatures& features, const ArticulationSettings& settings);

} // namespace emote::live
