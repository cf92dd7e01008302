#include "core/diffusion/detail/scheduler.h"

#include "core/common/error.h"

#include <cfenv>
#include <cmath>

namespace emote::diffusion {

namespace {

// numpy.round: half to even (the default FE_TONEAREST mode of nearbyint).
double roundHalfEven(double x)
{
    return std::nearbyint(x);
}

torch::Tensor betasFor(const DdimConfig& c)
{
    const auto n = c.num_train_timesteps;
    if (!c.trained_betas.empty())
        return torch::tensor(c.trained_betas, torch::kFloat64).to(torch::kFloat32);
    if (c.beta_schedule == "linear")
        return torch::linspace(c.beta_start, c.beta_end, n, torch::kFloat32);
    if (c.beta_schedule == "scaled_linear")
        return torch::linspace(std::sqrt(c.beta_start), std::sqrt(c.beta_end), n, torch::kFloat32).pow(2);
    // squaredcos_cap_v2 (betas_for_alpha_bar, cosine): computed in double, stored as float32.
    std::vector<double> betas;
    auto alpha_bar = [](double t) { return std::pow(std::cos((t + 0.008) / 1.008 * M_PI / 2), 2); };
    for (std::int64_t i = 0; i < n; ++i) {
        const double t1 = double(i) / double(n), t2 = double(i + 1) / double(n);
        betas.push_back(std::min(1 - alpha_bar(t2) / alpha_bar(t1), 0.999));
    }
    return torch::tensor(betas, torch::kFloat64).to(torch::kFloat32);
}

// diffusers rescale_zero_terminal_snr, in float32 as upstream.
torch::Tensor rescaleZeroTerminalSnr(const torch::Tensor& betas)
{
    auto alphas = 1.0 - betas;
    auto alphas_bar_sqrt = alphas.cumprod(0).sqrt();
    auto first = alphas_bar_sqrt[0].clone();
    auto last = alphas_bar_sqrt[-1].clone();
    alphas_bar_sqrt = alphas_bar_sqrt - last;
    alphas_bar_sqrt = alphas_bar_sqrt * (first / (first - last));
    auto alphas_bar = alphas_bar_sqrt.pow(2);
    auto ratios = alphas_bar.slice(0, 1) / alphas_bar.slice(0, 0, -1);
    alphas = torch::cat({alphas_bar.slice(0, 0, 1), ratios});
    return 1.0 - alphas;
}

} // namespace

DdimScheduler::DdimScheduler(const DdimConfig& config) : m_config(config)
{
    auto betas = betasFor(config);
    if (config.rescale_betas_zero_snr)
        betas = rescaleZeroTerminalSnr(betas);
    m_alphas_cumprod = (1.0 - betas).cumprod(0);
    m_final_alpha_cumprod = config.set_alpha_to_one ? torch::tensor(1.0f) : m_alphas_cumprod[0].clone();
}

void DdimScheduler::setTimesteps(std::int64_t steps)
{
    const std::int64_t n = m_config.num_train_timesteps;
    if (steps < 1 || steps > n)
        throwUsage("the number of inference steps is " + std::to_string(steps) + "; it must be in 1.." +
                   std::to_string(n) + " for this scheduler");
    std::fesetround(FE_TONEAREST);
    m_num_inference_steps = steps;
    m_timesteps.clear();
    if (m_config.timestep_spacing == "linspace") {
        // np.linspace(0, n - 1, steps).round()[::-1]
        for (std::int64_t i = steps - 1; i >= 0; --i) {
            const double v = steps == 1 ? 0.0 : double(i) * (double(n - 1) / double(steps - 1));
            m_timesteps.push_back(std::int64_t(roundHalfEven(i == steps - 1 ? double(n - 1) : v)));
        }
    } else if (m_config.timestep_spacing == "leading") {
        const std::int64_t ratio = n / steps;
        for (std::int64_t i = steps - 1; i >= 0; --i)
            m_timesteps.push_back(i * ratio + m_config.steps_offset);
    } else { // trailing: np.round(np.arange(n, 0, -n / steps)) - 1
        const double start = double(n), step = -double(n) / double(steps);
        const auto length = std::int64_t(std::ceil((0.0 - start) / step));
        const double delta = (start + step) - start; // numpy fills start + i·delta
        for (std::int64_t i = 0; i < length; ++i)
            m_timesteps.push_back(std::int64_t(roundHalfEven(start + double(i) * delta)) - 1);
    }
}

torch::Tensor DdimScheduler::step(const torch::Tensor& model_output, std::int64_t t, const torch::Tensor& sample) const
{
    if (m_num_inference_steps == 0)
        throw Error(ErrorKind::Internal, "DdimScheduler::step called before setTimesteps");
    const std::int64_t n = m_config.num_train_timesteps;
    if (t < 0 || t >= n)
        throw Error(ErrorKind::Internal, "DDIM timestep " + std::to_string(t) + " out of range");
    // diffusers subtracts n // steps, which is not always the next timestep of the list (trailing spacing).
    const std::int64_t prev_t = t - n / m_num_inference_steps;
    const auto options = sample.options();
    const torch::Tensor alpha_t = m_alphas_cumprod[t].to(options);
    const torch::Tensor alpha_prev = (prev_t >= 0 ? m_alphas_cumprod[prev_t] : m_final_alpha_cumprod).to(options);
    const torch::Tensor beta_t = 1.0 - alpha_t;

    torch::Tensor x0, eps;
    if (m_config.prediction_type == "epsilon") {
        x0 = (sample - beta_t.pow(0.5) * model_output) / alpha_t.pow(0.5);
        eps = model_output;
    } else if (m_config.prediction_type == "sample") {
        x0 = model_output;
        eps = (sample - alpha_t.pow(0.5) * x0) / beta_t.pow(0.5);
    } else { // v_prediction
        x0 = alpha_t.pow(0.5) * sample - beta_t.pow(0.5) * model_output;
        eps = alpha_t.pow(0.5) * model_output + beta_t.pow(0.5) * sample;
    }
    if (m_config.clip_sample)
        x0 = x0.clamp(-m_config.clip_sample_range, m_config.clip_sample_range);
    const torch::Tensor direction = (1.0 - alpha_prev).pow(0.5) * eps;
    return alpha_prev.pow(0.5) * x0 + direction;
}

} // namespace emote::diffusion
