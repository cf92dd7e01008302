#include "core/diffusion/detail/hallo_package.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/nn/detail/tensor_io.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <nlohmann/json.hpp>

#include <map>

namespace emote::diffusion {

namespace fs = std::filesystem;

namespace {

const nlohmann::json& moduleConfig(const nlohmann::json& config, const char* key, const fs::path& package)
{
    const auto it = config.find(key);
    if (it == config.end() || !it->is_object())
        throwInput("model package " + quoted(package) + ": manifest.json config lacks the \"" + key +
                   "\" object. Rebuild the package with emote import-hallo.");
    return *it;
}

std::int64_t intOr(const QJsonObject& o, const char* key, std::int64_t fallback)
{
    const auto v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble() || v.toDouble() != double(std::int64_t(v.toDouble())) || v.toDouble() <= 0)
        throwInput(std::string("model config key 'inference.") + key + "' must be a positive integer");
    return std::int64_t(v.toDouble());
}

const char* const kModules[] = {"reference_unet", "denoising_unet", "face_locator", "imageproj",
                                "audioproj",      "vae",            "wav2vec2"};

} // namespace

std::unique_ptr<HalloPackage> loadHalloPackage(const fs::path& package, bool verify)
{
    auto pkg = std::make_unique<HalloPackage>();
    pkg->manifest = readManifest(package);
    if (verify)
        verifyPackage(package, pkg->manifest);

    const QJsonObject config =
        QJsonDocument::fromJson(QByteArray::fromStdString(pkg->manifest.config_json)).object();
    const nlohmann::json module_json = parseConfigJson(pkg->manifest.config_json, "manifest.json config of " + quoted(package));
    HalloConfigs& c = pkg->configs;
    c.reference_unet = UNetConfig::fromJson(moduleConfig(module_json, "reference_unet", package));
    c.denoising_unet = UNetConfig::fromJson(moduleConfig(module_json, "denoising_unet", package));
    c.vae = AutoencoderKLConfig::fromJson(moduleConfig(module_json, "vae", package));
    c.face_locator = FaceLocatorConfig::fromJson(moduleConfig(module_json, "face_locator", package));
    c.imageproj = ImageProjConfig::fromJson(moduleConfig(module_json, "imageproj", package));
    c.audioproj = AudioProjConfig::fromJson(moduleConfig(module_json, "audioproj", package));
    c.scheduler = DdimConfig::fromJson(moduleConfig(module_json, "scheduler", package));
    pkg->wav2vec2_config = Wav2Vec2Config::fromJson(moduleConfig(module_json, "wav2vec2", package));

    const QJsonObject inf = config.value(QStringLiteral("inference")).toObject();
    auto& in = pkg->inference;
    in.width = intOr(inf, "width", 512);
    in.height = intOr(inf, "height", 512);
    in.clip_length = intOr(inf, "clip_length", 16);
    in.n_motion_frames = intOr(inf, "n_motion_frames", 2);
    if (inf.value(QStringLiteral("motion_scale")).isArray()) {
        in.motion_scale.clear();
        for (const auto& v : inf.value(QStringLiteral("motion_scale")).toArray())
            in.motion_scale.push_back(v.toDouble());
        if (in.motion_scale.size() != 3)
            throwInput("model config key 'inference.motion_scale' must hold 3 numbers (pose, face, lip)");
    }
    if (in.n_motion_frames > in.clip_length)
        throwInput("model config: inference.n_motion_frames exceeds inference.clip_length");
    const auto factor = c.vae.scaleFactor() << (c.denoising_unet.block_out_channels.size() - 1);
    if (in.width % factor != 0 || in.height % factor != 0)
        throwInput("model config: inference width and height must be multiples of " + std::to_string(factor));
    // Hallo feeds every wav2vec2 layer's hidden state to the audio projection.
    const auto& w = pkg->wav2vec2_config;
    if (w.num_hidden_layers != c.audioproj.blocks || w.hidden_size != c.audioproj.channels)
        throwInput("model config: wav2vec2 gives " + std::to_string(w.num_hidden_layers) + " layers of " +
                   std::to_string(w.hidden_size) + " channels but audioproj expects " +
                   std::to_string(c.audioproj.blocks) + " blocks of " + std::to_string(c.audioproj.channels));

    pkg->models = std::make_unique<HalloModels>(c);
    pkg->wav2vec2 = std::make_shared<Wav2Vec2>(w);
    auto& m = *pkg->models;
    std::map<std::string, torch::nn::Module*> modules = {
        {"reference_unet", m.reference_unet.get()}, {"denoising_unet", m.denoising_unet.get()},
        {"face_locator", m.face_locator.get()},     {"imageproj", m.imageproj.get()},
        {"audioproj", m.audioproj.get()},           {"vae", m.vae.get()},
        {"wav2vec2", pkg->wav2vec2.get()}};

    // Route each module to the one weight file holding its keys, then load each file strictly.
    std::vector<nn::SafetensorsFile> files;
    for (const auto& pf : pkg->manifest.files)
        if (fs::path(pf.path).extension() == ".safetensors")
            files.push_back(nn::SafetensorsFile::open((package / pf.path).string()));
    std::map<std::string, std::size_t> owner;
    for (const char* name : kModules) {
        const std::string prefix = std::string(name) + ".";
        for (std::size_t i = 0; i < files.size(); ++i) {
            bool has = false;
            for (const auto& t : files[i].tensors())
                if (t.name.rfind(prefix, 0) == 0) {
                    has = true;
                    break;
                }
            if (!has)
                continue;
            if (owner.count(name))
                throwInput("model package " + quoted(package) + ": the weights of '" + name + "' are split over " +
                           files[owner[name]].path() + " and " + files[i].path() + "; keep each module in one file");
            owner[name] = i;
        }
        if (!owner.count(name))
            throwInput("model package " + quoted(package) + " has no weights for '" + name + "' (keys '" + prefix +
                       "…'). Rebuild the package with emote import-hallo.");
    }
    for (std::size_t i = 0; i < files.size(); ++i) {
        nn::WeightLoader loader(files[i]);
        loader.allowUnused("wav2vec2.masked_spec_embed");
        for (const auto& [name, idx] : owner) {
            if (idx != i)
                continue;
            // sd-vae-ft-mse and other older VAE files name the attention projections query/key/value/proj_attn.
            const bool legacy_vae = name == "vae" && files[i].find("vae.decoder.mid_block.attentions.0.query.weight");
            loader.load(*modules.at(name), name + ".", legacy_vae ? AutoencoderKL::legacyAttentionNames() : nn::NameMap{});
        }
        loader.finish();
    }
    for (auto& [name, mod] : modules)
        mod->eval();
    return pkg;
}

} // namespace emote::diffusion
