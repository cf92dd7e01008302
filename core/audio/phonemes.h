// Timed phones from speech, through pocketsphinx in allphone mode (the approach of Rhubarb Lip Sync).
// No OpenCV here: sphinxbase's prim_type.h typedefs clash with OpenCV's (DESIGN.md §3).
//
//   auto phones = emote::audio::recognizePhones(mono16k, "/usr/share/pocketsphinx/model/en-us");
//   for (const auto& p : phones) std::printf("%.2f-%.2f %s\n", p.start_s, p.end_s, p.label.c_str());
#pragma once

#include "core/common/audio_buffer.h"
#include "core/common/cancel_token.h"

#include <memory>
#include <string>
#include <vector>

namespace emote::audio {

struct Phone {
    double start_s = 0.0;
    double end_s = 0.0;
    std::string label; // CMU/ARPAbet phone ("AA", "P", "M", ...) or "SIL"
};

// How hard the decoder searches: Fast for the engine (tight beams), Thorough for evaluation references.
enum class SphinxSearch { Fast, Thorough };

// The pocketsphinx model folder shipped by Debian's pocketsphinx-en-us (with en-us/ and en-us-phone.lm.bin).
std::string defaultSphinxModelDir();

// AUDIO must be 16 kHz mono. Throws emote::Error(Internal) when the model is missing.
std::vector<Phone> recognizePhones(const AudioBuffer& audio, const std::string& model_dir,
                                   const CancelToken* cancel = nullptr, SphinxSearch search = SphinxSearch::Fast);

// The same recognition as a stream, so a caller can render the start of a track while the rest is still being
// decoded: the track is cut into ~5 s chunks at quiet points, decoded on THREADS background threads (0 = one
// per core), and phones become final in time order. The phones are identical to recognizePhones'.
//
//   emote::audio::PhoneStream stream(mono16k, defaultSphinxModelDir());
//   double ready_s = stream.waitFor(2.0, &cancel);   // phones before ready_s (≥ 2.0 or the end) are final
//   auto phones = stream.finishedPhones();
class PhoneStream {
public:
    // AUDIO must outlive the stream (it is read, not copied).
    PhoneStream(const AudioBuffer& audio, const std::string& model_dir, int threads = 0,
                SphinxSearch search = SphinxSearch::Fast);
    ~PhoneStream(); // stops the decoders and waits for them
    PhoneStream(const PhoneStream&) = delete;
    PhoneStream& operator=(const PhoneStream&) = delete;

    // Blocks until every phone before T_S is final (or the whole track is done) and returns the time up to
    // which phones are final. Rethrows a decoder failure; throws emote::Error(Cancelled) when CANCEL is set.
    double waitFor(double t_s, const CancelToken* cancel = nullptr);
    // The phones of the finished prefix, in time order.
    std::vector<Phone> finishedPhones() const;
    double durationSeconds() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::audio
