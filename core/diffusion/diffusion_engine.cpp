#include "core/diffusion/diffusion_engine.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/audio/features.h"
#include "core/diffusion/detail/hallo_package.h"
#include "core/diffusion/detail/speed_layers.h"
#include "core/diffusion/face_layout.h"
#include "core/face/face_analyzer.h"
#include "core/live/articulation.h"
#include "core/media/image_ops.h"
#include "core/nn/runtime.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>

namespace emote::diffusion {

namespace fs = std::filesystem;

struct DiffusionEngine::State {
    std::string path;
    std::string dtype;
    fs::file_time_type manifest_time;
    torch::Device device{torch::kCPU};
    std::unique_ptr<HalloPackage> package;
};

namespace {

// Boxes in normalised coordinates of the model frame come from the face layout (face_layout.h).
using Box = NormBox;

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

// ---- Velocity source of the speed layers ----

std::vector<double> plannedHeadSpeeds(const AudioBuffer& audio, const GenerationSettings& s, std::int64_t frames,
                                      const CancelToken& cancel)
{
    if (audio.sample_rate_hz != 16000 || audio.channels != 1)
        throw Error(ErrorKind::Internal, "diffusion engine: the head-motion planner needs 16 kHz mono audio");
    audio::AnalysisOptions ao;
    ao.fps = s.fps;
    ao.phonemes = audio::PhonemeSource::Spectral; // head motion needs loudness, pitch and onsets, not phones
    ao.recognize_phones = false;
    const auto feats = audio::analyzeAudio(audio, ao, &cancel);
    live::ArticulationSettings as;
    as.fps = s.fps;
    as.head_motion = s.motion_speed;
    as.expression = s.expression;
    as.blink = s.blink;
    as.seed = s.seed;
    const auto motion = live::articulate(feats, as);
    constexpr double kDeg = 180.0 / 3.14159265358979323846;
    std::vector<std::array<double, 3>> angles;
    for (const auto& m : motion)
        angles.push_back({m.head_yaw * kDeg, m.head_pitch * kDeg, m.head_roll * kDeg});
    auto speeds = rotationSpeeds(angles);
    speeds.resize(std::size_t(frames), speeds.empty() ? 0.0 : speeds.back());
    return speeds;
}

DiffusionEngine::DiffusionEngine(DiffusionEngineOptions options) : m_options(std::move(options)) {}

DiffusionEngine::~DiffusionEngine() = default;

void DiffusionEngine::load(const GenerationSettings& s, const ProgressFn& progress, const CancelToken& cancel)
{
    if (s.model_path.empty())
        throwUsage({MessageCode::DiffusionNeedsModel, {},
                    "the diffusion engine needs a model package: give its folder with --model (see emote import-hallo)."});
    torch::NoGradGuard no_grad;
    const nn::ScopedCpuCacheRelease release_cached_blocks; // what loading freed goes back; the weights stay
    const fs::path path(s.model_path);
    // The job's settings (CLI --device/--dtype, projects) win over the engine's construction defaults.
    const std::string dtype = s.dtype.empty() ? m_options.dtype : s.dtype;
    const auto device = pickDevice(s.device.empty() ? m_options.device : s.device);
    // float16 needs GPU kernels: libtorch 1.13 has no CPU float16 convolution / matrix multiply (tested).
    if (dtype == "float16" && device.is_cpu())
        throwUsage("dtype float16 does not run on the CPU (libtorch has no CPU float16 kernels for the UNet's "
                   "convolutions and matrix products). Use float32 (default) or bfloat16 on the CPU.");
    if (dtype != "float32" && dtype != "bfloat16" && dtype != "float16")
        throwUsage("dtype '" + dtype + "' is unknown. Use float32, bfloat16 or float16.");
    std::error_code ec;
    const auto mtime = fs::last_write_time(path / "manifest.json", ec);
    // A package re-imported since (its manifest rewritten) loads again.
    const bool package_loaded = m_state && m_state->path == s.model_path && m_state->dtype == dtype &&
                                m_state->device == device && !ec && m_state->manifest_time == mtime;
    if (package_loaded && m_analyzer)
        return;
    if (progress && !progress(Progress{.stage = Stage::LoadModels}))
        throw Error(ErrorKind::Cancelled, "cancelled");
    if (!package_loaded) {
        m_state.reset(); // the old package goes before the new one loads (never two in memory)
        ++m_model_loads;
        try {
            auto st = std::make_unique<State>();
            st->path = s.model_path;
            st->dtype = dtype;
            st->manifest_time = mtime;
            st->device = device;
            st->package = loadHalloPackage(path);
            auto& m = *st->package->models;
            for (torch::nn::Module* mod : std::initializer_list<torch::nn::Module*>{
                     m.reference_unet.get(), m.denoising_unet.get(), m.vae.get(), m.face_locator.get(),
                     m.imageproj.get(), m.audioproj.get(), st->package->wav2vec2.get()})
                mod->to(st->device);
            // wav2vec2 stays float32 (under 1 % of the time); the generative modules take the chosen dtype.
            if (dtype == "bfloat16")
                m.setDtype(torch::kBFloat16);
            else if (dtype == "float16")
                m.setDtype(torch::kHalf);
            m_state = std::move(st);
        } catch (const c10::Error& e) {
            // Out of memory (CPU or GPU) as the standard type, so that the owner of the models can release what
            // it holds and try again (core/jobs/generation_context.h); any other torch error stays what it is.
            const std::string what = e.what();
            if (what.find("out of memory") != std::string::npos || what.find("can't allocate memory") != std::string::npos)
                throw std::bad_alloc();
            throw;
        }
    }
    cancel.throwIfCancelled();
    if (!m_analyzer) {
        ++m_model_loads;
        m_analyzer = std::make_unique<face::FaceAnalyzer>(
            m_options.face_models_dir.empty() ? face::FaceNets::defaultModelsDir() : fs::path(m_options.face_models_dir),
            face::kSsdMobilenetV1 | face::kLandmark68);
    }
}

void DiffusionEngine::generate(const EngineInput& input, FrameSink& sink, const CancelToken& cancel)
{
    using Clock = std::chrono::steady_clock;
    const auto& s = input.settings;
    if (!input.portrait || !input.audio || input.frame_count <= 0 || input.width <= 0 || input.height <= 0)
        throw Error(ErrorKind::Internal, "diffusion engine: incomplete EngineInput");
    auto report = [&](Stage stage, std::int64_t done, std::int64_t total, double eta) {
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

    // The package and the face nets: loaded by an earlier job or load(), else now.
    load(s, input.stage_progress, cancel);
    torch::NoGradGuard no_grad;
    // The caching CPU allocator keeps a step's freed blocks for the next step; when the job ends (done, failed or
    // cancelled) they go back to the system, and only the loaded weights stay.
    const nn::ScopedCpuCacheRelease release_cached_blocks;
    const torch::Device dev = m_state->device;
    HalloPackage& pkg = *m_state->package;
    HalloModels& models = *pkg.models;
    const auto& inf = pkg.inference;
    const std::int64_t W = inf.width, H = inf.height;
    const std::int64_t F = s.frames_per_clip > 0 ? s.frames_per_clip : inf.clip_length;
    const std::int64_t n_motion = s.motion_frames >= 0 ? s.motion_frames : inf.n_motion_frames;
    if (n_motion > F)
        throwUsage("motion frames (" + std::to_string(n_motion) + ") cannot exceed frames per clip (" +
                   std::to_string(F) + "). Lower --motion-frames or raise --frames-per-clip.");
    {
        const auto& uc = pkg.configs.denoising_unet;
        if (uc.use_motion_module && uc.motion_position_encoding && F > uc.motion_position_encoding_max_len)
            throwUsage("frames per clip " + std::to_string(F) + " is more than this model's motion modules hold (" +
                       std::to_string(uc.motion_position_encoding_max_len) + "). Use --frames-per-clip " +
                       std::to_string(uc.motion_position_encoding_max_len) + " or fewer.");
    }

    // Reference image: the portrait cropped around the chosen face at the model's size, and the face, pose and
    // lip regions of that face (face_layout.h).
    report(Stage::Prepare, 0, 0, -1);
    const Image& p = *input.portrait;
    FaceLayout layout;
    {
        face::AnalyzeOptions fo;
        fo.stages = face::kStageLandmarks;
        const auto analysis = m_analyzer->analyze(p, fo);
        layout = planFaceLayout(p, analysis.faces, s.face_index, int(W), int(H), input.portrait_name);
    }
    if (const auto rt = nn::runtimeInfo(); dev.is_cpu() && rt.blas_is_reference && input.warning)
        input.warning({MessageCode::ReferenceBlas, {rt.blas},
                       "libtorch runs on the unoptimised reference BLAS (" + rt.blas +
                           "): the Diffusion engine runs several times slower. Install libopenblas0-openmp."});
    if (!layout.found && input.warning)
        input.warning({MessageCode::DiffusionNoFace, {input.portrait_name}, layout.notice});
    cancel.throwIfCancelled();
    const Image& ref = layout.reference;
    m_layout = layout;

    HalloRequest req;
    req.source_image_CHW = (imageToCHW(ref) * 2 - 1).to(dev);
    // Hallo's face locator sees the face region mask (the detector box grown 1.2×) as a 3-channel image.
    req.face_region_CHW = boxImage(layout.face, H, W).unsqueeze(0).repeat({3, 1, 1}).to(dev);
    req.face_emb = torch::zeros({1, pkg.configs.imageproj.clip_embeddings_dim}, torch::kFloat32).to(dev);
    const auto h0 = H / pkg.configs.vae.scaleFactor(), w0 = W / pkg.configs.vae.scaleFactor();
    const auto levels = pkg.configs.denoising_unet.block_out_channels.size();
    for (auto& t : levelMasks(layout.full, h0, w0, levels))
        req.full_mask.push_back(t.to(dev));
    for (auto& t : levelMasks(layout.face, h0, w0, levels))
        req.face_mask.push_back(t.to(dev));
    for (auto& t : levelMasks(layout.lip, h0, w0, levels))
        req.lip_mask.push_back(t.to(dev));
    req.clip_length = F;
    req.n_motion_frames = n_motion;
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
    if (pkg.configs.denoising_unet.speed_layers.enabled)
        req.head_speeds = plannedHeadSpeeds(a, s, rows, cancel);
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
            report(Stage::Diffuse, done, total_steps, el / double(done) * double(total_steps - done));
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
