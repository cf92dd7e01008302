// pocketsphinx lives alone in this file: its headers must not meet OpenCV's (int64/uint64 typedef clash).
#include "core/audio/phonemes.h"

#include "core/common/error.h"

#include <pocketsphinx.h>
#include <sphinxbase/err.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>
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

// Fast (the engine): context-independent phone HMMs (-allphone_ci) with beams of 1e-20. Measured on the
// speech sample: 1.1 s CPU for 9.9 s of audio against 4.9 s for triphones at beams of 1e-10, with the same
// agreement (77% vs 76% of 10 ms frames) with a wide triphone search, and every p/b/m of it found.
// Thorough (evaluation references): triphones at beams of 1e-20, 99% frame agreement with pocketsphinx's own
// defaults (1e-48, which take 115 s CPU for the same 9.9 s); independent of the engine's shortcut.
std::pair<ConfigPtr, DecoderPtr> makeDecoder(const std::string& model_dir, SphinxSearch search)
{
    const std::string hmm = model_dir + "/en-us/en-us";
    const std::string lm = model_dir + "/en-us/en-us-phone.lm.bin";
    const bool fast = search == SphinxSearch::Fast;
    // sphinxbase logs through one process-wide FILE. With "-logfn", every ps_init() closes the previous log file
    // and opens its own, while a decoder on another thread may still be writing to the old one (a use after
    // fclose that deadlocked in fputc). Logging is switched off once, for the whole process, instead.
    static std::once_flag quiet;
    std::call_once(quiet, [] { err_set_logfp(nullptr); });
    std::vector<std::string> args{"-hmm", hmm, "-allphone", lm, "-backtrace", "yes", "-lw", "2.0",
                                  "-samprate", "16000",
                                  // Keep silence frames: with the default VAD trimming, phone times skip every pause.
                                  "-remove_silence", "no"};
    for (const char* a : {"-beam", "1e-20", "-pbeam", "1e-20"})
        args.emplace_back(a);
    if (fast) {
        args.emplace_back("-allphone_ci");
        args.emplace_back("yes");
    }
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>("emote"));
    for (auto& a : args)
        argv.push_back(a.data());
    ConfigPtr config(cmd_ln_parse_r(nullptr, ps_args(), int(argv.size()), argv.data(), TRUE));
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

struct PhoneStream::Impl {
    const AudioBuffer* audio = nullptr; // the caller's, alive as long as the stream (no copy: RSS stays flat)
    std::vector<int64_t> bounds;
    std::string model_dir;
    SphinxSearch search = SphinxSearch::Fast;
    std::vector<std::vector<Phone>> results;
    std::vector<char> done;
    size_t prefix = 0;             // chunks 0..prefix-1 are done
    std::atomic<size_t> next{0};   // next chunk to hand out
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    mutable std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::thread> pool;

    void decodeChunk(ps_decoder_t* ps, int frate, size_t c, std::vector<int16>& pcm)
    {
        const int64_t start = bounds[c], len = bounds[c + 1] - bounds[c];
        pcm.resize(size_t(len));
        for (int64_t i = 0; i < len; ++i)
            pcm[size_t(i)] = int16(std::clamp(audio->samples[size_t(start + i)] * 32767.0f, -32768.0f, 32767.0f));
        if (ps_start_utt(ps) < 0)
            throw Error(ErrorKind::Internal, "pocketsphinx failed to start an utterance");
        ps_process_raw(ps, pcm.data(), size_t(len), FALSE, TRUE);
        ps_end_utt(ps);
        const double offset = double(start) / 16000.0;
        std::vector<Phone> out;
        for (ps_seg_t* seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
            int sf = 0, ef = 0;
            ps_seg_frames(seg, &sf, &ef);
            Phone p;
            p.label = ps_seg_word(seg);
            p.start_s = offset + double(sf) / frate;
            p.end_s = offset + double(ef + 1) / frate;
            if (p.label.empty() || p.label[0] == '+' || p.label[0] == '<' || p.label == "SIL")
                p.label = "SIL";
            out.push_back(std::move(p));
        }
        std::lock_guard lock(mutex);
        results[c] = std::move(out);
        done[c] = 1;
        while (prefix < done.size() && done[prefix])
            ++prefix;
        changed.notify_all();
    }

    void worker()
    {
        try {
            // Chunks are handed out in time order, so the finished prefix grows steadily. Each chunk gets a
            // fresh decoder (8 ms to make): a decoder carries state from one utterance into the next, so a reused
            // one gave phones that depended on which chunks its thread had decoded before, that is on timing.
            std::vector<int16> pcm;
            for (size_t c = next++; c < results.size() && !stop; c = next++) {
                auto [config, ps] = makeDecoder(model_dir, search);
                decodeChunk(ps.get(), cmd_ln_int32_r(config.get(), "-frate"), c, pcm);
            }
        } catch (...) {
            std::lock_guard lock(mutex);
            if (!failure)
                failure = std::current_exception();
            stop = true;
            changed.notify_all();
        }
    }
};

PhoneStream::PhoneStream(const AudioBuffer& audio, const std::string& model_dir, int threads, SphinxSearch search)
    : d(new Impl)
{
    d->search = search;
    if (audio.sample_rate_hz != 16000 || audio.channels != 1)
        throw Error(ErrorKind::Internal, "PhoneStream needs 16 kHz mono audio");
    if (!std::filesystem::exists(model_dir + "/en-us/en-us/mdef") ||
        !std::filesystem::exists(model_dir + "/en-us/en-us-phone.lm.bin"))
        throw Error(ErrorKind::Internal, "pocketsphinx model missing in '" + model_dir +
                                             "'. Install Debian's pocketsphinx-en-us (scripts/setup.sh does).");
    d->model_dir = model_dir;
    d->bounds = chunkBounds(audio);
    d->audio = &audio;
    const size_t chunks = d->bounds.size() - 1;
    d->results.resize(chunks);
    d->done.assign(chunks, 0);
    const size_t want = threads > 0 ? size_t(threads) : std::max(1u, std::thread::hardware_concurrency());
    for (size_t t = 0; t < std::min(chunks, want); ++t)
        d->pool.emplace_back([this] { d->worker(); });
}

PhoneStream::~PhoneStream()
{
    d->stop = true;
    for (auto& t : d->pool)
        t.join();
}

double PhoneStream::durationSeconds() const { return double(d->audio->samples.size()) / 16000.0; }

double PhoneStream::waitFor(double t_s, const CancelToken* cancel)
{
    std::unique_lock lock(d->mutex);
    auto ready = [&] {
        return d->failure || d->prefix == d->results.size() || double(d->bounds[d->prefix]) / 16000.0 >= t_s;
    };
    while (!ready()) {
        if (cancel && cancel->cancelled())
            break;
        d->changed.wait_for(lock, std::chrono::milliseconds(50));
    }
    if (d->failure)
        std::rethrow_exception(d->failure);
    if (cancel)
        cancel->throwIfCancelled();
    return d->prefix == d->results.size() ? durationSeconds() : double(d->bounds[d->prefix]) / 16000.0;
}

std::vector<Phone> PhoneStream::finishedPhones() const
{
    std::lock_guard lock(d->mutex);
    std::vector<Phone> phones;
    for (size_t c = 0; c < d->prefix; ++c)
        phones.insert(phones.end(), d->results[c].begin(), d->results[c].end());
    return phones;
}

std::vector<Phone> recognizePhones(const AudioBuffer& audio, const std::string& model_dir,
                                   const CancelToken* cancel, SphinxSearch search)
{
    PhoneStream stream(audio, model_dir, 0, search);
    stream.waitFor(1e300, cancel);
    return stream.finishedPhones();
}

} // namespace emote::audio
