#include "core/diffusion/diffusion_engine.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/diffusion/detail/hallo_package.h"
#include "core/media/image_ops.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace emote::diffusion {

namespace fs = std::filesystem;

struct DiffusionEngine::State {
    std::string path;
    fs::file_time_type manifest_time;
    torch::Device device{torch::kCPU};
    std::unique_ptr<HalloPackage> package;
};

namespace {

// Face boxes in normalised coordinates of the model frame (x0, y0, x1, y1). Without a face detector in this
// engine yet, the portrait is assumed framed as Hallo's training data: the face centred, filling about half.
struct Box {
    double x0, y0, x1, y1;
};
constexpr Box kHeadBox{0.15, 0.05, 0.85, 0.95};
constexpr Box kFaceBox{0.25, 0.15, 0.75, 0.85};
constexpr Box kLipBox{0.35, 0.55, 0.65, 0.80};

torch::Tensor boxImage(const Box& b, std::int64_t h, std::int64_t w)
{
    auto ys = (torch::arange(h, torch::kFloat32) + 0.5) / double(h);
    auto xs = (torch::arange(w, torch::kFloat32) + 0.5) / double(w);
    auto my = (ys >= b.y0).logical_and(ys < b.y1).to(torch::kFloat32).unsqueeze(1);
    auto mx = (xs >= b.x0).logical_and(xs < b.x1).to(torch::kFloat32).unsqueeze(0);
    return my * mx; // [h, w]
}

// Per UNet level, [1, tokens] masks of BOX for a latent of H0 × W0.
std::vector<torch::Tensor> levelMasks(const Box& b, std::int64_t h0, std::int64_t w0, std::size_t levels)
{
    std::vector<torch::Tensor> out;
    for (std::size_t l = 0; l < levels; ++l) {
        const auto h = std::max<std::int64_t>(1, h0 >> l), w = std::max<std::int64_t>(1, w0 >> l);
        out.push_back(boxImage(b, h, w).reshape({1, h * w}));
    }
    return out;
}

torch::Tensor imageToCHW(const Image& img) // [3, H, W] in [0, 1]
{
    auto t = torch::from_blob(const_cast<uint8_t*>(img.rgb.data()), {img.height, img.width, 3}, torch::kUInt8);
    return t.permute({2, 0, 1}).to(torch::kFloat32).div(255.0).contiguous();
}

Image chwToImage(const torch::Tensor& chw) // [3, H, W] in [0, 1]
{
    auto t = chw.to(torch::kCPU).clamp(0, 1).mul(255.0).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous();
    Image img;
    img.height = int(t.size(0));
    img.width = int(t.size(1));
    img.rgb.assign(t.data_ptr<uint8_t>(), t.data_ptr<uint8_t>() + t.numel());
    return img;
}

torch::Device pickDevice(const std::string& name)
{
    if (name == "cpu")
        return torch::kCPU;
    if (name == "cuda" || name == "auto") {
        if (torch::cuda::is_available())
            return torch::kCUDA;
        if (name == "cuda")
            throwUsage("the diffusion engine was asked for CUDA, but no CUDA device is available. Use the CPU.");
        return torch::kCPU;
    }
    throwUsage("unknown device '" + name + "' (use cpu, cuda or auto)");
}

} // namespace

DiffusionEngine::DiffusionEngine(DiffusionEngineOptions options) : m_options(std::move(options)) {}

DiffusionEngine::~DiffusionEngine() = default;

void DiffusionEngine::generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto& s = input.settings;
    if (s.model_path.empty())
        throwUsage("the diffusion engine needs a model package: give its folder with --model (see emote import-hallo).");
    if (!input.portrait || !input.audio || input.frame_count <= 0 || input.width <= 0 || input.height <= 0)
        throw Error(ErrorKind::Internal, "diffusion engine: incomplete EngineInput");
    auto report = [&](const std::string& stage, std::int64_t done, std::int64_t total, double eta) {
        if (input.stage_progress) {
            Progress p;
            p.stage = stage;
            p.frame = done;
            p.total = total;
            p.eta_s = eta;
            if (!input.stage_progress(p))
                throw Error(ErrorKind::Cancelled, "cancelled");
        }
        cancel.throwIfCancelled();
    };

    torch::NoGradGuard no_grad;
    // Load (or reuse) the package.
    report("load model", 0, 0, -1);
    const fs::path path(s.model_path);
    std::error_code ec;
    const auto mtime = fs::last_write_time(path / "manifest.json", ec);
    if (!m_state || m_state->path != s.model_path || ec || m_state->manifest_time != mtime) {
        m_state.reset();
        auto st = std::make_unique<State>();
        st->path = s.model_path;
        st->manifest_time = mtime;
        st->device = pickDevice(m_options.device);
        st->package = loadHalloPackage(path);
        auto& m = *st->package->models;
        for (torch::nn::Module* mod : std::initializer_list<torch::nn::Module*>{
                 m.reference_unet.get(), m.denoising_unet.get(), m.vae.get(), m.face_locator.get(),
                 m.imageproj.get(), m.audioproj.get(), st->package->wav2vec2.get()})
            mod->to(st->device);
        m_state = std::move(st);
    }
    cancel.throwIfCancelled();
    const torch::Device dev = m_state->device;
    HalloPackage& pkg = *m_state->package;
    HalloModels& models = *pkg.models;
    const auto& inf = pkg.inference;
    const std::int64_t W = inf.width, H = inf.height, F = inf.clip_length;

    // Reference image: the portrait cropped to the model's aspect, at the model's size.
    report("prepare", 0, 0, -1);
    const Image& p = *input.portrait;
    const auto crop = media::fitAspect(p.width, p.height, double(W) / double(H), p.width / 2.0, p.height / 2.0);
    const Image ref = media::cropResize(p, crop, int(W), int(H));

    HalloRequest req;
    req.source_image_CHW = (imageToCHW(ref) * 2 - 1).to(dev);
    req.face_region_CHW = boxImage(kFaceBox, H, W).unsqueeze(0).repeat({3, 1, 1}).to(dev);
    req.face_emb = torch::zeros({1, pkg.configs.imageproj.clip_embeddings_dim}, torch::kFloat32).to(dev);
    const auto h0 = H / pkg.configs.vae.scaleFactor(), w0 = W / pkg.configs.vae.scaleFactor();
    const auto levels = pkg.configs.denoising_unet.block_out_channels.size();
    for (auto& t : levelMasks(kHeadBox, h0, w0, levels))
        req.full_mask.push_back(t.to(dev));
    for (auto& t : levelMasks(kFaceBox, h0, w0, levels))
        req.face_mask.push_back(t.to(dev));
    for (auto& t : levelMasks(kLipBox, h0, w0, levels))
        req.lip_mask.push_back(t.to(dev));
    req.clip_length = F;
    req.n_motion_frames = inf.n_motion_frames;
    req.inference_steps = s.steps;
    req.cfg_scale = s.guidance;
    req.motion_scale = inf.motion_scale;
    req.motion_scale[0] *= s.motion_speed; // pose
    req.motion_scale[1] *= s.expression;   // face
    req.audio_length = input.frame_count;

    // Audio → wav2vec2 hidden states per video frame, padded to whole clips.
    const AudioBuffer& a = *input.audio;
    std::vector<float> mono(std::size_t(a.frameCount()));
    for (std::size_t i = 0; i < mono.size(); ++i) {
        float sum = 0;
        for (int c = 0; c < a.channels; ++c)
            sum += a.samples[i * std::size_t(a.channels) + std::size_t(c)];
        mono[i] = sum / float(std::max(1, a.channels));
    }
    const auto raw = torch::from_blob(mono.data(), {std::int64_t(mono.size())}, torch::kFloat32).clone();
    const auto audio = prepareHalloAudio(raw, a.sample_rate_hz, s.fps, F);
    const auto hidden = pkg.wav2vec2->forward(audio.input_values.to(dev), audio.seq_len).hidden_states;
    auto audio_emb = hidden.transpose(0, 1).contiguous(); // [T, layers, hidden]
    const std::int64_t clips = (input.frame_count + F - 1) / F;
    const std::int64_t rows = clips * F;
    if (audio_emb.size(0) < rows)
        audio_emb = torch::cat({audio_emb, audio_emb.slice(0, audio_emb.size(0) - 1).expand(
                                               {rows - audio_emb.size(0), audio_emb.size(1), audio_emb.size(2)})});
    req.audio_emb = audio_emb.slice(0, 0, rows);
    cancel.throwIfCancelled();

    HalloRun run = planHalloRun(models, req);
    const std::int64_t steps_per_clip = std::int64_t(run.timesteps.size());
    const std::int64_t total_steps = run.clips * steps_per_clip;
    const auto latent_channels = pkg.configs.vae.latent_channels;
    auto gen = at::detail::createCPUGenerator(s.seed);
    const auto t0 = Clock::now();
    const double out_aspect = double(input.width) / double(input.height);
    const auto out_rect = media::fitAspect(int(W), int(H), out_aspect, W / 2.0, H / 2.0);

    std::int64_t next_frame = 0;
    torch::Tensor previous;
    for (std::int64_t k = 0; k < run.clips; ++k) {
        HalloClip clip = prepareClip(models, run, k, previous);
        const auto noise = torch::randn({1, latent_channels, F, h0, w0}, gen, torch::kFloat32).to(dev);
        sampleClip(models, run, clip, noise, [&](std::int64_t step, std::int64_t) {
            const std::int64_t done = k * steps_per_clip + step;
            const double el = std::chrono::duration<double>(Clock::now() - t0).count();
            report("diffuse", done, total_steps, el / double(done) * double(total_steps - done));
            return true;
        });
        previous = decodeClip(models, clip); // [3, F, H, W]
        const auto video = previous.to(torch::kCPU);
        for (std::int64_t f = 0; f < F && next_frame < input.frame_count; ++f) {
            cancel.throwIfCancelled();
            const Image frame = chwToImage(video.select(1, f));
            const Image out = (frame.width == input.width && frame.height == input.height)
                                  ? frame
                                  : media::cropResize(frame, out_rect, input.width, input.height);
            sink.consume(out, next_frame++);
        }
    }
    if (next_frame != input.frame_count)
        throw Error(ErrorKind::Internal, "diffusion engine: " + std::to_string(next_frame) + " of " +
                                             std::to_string(input.frame_count) + " frames");
}

} // namespace emote::diffusion
