// Audio understanding for the Live engine: per-video-frame loudness, pitch with voicing, onsets, beat and
// tempo, language-independent mouth-shape cues from the spectrum, and timed phones for speech.
//
//   emote::audio::AnalysisOptions opt;  opt.fps = 25;
//   emote::audio::AudioFeatures f = emote::audio::analyzeAudio(mono16k, opt);
//   f.frames[i].loudness, f.frames[i].f0_hz, f.phones, f.is_music, f.tempo_bpm ...
#pragma once

#include "core/audio/phonemes.h"
#include "core/common/audio_buffer.h"
#include "core/common/cancel_token.h"

#include <optional>
#include <string>
#include <vector>

namespace emote::audio {

enum class PhonemeSource {
    Auto,     // pocketsphinx for speech, spectral cues for music/singing
    Sphinx,   // always pocketsphinx allphone (English acoustic model)
    Spectral, // never: formant/spectral-shape cues only (any language, singing)
};

std::string phonemeSourceName(PhonemeSource s);
std::optional<PhonemeSource> phonemeSourceFromName(const std::string& name);

struct AnalysisOptions {
    int fps = 25;
    PhonemeSource phonemes = PhonemeSource::Auto;
    std::optional<bool> vocal_emphasis; // harmonic/percussive separation + vocal band; default: on for music
    std::string sphinx_model_dir = defaultSphinxModelDir();
    // false: leave phones empty even when phoneme_source says Sphinx (the caller streams them with PhoneStream
    // while it renders).
    bool recognize_phones = true;
    SphinxSearch sphinx_search = SphinxSearch::Fast;
};

struct FrameFeatures {
    float loudness = 0.0f;  // 0..1, the voice's level relative to this track (0 = silence, 1 = its loud parts)
    float rms_db = -120.0f; // level of the (emphasised) voice band, dBFS
    float f0_hz = 0.0f;     // fundamental frequency, 0 when unvoiced
    float voicing = 0.0f;   // 0..1 periodicity confidence
    float pitch_rel = 0.0f; // semitones above the track's median F0 (0 when unvoiced)
    float onset = 0.0f;     // 0..1 onset strength (new syllable / note / hit)
    float beat = 0.0f;      // 1 at a beat, decaying to 0 before the next (music only)
    float openness = 0.0f;  // 0..1 jaw-opening cue from the first-formant region
    float roundness = 0.0f; // 0..1 lip-rounding cue (low second formant)
    float fricative = 0.0f; // 0..1 high-frequency noise (s, f, sh)
    float closure = 0.0f;   // 0..1 a closure inside speech (m, b, p, n, d, t, g, k): a low murmur with the formants
                            // silent, or a short silence between sounds — from the sound alone, any language
};

struct AudioFeatures {
    int fps = 25;
    double duration_s = 0.0;
    std::vector<FrameFeatures> frames; // one per video frame: round(duration · fps)
    std::vector<Phone> phones;         // empty when the spectral path was used
    PhonemeSource phoneme_source = PhonemeSource::Spectral;
    bool is_music = false;
    double tempo_bpm = 0.0;            // 0 when no steady beat
    double median_f0_hz = 0.0;
    bool vocal_emphasis = false;
};

// AUDIO must be 16 kHz mono (media::decodeAudio's default).
AudioFeatures analyzeAudio(const AudioBuffer& audio, const AnalysisOptions& options,
                           const CancelToken* cancel = nullptr);

} // namespace emote::audio
