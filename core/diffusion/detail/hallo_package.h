// INTERNAL (torch types): a verified Hallo model package, built and loaded strictly. Not a public API.
//
//   auto pkg = loadHalloPackage("models/hallo");     // manifest, sizes + SHA-256, configs, strict weights
//   pkg->models.denoising_unet ...; pkg->wav2vec2->forward(...)
#pragma once

#include "core/diffusion/detail/hallo_pipeline.h"
#include "core/diffusion/model_package.h"

#include <memory>

namespace emote::diffusion {

struct HalloInference {
    std::int64_t width = 512, height = 512;
    std::int64_t clip_length = 16;
    std::int64_t n_motion_frames = 2;
    std::vector<double> motion_scale{1.0, 1.0, 1.0}; // pose, face, lip
};

struct HalloPackage {
    ModelManifest manifest;
    HalloConfigs configs;
    Wav2Vec2Config wav2vec2_config;
    HalloInference inference;
    std::unique_ptr<HalloModels> models;
    std::shared_ptr<Wav2Vec2> wav2vec2;
};

// Throws emote::Error(Input) naming the file / key and what to do. VERIFY=false skips the SHA-256 pass
// (sizes are still checked); only for callers that have just verified the same files.
std::unique_ptr<HalloPackage> loadHalloPackage(const std::filesystem::path& package, bool verify = true);

} // namespace emote::diffusion
