#include "golden_runner.h"

#include "core/common/error.h"
#include "core/diffusion/detail/autoencoder_kl.h"
#include "core/diffusion/detail/hallo_modules.h"
#include "core/diffusion/detail/hallo_pipeline.h"
#include "core/diffusion/detail/scheduler.h"
#include "core/diffusion/detail/unet.h"
#include "core/nn/detail/tensor_io.h"

#include "core/nn/safetensors.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>

namespace emote::diffusion::golden {

namespace {

using Json = nlohmann::json;

const torch::Tensor& rawInput(const TensorMap& inputs, const std::string& name)
{
    auto it = inputs.find(name);
    if (it == inputs.end())
        throwInput("golden case lacks input 'in." + name + "'");
    return it->second;
}

// The options of the run in progress: inputs go to its device, floating inputs into its dtype.
thread_local RunOptions t_options;

torch::Tensor input(const TensorMap& inputs, const std::string& name)
{
    const torch::Tensor& t = rawInput(inputs, name);
    if (t.is_floating_point())
        return t.to(t_options.device, t_options.dtype);
    return t.to(t_options.device);
}

// Modules follow the run's device and dtype.
template <class M>
void place(M& module)
{
    module->to(t_options.device, t_options.dtype);
}

const Json& field(const Json& c, const char* key)
{
    static const Json null;
    auto it = c.find(key);
    return it == c.end() ? null : *it;
}

std::int64_t intField(const Json& c, const char* key)
{
    const Json& v = field(c, key);
    if (!v.is_number_integer() && !(v.is_number() && v.get<double>() == double(std::int64_t(v.get<double>()))))
        throwInput(std::string("golden case lacks the integer field '") + key + "'");
    return v.is_number_integer() ? v.get<std::int64_t>() : std::int64_t(v.get<double>());
}

const Json& objectField(const Json& c, const char* key)
{
    const Json& v = field(c, key);
    if (!v.is_object())
        throwInput(std::string("golden case lacks the object '") + key + "'");
    return v;
}

TensorMap runDdim(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    nn::WeightLoader(weights).finish(); // a ddim case has no weights
    DdimScheduler ddim(DdimConfig::fromJson(objectField(c, "config")));
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

TensorMap runVae(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto vae = std::make_shared<AutoencoderKL>(AutoencoderKLConfig::fromJson(objectField(c, "config")));
    const std::string style = field(c, "key_style").is_string() ? field(c, "key_style").get<std::string>() : "diffusers";
    nn::WeightLoader loader(weights);
    if (style == "diffusers_legacy_attention")
        loader.load(*vae, "", AutoencoderKL::legacyAttentionNames());
    else if (style == "diffusers")
        loader.load(*vae, "");
    else
        throwInput("golden vae case: unknown key_style '" + style + "'");
    loader.finish();
    vae->eval();
    place(vae);
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
void checkBankPaths(const Json& c, const std::vector<std::string>& paths)
{
    std::string mine, theirs;
    for (const auto& p : paths)
        mine += p + " ";
    if (field(c, "bank_paths").is_array())
        for (const auto& v : field(c, "bank_paths"))
            theirs += (v.is_string() ? v.get<std::string>() : v.dump()) + " ";
    if (mine != theirs)
        throwInput("bank order differs: engine [" + mine + "], case [" + theirs + "]");
}

TensorMap runUNet2DReference(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto unet = std::make_shared<HalloUNet>(UNetConfig::fromJson(objectField(c, "config")),
                                            HalloUNet::Kind::Reference);
    nn::WeightLoader loader(weights);
    loader.load(*unet, "reference_unet.");
    loader.finish();
    unet->eval();
    place(unet);
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

std::vector<double> doubles(const Json& v)
{
    std::vector<double> out;
    if (v.is_array())
        for (const auto& e : v)
            out.push_back(e.is_number() ? e.get<double>() : 0.0);
    return out;
}

TensorMap runUNet3DStep(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto unet = std::make_shared<HalloUNet>(UNetConfig::fromJson(objectField(c, "config")),
                                            HalloUNet::Kind::Denoising);
    nn::WeightLoader loader(weights);
    loader.load(*unet, "denoising_unet.");
    loader.finish();
    place(unet);
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
    d.motion_scale = doubles(field(c, "motion_scale"));
    TensorMap out;
    out["noise_pred"] = unet->denoise(d, bank);
    return out;
}

TensorMap runSmallModules(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    const Json& config = objectField(c, "config");
    auto audio_proj = std::make_shared<AudioProj>(AudioProjConfig::fromJson(objectField(config, "audioproj")));
    auto face_locator = std::make_shared<FaceLocator>(FaceLocatorConfig::fromJson(objectField(config, "face_locator")));
    auto image_proj = std::make_shared<ImageProj>(ImageProjConfig::fromJson(objectField(config, "imageproj")));
    nn::WeightLoader loader(weights);
    loader.load(*audio_proj, "audioproj.");
    loader.load(*face_locator, "face_locator.");
    loader.load(*image_proj, "imageproj.");
    loader.finish();
    place(audio_proj);
    place(face_locator);
    place(image_proj);
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

TensorMap runWav2Vec2(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    auto model = std::make_shared<Wav2Vec2>(Wav2Vec2Config::fromJson(objectField(c, "config")));
    nn::WeightLoader loader(weights);
    loader.allowUnused("masked_spec_embed");
    loader.load(*model, "");
    loader.finish();
    place(model); // t_options.dtype is float32 here (kindUsesReducedPrecision)
    const auto audio = prepareHalloAudio(rawInput(in, "raw_audio"), intField(c, "sample_rate"), intField(c, "fps"),
                                         intField(c, "clip_length"));
    if (audio.seq_len != intField(c, "seq_len") || audio.audio_length != intField(c, "audio_length"))
        throwInput("golden wav2vec2 case: frame counts " + std::to_string(audio.seq_len) + "/" +
                   std::to_string(audio.audio_length) + " differ from the case's seq_len/audio_length");
    const auto result = model->forward(audio.input_values.to(t_options.device), audio.seq_len);
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
        out.push_back(in.at(name + "." + std::to_string(level)).to(t_options.device));
    return out;
}

TensorMap runPipelineIn(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in,
                        torch::ScalarType dtype)
{
    const Json& config = objectField(c, "config");
    HalloConfigs configs;
    configs.reference_unet = UNetConfig::fromJson(objectField(config, "reference_unet"));
    configs.denoising_unet = UNetConfig::fromJson(objectField(config, "denoising_unet"));
    configs.vae = AutoencoderKLConfig::fromJson(objectField(config, "vae"));
    configs.face_locator = FaceLocatorConfig::fromJson(objectField(config, "face_locator"));
    configs.imageproj = ImageProjConfig::fromJson(objectField(config, "imageproj"));
    configs.audioproj = AudioProjConfig::fromJson(objectField(config, "audioproj"));
    configs.scheduler = DdimConfig::fromJson(objectField(config, "scheduler"));
    HalloModels models(configs);
    models.load(weights);
    for (torch::nn::Module* m : std::initializer_list<torch::nn::Module*>{
             models.reference_unet.get(), models.denoising_unet.get(), models.vae.get(), models.face_locator.get(),
             models.imageproj.get(), models.audioproj.get()})
        m->to(t_options.device);
    if (dtype != torch::kFloat32)
        models.setDtype(dtype);

    // The pipeline takes float32 inputs and casts at the module boundaries itself.
    auto input = [&](const TensorMap& inputs, const std::string& name) { return rawInput(inputs, name).to(t_options.device); };
    const Json& inference = objectField(config, "inference");
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
    if (!field(inference, "cfg_scale").is_number())
        throwInput("golden pipeline case lacks inference.cfg_scale");
    request.cfg_scale = field(inference, "cfg_scale").get<double>();
    request.motion_scale = doubles(field(inference, "motion_scale"));
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

TensorMap runPipeline(const Json& c, const nn::SafetensorsFile& weights, const TensorMap& in)
{
    return runPipelineIn(c, weights, in, t_options.dtype);
}

TensorMap toCpuFloat(TensorMap outputs)
{
    for (auto& [name, t] : outputs)
        t = t.is_floating_point() ? t.to(torch::kCPU, torch::kFloat32) : t.to(torch::kCPU);
    return outputs;
}

struct ScopedOptions {
    explicit ScopedOptions(const RunOptions& o) : previous(t_options) { t_options = o; }
    ~ScopedOptions() { t_options = previous; }
    RunOptions previous;
};

using Runner = std::function<TensorMap(const Json&, const nn::SafetensorsFile&, const TensorMap&)>;

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

bool kindUsesReducedPrecision(const std::string& kind)
{
    return kind != "ddim" && kind != "wav2vec2_hallo";
}

TensorMap runPipelineCase(const Json& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs,
                          torch::ScalarType dtype)
{
    ScopedOptions scope({torch::kCPU, torch::kFloat32});
    return toCpuFloat(runPipelineIn(case_json, weights, inputs, dtype));
}

TensorMap runCase(const Json& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs,
                  const RunOptions& options)
{
    const std::string kind = field(case_json, "kind").is_string() ? field(case_json, "kind").get<std::string>() : "";
    auto it = runners().find(kind);
    if (it == runners().end())
        throwInput("golden kind '" + kind + "' is not implemented");
    RunOptions o = options;
    if (!kindUsesReducedPrecision(kind))
        o.dtype = torch::kFloat32;
    ScopedOptions scope(o);
    return toCpuFloat(it->second(case_json, weights, inputs));
}

// ---- Case folders and the comparison rule ----

std::vector<std::filesystem::path> caseDirs(const std::vector<std::filesystem::path>& roots)
{
    std::vector<std::filesystem::path> out;
    for (const auto& root : roots) {
        std::vector<std::filesystem::path> dirs;
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(root, ec))
            if (entry.is_directory() && std::filesystem::exists(entry.path() / "case.json"))
                dirs.push_back(entry.path()); // others (e.g. faceapi/) are a different family with their own README
        std::sort(dirs.begin(), dirs.end());
        out.insert(out.end(), dirs.begin(), dirs.end());
    }
    return out;
}

Json readCase(const std::filesystem::path& dir)
{
    std::ifstream f(dir / "case.json");
    if (!f)
        throwInput("cannot read " + (dir / "case.json").string());
    std::stringstream text;
    text << f.rdbuf();
    Json c = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (c.is_discarded() || !c.is_object())
        throwInput((dir / "case.json").string() + " is not a JSON object");
    return c;
}

void readIo(const std::filesystem::path& dir, TensorMap& inputs, TensorMap& expected)
{
    const auto io = nn::SafetensorsFile::open((dir / "io.safetensors").string());
    for (auto& [name, tensor] : nn::readAll(io)) {
        if (name.rfind("in.", 0) == 0)
            inputs[name.substr(3)] = tensor;
        else if (name.rfind("out.", 0) == 0)
            expected[name.substr(4)] = tensor;
    }
}

Tolerance toleranceFor(const Json& c, const std::string& output)
{
    Tolerance t;
    auto number = [](const Json& o, const char* key, double fallback) {
        auto it = o.find(key);
        return it != o.end() && it->is_number() ? it->get<double>() : fallback;
    };
    t.atol = number(c, "atol", t.atol);
    t.rtol = number(c, "rtol", t.rtol);
    const Json& all = field(c, "tolerances");
    if (all.is_object()) {
        auto it = all.find(output);
        if (it != all.end() && it->is_object()) {
            auto exact = it->find("exact");
            t.exact = exact != it->end() && exact->is_boolean() && exact->get<bool>();
            t.atol = number(*it, "atol", t.atol);
            t.rtol = number(*it, "rtol", t.rtol);
        }
    }
    return t;
}

std::vector<OutputCheck> compareOutputs(const Json& c, const TensorMap& expected, const TensorMap& outputs,
                                        double relative_l2_bound)
{
    std::vector<OutputCheck> checks;
    char line[512];
    for (const auto& [name, want_raw] : expected) {
        OutputCheck check;
        check.name = "out." + name;
        auto it = outputs.find(name);
        if (it == outputs.end()) {
            check.detail = "not computed";
            checks.push_back(check);
            continue;
        }
        const torch::Tensor got = it->second.detach().to(torch::kCPU).contiguous();
        const torch::Tensor& want = want_raw;
        if (got.sizes() != want.sizes()) {
            std::ostringstream s;
            s << "shape " << got.sizes() << ", expected " << want.sizes();
            check.detail = s.str();
            checks.push_back(check);
            continue;
        }
        const Tolerance tol = toleranceFor(c, check.name);
        if (tol.exact || !want.is_floating_point()) {
            check.passed = torch::equal(got.to(want.scalar_type()), want);
            check.detail = check.passed ? "exact match" : "not exactly equal";
            checks.push_back(check);
            continue;
        }
        const auto g = got.to(torch::kFloat64), w = want.to(torch::kFloat64);
        const auto diff = (g - w).abs();
        const auto worst = diff.flatten().argmax().item<std::int64_t>();
        const double max_err = diff.flatten()[worst].item<double>();
        const bool any_nan = g.isnan().any().item<bool>();
        if (relative_l2_bound > 0) {
            const double norm = w.norm().item<double>();
            const double rel = norm > 0 ? (g - w).norm().item<double>() / norm : (g - w).norm().item<double>();
            check.passed = !any_nan && rel <= relative_l2_bound;
            std::snprintf(line, sizeof line, "relative L2 %.3g (bound %.3g), max |diff| %.3g, mean |diff| %.3g%s", rel,
                          relative_l2_bound, max_err, diff.mean().item<double>(), any_nan ? ", NaN" : "");
        } else {
            const auto excess = diff - (tol.atol + tol.rtol * w.abs());
            const auto bad = (excess > 0).logical_or(g.isnan()).sum().item<std::int64_t>();
            check.passed = bad == 0;
            std::snprintf(line, sizeof line,
                          "max |diff| %.3g at flat index %lld (atol %.1g, rtol %.1g), %lld of %lld elements out",
                          max_err, (long long)worst, tol.atol, tol.rtol, (long long)bad, (long long)want.numel());
            std::string detail = line;
            if (bad > 0 && want.dim() > 1 && want.size(0) > 1) {
                detail += "; max |diff| per leading index:"; // where along the leading axis the error sits
                for (std::int64_t i = 0; i < want.size(0); ++i) {
                    std::snprintf(line, sizeof line, " %.3g", diff[i].max().item<double>());
                    detail += line;
                }
            }
            check.detail = detail;
            checks.push_back(check);
            continue;
        }
        check.detail = line;
        checks.push_back(check);
    }
    return checks;
}

} // namespace emote::diffusion::golden
