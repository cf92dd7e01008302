// INTERNAL (torch types): the sampler interface of the Diffusion engine and diffusers' DDIM behind it. Not a
// public API; include only from .cpp files of core/diffusion and its tests.
//
//   emote::diffusion::DdimScheduler ddim(emote::diffusion::DdimConfig::fromJson(json));
//   ddim.setTimesteps(40);
//   for (std::int64_t t : ddim.timesteps())
//       latents = ddim.step(model(latents, t), t, latents);
#pragma once

#include "core/diffusion/configs.h"

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace emote::diffusion {

class Scheduler {
public:
    virtual ~Scheduler() = default;
    virtual void setTimesteps(std::int64_t num_inference_steps) = 0;
    virtual const std::vector<std::int64_t>& timesteps() const = 0;
    virtual double initNoiseSigma() const { return 1.0; }
    virtual torch::Tensor scaleModelInput(const torch::Tensor& sample, std::int64_t /*t*/) const { return sample; }
    // One reverse step: the sample at the previous timestep.
    virtual torch::Tensor step(const torch::Tensor& model_output, std::int64_t t, const torch::Tensor& sample) const = 0;
};

// diffusers DDIMScheduler v0.27.2 with eta = 0, reproducing its float32 arithmetic and numpy spacing rules.
class DdimScheduler final : public Scheduler {
public:
    explicit DdimScheduler(const DdimConfig& config);

    void setTimesteps(std::int64_t num_inference_steps) override;
    const std::vector<std::int64_t>& timesteps() const override { return m_timesteps; }
    torch::Tensor step(const torch::Tensor& model_output, std::int64_t t, const torch::Tensor& sample) const override;

    const torch::Tensor& alphasCumprod() const { return m_alphas_cumprod; } // [num_train_timesteps] float32

private:
    DdimConfig m_config;
    torch::Tensor m_alphas_cumprod;
    torch::Tensor m_final_alpha_cumprod; // 0-dim float32
    std::int64_t m_num_inference_steps = 0;
    std::vector<std::int64_t> m_timesteps;
};

} // namespace emote::diffusion
