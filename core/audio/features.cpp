#include "core/audio/features.h"

#include "core/common/error.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace emote::audio {

namespace {

constexpr int kRate = 16000;
constexpr int kHop = 160;   // 10 ms analysis frames
constexpr int kWin = 512;   // 32 ms window
constexpr int kBins = kWin / 2 + 1;
constexpr double kBinHz = double(kRate) / kWin;
constexpr int kMedian = 8;  // HPSS median half-width (frames and bins)
constexpr int kChunk = 2048; // analysis frames per chunk (bounded memory on long tracks)

struct RawFrame {
    float db = -120.0f;     // voice band (emphasised for songs)
    float mix_db = -120.0f; // whole mix, for an absolute reference
    float open = 0.0f;
    float round = 0.0f;
    float fric = 0.0f;
    float low_db = -120.0f; // 80–350 Hz of the mix: a nasal murmur's or a voiced closure's energy
    float mid_db = -120.0f; // 350–5000 Hz of the mix: vowels' formants, bursts and frication
    float flux_voice = 0.0f;
    float flux_perc = 0.0f;
    float f0 = 0.0f;
    float voicing = 0.0f;
};

int bin(double hz) { return std::clamp(int(std::lround(hz / kBinHz)), 0, kBins - 1); }

float medianOf(float* v, int n)
{
    std::nth_element(v, v + n / 2, v + n);
    return v[n / 2];
}

float centroid(const float* mag, int lo, int hi)
{
    double num = 0, den = 0;
    for (int k = lo; k <= hi; ++k) {
        const double e = double(mag[k]) * mag[k];
        num += e * k * kBinHz;
        den += e;
    }
    return den > 0 ? float(num / den) : 0.0f;
}

// Magnitude spectra of analysis frames [first, first + count) (frame f is centred at f·kHop).
void spectra(const std::vector<float>& x, int64_t first, int count, std::vector<float>& out)
{
    static const std::vector<float> window = [] {
        std::vector<float> w(kWin);
        for (int i = 0; i < kWin; ++i)
            w[size_t(i)] = float(0.5 - 0.5 * std::cos(2 * M_PI * i / kWin));
        return w;
    }();
    cv::Mat frames(count, kWin, CV_32F);
    const int64_t n = int64_t(x.size());
    for (int r = 0; r < count; ++r) {
        float* row = frames.ptr<float>(r);
        const int64_t start = (first + r) * kHop - kWin / 2;
        for (int i = 0; i < kWin; ++i) {
            const int64_t s = start + i;
            row[i] = (s >= 0 && s < n) ? x[size_t(s)] * window[size_t(i)] : 0.0f;
        }
    }
    cv::Mat spec;
    cv::dft(frames, spec, cv::DFT_ROWS | cv::DFT_COMPLEX_OUTPUT);
    out.assign(size_t(count) * kBins, 0.0f);
    for (int r = 0; r < count; ++r) {
        const cv::Vec2f* c = spec.ptr<cv::Vec2f>(r);
        float* o = out.data() + size_t(r) * kBins;
        for (int k = 0; k < kBins; ++k)
            o[k] = std::sqrt(c[k][0] * c[k][0] + c[k][1] * c[k][1]);
    }
}

// Vocal-band weighting: 1 inside 250–3500 Hz; below, −34 dB by 125 Hz (kick drums and bass live there, the
// voice's energy that matters for the mouth does not); above, a gentler slope to 0.15.
float vocalWeight(double hz)
{
    if (hz >= 250 && hz <= 3500)
        return 1.0f;
    if (hz < 250)
        return float(std::max(0.02, 1.0 - 0.98 * std::log2(250 / std::max(hz, 1.0))));
    return float(std::max(0.15, 1.0 - 0.85 * std::log2(hz / 3500)));
}

// YIN on an 8 kHz copy, one estimate per 10 ms frame.
void pitchTrack(const std::vector<float>& x, std::vector<RawFrame>& frames, const CancelToken* cancel)
{
    // Decimate 16 k → 8 k with a short half-band low-pass.
    static const float h[] = {-0.0106f, 0.0f, 0.0519f, 0.0f, -0.1478f, 0.0f, 0.6065f, 1.0f,
                              0.6065f,  0.0f, -0.1478f, 0.0f, 0.0519f, 0.0f, -0.0106f};
    const int taps = int(std::size(h));
    const float gain = 1.0f / std::accumulate(std::begin(h), std::end(h), 0.0f);
    std::vector<float> y(x.size() / 2 + 1, 0.0f);
    for (size_t i = 0; i < y.size(); ++i) {
        double acc = 0;
        const int64_t c = int64_t(i) * 2;
        for (int t = 0; t < taps; ++t) {
            const int64_t s = c + t - taps / 2;
            if (s >= 0 && s < int64_t(x.size()))
                acc += double(h[t]) * x[size_t(s)];
        }
        y[i] = float(acc * gain);
    }
    constexpr int W = 320;               // 40 ms at 8 kHz
    constexpr int tauMin = 8000 / 1000;  // 1000 Hz
    constexpr int tauMax = 8000 / 65;    // 65 Hz
    std::vector<double> d(tauMax + 1), cmnd(tauMax + 1);
    for (size_t f = 0; f < frames.size(); ++f) {
        if (cancel && (f & 1023) == 0)
            cancel->throwIfCancelled();
        if (frames[f].db < -60.0f)
            continue;
        const int64_t start = int64_t(f) * 80 - W / 2 - tauMax / 2;
        if (start < 0 || start + W + tauMax >= int64_t(y.size()))
            continue;
        const float* s = y.data() + start;
        for (int tau = 1; tau <= tauMax; ++tau) {
            double acc = 0;
            for (int j = 0; j < W; ++j) {
                const double diff = double(s[j]) - s[j + tau];
                acc += diff * diff;
            }
            d[size_t(tau)] = acc;
        }
        double running = 0;
        cmnd[0] = 1;
        for (int tau = 1; tau <= tauMax; ++tau) {
            running += d[size_t(tau)];
            cmnd[size_t(tau)] = running > 0 ? d[size_t(tau)] * tau / running : 1.0;
        }
        int best = -1;
        for (int tau = tauMin; tau < tauMax; ++tau) {
            if (cmnd[size_t(tau)] < 0.15) {
                while (tau + 1 < tauMax && cmnd[size_t(tau + 1)] < cmnd[size_t(tau)])
                    ++tau;
                best = tau;
                break;
            }
        }
        if (best < 0) {
            // No dip under the threshold: take the global minimum, with low confidence.
            best = int(std::min_element(cmnd.begin() + tauMin, cmnd.begin() + tauMax) - cmnd.begin());
        }
        const double a = cmnd[size_t(best - 1)], b = cmnd[size_t(best)], c = cmnd[size_t(best + 1)];
        const double denom = a - 2 * b + c;
        const double shift = std::abs(denom) > 1e-12 ? std::clamp(0.5 * (a - c) / denom, -0.5, 0.5) : 0.0;
        const float conf = float(std::clamp(1.0 - b, 0.0, 1.0));
        frames[f].voicing = conf;
        if (b < 0.35)
            frames[f].f0 = float(8000.0 / (best + shift));
    }
}

double percentile(std::vector<float> v, double p)
{
    if (v.empty())
        return 0.0;
    const size_t k = std::min(v.size() - 1, size_t(p * double(v.size() - 1)));
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(k), v.end());
    return v[k];
}

// Spectral pass, chunked: spectra → harmonic/percussive split → voice-band features and onset fluxes. Only a
// chunk of spectra is in memory at a time, so long songs cost no more memory than short ones here.
// EMPHASIS keeps only the harmonic part in the vocal band (songs: drums and bass must not open the mouth).
void spectralPass(const std::vector<float>& x, int64_t T, bool emphasis, std::vector<RawFrame>& raw,
                  const CancelToken* cancel)
{
    std::vector<float> mag, harm, perc, prev_voice(kBins, 0.0f), prev_perc(kBins, 0.0f), tmp(2 * kMedian + 1);
    const int lo_v = bin(80), hi_v = bin(5000), f1_lo = bin(250), f1_hi = bin(1000), f2_lo = bin(700),
              f2_hi = bin(2600), fr_lo = bin(4000), lo_mid = bin(350);
    std::vector<float> weights(kBins);
    for (int k = 0; k < kBins; ++k)
        weights[size_t(k)] = vocalWeight(k * kBinHz);
    for (int64_t c0 = 0; c0 < T; c0 += kChunk) {
        if (cancel)
            cancel->throwIfCancelled();
        const int64_t first = std::max<int64_t>(0, c0 - kMedian);
        const int64_t last = std::min<int64_t>(T, c0 + kChunk + kMedian);
        const int count = int(last - first);
        spectra(x, first, count, mag);
        harm.assign(mag.size(), 0.0f);
        perc.assign(mag.size(), 0.0f);
        for (int r = 0; r < count; ++r) {
            for (int k = 0; k < kBins; ++k) {
                int n = 0;
                for (int dr = -kMedian; dr <= kMedian; ++dr) {
                    const int rr = std::clamp(r + dr, 0, count - 1);
                    tmp[size_t(n++)] = mag[size_t(rr) * kBins + size_t(k)];
                }
                harm[size_t(r) * kBins + size_t(k)] = medianOf(tmp.data(), n);
                n = 0;
                for (int dk = -kMedian; dk <= kMedian; ++dk) {
                    const int kk = std::clamp(k + dk, 0, kBins - 1);
                    tmp[size_t(n++)] = mag[size_t(r) * kBins + size_t(kk)];
                }
                perc[size_t(r) * kBins + size_t(k)] = medianOf(tmp.data(), n);
            }
        }
        std::vector<float> voice(kBins), percm(kBins);
        for (int64_t f = c0; f < std::min<int64_t>(T, c0 + kChunk); ++f) {
            const int r = int(f - first);
            const float* m = mag.data() + size_t(r) * kBins;
            const float* hh = harm.data() + size_t(r) * kBins;
            const float* pp = perc.data() + size_t(r) * kBins;
            for (int k = 0; k < kBins; ++k) {
                const float h2 = hh[k] * hh[k], p2 = pp[k] * pp[k];
                const float mask_h = h2 / (h2 + p2 + 1e-12f);
                percm[size_t(k)] = m[k] * (1.0f - mask_h);
                voice[size_t(k)] = m[k] * (emphasis ? mask_h * weights[size_t(k)] : 1.0f);
            }
            RawFrame& rf = raw[size_t(f)];
            double e = 0, e_all = 0, e_hi = 0, e_low = 0, e_mid = 0;
            for (int k = lo_v; k <= hi_v; ++k) {
                e += double(voice[size_t(k)]) * voice[size_t(k)];
                (k < lo_mid ? e_low : e_mid) += double(m[k]) * m[k];
            }
            for (int k = 1; k < kBins; ++k) {
                e_all += double(m[k]) * m[k];
                if (k >= fr_lo)
                    e_hi += double(m[k]) * m[k];
            }
            // Full-scale sine → 0 dBFS: |X| = A·N/4 with a Hann window.
            const double norm = double(kWin) * kWin / 16.0 / 2.0;
            rf.db = float(10.0 * std::log10(e / norm + 1e-12));
            rf.mix_db = float(10.0 * std::log10(e_all / norm + 1e-12));
            rf.low_db = float(10.0 * std::log10(e_low / norm + 1e-12));
            rf.mid_db = float(10.0 * std::log10(e_mid / norm + 1e-12));
            const float c1 = centroid(voice.data(), f1_lo, f1_hi);
            const float c2 = centroid(voice.data(), f2_lo, f2_hi);
            rf.open = std::clamp((c1 - 380.0f) / (720.0f - 380.0f), 0.0f, 1.0f);
            rf.round = std::clamp((1500.0f - c2) / (1500.0f - 950.0f), 0.0f, 1.0f);
            rf.fric = float(e_all > 0 ? std::clamp(e_hi / e_all * 2.5, 0.0, 1.0) : 0.0);
            double fv = 0, fp = 0;
            for (int k = 1; k < kBins; ++k) {
                const float lv = std::log1p(10.0f * voice[size_t(k)]);
                const float lp = std::log1p(10.0f * percm[size_t(k)]);
                fv += std::max(0.0f, lv - prev_voice[size_t(k)]);
                fp += std::max(0.0f, lp - prev_perc[size_t(k)]);
                prev_voice[size_t(k)] = lv;
                prev_perc[size_t(k)] = lp;
            }
            rf.flux_voice = float(fv);
            rf.flux_perc = float(fp);
        }
    }

}

} // namespace

std::string phonemeSourceName(PhonemeSource s)
{
    switch (s) {
    case PhonemeSource::Auto: return "auto";
    case PhonemeSource::Sphinx: return "sphinx";
    case PhonemeSource::Spectral: return "spectral";
    }
    return "auto";
}

std::optional<PhonemeSource> phonemeSourceFromName(const std::string& name)
{
    if (name == "auto")
        return PhonemeSource::Auto;
    if (name == "sphinx" || name == "pocketsphinx")
        return PhonemeSource::Sphinx;
    if (name == "spectral")
        return PhonemeSource::Spectral;
    return std::nullopt;
}

AudioFeatures analyzeAudio(const AudioBuffer& audio, const AnalysisOptions& options, const CancelToken* cancel)
{
    if (audio.sample_rate_hz != kRate || audio.channels != 1)
        throw Error(ErrorKind::Internal, "analyzeAudio needs 16 kHz mono audio");
    if (options.fps < 1 || options.fps > 120)
        throwUsage("analysis frame rate must be 1..120 fps");
    const std::vector<float>& x = audio.samples;
    const int64_t T = std::max<int64_t>(1, (int64_t(x.size()) + kHop - 1) / kHop);
    std::vector<RawFrame> raw(static_cast<size_t>(T));

    spectralPass(x, T, options.vocal_emphasis.value_or(false), raw, cancel);
    pitchTrack(x, raw, cancel);

    // Normalise loudness to the track: its quiet floor → 0, its loud parts → 1.
    double floor_db = 0, peak_db = 0;
    auto levels = [&] {
        std::vector<float> dbs;
        dbs.reserve(raw.size());
        for (const auto& r : raw)
            dbs.push_back(r.db);
        std::vector<float> mix;
        mix.reserve(raw.size());
        for (const auto& r : raw)
            mix.push_back(r.mix_db);
        // Loudness spans 30 dB under a reference: the loud parts of the voice, but never more than 6 dB under
        // the loud parts of the whole mix, so a track without a voice (drums, an instrumental) does not get its
        // leftovers stretched to full scale.
        peak_db = std::max(percentile(dbs, 0.97), percentile(mix, 0.97) - 6.0);
        floor_db = peak_db - 30.0;
    };
    levels();
    auto loud = [&](float db) {
        if (db < -65.0f)
            return 0.0f;
        return float(std::clamp((db - floor_db) / (peak_db - 3.0 - floor_db), 0.0, 1.0));
    };

    // Lip and tongue closures inside speech, from the sound alone (any language): a voiced closure — /m/, /n/, /b/,
    // /d/, /g/ — murmurs below 350 Hz while the formants above it fall silent (low band 5–15 dB over the rest; a
    // vowel is 5–15 dB under), a few dB under the syllable around it; a voiceless one — /p/, /t/, /k/ — is a
    // silence of 30–150 ms with speech on both sides. Which closure it was (lips or tongue) the sound does not
    // say reliably; the jaw is nearly shut for all of them, so the face shows closed lips.
    std::vector<float> closure_raw(raw.size(), 0.0f);
    {
        const int64_t R = int64_t(raw.size()), reach = 15; // 150 ms
        std::vector<float> ref(raw.size());
        for (int64_t f = 0; f < R; ++f) {
            float m = -120.0f;
            for (int64_t g = std::max<int64_t>(0, f - reach); g <= std::min(R - 1, f + reach); ++g)
                m = std::max(m, raw[size_t(g)].db);
            ref[size_t(f)] = m;
        }
        for (int64_t f = 0; f < R; ++f) {
            const RawFrame& r = raw[size_t(f)];
            const float dip = ref[size_t(f)] - r.db;
            if (loud(ref[size_t(f)]) < 0.2f)
                continue; // no speech near: a pause, not a closure
            if (r.voicing > 0.45f && r.db > -65.0f) {
                const float murmur = std::clamp((r.low_db - r.mid_db - 3.0f) / 5.0f, 0.0f, 1.0f);
                closure_raw[size_t(f)] = murmur * std::clamp((dip - 4.0f) / 6.0f, 0.0f, 1.0f);
            }
        }
        // Voiceless closures: runs of ≥ 20 dB under the speech around them, 30–150 ms long, speech on both sides.
        for (int64_t f = 0; f < R;) {
            if (loud(ref[size_t(f)]) < 0.2f || ref[size_t(f)] - raw[size_t(f)].db < 20.0f) {
                ++f;
                continue;
            }
            int64_t g = f;
            while (g < R && ref[size_t(g)] - raw[size_t(g)].db >= 20.0f)
                ++g;
            const int64_t len = g - f;
            auto speech = [&](int64_t a, int64_t b) {
                for (int64_t k = std::max<int64_t>(0, a); k < std::min(R, b); ++k)
                    if (loud(raw[size_t(k)].db) > 0.25f)
                        return true;
                return false;
            };
            if (len >= 3 && len <= 15 && speech(f - 8, f) && speech(g, g + 8))
                for (int64_t k = f; k < g; ++k)
                    closure_raw[size_t(k)] = 1.0f;
            f = g;
        }
    }

    // Median F0 of confidently voiced frames.
    std::vector<float> f0s;
    for (const auto& r : raw)
        if (r.f0 > 0 && r.voicing > 0.7f && loud(r.db) > 0.1f)
            f0s.push_back(r.f0);
    const double median_f0 = f0s.empty() ? 0.0 : percentile(f0s, 0.5);

    // Tempo from the percussive onset envelope (autocorrelation over 60–180 BPM, mildly preferring ~110).
    std::vector<double> env(raw.size());
    double env_mean = 0;
    for (size_t i = 0; i < raw.size(); ++i)
        env_mean += env[i] = raw[i].flux_perc;
    env_mean /= double(std::max<size_t>(1, env.size()));
    for (auto& e : env)
        e = std::max(0.0, e - env_mean);
    double tempo = 0, strength = 0;
    int best_lag = 0;
    if (env.size() > 600) {
        double ac0 = 0;
        for (double e : env)
            ac0 += e * e;
        double best = 0;
        std::vector<float> acs;
        for (int lag = 33; lag <= 100; ++lag) {
            double ac = 0;
            for (size_t i = size_t(lag); i < env.size(); ++i)
                ac += env[i] * env[i - size_t(lag)];
            acs.push_back(float(ac));
            const double bpm = 6000.0 / lag;
            const double w = std::exp(-0.5 * std::pow(std::log2(bpm / 110.0) / 0.9, 2.0));
            if (ac * w > best) {
                best = ac * w;
                best_lag = lag;
                strength = ac0 > 0 ? ac / ac0 : 0.0;
            }
        }
        tempo = best_lag > 0 ? 6000.0 / best_lag : 0.0;
        // Periodicity contrast: how far the best lag stands above the typical lag. Beats make sharp peaks;
        // speech rhythm makes a broad, low hump.
        if (ac0 > 0 && best_lag > 0)
            strength = (double(acs[size_t(best_lag - 33)]) - percentile(acs, 0.5)) / ac0;
    }

    // Voiced-run lengths: speech voices in short syllables; songs hold notes.
    double run = 0, run_sum = 0;
    int runs = 0;
    for (const auto& r : raw) {
        const bool voiced = r.f0 > 0 && r.voicing > 0.6f && loud(r.db) > 0.1f;
        if (voiced)
            run += 0.01;
        else if (run > 0) {
            if (run > 0.05) {
                run_sum += run;
                ++runs;
            }
            run = 0;
        }
    }
    if (run > 0.05) {
        run_sum += run;
        ++runs;
    }
    const double mean_run = runs ? run_sum / runs : 0.0;
    const bool steady_beat = strength > 0.18;
    const bool is_music = steady_beat || mean_run > 0.38;
    if (!steady_beat)
        tempo = 0;
    // Songs: redo the spectral features on the emphasised voice (unless the caller decided).
    const bool emphasis = options.vocal_emphasis.value_or(is_music);
    if (emphasis != options.vocal_emphasis.value_or(false)) {
        spectralPass(x, T, emphasis, raw, cancel);
        levels();
    }

    // Beat grid: best phase for the lag, then snap each beat to the local envelope peak (±40 ms).
    std::vector<int64_t> beats;
    if (tempo > 0) {
        double best = -1;
        int phase = 0;
        for (int ph = 0; ph < best_lag; ++ph) {
            double s = 0;
            for (size_t i = size_t(ph); i < env.size(); i += size_t(best_lag))
                s += env[i];
            if (s > best) {
                best = s;
                phase = ph;
            }
        }
        for (int64_t i = phase; i < int64_t(env.size()); i += best_lag) {
            int64_t bi = i;
            for (int64_t j = std::max<int64_t>(0, i - 4); j <= std::min<int64_t>(int64_t(env.size()) - 1, i + 4); ++j)
                if (env[size_t(j)] > env[size_t(bi)])
                    bi = j;
            beats.push_back(bi);
        }
    }

    // Per video frame.
    AudioFeatures out;
    out.fps = options.fps;
    out.duration_s = audio.durationSeconds();
    out.is_music = is_music;
    out.tempo_bpm = tempo;
    out.median_f0_hz = median_f0;
    out.vocal_emphasis = emphasis;
    const int64_t F = std::max<int64_t>(1, int64_t(std::llround(out.duration_s * options.fps)));
    out.frames.resize(size_t(F));
    double flux_scale = 0;
    {
        std::vector<float> fl;
        for (const auto& r : raw)
            fl.push_back(r.flux_voice);
        flux_scale = std::max(1e-6, percentile(fl, 0.98));
    }
    size_t beat_idx = 0;
    double last_beat_s = -10;
    for (int64_t i = 0; i < F; ++i) {
        const double t0 = double(i) / options.fps, t1 = double(i + 1) / options.fps;
        const int64_t a = std::clamp<int64_t>(int64_t(t0 * 100), 0, T - 1);
        const int64_t b = std::clamp<int64_t>(int64_t(std::ceil(t1 * 100)), a + 1, T);
        FrameFeatures& ff = out.frames[size_t(i)];
        double db = 0, open = 0, round = 0, fric = 0, onset = 0, vsum = 0, clos = 0;
        std::vector<float> f0v;
        for (int64_t f = a; f < b; ++f) {
            const RawFrame& r = raw[size_t(f)];
            db = std::max(db == 0 ? -1e9 : db, double(r.db));
            const double w = loud(r.db);
            open += r.open * w;
            round += r.round * w;
            fric += r.fric;
            onset = std::max(onset, double(r.flux_voice) / flux_scale);
            vsum += r.voicing;
            clos += closure_raw[size_t(f)];
            if (r.f0 > 0)
                f0v.push_back(r.f0);
        }
        const double n = double(b - a);
        ff.rms_db = float(db);
        ff.loudness = loud(float(db));
        ff.openness = float(std::clamp(open / n / std::max(0.05, double(ff.loudness)), 0.0, 1.0));
        ff.roundness = float(std::clamp(round / n / std::max(0.05, double(ff.loudness)), 0.0, 1.0));
        ff.fricative = float(std::clamp(fric / n, 0.0, 1.0)) * (ff.loudness > 0.02f ? 1.0f : 0.0f);
        ff.onset = float(std::clamp(onset, 0.0, 1.0));
        ff.voicing = float(vsum / n);
        // A closure over three quarters of the frame's time reads as closed, half of it as half; a sliver not at all.
        ff.closure = float(std::clamp((clos / n - 0.25) / 0.5, 0.0, 1.0));
        if (!f0v.empty() && ff.voicing > 0.5f) {
            ff.f0_hz = float(percentile(f0v, 0.5));
            if (median_f0 > 0)
                ff.pitch_rel = float(12.0 * std::log2(ff.f0_hz / median_f0));
        }
        while (beat_idx < beats.size() && double(beats[beat_idx]) / 100.0 < t1) {
            last_beat_s = double(beats[beat_idx]) / 100.0;
            ++beat_idx;
        }
        ff.beat = tempo > 0 ? float(std::exp(-std::max(0.0, t0 - last_beat_s) / 0.12)) : 0.0f;
    }

    // Phones.
    PhonemeSource src = options.phonemes;
    if (src == PhonemeSource::Auto)
        src = is_music ? PhonemeSource::Spectral : PhonemeSource::Sphinx;
    out.phoneme_source = src;
    if (src == PhonemeSource::Sphinx && options.recognize_phones)
        out.phones = recognizePhones(audio, options.sphinx_model_dir, cancel, options.sphinx_search);
    return out;
}

} // namespace emote::audio
