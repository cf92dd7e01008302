#include "core/live/articulation.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace emote::live {

namespace {

float clamp01(double v) { return float(std::clamp(v, 0.0, 1.0)); }

// Gaussian smoothing of a curve (sigma in frames); edges clamp.
std::vector<float> smooth(const std::vector<float>& x, double sigma)
{
    if (sigma <= 0.05 || x.empty())
        return x;
    const int r = int(std::ceil(3 * sigma));
    std::vector<double> k(size_t(2 * r + 1));
    double ks = 0;
    for (int i = -r; i <= r; ++i)
        ks += k[size_t(i + r)] = std::exp(-0.5 * i * i / (sigma * sigma));
    std::vector<float> y(x.size());
    const int n = int(x.size());
    for (int i = 0; i < n; ++i) {
        double s = 0;
        for (int j = -r; j <= r; ++j)
            s += k[size_t(j + r)] * x[size_t(std::clamp(i + j, 0, n - 1))];
        y[size_t(i)] = float(s / ks);
    }
    return y;
}

// Smooth pseudo-random motion: a few sines with random phases and frequencies (0.08–0.6 Hz).
struct Wander {
    double f[4], p[4], a[4];
    explicit Wander(std::mt19937_64& rng)
    {
        std::uniform_real_distribution<double> fr(0.08, 0.6), ph(0, 2 * M_PI), am(0.4, 1.0);
        for (int i = 0; i < 4; ++i) {
            f[i] = fr(rng);
            p[i] = ph(rng);
            a[i] = am(rng) / (1 + i);
        }
    }
    double at(double t) const
    {
        double s = 0, n = 0;
        for (int i = 0; i < 4; ++i) {
            s += a[i] * std::sin(2 * M_PI * f[i] * t + p[i]);
            n += a[i];
        }
        return s / n;
    }
};

// Calls FN(i, j) for every run [i, j) of quiet frames (loudness < 0.03) among the first N frames.
template <typename Fn>
void forEachQuietRun(const audio::AudioFeatures& f, size_t n, Fn fn)
{
    size_t i = 0;
    while (i < n) {
        if (f.frames[i].loudness >= 0.03f) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < n && f.frames[j].loudness < 0.03f)
            ++j;
        fn(i, j);
        i = j;
    }
}

// A pause settles: through each run of quiet frames (2 or more, after the first voice) CURVE comes to rest
// within SETTLE frames at the value it had when the voice stopped and holds it, instead of drifting towards what
// the next words will do; a pause longer than HOLD frames eases back into the curve's own idle course over a
// second; over the first frames of voice after the pause it blends back to its own course. (Still means still:
// sub-pixel creep re-encodes the face every frame, which a viewer and a landmark model see as shimmer.)
void holdThroughPauses(std::vector<float>& curve, const audio::AudioFeatures& f, double fps, int settle = 3,
                       double hold_s = 1.5)
{
    const size_t n = std::min(curve.size(), f.frames.size());
    const size_t blend = 3, hold = size_t(std::max(1.0, hold_s * fps)), ease = size_t(std::max(1.0, fps));
    forEachQuietRun(f, n, [&](size_t i, size_t j) {
        if (j - i >= 2 && i > 0) {
            const float held = curve[i - 1];
            for (size_t k = i; k < j; ++k) {
                const size_t d = k - i;
                // 0 = the held value, 1 = the curve's own course
                double w = d < size_t(settle) ? 1.0 - double(d + 1) / double(settle + 1) : 0.0;
                if (d >= hold)
                    w = std::min(1.0, double(d - hold + 1) / double(ease));
                curve[k] = float(held + (curve[k] - held) * w);
            }
            const float last = curve[j - 1];
            for (size_t k = j; k < std::min(n, j + blend); ++k) {
                const float t = float(k - j + 1) / float(blend + 1);
                curve[k] = last + (curve[k] - last) * t;
            }
        }
    });
}

// What each emotion does to the face at full intensity.
struct EmotionLook {
    float smile, brow, brow_inner, eye_open, jaw, head_pitch, liveliness;
};
EmotionLook lookOf(Emotion e)
{
    switch (e) {
    case Emotion::Happy: return {0.8f, 0.15f, 0.0f, -0.3f, 0.0f, -0.025f, 1.15f};
    case Emotion::Sad: return {-0.6f, -0.1f, 0.85f, -0.25f, 0.0f, 0.07f, 0.7f};
    case Emotion::Angry: return {-0.25f, -0.85f, 0.0f, -0.25f, 0.0f, 0.03f, 1.1f};
    case Emotion::Surprised: return {0.0f, 0.9f, 0.3f, 0.6f, 0.08f, -0.035f, 1.05f};
    case Emotion::Neutral: break;
    }
    return {0, 0, 0, 0, 0, 0, 1};
}

} // namespace

std::string emotionName(Emotion e)
{
    switch (e) {
    case Emotion::Neutral: return "neutral";
    case Emotion::Happy: return "happy";
    case Emotion::Sad: return "sad";
    case Emotion::Angry: return "angry";
    case Emotion::Surprised: return "surprised";
    }
    return "neutral";
}

std::optional<Emotion> emotionFromName(const std::string& name)
{
    for (Emotion e : {Emotion::Neutral, Emotion::Happy, Emotion::Sad, Emotion::Angry, Emotion::Surprised})
        if (name == emotionName(e))
            return e;
    return std::nullopt;
}

// A rule on delivery, not a classifier: the voice's pitch movement (semitone spread over voiced frames), its
// level, and for music the tempo. Lively (wide pitch, or music at 100 BPM and more) reads happy; flat and quiet
// (narrow pitch and low level, or slow music) sad; the rest neutral. Anger and surprise are not guessed.
Emotion emotionFromAudio(const audio::AudioFeatures& f)
{
    double n = 0, sum = 0, sum2 = 0, loud = 0;
    for (const auto& fr : f.frames)
        if (fr.f0_hz > 0 && fr.loudness > 0.1f) {
            ++n;
            sum += fr.pitch_rel;
            sum2 += double(fr.pitch_rel) * fr.pitch_rel;
            loud += fr.loudness;
        }
    if (n < 10)
        return Emotion::Neutral;
    const double spread = std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n)));
    loud /= n;
    if (f.is_music) {
        if (f.tempo_bpm >= 100 || spread > 4.0)
            return Emotion::Happy;
        if ((f.tempo_bpm > 0 && f.tempo_bpm < 85) || (spread < 2.0 && loud < 0.4))
            return Emotion::Sad;
        return Emotion::Neutral;
    }
    if (spread > 4.5 && loud > 0.35)
        return Emotion::Happy;
    if (spread < 1.8 && loud < 0.35)
        return Emotion::Sad;
    return Emotion::Neutral;
}

Viseme visemeForPhone(const std::string& ph)
{
    // jaw, close, round, wide, bite
    static const struct {
        const char* phone;
        Viseme v;
    } table[] = {
        {"AA", {0.95f, 0, 0.0f, 0.25f, 0}}, {"AE", {0.75f, 0, 0, 0.5f, 0}},    {"AH", {0.65f, 0, 0.1f, 0.2f, 0}},
        {"AO", {0.75f, 0, 0.55f, 0, 0}},    {"AW", {0.7f, 0, 0.45f, 0.1f, 0}}, {"AY", {0.75f, 0, 0, 0.35f, 0}},
        {"EH", {0.55f, 0, 0, 0.5f, 0}},     {"ER", {0.35f, 0, 0.45f, 0, 0}},   {"EY", {0.45f, 0, 0, 0.6f, 0}},
        {"IH", {0.35f, 0, 0, 0.55f, 0}},    {"IY", {0.25f, 0, 0, 0.85f, 0}},   {"OW", {0.55f, 0, 0.8f, 0, 0}},
        {"OY", {0.55f, 0, 0.6f, 0.1f, 0}},  {"UH", {0.35f, 0, 0.7f, 0, 0}},    {"UW", {0.25f, 0, 1.0f, 0, 0}},
        {"P", {0, 1, 0, 0, 0}},             {"B", {0, 1, 0, 0, 0}},            {"M", {0, 1, 0, 0, 0}},
        {"F", {0.12f, 0, 0, 0.2f, 1}},      {"V", {0.12f, 0, 0, 0.2f, 1}},     {"TH", {0.22f, 0, 0, 0.3f, 0, 0.9f}},
        {"DH", {0.22f, 0, 0, 0.3f, 0, 0.9f}}, {"S", {0.12f, 0, 0, 0.6f, 0}},     {"Z", {0.12f, 0, 0, 0.6f, 0}},
        {"SH", {0.2f, 0, 0.6f, 0, 0}},      {"ZH", {0.2f, 0, 0.6f, 0, 0}},     {"CH", {0.22f, 0, 0.55f, 0, 0}},
        {"JH", {0.22f, 0, 0.55f, 0, 0}},    {"T", {0.25f, 0, 0, 0.3f, 0, 0.6f}}, {"D", {0.25f, 0, 0, 0.3f, 0, 0.6f}},
        {"N", {0.22f, 0, 0, 0.3f, 0, 0.6f}}, {"L", {0.3f, 0, 0, 0.25f, 0, 1.0f}},     {"K", {0.32f, 0, 0, 0.2f, 0}},
        {"G", {0.32f, 0, 0, 0.2f, 0}},      {"NG", {0.28f, 0, 0, 0.2f, 0}},    {"R", {0.25f, 0, 0.5f, 0, 0}},
        {"W", {0.15f, 0, 1.0f, 0, 0}},      {"Y", {0.2f, 0, 0, 0.6f, 0}},      {"HH", {0.45f, 0, 0, 0.1f, 0}},
    };
    for (const auto& e : table)
        if (ph == e.phone)
            return e.v;
    return {}; // SIL and anything unknown: rest
}

std::vector<MotionFrame> articulate(const audio::AudioFeatures& f, const ArticulationSettings& s)
{
    const size_t n = f.frames.size();
    const double fps = s.fps > 0 ? s.fps : f.fps;
    std::vector<MotionFrame> out(n);
    if (n == 0)
        return out;
    const double expr = std::clamp(s.expression, 0.0, 2.0);
    const double motion = std::clamp(s.head_motion, 0.0, 2.0);
    std::mt19937_64 rng(s.seed * 0x9E3779B97F4A7C15ull + 0x5EED);

    // --- Mouth -------------------------------------------------------------------------------------------------
    std::vector<float> jaw(n, 0), close(n, 0), round(n, 0), wide(n, 0), bite(n, 0), tongue(n, 0);
    std::vector<float> close_hard(n, 0); // bilabial intervals: lips must meet, whatever the smoothing says
    // The language-independent mouth (songs, other languages, and voiced stretches the phone decoder left
    // unlabelled): opening follows the voice's level and its first-formant cue, rounding the second formant.
    auto spectralMouth = [&](size_t i) {
        const auto& fr = f.frames[i];
        const double loud = std::pow(double(fr.loudness), 0.8);
        if (f.is_music && fr.voicing > 0.5f) {
            // A sung note: the mouth stays open as wide as the note is loud, whatever the vowel (singers open
            // even on /i/ and /u/), and noise in a loud note is breath or accompaniment, not a consonant.
            jaw[i] = clamp01(std::pow(double(fr.loudness), 0.7) * (0.7 + 0.3 * fr.openness));
            round[i] = clamp01(fr.roundness * std::min(1.0, loud * 2.0) * 0.8);
            wide[i] = clamp01((1.0 - fr.roundness) * (1.0 - fr.openness) * loud * 0.5);
            return;
        }
        jaw[i] = clamp01(loud * (0.45 + 0.55 * fr.openness) * (1.0 - 0.6 * fr.fricative));
        round[i] = clamp01(fr.roundness * std::min(1.0, loud * 2.0) * (1.0 - fr.openness * 0.5));
        wide[i] = clamp01((1.0 - fr.roundness) * (1.0 - fr.openness) * loud * 0.8);
        // A closure in the sound (a murmur or a stop's silence inside speech): the lips meet, the jaw shuts.
        if (fr.closure > 0.0f) {
            close[i] = std::max(close[i], fr.closure);
            jaw[i] *= 1.0f - fr.closure;
            if (fr.closure >= 0.6f)
                close_hard[i] = 1.0f;
        }
    };
    if (!f.phones.empty()) {
        std::vector<char> labelled(n, 0);
        for (const auto& p : f.phones) {
            const Viseme v = visemeForPhone(p.label);
            const int64_t a = std::clamp<int64_t>(int64_t(std::floor(p.start_s * fps)), 0, int64_t(n) - 1);
            const int64_t b = std::clamp<int64_t>(int64_t(std::ceil(p.end_s * fps)), a + 1, int64_t(n));
            const bool speech_phone = p.label != "SIL" && !p.label.empty() && p.label[0] != '+';
            for (int64_t i = a; i < b; ++i) {
                labelled[size_t(i)] |= char(speech_phone);
                const float loud = f.frames[size_t(i)].loudness;
                // Loudness scales the jaw: shouted vowels open more than murmured ones.
                jaw[size_t(i)] = std::max(jaw[size_t(i)], float(v.jaw * (0.45 + 0.75 * loud)));
                round[size_t(i)] = std::max(round[size_t(i)], v.round);
                wide[size_t(i)] = std::max(wide[size_t(i)], v.wide);
                bite[size_t(i)] = std::max(bite[size_t(i)], v.bite);
                tongue[size_t(i)] = std::max(tongue[size_t(i)], v.tongue);
                close[size_t(i)] = std::max(close[size_t(i)], v.close);
            }
            if (v.close > 0.5f) {
                // Hold the closure over the whole phone, and over at least three frames (120 ms at 25 fps, a
                // typical lip closure) centred on it: the fast search often labels only the 20–40 ms release of
                // a /p/ or the middle of an /m/, and a one-frame closure is missed by a viewer and by any frame
                // sampling a little later or earlier.
                const int64_t mid = std::llround((p.start_s + p.end_s) / 2 * fps); // the frame nearest its centre
                const int64_t half = std::max<int64_t>(1, std::llround(0.06 * fps - 0.5)); // frames either side
                const int64_t ca = std::clamp<int64_t>(mid - half, 0, int64_t(n) - 1);
                const int64_t cb = std::clamp<int64_t>(mid + half + 1, ca + 1, int64_t(n));
                for (int64_t i = std::min(a, ca); i < std::max(b, cb); ++i)
                    close_hard[size_t(i)] = 1.0f;
            }
        }
        // The fast decoder labels some loud speech as silence (a quarter of the sample's voiced frames): a mouth
        // shut while the voice goes on. There the spectral cues move it.
        // (At three quarters of the opening: without the phone it is a guess, and a wide mouth on a guess changes
        // the face more than a modest one.)
        for (size_t i = 0; i < n; ++i)
            if (!labelled[i] && f.frames[i].loudness >= 0.15f) {
                spectralMouth(i);
                jaw[i] *= 0.75f;
            }
        // Silence and unvoiced noise: no opening where there is no sound.
        for (size_t i = 0; i < n; ++i)
            if (f.frames[i].loudness < 0.03f)
                jaw[i] = 0.0f;
        // The fast decoder takes many a /b/ for a /g/ or /k/ and a /p/'s silence for a pause: on a sentence rich
        // in p/b/m it found half of those a thorough search found, while the sound's own closure cue
        // (audio::FrameFeatures::closure: a murmur, or a stop's silence inside speech) was there at all of them.
        // Where the cue is clear and the decoder heard a bilabial, a velar stop (its usual mistake for /b/) or
        // nothing, the lips meet, held over at least three frames as for /p b m/ above. A vowel, fricative,
        // approximant, /t d n/ or /ng/ keeps its own shape. (Of the German sample's voiced frames, 22 % are then
        // shut against 9 % before; of the English sample's, 14 % against 9 %.)
        std::vector<char> shaped(n, 0); // frames a phone with its own mouth shape covers
        for (const auto& p : f.phones) {
            static const char* const kClosing[] = {"SIL", "P", "B", "M", "K", "G"};
            if (std::any_of(std::begin(kClosing), std::end(kClosing), [&](const char* c) { return p.label == c; }))
                continue;
            const int64_t a = std::clamp<int64_t>(int64_t(std::floor(p.start_s * fps)), 0, int64_t(n) - 1);
            const int64_t b = std::clamp<int64_t>(int64_t(std::ceil(p.end_s * fps)), a + 1, int64_t(n));
            std::fill(shaped.begin() + a, shaped.begin() + b, char(1));
        }
        auto cue = [&](size_t i) { return !shaped[i] && f.frames[i].closure >= 0.6f; };
        const int64_t half = std::max<int64_t>(1, std::llround(0.06 * fps - 0.5));
        for (size_t i = 0; i < n;) {
            if (!cue(i)) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < n && cue(j))
                ++j;
            const int64_t mid = int64_t(i + j - 1) / 2;
            const size_t ca = size_t(std::max<int64_t>(0, std::min<int64_t>(int64_t(i), mid - half)));
            const size_t cb = size_t(std::min<int64_t>(int64_t(n), std::max<int64_t>(int64_t(j), mid + half + 1)));
            for (size_t k = ca; k < cb; ++k) {
                close[k] = 1.0f;
                close_hard[k] = 1.0f;
            }
            i = j;
        }
    } else {
        // Songs, other languages: the spectral mouth throughout; silence closes the lips (below).
        for (size_t i = 0; i < n; ++i)
            spectralMouth(i);
    }
    // Rest: in pauses of 120 ms or more the lips close (an idle face does not hang its mouth open, even when
    // the photo shows an open smile); shorter gaps are left to coarticulation.
    {
        const size_t min_run = size_t(std::max(2.0, std::round(0.12 * fps)));
        forEachQuietRun(f, n, [&](size_t i, size_t j) {
            if (j - i >= min_run)
                for (size_t k = i; k < j; ++k)
                    close[k] = std::max(close[k], 0.8f);
        });
    }
    // Coarticulation: neighbouring sounds blend (jaw fast, lip shape slower so rounding anticipates).
    const double frame_ms = 1000.0 / fps;
    jaw = smooth(jaw, 35.0 / frame_ms);
    close = smooth(close, 25.0 / frame_ms);
    round = smooth(round, 60.0 / frame_ms);
    wide = smooth(wide, 60.0 / frame_ms);
    bite = smooth(bite, 30.0 / frame_ms);
    tongue = smooth(tongue, 40.0 / frame_ms);
    for (size_t i = 0; i < n; ++i) {
        MotionFrame& m = out[i];
        const float hard = close_hard[i];
        m.lip_close = std::max(std::min(1.0f, close[i] * 1.4f), hard);
        m.lip_press = hard; // resting lips meet without pressing
        m.jaw = clamp01(jaw[i] * expr * (1.0 - m.lip_close));
        m.lip_round = clamp01(round[i] * expr);
        m.lip_wide = clamp01(wide[i] * expr * (1.0 - round[i]));
        m.lip_bite = clamp01(bite[i] * (1.0 - hard));
        m.tongue = clamp01(tongue[i] * (1.0 - m.lip_close));
    }
    // A jaw has mass: it opens over about 100 ms and closes a little faster, never from shut to wide in one
    // frame (a mouth that pops open with teeth reads as a cut, not a movement). Pressed lips stay exact.
    {
        const double open_per_frame = 8.0 / fps, close_per_frame = 11.0 / fps; // jaw units per frame
        for (size_t i = 1; i < n; ++i) {
            const float prev = out[i - 1].jaw;
            float& j = out[i].jaw;
            j = std::clamp(j, float(prev - close_per_frame), float(prev + open_per_frame));
            if (close_hard[i] > 0)
                j = 0.0f;
        }
    }

    // --- Blinks: natural intervals (2–6 s, more likely at pauses), 3 frames closing, 4 opening -------------------
    if (s.blink) {
        std::uniform_real_distribution<double> gap(2.0, 6.0), jitter(0.0, 1.0);
        double t = gap(rng) * 0.6;
        const double dur = 0.28;
        while (t < double(n) / fps) {
            // Prefer a nearby pause (within 0.6 s) for the blink.
            const int64_t c = int64_t(t * fps);
            int64_t best = c;
            for (int64_t j = c; j < std::min<int64_t>(int64_t(n), c + int64_t(0.6 * fps)); ++j)
                if (f.frames[size_t(j)].loudness < 0.05f) {
                    best = j;
                    break;
                }
            const double start = double(best) / fps;
            for (int64_t i = int64_t(start * fps); i < std::min<int64_t>(int64_t(n), int64_t((start + dur) * fps) + 1); ++i) {
                const double u = (double(i) / fps - start) / dur; // 0..1 over the blink
                // Close fast, stay shut for about a frame, open more slowly.
                const double closure = u < 0.3 ? u / 0.3 : (u < 0.5 ? 1.0 : std::max(0.0, 1.0 - (u - 0.5) / 0.5));
                out[size_t(i)].blink_l = std::max(out[size_t(i)].blink_l, clamp01(closure));
                out[size_t(i)].blink_r = std::max(out[size_t(i)].blink_r, clamp01(closure));
            }
            t = start + dur + gap(rng) * (0.8 + 0.4 * jitter(rng));
        }
    }

    // --- Brows: raised with pitch peaks and emphasised onsets --------------------------------------------------
    std::vector<float> brow(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const auto& fr = f.frames[i];
        const double pitch_up = fr.f0_hz > 0 ? std::clamp(double(fr.pitch_rel) / 5.0, -0.6, 1.0) : 0.0;
        brow[i] = float(0.7 * pitch_up * fr.loudness + 0.5 * fr.onset * fr.loudness);
    }
    // Singing: high and long notes lift the brows and narrow the eyes (the effort of a held or high note).
    std::vector<float> squint(n, 0);
    if (f.is_music) {
        double held_s = 0;
        for (size_t i = 0; i < n; ++i) {
            const auto& fr = f.frames[i];
            const bool voiced = fr.f0_hz > 0 && fr.voicing > 0.5f && fr.loudness > 0.1f;
            held_s = voiced ? held_s + 1.0 / fps : 0.0;
            const double high = std::clamp(double(fr.pitch_rel) / 7.0, 0.0, 1.0);
            const double long_note = std::clamp((held_s - 0.35) / 0.8, 0.0, 1.0);
            const double effort = std::max(high, long_note) * fr.loudness * (voiced ? 1.0 : 0.0);
            brow[i] += float(0.45 * effort);
            squint[i] = float(0.35 * effort);
        }
        squint = smooth(squint, 120.0 / frame_ms);
    }
    brow = smooth(brow, 120.0 / frame_ms);
    // In a pause the brows stay where the voice left them.
    holdThroughPauses(brow, f, fps);
    for (size_t i = 0; i < n; ++i) {
        out[i].brow = float(std::clamp(brow[i] * expr, -1.0, 1.0));
        const float sq = float(std::clamp(squint[i] * expr, 0.0, 0.45));
        out[i].blink_l = std::max(out[i].blink_l, sq);
        out[i].blink_r = std::max(out[i].blink_r, sq);
    }

    // --- Gaze: small saccades every 1.5–4 s, held, mostly back to centre -----------------------------------------
    {
        std::uniform_real_distribution<double> hold(1.5, 4.0), dir(-1.0, 1.0);
        double t = 0, gx = 0, gy = 0;
        size_t i = 0;
        while (i < n) {
            const double next = t + hold(rng);
            const bool centre = dir(rng) > 0.0;
            const double tx = centre ? 0.0 : 0.35 * dir(rng), ty = centre ? 0.0 : 0.2 * dir(rng);
            for (; i < n && double(i) / fps < next; ++i) {
                // Saccade: reach the new target within ~2 frames.
                gx += (tx - gx) * 0.6;
                gy += (ty - gy) * 0.6;
                out[i].gaze_x = float(gx);
                out[i].gaze_y = float(gy);
            }
            t = next;
        }
    }

    // --- Head: slow wander shaped by the voice's energy and pitch, nods on beats ---------------------------------
    // A speaker's head moves while they talk and comes to rest in a pause, holding its pose rather than swinging
    // back to the centre. So the voice drives the *speed* of the wander (its clock runs with the voice's activity
    // and nearly stops in pauses), while its size follows a slow envelope that cannot change much within a pause;
    // the pitch cue is held through unvoiced stretches instead of falling back to zero.
    if (motion > 0) {
        Wander wy(rng), wp(rng), wr(rng), wx(rng), wv(rng);
        std::vector<float> energy(n), activity(n), pitch(n), nod(n, 0);
        float last_pitch = 0.0f;
        for (size_t i = 0; i < n; ++i) {
            energy[i] = f.frames[i].loudness;
            activity[i] = f.frames[i].loudness >= 0.03f ? 1.0f : 0.0f;
            if (f.frames[i].f0_hz > 0)
                last_pitch = std::clamp(f.frames[i].pitch_rel / 6.0f, -1.0f, 1.0f);
            else if (f.frames[i].loudness < 0.03f && (i == 0 || f.frames[i - 1].loudness < 0.03f))
                last_pitch *= 0.97f; // long silences relax the pitch pose slowly
            pitch[i] = last_pitch;
            nod[i] = f.frames[i].beat * (f.is_music ? 1.0f : 0.0f) + (f.is_music ? 0.0f : 0.6f * f.frames[i].onset * f.frames[i].loudness);
        }
        {
            // The size of the motion: rises within a quarter second of the voice, fades over about two seconds
            // (one pole each way), so it neither anticipates speech nor shrinks visibly within a pause.
            const double up = 1.0 - std::exp(-1.0 / (0.25 * fps)), down = 1.0 - std::exp(-1.0 / (2.0 * fps));
            double env = 0.0;
            for (size_t i = 0; i < n; ++i) {
                const double x = energy[i];
                env += (x > env ? up : down) * (x - env);
                energy[i] = float(env);
            }
            energy = smooth(energy, 60.0 / frame_ms);
        }
        activity = smooth(activity, 80.0 / frame_ms);
        pitch = smooth(pitch, 200.0 / frame_ms);
        nod = smooth(nod, 70.0 / frame_ms);
        const double speed = std::max(0.05, motion); // time scale of the wander: the "speed layer"
        const double amp = std::min(1.0, motion) * (0.6 + 0.4 * expr);
        double clock = 0.0; // the wander's own time: runs with the voice
        for (size_t i = 0; i < n; ++i) {
            const double t = double(i) / fps * speed;
            clock += speed / fps * (0.06 + 0.94 * activity[i]);
            // Calm in silence (an idle face barely drifts), livelier with a voice.
            const double liveliness = 0.05 + 0.95 * std::min(1.0, 1.3 * double(energy[i]));
            MotionFrame& m = out[i];
            // Turns and nods in 3D (the rig gives every point its depth): up to about ±10° of yaw and ±6° of
            // pitch at full liveliness.
            m.head_yaw = float(amp * liveliness * 0.15 * wy.at(clock));
            m.head_pitch = float(amp * (liveliness * 0.07 * wp.at(clock) - 0.03 * pitch[i] + 0.035 * nod[i]));
            m.head_roll = float(amp * liveliness * 0.035 * wr.at(clock));
            m.head_dx = float(amp * liveliness * 0.02 * wx.at(clock));
            // Breathing: a slow rise and fall in real time, even in silence.
            m.head_dy = float(amp * (0.3 * 0.012 * wv.at(t) + 0.7 * liveliness * 0.012 * wv.at(clock * 1.7) + 0.015 * nod[i]));
        }
        // In a pause the head comes to rest where it is and waits for the voice.
        std::vector<float> c(n);
        for (float MotionFrame::*field : {&MotionFrame::head_yaw, &MotionFrame::head_pitch, &MotionFrame::head_roll,
                                          &MotionFrame::head_dx, &MotionFrame::head_dy}) {
            for (size_t i = 0; i < n; ++i)
                c[i] = out[i].*field;
            holdThroughPauses(c, f, fps);
            for (size_t i = 0; i < n; ++i)
                out[i].*field = c[i];
        }
    }

    // --- Emotion: a steady colouring of brows, eyes, mouth corners and head carriage (steady: an expression that
    // swelled with the voice would move the face in every pause) --------------------------------------------------
    {
        const Emotion e = s.emotion ? *s.emotion : emotionFromAudio(f);
        // From the audio it is a guess: shown at most at 70 % of the chosen intensity.
        const double k = std::clamp(s.emotion_intensity, 0.0, 1.0) * (s.emotion ? 1.0 : 0.7);
        const EmotionLook look = lookOf(e);
        if (k > 0 && e != Emotion::Neutral) {
            for (size_t i = 0; i < n; ++i) {
                MotionFrame& m = out[i];
                const float w = float(k);
                m.smile = std::clamp(m.smile + look.smile * w, -1.0f, 1.0f);
                m.brow = std::clamp(m.brow + look.brow * w, -1.0f, 1.0f);
                m.brow_inner = std::clamp(m.brow_inner + look.brow_inner * w, 0.0f, 1.0f);
                m.eye_open = std::clamp(m.eye_open + look.eye_open * w, -1.0f, 1.0f);
                if (m.lip_close < 0.5f)
                    m.jaw = std::clamp(m.jaw + look.jaw * w * (1 - m.lip_close), 0.0f, 1.0f);
                if (motion > 0) // a still head stays exactly still
                    m.head_pitch += float(look.head_pitch * k);
                m.head_yaw *= float(1 + (look.liveliness - 1) * k);
                m.head_roll *= float(1 + (look.liveliness - 1) * k);
            }
        }
    }
    return out;
}

} // namespace emote::live
