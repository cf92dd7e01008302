// INTERNAL (torch types): Hallo's inference loop (scripts/inference.py + FaceAnimatePipeline) as named stages.
// Models load once into HalloModels and are shared by every clip; each run keeps its own state. Not a public API.
//
//   HalloModels models(configs);                  // build from configs
//   models.load(weights_file);                    // strict: every key used, every parameter present
//   HalloRun run = planHalloRun(models, request); // plan: clips, timesteps
//   for (int k = 0; k < run.clips; ++k) {
//       HalloClip clip = prepareClip(models, run, k, previous_video);   // reference features, audio, masks
//       sampleClip(models, run, clip, noise, on_step);                  // per step: cancel, progress
//       torch::Tensor frames = decodeClip(models, clip);                // [3, F, H, W] in [0, 1]
//   }
#pragma once

#include "core/diffusion/detail/autoencoder_kl.h"
#include "core/diffusion/detail/hallo_modules.h"
#include "core/diffusion/detail/scheduler.h"
#include "core/diffusion/detail/unet.h"

#include <functional>

namespace emote::diffusion {

struct HalloConfigs {
    UNetConfig reference_unet;
    UNetConfig denoising_unet;
    AutoencoderKLConfig vae;
    FaceLocatorConfig face_locator;
    ImageProjConfig imageproj;
    AudioProjConfig audioproj;
    DdimConfig scheduler;
};

// Hallo hard-codes the SD latent scale for both encoding and decoding (face_animate.py:234, 336).
constexpr double kHalloLatentScale = 0.18215;

class HalloModels {
public:
    explicit HalloModels(const HalloConfigs& configs);
    // Loads `reference_unet.`, `denoising_unet.`, `face_locator.`, `imageproj.`, `audioproj.`, `vae.` keys.
    void load(const nn::SafetensorsFile& weights, const nn::NameMap& vae_names = {});

    // Runs every module in DTYPE (float32, or bfloat16 on the CPU): the weights are converted once, and the
    // pipeline casts at the module boundaries; the scheduler, the latents between steps and the decoded
    // frames stay float32.
    void setDtype(torch::ScalarType dtype);
    torch::ScalarType dtype() const { return m_dtype; }

    HalloConfigs configs;
    std::shared_ptr<HalloUNet> reference_unet, denoising_unet;
    std::shared_ptr<AutoencoderKL> vae;
    std::shared_ptr<FaceLocator> face_locator;
    std::shared_ptr<ImageProj> imageproj;
    std::shared_ptr<AudioProj> audioproj;

private:
    torch::ScalarType m_dtype = torch::kFloat32;
};

struct HalloRequest {
    torch::Tensor source_image_CHW; // [3, H, W] in [-1, 1]
    torch::Tensor face_region_CHW;  // [3, H, W] in [0, 1]
    torch::Tensor face_emb;         // [1, clip_dim]
    torch::Tensor audio_emb;        // [T, blocks, channels]: wav2vec hidden states per frame (T padded to F·k)
    std::vector<torch::Tensor> full_mask, face_mask, lip_mask; // per level, [1, tokens]
    std::int64_t clip_length = 16;
    std::int64_t n_motion_frames = 2;
    std::int64_t inference_steps = 40;
    double cfg_scale = 3.5;
    std::vector<double> motion_scale{1.0, 1.0, 1.0};
    std::int64_t audio_length = 0; // frames kept at the end (the last clip is trimmed, never dropped)
    // EMO speed layers: head rotation speed per frame (degrees per frame), at least as many as audio_emb rows;
    // needed exactly when the denoising UNet has speed layers (ignored otherwise).
    std::vector<double> head_speeds;
};

struct HalloRun {
    HalloRequest request;
    std::int64_t clips = 0;
    std::vector<std::int64_t> timesteps;
    torch::Tensor audio_windows;     // [T, 5, blocks, channels]
    torch::Tensor face_tokens;       // [2, tokens, cross_dim]: [uncond, cond]
    torch::Tensor face_features;     // [2, C0, F, h, w]: [zeros, face locator]
    AudioMasks masks;                // per level [2·F, tokens]
    torch::Tensor speed_encoding;    // [T, buckets] when the UNet has speed layers
};

struct HalloClip {
    std::int64_t index = 0;
    torch::Tensor ref_latents;  // [1+nm, 4, h, w], scaled
    torch::Tensor audio_tokens; // [1, F, ctx, dim]
    ReferenceBank bank;         // float16-rounded, written once per clip
    torch::Tensor latents;      // [1, 4, F, h, w]
    torch::Tensor speed_features; // [1, nm + F, D] when the UNet has speed layers: global frames index·F − nm …
};

HalloRun planHalloRun(HalloModels& models, const HalloRequest& request);

// PREVIOUS_VIDEO: the decoded [3, F, H, W] frames of clip index−1 (undefined for clip 0).
HalloClip prepareClip(HalloModels& models, const HalloRun& run, std::int64_t index, const torch::Tensor& previous_video);

// ON_STEP(step, steps) is called after every step; returning false cancels (the function then returns false).
bool sampleClip(HalloModels& models, const HalloRun& run, HalloClip& clip, const torch::Tensor& noise_BCFHW,
                const std::function<bool(std::int64_t, std::int64_t)>& on_step = {});

// Each frame decoded separately, as Hallo does: [3, F, H, W] in [0, 1].
torch::Tensor decodeClip(HalloModels& models, const HalloClip& clip);

} // namespace emote::diffusion
