// pocketsphinx lives alone in this file: its headers must not meet OpenCV's (int64/uint64 typedef clash).
#include "core/audio/phonemes.h"

#include "core/common/error.h"

#include <pocketsphinx.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <cmath>
#include <filesystem>
#include <memory>

namespace emote::audio {

namespace {
struct ConfigDeleter {
    void operator()(cmd_ln_t* c) const { cmd_ln_free_r(c); }
};
struct DecoderDeleter {
    void operator()(ps_decoder_t* d) const { ps_free(d); }
};
} // namespace

std::string defaultSphinxModelDir()
{
#ifdef EMOTE_SPHINX_MODEL_DIR
    return EMOTE_SPHINX_MODEL_DIR;
#else
    return "/usr/share/pocketsphinx/model";
#endif
}

namespace {

using DecoderPtr = std::unique_ptr<ps_decoder_t, DecoderDeleter>;
using ConfigPtr = std::unique_ptr<cmd_ln_t, ConfigDeleter>;

// Beams of 1e-10 (rather than the 1e-20 often quoted) decode ~5x faster with nearly the same phones on our
// speech samples (measured: 19.0 s → 3.6 s for 9.9 s of speech on one core).
std::pair<ConfigPtr, DecoderPtr> makeDecoder(const std::string& model_dir)
{
    const std::string hmm = model_dir + "/en-us/en-us";
    const std::string lm = model_dir + "/en-us/en-us-phone.lm.bin";
    ConfigPtr config(cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-allphone", lm.c_str(),
                                 "-backtrace", "yes", "-beam", "1e-10", "-pbeam", "1e-10", "-lw", "2.0", "-logfn",
                                 "/dev/null", "-samprate", "16000",
                                 // Keep silence frames: with the default VAD trimming, phone times skip every pause.
                                 "-remove_silence", "no", nullptr));
    if (!config)
        throw Error(ErrorKind::Internal, "pocketsphinx configuration failed");
    DecoderPtr ps(ps_init(config.get()));
    if (!ps)
        throw Error(ErrorKind::Internal, "pocketsphinx could not load its model from '" + model_dir + "'");
    return {std::move(config), std::move(ps)};
}

// Chunk boundaries near every ~5 s (so both cores decode even short clips), moved to the quietest 20 ms
// within ±1.5 s so no phone is cut.
std::vector<int64_t> chunkBounds(const AudioBuffer& audio)
{
    const int64_t n = audio.frameCount();
    std::vector<int64_t> bounds{0};
    const int64_t step = 16000 * 5, search = 16000 * 3 / 2, win = 320;
    for (int64_t target = step; target < n - step / 2; target += step) {
        int64_t best = target;
        double best_e = 1e30;
        for (int64_t c = std::max<int64_t>(bounds.back() + win, target - search);
             c + win < std::min<int64_t>(n, target + search); c += win / 2) {
            double e = 0;
            for (int64_t i = c; i < c + win; ++i)
                e += double(audio.samples[size_t(i)]) * audio.samples[size_t(i)];
            if (e < best_e) {
                best_e = e;
                best = c + win / 2;
            }
        }
        bounds.push_back(best);
    }
    bounds.push_back(n);
    return bounds;
}

} // namespace

std::vector<Phone> recognizePhones(const AudioBuffer& audio, const std::string& model_dir,
                                   const CancelToken* cancel)
{
    if (audio.sample_rate_hz != 16000 || audio.channels != 1)
        throw Error(ErrorKind::Internal, "recognizePhones needs 16 kHz mono audio");
    if (!std::filesystem::exists(model_dir + "/en-us/en-us/mdef") ||
        !std::filesystem::exists(model_dir + "/en-us/en-us-phone.lm.bin"))
        throw Error(ErrorKind::Internal, "pocketsphinx model missing in '" + model_dir +
                                             "'. Install Debian's pocketsphinx-en-us (scripts/setup.sh does).");
    const std::vector<int64_t> bounds = chunkBounds(audio);
    const size_t chunks = bounds.size() - 1;
    std::vector<std::vector<Phone>> results(chunks);
    std::atomic<size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        try {
            auto [config, ps] = makeDecoder(model_dir);
            const int frate = cmd_ln_int32_r(config.get(), "-frate");
            std::vector<int16> pcm;
            for (size_t c = next++; c < chunks; c = next++) {
                if (cancel && cancel->cancelled())
                    return;
                const int64_t start = bounds[c], len = bounds[c + 1] - bounds[c];
                pcm.resize(size_t(len));
                for (int64_t i = 0; i < len; ++i)
                    pcm[size_t(i)] =
                        int16(std::clamp(audio.samples[size_t(start + i)] * 32767.0f, -32768.0f, 32767.0f));
                if (ps_start_utt(ps.get()) < 0)
                    throw Error(ErrorKind::Internal, "pocketsphinx failed to start an utterance");
                ps_process_raw(ps.get(), pcm.data(), size_t(len), FALSE, TRUE);
                ps_end_utt(ps.get());
                const double offset = double(start) / 16000.0;
                for (ps_seg_t* seg = ps_seg_iter(ps.get()); seg; seg = ps_seg_next(seg)) {
                    int sf = 0, ef = 0;
                    ps_seg_frames(seg, &sf, &ef);
                    Phone p;
                    p.label = ps_seg_word(seg);
                    p.start_s = offset + double(sf) / frate;
                    p.end_s = offset + double(ef + 1) / frate;
                    if (p.label.empty() || p.label[0] == '+' || p.label[0] == '<' || p.label == "SIL")
                        p.label = "SIL";
                    results[c].push_back(std::move(p));
                }
            }
        } catch (...) {
            std::lock_guard lock(failure_mutex);
            if (!failure)
                failure = std::current_exception();
        }
    };
    const size_t threads = std::min<size_t>(chunks, std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
    if (cancel)
        cancel->throwIfCancelled();
    std::vector<Phone> phones;
    for (auto& r : results)
        phones.insert(phones.end(), std::make_move_iterator(r.begin()), std::make_move_iterator(r.end()));
    return phones;
}

} // namespace emote::audio
