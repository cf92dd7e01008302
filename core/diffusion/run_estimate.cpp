#include "core/diffusion/run_estimate.h"

#include "core/diffusion/model_package.h"

#include <torch/torch.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace emote::diffusion {

namespace {

// README, Benchmarks: `bench_diffusion sd15-512` (Hallo's SD1.5-sized modules at 512², 16 frames per clip + 2
// motion frames, float32, 2 threads) on the 2-core reference machine, quiet.
constexpr double kStepS = 518.6;          // one denoising step (classifier-free guidance batch of 2)
constexpr double kReferenceUNetS = 37.5;  // the reference UNet, once per clip
constexpr double kVaeEncodeS = 24.8;      // the VAE encoding of the source and motion frames, once per clip
constexpr double kVaeDecodePerFrameS = 16.3;
constexpr int kTableFrames = 16 + 2;      // latent frames of the measured step
constexpr int kTableLatentPixels = 64 * 64;
// measuredCpuGflops() on that machine: the best of 87 runs of this estimate (`emote generate --engine diffusion
// --json`, its "cpu_gflops"), taken while other builds shared its 2 cores (load 6-12; single runs 40-89). Its
// quiet figure is likely higher, which makes the estimates elsewhere read somewhat low (README).
constexpr double kReferenceGflops = 89.0;

std::string about(double s)
{
    char b[64];
    if (s < 90)
        std::snprintf(b, sizeof b, "about %.0f seconds", s);
    else if (s < 90 * 60)
        std::snprintf(b, sizeof b, "about %.0f minutes", s / 60);
    else if (s < 48 * 3600)
        std::snprintf(b, sizeof b, "about %.0f hours", s / 3600);
    else
        std::snprintf(b, sizeof b, "about %.0f hours = %.1f days", s / 3600, s / 86400);
    return b;
}

struct ModelShape {
    bool hallo_sized = false; // SD1.5-sized UNets: the measured table applies
    int width = 512, height = 512, clip_length = 16, motion_frames = 2;
};

ModelShape shapeOf(const std::string& package)
{
    ModelShape m;
    if (package.empty())
        return m;
    try {
        const ModelManifest manifest = readManifest(package);
        const QJsonObject c = QJsonDocument::fromJson(QByteArray::fromStdString(manifest.config_json)).object();
        const QJsonObject unet = c.value(QStringLiteral("denoising_unet")).toObject();
        m.hallo_sized = unet.value(QStringLiteral("block_out_channels")).toArray() == QJsonArray{320, 640, 1280, 1280} &&
                        unet.value(QStringLiteral("cross_attention_dim")).toInt(768) == 768;
        const QJsonObject inf = c.value(QStringLiteral("inference")).toObject();
        m.width = inf.value(QStringLiteral("width")).toInt(512);
        m.height = inf.value(QStringLiteral("height")).toInt(512);
        m.clip_length = inf.value(QStringLiteral("clip_length")).toInt(16);
        m.motion_frames = inf.value(QStringLiteral("n_motion_frames")).toInt(2);
    } catch (const std::exception&) {
        m.hallo_sized = false;
    }
    return m;
}

} // namespace

double measuredCpuGflops()
{
    static const double gflops = [] {
        c10::InferenceMode guard;
        constexpr std::int64_t n = 1024;
        const torch::Tensor a = torch::rand({n, n});
        const torch::Tensor b = torch::rand({n, n});
        torch::Tensor c = torch::mm(a, b); // warm-up: threads started, buffers allocated
        double best = 0;
        for (int window = 0; window < 3; ++window) {
            const auto t0 = std::chrono::steady_clock::now();
            int count = 0;
            double s = 0;
            do {
                c = torch::mm(a, b);
                ++count;
                s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            } while (s < 0.1);
            best = std::max(best, 2.0 * double(n * n * n) * count / s / 1e9);
        }
        return best;
    }();
    return gflops;
}

RunEstimate estimateRun(const GenerationSettings& s, double audio_duration_s)
{
    RunEstimate e;
    const bool cuda = torch::cuda::is_available();
    e.gpu = s.device == "cuda" || (s.device == "auto" && cuda);
    e.cpu_threads = torch::get_num_threads();
    const ModelShape m = shapeOf(s.model_path);
    const int F = s.frames_per_clip > 0 ? s.frames_per_clip : m.clip_length;
    const int motion = s.motion_frames >= 0 ? s.motion_frames : m.motion_frames;
    const double latent = double((m.width / 8) * (m.height / 8)) / kTableLatentPixels;
    const double frames = double(F + motion) / kTableFrames;
    e.scaled = F != 16 || motion != 2 || m.width != 512 || m.height != 512;

    std::string cpu_figures;
    if (m.hallo_sized && F > 0) {
        e.cpu_gflops = measuredCpuGflops();
        e.reference_gflops = kReferenceGflops;
        const double speed = e.cpu_gflops > 0 ? kReferenceGflops / e.cpu_gflops : 1.0;
        const double per_clip =
            (std::max(1, s.steps) * kStepS * frames + kReferenceUNetS + kVaeEncodeS + F * kVaeDecodePerFrameS) *
            latent * speed;
        const auto runFor = [&](double seconds) {
            const std::int64_t n = std::max<std::int64_t>(1, frameCountFor(seconds, s.fps));
            return double((n + F - 1) / F) * per_clip;
        };
        e.ten_second_clip_s = runFor(10.0);
        e.run_s = runFor(std::max(audio_duration_s, 0.04));
        char b[512];
        std::snprintf(b, sizeof b,
                      "on this CPU (%d threads) a 10 s clip takes %s, this audio (%.1f s) %s, at %d steps, "
                      "%dx%d, %d-frame clips. From the README's measured figures for Hallo's model on a 2-core "
                      "CPU%s, scaled by this CPU's matrix speed (measured %.0f GFLOP/s; that machine %.0f)",
                      e.cpu_threads, about(e.ten_second_clip_s).c_str(), audio_duration_s, about(e.run_s).c_str(),
                      s.steps, m.width, m.height, F, e.scaled ? " (scaled linearly to this clip length and size)" : "",
                      e.cpu_gflops, kReferenceGflops);
        cpu_figures = b;
    }
    if (e.gpu) {
        e.summary = "Diffusion engine: on the CUDA GPU; no time measured on a GPU yet for this engine (README, GPU)" +
                    (cpu_figures.empty() ? std::string(".") : "; for comparison, " + cpu_figures + ".");
        return e;
    }
    e.measured = !cpu_figures.empty();
    e.long_run = e.measured && e.run_s > kLongRunSeconds;
    e.summary = "Diffusion engine: " +
                (e.measured ? cpu_figures + "."
                            : "on this CPU (" + std::to_string(e.cpu_threads) +
                                  " threads): no measured time for this model (figures exist for Hallo's 512² model).") +
                std::string(cuda ? " A CUDA GPU is available (--device cuda): no time measured on a GPU yet."
                                 : " On a CUDA GPU: no time measured yet (this build has no CUDA; README, GPU).");
    return e;
}

} // namespace emote::diffusion
