// Timed phones from speech, through pocketsphinx in allphone mode (the approach of Rhubarb Lip Sync).
// No OpenCV here: sphinxbase's prim_type.h typedefs clash with OpenCV's (DESIGN.md §3).
//
//   auto phones = emote::audio::recognizePhones(mono16k, "/usr/share/pocketsphinx/model/en-us");
//   for (const auto& p : phones) std::printf("%.2f-%.2f %s\n", p.start_s, p.end_s, p.label.c_str());
#pragma once

#include "core/common/audio_buffer.h"
#include "core/common/cancel_token.h"

#include <string>
#include <vector>

namespace emote::audio {

struct Phone {
    double start_s = 0.0;
    double end_s = 0.0;
    std::string label; // CMU/ARPAbet phone ("AA", "P", "M", ...) or "SIL"
};

// The pocketsphinx model folder shipped by Debian's pocketsphinx-en-us (with en-us/ and en-us-phone.lm.bin).
std::string defaultSphinxModelDir();

// AUDIO must be 16 kHz mono. Throws emote::Error(Internal) when the model is missing.
std::vector<Phone> recognizePhones(const AudioBuffer& audio, const std::string& model_dir,
                                   const CancelToken* cancel = nullptr);

} // namespace emote::audio
