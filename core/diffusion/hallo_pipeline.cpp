#include "core/diffusion/detail/hallo_pipeline.h"

#include "core/common/error.h"

namespace emote::diffusion {

HalloModels::HalloModels(const HalloConfigs& c) : configs(c)
{
    reference_unet = std::make_shared<HalloUNet>(c.reference_unet, HalloUNet::Kind::Reference);
    denoising_unet = std::make_shared<HalloUNet>(c.denoising_unet, HalloUNet::Kind::Denoising);
    vae = std::make_shared<AutoencoderKL>(c.vae);
    face_locator = std::make_shared<FaceLocator>(c.face_locator);
    imageproj = std::make_shared<ImageProj>(c.imageproj);
    audioproj = std::make_shared<AudioProj>(c.audioproj);
    const auto locator_factor = std::int64_t(1) << (c.face_locator.block_out_channels.size() - 1);
    if (locator_factor != c.vae.scaleFactor())
        throwInput("model config: the face locator downsamples by " + std::to_string(locator_factor) +
                   " but the VAE by " + std::to_string(c.vae.scaleFactor()));
}

void HalloModels::load(const nn::SafetensorsFile& weights, const nn::NameMap& vae_names)
{
    nn::WeightLoader loader(weights);
    loader.load(*reference_unet, "reference_unet.");
    loader.load(*denoising_unet, "denoising_unet.");
    loader.load(*face_locator, "face_locator.");
    loader.load(*imageproj, "imageproj.");
    loader.load(*audioproj, "audioproj.");
    loader.load(*vae, "vae.", vae_names);
    loader.finish();
}

void HalloModels::setDtype(torch::ScalarType dtype)
{
    for (torch::nn::Module* m : std::initializer_list<torch::nn::Module*>{
             reference_unet.get(), denoising_unet.get(), vae.get(), face_locator.get(), imageproj.get(), audioproj.get()})
        m->to(dtype);
    m_dtype = dtype;
}

HalloRun planHalloRun(HalloModels& models, const HalloRequest& request)
{
    HalloRun run;
    run.request = request;
    const auto F = request.clip_length;
    if (F <= 0 || request.n_motion_frames < 0 || request.n_motion_frames > F)
        throwUsage("frames per clip must be positive and motion frames in 0..frames per clip");
    run.audio_windows = audioWindows(request.audio_emb);
    run.clips = run.audio_windows.size(0) / F;
    if (run.clips == 0)
        throwInput("the audio is shorter than one clip of " + std::to_string(F) + " frames");

    DdimScheduler scheduler(models.configs.scheduler);
    scheduler.setTimesteps(request.inference_steps);
    run.timesteps = scheduler.timesteps();

    // Stage "prepare" (once per run): face tokens [uncond, cond], face-locator features [zeros, features], masks.
    const auto dt = models.dtype();
    const auto face_emb = request.face_emb.to(dt);
    run.face_tokens = torch::cat({models.imageproj->forward(torch::zeros_like(face_emb)),
                                  models.imageproj->forward(face_emb)});
    const auto region = request.face_region_CHW.to(dt).unsqueeze(0).unsqueeze(2).repeat({1, 1, F, 1, 1});
    const auto features = models.face_locator->forward(region);
    run.face_features = torch::cat({torch::zeros_like(features), features});
    auto repeatMasks = [&](const std::vector<torch::Tensor>& masks, std::vector<torch::Tensor>& out) {
        for (const auto& m : masks) {
            const auto per_clip = m.to(dt).repeat({F, 1});
            out.push_back(torch::cat({per_clip, per_clip}));
        }
    };
    repeatMasks(request.full_mask, run.masks.full);
    repeatMasks(request.face_mask, run.masks.face);
    repeatMasks(request.lip_mask, run.masks.lip);

    if (models.denoising_unet->speed_encoder) {
        const auto T = run.audio_windows.size(0);
        if (std::int64_t(request.head_speeds.size()) < T)
            throw Error(ErrorKind::Internal, "the model has speed layers but the request holds " +
                                                 std::to_string(request.head_speeds.size()) + " head speeds for " +
                                                 std::to_string(T) + " frames");
        const auto speeds = torch::tensor(std::vector<double>(request.head_speeds.begin(), request.head_speeds.begin() + T),
                                          torch::kFloat64);
        run.speed_encoding = speedEncoding(speeds, models.configs.denoising_unet.speed_layers)
                                 .to(request.source_image_CHW.device());
    }
    return run;
}

HalloClip prepareClip(HalloModels& models, const HalloRun& run, std::int64_t index, const torch::Tensor& previous_video)
{
    const auto& r = run.request;
    const auto F = r.clip_length, nm = r.n_motion_frames;
    HalloClip clip;
    clip.index = index;

    // Reference batch: [source, motion frames]; clip 0 repeats the source, later clips take the last nm
    // decoded frames of the previous clip mapped back to [-1, 1].
    std::vector<torch::Tensor> batch{r.source_image_CHW};
    if (index == 0 || !previous_video.defined()) {
        for (std::int64_t i = 0; i < nm; ++i)
            batch.push_back(r.source_image_CHW);
    } else {
        const auto last = previous_video.slice(1, previous_video.size(1) - nm); // [3, nm, H, W]
        for (std::int64_t i = 0; i < nm; ++i)
            batch.push_back(last.select(1, i) * 2 - 1);
    }
    auto images = torch::stack(batch);
    // diffusers' VaeImageProcessor normalises (2x − 1) only when the batch has no negative value.
    if (images.min().item<double>() >= 0)
        images = images * 2 - 1;
    const auto dt = models.dtype();
    clip.ref_latents = models.vae->encodeMean(images.to(dt)) * kHalloLatentScale;

    const auto windows = run.audio_windows.slice(0, index * F, (index + 1) * F).to(dt);
    clip.audio_tokens = models.audioproj->forward(windows.unsqueeze(0));
    if (models.denoising_unet->speed_encoder) {
        // The motion frames are the previous clip's last nm frames; before clip 0 the indices clamp to frame 0.
        const auto& sc = models.configs.denoising_unet.speed_layers;
        const auto rows = speedWindows(run.speed_encoding, sc.window, index * F - nm, nm + F);
        clip.speed_features = models.denoising_unet->speed_encoder->forward(rows.to(windows.scalar_type())).unsqueeze(0);
    }

    // The reference UNet runs once per clip (step 0, timestep 0); the reader keeps its bank as float16.
    models.reference_unet->writeBank(clip.ref_latents, run.face_tokens, clip.bank);
    roundBankToHalf(clip.bank);
    return clip;
}

bool sampleClip(HalloModels& models, const HalloRun& run, HalloClip& clip, const torch::Tensor& noise,
                const std::function<bool(std::int64_t, std::int64_t)>& on_step)
{
    const auto& r = run.request;
    DdimScheduler scheduler(models.configs.scheduler);
    scheduler.setTimesteps(r.inference_steps);
    clip.latents = noise * scheduler.initNoiseSigma();

    DenoiseInputs in;
    in.encoder_hidden_states = run.face_tokens;
    in.mask_cond_fea = run.face_features;
    in.audio_embedding = torch::cat({torch::zeros_like(clip.audio_tokens), clip.audio_tokens});
    in.masks = run.masks;
    in.motion_scale = r.motion_scale;
    if (clip.speed_features.defined())
        in.speed_features = torch::cat({clip.speed_features, clip.speed_features}); // same speed for both CFG halves
    const auto& ts = scheduler.timesteps();
    for (std::size_t i = 0; i < ts.size(); ++i) {
        // classifier-free guidance in one batch; the latents stay float32 between steps
        in.sample_BCFHW = torch::cat({clip.latents, clip.latents}).to(models.dtype());
        in.timestep = ts[i];
        const auto pred = models.denoising_unet->denoise(in, clip.bank).to(clip.latents.scalar_type()).chunk(2);
        const auto guided = pred[0] + r.cfg_scale * (pred[1] - pred[0]);
        clip.latents = scheduler.step(guided, ts[i], clip.latents);
        if (on_step && !on_step(std::int64_t(i) + 1, std::int64_t(ts.size())))
            return false;
    }
    return true;
}

torch::Tensor decodeClip(HalloModels& models, const HalloClip& clip)
{
    const auto latents = clip.latents / kHalloLatentScale; // [1, 4, F, h, w]
    std::vector<torch::Tensor> frames;
    for (std::int64_t f = 0; f < latents.size(2); ++f)
        frames.push_back(models.vae->decode(latents.select(2, f).to(models.dtype()))[0].to(torch::kFloat32)); // [3, H, W]
    return (torch::stack(frames, 1) / 2 + 0.5).clamp(0, 1);         // [3, F, H, W]
}

} // namespace emote::diffusion
