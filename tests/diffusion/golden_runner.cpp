#include "golden_runner.h"

#include "core/common/error.h"
#include "core/diffusion/detail/autoencoder_kl.h"
#include "core/diffusion/detail/hallo_modules.h"
#include "core/diffusion/detail/hallo_pipeline.h"
#include "core/diffusion/detail/scheduler.h"
#include "core/diffusion/detail/unet.h"
#include "core/nn/detail/tensor_io.h"

#include <QJsonArray>

#include <functional>

namespace emote::diffusion::golden {

namespace {

const torch::Tensor& input(const TensorMap& inputs, const std::string& name)
{
    auto it = inputs.find(name);
    if (it == inputs.end())
        throwInput("golden case lacks input 'in." + name + "'");
    return it->second;
}

std::int64_t intField(const QJsonObject& c, const char* key)
{
    if (!c.value(key).isDouble())
        throwInput(std::string("golden case lacks the integer field '") + key + "'");
    return std::int64_t(c.value(key).toDouble());
}

TensorMap runDdim(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    nn::WeightLoader(weights).finish(); // a ddim case has no weights
    DdimScheduler ddim(DdimConfig::fromJson(c.value("config").toObject()));
    ddim.setTimesteps(intField(c, "num_inference_steps"));
    const auto& model_outputs = input(in, "model_outputs");
    torch::Tensor sample = input(in, "sample0");
    std::vector<torch::Tensor> samples;
    const auto& ts = ddim.timesteps();
    if (std::int64_t(ts.size()) != model_outputs.size(0))
        throwInput("golden ddim case: " + std::to_string(model_outputs.size(0)) + " model outputs for " +
                   std::to_string(ts.size()) + " timesteps");
    for (std::size_t i = 0; i < ts.size(); ++i) {
        sample = ddim.step(model_outputs[std::int64_t(i)], ts[i], sample);
        samples.push_back(sample);
    }
    TensorMap out;
    out["timesteps"] = torch::tensor(std::vector<std::int64_t>(ts.begin(), ts.end()), torch::kInt64);
    out["samples"] = torch::stack(samples);
    out["alphas_cumprod"] = ddim.alphasCumprod();
    return out;
}

TensorMap runVae(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto vae = std::make_shared<AutoencoderKL>(AutoencoderKLConfig::fromJson(c.value("config").toObject()));
    const QString style = c.value("key_style").toString("diffusers");
    nn::WeightLoader loader(weights);
    if (style == "diffusers_legacy_attention")
        loader.load(*vae, "", AutoencoderKL::legacyAttentionNames());
    else if (style == "diffusers")
        loader.load(*vae, "");
    else
        throwInput("golden vae case: unknown key_style '" + style.toStdString() + "'");
    loader.finish();
    vae->eval();
    TensorMap out;
    out["latent_mean"] = vae->encodeMean(input(in, "image"));
    out["decoded"] = vae->decode(input(in, "latents"));
    return out;
}

std::string twoDigits(std::size_t i)
{
    return (i < 10 ? "0" : "") + std::to_string(i);
}

// The case's bank_paths must equal the order this engine computes (Hallo's writer/reader sort).
void checkBankPaths(const QJsonObject& c, const std::vector<std::string>& paths)
{
    const QJsonArray expected = c.value("bank_paths").toArray();
    std::string mine, theirs;
    for (const auto& p : paths)
        mine += p + " ";
    for (const auto& v : expected)
        theirs += v.toString().toStdString() + " ";
    if (mine != theirs)
        throwInput("bank order differs: engine [" + mine + "], case [" + theirs + "]");
}

TensorMap runUNet2DReference(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto unet = std::make_shared<HalloUNet>(UNetConfig::fromJson(c.value("config").toObject()),
                                            HalloUNet::Kind::Reference);
    nn::WeightLoader loader(weights);
    loader.load(*unet, "reference_unet.");
    loader.finish();
    unet->eval();
    const auto paths = unet->bankPaths();
    checkBankPaths(c, paths);
    if (input(in, "timestep").item<std::int64_t>() != 0)
        throwInput("golden unet2d_reference case: Hallo runs the reference UNet at timestep 0");
    ReferenceBank bank;
    unet->writeBank(input(in, "ref_latents"), input(in, "encoder_hidden_states"), bank);
    TensorMap out;
    for (std::size_t i = 0; i < paths.size(); ++i)
        out["bank." + twoDigits(i)] = bank.at(paths[i]);
    return out;
}

AudioMasks masksFrom(const TensorMap& in)
{
    AudioMasks masks;
    for (int level = 0; in.count("full_mask." + std::to_string(level)); ++level) {
        masks.full.push_back(input(in, "full_mask." + std::to_string(level)));
        masks.face.push_back(input(in, "face_mask." + std::to_string(level)));
        masks.lip.push_back(input(in, "lip_mask." + std::to_string(level)));
    }
    return masks;
}

std::vector<double> doubles(const QJsonValue& v)
{
    std::vector<double> out;
    for (const auto& e : v.toArray())
        out.push_back(e.toDouble());
    return out;
}

TensorMap runUNet3DStep(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto unet = std::make_shared<HalloUNet>(UNetConfig::fromJson(c.value("config").toObject()),
                                            HalloUNet::Kind::Denoising);
    nn::WeightLoader loader(weights);
    loader.load(*unet, "denoising_unet.");
    loader.finish();
    const auto paths = unet->bankPaths();
    checkBankPaths(c, paths);
    ReferenceBank bank;
    for (std::size_t i = 0; i < paths.size(); ++i)
        bank[paths[i]] = input(in, "bank." + twoDigits(i));
    roundBankToHalf(bank);
    DenoiseInputs d;
    d.sample_BCFHW = input(in, "sample");
    d.timestep = input(in, "timestep").item<std::int64_t>();
    d.encoder_hidden_states = input(in, "encoder_hidden_states");
    d.mask_cond_fea = input(in, "mask_cond_fea");
    d.audio_embedding = input(in, "audio_embedding");
    d.masks = masksFrom(in);
    d.motion_scale = doubles(c.value("motion_scale"));
    TensorMap out;
    out["noise_pred"] = unet->denoise(d, bank);
    return out;
}

TensorMap runSmallModules(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    const QJsonObject config = c.value("config").toObject();
    auto audio_proj = std::make_shared<AudioProj>(AudioProjConfig::fromJson(config.value("audioproj").toObject()));
    auto face_locator = std::make_shared<FaceLocator>(FaceLocatorConfig::fromJson(config.value("face_locator").toObject()));
    auto image_proj = std::make_shared<ImageProj>(ImageProjConfig::fromJson(config.value("imageproj").toObject()));
    nn::WeightLoader loader(weights);
    loader.load(*audio_proj, "audioproj.");
    loader.load(*face_locator, "face_locator.");
    loader.load(*image_proj, "imageproj.");
    loader.finish();
    const auto frames = intField(c, "frames");
    TensorMap out;
    out["audio_windows"] = audioWindows(input(in, "audio_emb"));
    out["audio_tokens"] = audio_proj->forward(out["audio_windows"].unsqueeze(0));
    const auto region = input(in, "face_region"); // [1, 3, H, W]
    out["face_locator"] = face_locator->forward(region.unsqueeze(2).repeat({1, 1, frames, 1, 1}));
    const auto face_emb = input(in, "face_emb");
    out["image_tokens"] = image_proj->forward(face_emb);
    out["image_tokens_uncond"] = image_proj->forward(torch::zeros_like(face_emb));
    return out;
}

TensorMap runWav2Vec2(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto model = std::make_shared<Wav2Vec2>(Wav2Vec2Config::fromJson(c.value("config").toObject()));
    nn::WeightLoader loader(weights);
    loader.allowUnused("masked_spec_embed");
    loader.load(*model, "");
    loader.finish();
    const auto audio = prepareHalloAudio(input(in, "raw_audio"), intField(c, "sample_rate"), intField(c, "fps"),
                                         intField(c, "clip_length"));
    if (audio.seq_len != intField(c, "seq_len") || audio.audio_length != intField(c, "audio_length"))
        throwInput("golden wav2vec2 case: frame counts " + std::to_string(audio.seq_len) + "/" +
                   std::to_string(audio.audio_length) + " differ from the case's seq_len/audio_length");
    const auto result = model->forward(audio.input_values, audio.seq_len);
    TensorMap out;
    out["input_values"] = audio.input_values;
    out["conv_features_raw"] = result.conv_features_raw;
    out["conv_features"] = result.conv_features;
    out["hidden_states"] = result.hidden_states;
    out["audio_emb"] = result.hidden_states.transpose(0, 1);
    return out;
}

std::vector<torch::Tensor> levels(const TensorMap& in, const std::string& name)
{
    std::vector<torch::Tensor> out;
    for (int level = 0; in.count(name + "." + std::to_string(level)); ++level)
        out.push_back(in.at(name + "." + std::to_string(level)));
    return out;
}

TensorMap runPipelineIn(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in,
                        torch::ScalarType dtype)
{
    const QJsonObject config = c.value("config").toObject();
    HalloConfigs configs;
    configs.reference_unet = UNetConfig::fromJson(config.value("reference_unet").toObject());
    configs.denoising_unet = UNetConfig::fromJson(config.value("denoising_unet").toObject());
    configs.vae = AutoencoderKLConfig::fromJson(config.value("vae").toObject());
    configs.face_locator = FaceLocatorConfig::fromJson(config.value("face_locator").toObject());
    configs.imageproj = ImageProjConfig::fromJson(config.value("imageproj").toObject());
    configs.audioproj = AudioProjConfig::fromJson(config.value("audioproj").toObject());
    configs.scheduler = DdimConfig::fromJson(config.value("scheduler").toObject());
    HalloModels models(configs);
    models.load(weights);
    if (dtype != torch::kFloat32)
        models.setDtype(dtype);

    const QJsonObject inference = config.value("inference").toObject();
    HalloRequest request;
    request.source_image_CHW = input(in, "source_image");
    request.face_region_CHW = input(in, "face_region");
    request.face_emb = input(in, "face_emb");
    request.audio_emb = input(in, "audio_emb");
    request.full_mask = levels(in, "full_mask");
    request.face_mask = levels(in, "face_mask");
    request.lip_mask = levels(in, "lip_mask");
    request.clip_length = intField(inference, "clip_length");
    request.n_motion_frames = intField(inference, "n_motion_frames");
    request.inference_steps = intField(inference, "inference_steps");
    request.cfg_scale = inference.value("cfg_scale").toDouble();
    request.motion_scale = doubles(inference.value("motion_scale"));
    request.audio_length = intField(inference, "audio_length");

    HalloRun run = planHalloRun(models, request);
    TensorMap out;
    out["timesteps"] = torch::tensor(run.timesteps, torch::kInt64);
    std::vector<torch::Tensor> videos;
    torch::Tensor previous;
    for (std::int64_t k = 0; k < run.clips; ++k) {
        const std::string suffix = ".clip" + std::to_string(k);
        HalloClip clip = prepareClip(models, run, k, previous);
        sampleClip(models, run, clip, input(in, "noise" + suffix));
        previous = decodeClip(models, clip);
        videos.push_back(previous);
        out["ref_latents" + suffix] = clip.ref_latents;
        out["audio_tokens" + suffix] = clip.audio_tokens;
        out["latents" + suffix] = clip.latents;
    }
    out["video"] = torch::cat(videos, 1).slice(1, 0, request.audio_length);
    return out;
}

TensorMap runPipeline(const QJsonObject& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    return runPipelineIn(c, weights, in, torch::kFloat32);
}

using Runner = std::function<TensorMap(const QJsonObject&, const nn::SafetensorsFile&, const TensorMap&)>;

const std::map<std::string, Runner>& runners()
{
    static const std::map<std::string, Runner> table = {
        {"ddim", runDdim},
        {"vae", runVae},
        {"unet2d_reference", runUNet2DReference},
        {"hallo_unet3d_step", runUNet3DStep},
        {"hallo_small_modules", runSmallModules},
        {"wav2vec2_hallo", runWav2Vec2},
        {"hallo_pipeline", runPipeline},
    };
    return table;
}

} // namespace

bool isImplementedKind(const std::string& kind)
{
    return runners().count(kind) > 0;
}

std::string implementedKindsList()
{
    std::string s;
    for (const auto& [kind, runner] : runners())
        s += (s.empty() ? "" : ", ") + kind;
    return s;
}

TensorMap runPipelineCase(const QJsonObject& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs,
                          torch::ScalarType dtype)
{
    return runPipelineIn(case_json, weights, inputs, dtype);
}

TensorMap runCase(const QJsonObject& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs)
{
    const std::string kind = case_json.value("kind").toString().toStdString();
    auto it = runners().find(kind);
    if (it == runners().end())
        throwInput("golden kind '" + kind + "' is not implemented");
    return it->second(case_json, weights, inputs);
}

} // namespace emote::diffusion::golden
