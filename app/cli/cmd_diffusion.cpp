#include "app/cli/cmd_diffusion.h"

#include "app/cli/cli_args.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/partial_files.h"
#include "core/diffusion/model_package.h"
#include "core/nn/safetensors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

namespace emote::cli {

const char* const kImportHalloUsage = R"(  emote import-hallo DIR -o PACKAGE [--name NAME] [--license TEXT] [--config FILE.json] [--overwrite]

import-hallo: DIR is Hallo's pretrained_models folder with its weights as .safetensors:
      DIR/hallo/net.safetensors                           reference/denoising UNets, face locator, projections
      DIR/sd-vae-ft-mse/config.json + diffusion_pytorch_model.safetensors
      DIR/stable-diffusion-v1-5/unet/config.json
      DIR/wav2vec/wav2vec2-base-960h/config.json + model.safetensors
  -o, --output PACKAGE     the package folder to create
      --name NAME          package name (default: hallo)
      --license TEXT       license note stored in the manifest
      --config FILE.json   module configs that replace the defaults ({"denoising_unet": {...}, ...})
      --overwrite          replace PACKAGE if it exists
  Pickle checkpoints (.pth, .ckpt, .bin) are never opened. Convert them once, offline, in Python:
      import torch, safetensors.torch as st
      st.save_file(torch.load("net.pth", map_location="cpu", weights_only=True), "net.safetensors")
)";

namespace {

namespace fs = std::filesystem;

// Hallo's configs/inference/default.yaml (unet_additional_kwargs, noise_scheduler_kwargs) and the module
// constructors in scripts/inference.py.
QJsonObject halloDefaults()
{
    const QJsonObject unet_additional{
        {"use_inflated_groupnorm", true},
        {"unet_use_cross_frame_attention", false},
        {"unet_use_temporal_attention", false},
        {"use_motion_module", true},
        {"use_audio_module", true},
        {"motion_module_resolutions", QJsonArray{1, 2, 4, 8}},
        {"motion_module_mid_block", true},
        {"motion_module_decoder_only", false},
        {"motion_module_type", "Vanilla"},
        {"motion_module_kwargs", QJsonObject{{"num_attention_heads", 8},
                                             {"num_transformer_block", 1},
                                             {"attention_block_types", QJsonArray{"Temporal_Self", "Temporal_Self"}},
                                             {"temporal_position_encoding", true},
                                             {"temporal_position_encoding_max_len", 32},
                                             {"temporal_attention_dim_div", 1}}},
        {"audio_attention_dim", 768},
        {"stack_enable_blocks_name", QJsonArray{"up", "down", "mid"}},
        {"stack_enable_blocks_depth", QJsonArray{0, 1, 2, 3}}};
    return QJsonObject{
        {"unet_additional_kwargs", unet_additional},
        {"face_locator", QJsonObject{{"conditioning_embedding_channels", 320},
                                     {"conditioning_channels", 3},
                                     {"block_out_channels", QJsonArray{16, 32, 64, 128}}}},
        {"imageproj", QJsonObject{{"cross_attention_dim", 768}, {"clip_embeddings_dim", 512},
                                  {"clip_extra_context_tokens", 4}}},
        {"audioproj", QJsonObject{{"seq_len", 5}, {"blocks", 12}, {"channels", 768}, {"intermediate_dim", 512},
                                  {"output_dim", 768}, {"context_tokens", 32}}},
        {"scheduler", QJsonObject{{"num_train_timesteps", 1000}, {"beta_start", 0.00085}, {"beta_end", 0.012},
                                  {"beta_schedule", "linear"}, {"clip_sample", false}, {"set_alpha_to_one", true},
                                  {"steps_offset", 1}, {"prediction_type", "v_prediction"},
                                  {"timestep_spacing", "trailing"}, {"rescale_betas_zero_snr", true}}},
        {"inference", QJsonObject{{"width", 512}, {"height", 512}, {"clip_length", 16}, {"n_motion_frames", 2},
                                  {"motion_scale", QJsonArray{1.0, 1.0, 1.0}}}}};
}

QJsonObject readJson(const fs::path& file, const std::string& role)
{
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        throwInput("the Hallo release lacks " + role + " " + quoted(file) + ".");
    QJsonParseError err{};
    const auto doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        throwInput(quoted(file) + " is not a JSON object: " + err.errorString().toStdString());
    return doc.object();
}

// The .safetensors file STEM.safetensors in FOLDER; a pickle-only release is refused with the way out.
fs::path requireSafetensors(const fs::path& folder, const std::string& stem, const std::string& role)
{
    const fs::path st = folder / (stem + ".safetensors");
    if (fs::is_regular_file(st))
        return st;
    for (const char* ext : {".pth", ".ckpt", ".bin", ".pt"}) {
        const fs::path pickle = folder / (stem + ext);
        if (fs::exists(pickle))
            throwInput("the " + role + " weights are " + quoted(pickle) +
                       ", a Python pickle file, which Emote Studio never opens (it can run code). Convert it "
                       "once, offline, with Python: `import torch, safetensors.torch as st; st.save_file(torch.load(\"" +
                       pickle.filename().string() + "\", map_location=\"cpu\", weights_only=True), \"" + stem +
                       ".safetensors\")` and run import-hallo again.");
    }
    throwInput("the Hallo release lacks the " + role + " weights " + quoted(st) + ".");
}

// Copies SRC's tensors whose new name RENAME gives (empty: dropped) into DST, bytes unchanged. Returns the count.
std::size_t rewriteSafetensors(const fs::path& src, const fs::path& dst,
                               const std::function<std::string(const std::string&)>& rename)
{
    const auto in = nn::SafetensorsFile::open(src.string());
    QJsonObject header;
    std::uint64_t offset = 0;
    std::vector<std::pair<const nn::TensorView*, std::string>> kept;
    for (const auto& t : in.tensors()) {
        const std::string name = rename(t.name);
        if (name.empty())
            continue;
        QJsonArray shape;
        for (auto d : t.shape)
            shape.append(double(d));
        const std::uint64_t size = t.end_byte - t.begin_byte;
        header.insert(QString::fromStdString(name),
                      QJsonObject{{"dtype", nn::dtypeName(t.dtype)},
                                  {"shape", shape},
                                  {"data_offsets", QJsonArray{double(offset), double(offset + size)}}});
        offset += size;
        kept.emplace_back(&t, name);
    }
    QByteArray h = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (h.size() % 8)
        h.append(' ');
    std::ofstream out(dst, std::ios::binary | std::ios::trunc);
    const std::uint64_t n = std::uint64_t(h.size());
    out.write(reinterpret_cast<const char*>(&n), 8);
    out.write(h.constData(), h.size());
    for (const auto& [t, name] : kept)
        out.write(reinterpret_cast<const char*>(t->data), std::streamsize(t->end_byte - t->begin_byte));
    out.flush();
    if (!out)
        throwOutput("cannot write " + quoted(dst) + " (disk full?)");
    return kept.size();
}

} // namespace

int cmdImportHallo(const std::vector<std::string>& argv)
{
    const Args args(argv, {{"output", 'o'}, {"name"}, {"license"}, {"config"}, {"overwrite", 0, false}});
    if (args.positional().size() != 1 || !args.has("output"))
        throwUsage("import-hallo needs the Hallo release folder and -o PACKAGE.\n" + std::string(kImportHalloUsage));
    const fs::path dir(args.positional()[0]);
    fs::path out = fs::path(*args.get("output")).lexically_normal();
    if (!out.has_filename()) // "pkg/": the package is the folder itself
        out = out.parent_path();
    if (!fs::is_directory(dir))
        throwInput(quoted(dir) + " is not a folder. Give Hallo's pretrained_models folder.");
    if (fs::exists(out) && !args.has("overwrite"))
        throwOutput(quoted(out) + " already exists. Choose another folder or add --overwrite.");

    // Every input is checked before anything is written.
    const fs::path net = requireSafetensors(dir / "hallo", "net", "Hallo net");
    const fs::path vae_dir = dir / "sd-vae-ft-mse";
    const fs::path vae = requireSafetensors(vae_dir, "diffusion_pytorch_model", "VAE");
    const fs::path w2v_dir = dir / "wav2vec" / "wav2vec2-base-960h";
    const fs::path w2v = requireSafetensors(w2v_dir, "model", "wav2vec2");
    QJsonObject defaults = halloDefaults();
    if (args.has("config")) {
        const auto over = readJson(*args.get("config"), "--config file");
        for (auto it = over.begin(); it != over.end(); ++it)
            defaults.insert(it.key(), it.value());
    }
    QJsonObject config;
    QJsonObject sd_unet = defaults.contains("reference_unet")
                              ? defaults.value("reference_unet").toObject()
                              : readJson(dir / "stable-diffusion-v1-5" / "unet" / "config.json", "the SD UNet config");
    config.insert("reference_unet", sd_unet);
    if (defaults.contains("denoising_unet")) {
        config.insert("denoising_unet", defaults.value("denoising_unet"));
    } else {
        QJsonObject denoising = sd_unet;
        const auto extra = defaults.value("unet_additional_kwargs").toObject();
        for (auto it = extra.begin(); it != extra.end(); ++it)
            denoising.insert(it.key(), it.value());
        config.insert("denoising_unet", denoising);
    }
    config.insert("vae", defaults.contains("vae") ? defaults.value("vae").toObject()
                                                 : readJson(vae_dir / "config.json", "the VAE config"));
    config.insert("wav2vec2", defaults.contains("wav2vec2") ? defaults.value("wav2vec2").toObject()
                                                           : readJson(w2v_dir / "config.json", "the wav2vec2 config"));
    for (const char* key : {"face_locator", "imageproj", "audioproj", "scheduler", "inference"})
        config.insert(key, defaults.value(key));

    const char* const net_prefixes[] = {"reference_unet.", "denoising_unet.", "face_locator.", "imageproj.",
                                        "audioproj."};
    {
        const auto file = nn::SafetensorsFile::open(net.string());
        for (const auto& t : file.tensors()) {
            bool ok = false;
            for (const char* p : net_prefixes)
                ok = ok || t.name.rfind(p, 0) == 0;
            if (!ok)
                throwInput(quoted(net) + " holds '" + t.name + "', which is not part of Hallo's net "
                           "(expected reference_unet., denoising_unet., face_locator., imageproj., audioproj. keys).");
        }
    }

    // The VAE and wav2vec2 files are validated too before an existing package is replaced.
    nn::SafetensorsFile::open(vae.string());
    nn::SafetensorsFile::open(w2v.string());
    // Written as PACKAGE.partial and renamed at the end: a killed import never leaves a half package under the
    // final name, and the next start removes the partial folder (core/common/partial_files.h).
    const fs::path part(out.string() + ".partial");
    PartialFileRecord record(part);
    std::error_code ec;
    fs::remove_all(part, ec);
    fs::create_directories(part);
    try {
        rewriteSafetensors(net, part / "hallo.safetensors", [](const std::string& k) { return k; });
        rewriteSafetensors(vae, part / "vae.safetensors", [](const std::string& k) { return "vae." + k; });
        // A Wav2Vec2ForCTC file keeps the model under `wav2vec2.` and adds the CTC head, which Hallo does not use.
        rewriteSafetensors(w2v, part / "wav2vec2.safetensors", [](const std::string& k) -> std::string {
            if (k.rfind("lm_head.", 0) == 0)
                return {};
            return k.rfind("wav2vec2.", 0) == 0 ? k : "wav2vec2." + k;
        });
        diffusion::ModelManifest m;
        m.name = args.get("name", "hallo");
        m.architecture = "hallo";
        m.license = args.get("license", "Hallo (MIT); Stable Diffusion v1.5 and sd-vae-ft-mse (CreativeML OpenRAIL-M); "
                                        "wav2vec2-base-960h (Apache-2.0)");
        m.config_json = QJsonDocument(config).toJson(QJsonDocument::Compact).toStdString();
        m.files = {{"hallo.safetensors", "", 0}, {"vae.safetensors", "", 0}, {"wav2vec2.safetensors", "", 0}};
        diffusion::writeManifest(part, m);
        if (fs::exists(out))
            fs::remove_all(out);
        fs::rename(part, out);
    } catch (...) {
        fs::remove_all(part, ec);
        throw;
    }
    std::printf("wrote model package %s\n", out.string().c_str());
    return 0;
}

} // namespace emote::cli
