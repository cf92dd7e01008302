#include "core/diffusion/hallo_import.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/partial_files.h"
#include "core/diffusion/model_package.h"
#include "core/nn/pth_reader.h"
#include "core/nn/safetensors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <fstream>
#include <optional>

namespace emote::diffusion {

namespace fs = std::filesystem;

namespace {

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

// The weights file for STEMS in FOLDER: .safetensors first, else a PyTorch file for the restricted reader.
fs::path findWeights(const fs::path& folder, const std::vector<std::string>& stems, const std::string& role)
{
    for (const char* ext : {".safetensors", ".pth", ".bin", ".pt", ".ckpt"})
        for (const auto& stem : stems)
            if (fs::is_regular_file(folder / (stem + ext)))
                return folder / (stem + ext);
    throwInput("the Hallo release lacks the " + role + " weights " + quoted(folder / (stems.front() + ".safetensors")) +
               " (or .pth/.bin).");
}

// A weights file of either kind, read tensor by tensor: safetensors bytes as they are, .pth views materialised.
class WeightSource {
public:
    struct Item {
        std::string name;
        nn::DType dtype;
        std::vector<std::int64_t> shape;
        std::uint64_t size_bytes;
        std::size_t index;
    };

    explicit WeightSource(const fs::path& file) : m_path(file)
    {
        if (file.extension() == ".safetensors") {
            m_st.emplace(nn::SafetensorsFile::open(file.string()));
            for (std::size_t i = 0; i < m_st->tensors().size(); ++i) {
                const auto& t = m_st->tensors()[i];
                m_items.push_back({t.name, t.dtype, t.shape, t.sizeBytes(), i});
            }
        } else {
            m_pth.emplace(nn::PthFile::open(file.string()));
            for (std::size_t i = 0; i < m_pth->tensors().size(); ++i) {
                const auto& t = m_pth->tensors()[i];
                m_items.push_back({t.name, t.dtype, t.shape, m_pth->sizeBytes(t), i});
            }
        }
    }
    const fs::path& path() const { return m_path; }
    const std::vector<Item>& items() const { return m_items; }
    void write(const Item& item, std::ofstream& out, std::vector<std::byte>& buffer) const
    {
        if (m_st) {
            const auto& t = m_st->tensors()[item.index];
            out.write(reinterpret_cast<const char*>(t.data), std::streamsize(item.size_bytes));
            return;
        }
        buffer.resize(std::size_t(item.size_bytes));
        m_pth->copyContiguous(m_pth->tensors()[item.index], buffer.data());
        out.write(reinterpret_cast<const char*>(buffer.data()), std::streamsize(item.size_bytes));
    }

private:
    fs::path m_path;
    std::optional<nn::SafetensorsFile> m_st;
    std::optional<nn::PthFile> m_pth;
    std::vector<Item> m_items;
};

// The bytes written so far, reported to the caller's progress callback (which may stop the import).
struct WrittenBytes {
    const ImportProgress* progress = nullptr;
    std::int64_t total = 0;
    std::int64_t done = 0;
    void add(std::int64_t bytes, const fs::path& file)
    {
        done += bytes;
        if (progress && *progress && !(*progress)(done, total))
            throw Error(ErrorKind::Cancelled, "cancelled while writing " + quoted(file));
    }
};

// Writes SRC's tensors whose new name RENAME gives (empty: dropped) to DST as safetensors. Returns the count.
std::size_t writeSafetensors(const WeightSource& src, const fs::path& dst,
                             const std::function<std::string(const std::string&)>& rename, WrittenBytes& written)
{
    QJsonObject header;
    std::uint64_t offset = 0;
    std::vector<std::pair<const WeightSource::Item*, std::string>> kept;
    for (const auto& t : src.items()) {
        const std::string name = rename(t.name);
        if (name.empty())
            continue;
        QJsonArray shape;
        for (auto d : t.shape)
            shape.append(double(d));
        header.insert(QString::fromStdString(name),
                      QJsonObject{{"dtype", nn::dtypeName(t.dtype)},
                                  {"shape", shape},
                                  {"data_offsets", QJsonArray{double(offset), double(offset + t.size_bytes)}}});
        offset += t.size_bytes;
        kept.emplace_back(&t, name);
    }
    // safetensors orders the data like the (sorted) header.
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    offset = 0;
    for (const auto& [t, name] : kept) {
        auto entry = header.value(QString::fromStdString(name)).toObject();
        entry.insert("data_offsets", QJsonArray{double(offset), double(offset + t->size_bytes)});
        header.insert(QString::fromStdString(name), entry);
        offset += t->size_bytes;
    }
    QByteArray h = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (h.size() % 8)
        h.append(' ');
    std::ofstream out(dst, std::ios::binary | std::ios::trunc);
    const std::uint64_t n = std::uint64_t(h.size());
    out.write(reinterpret_cast<const char*>(&n), 8);
    out.write(h.constData(), h.size());
    std::vector<std::byte> buffer;
    for (const auto& [t, name] : kept) {
        src.write(*t, out, buffer);
        written.add(std::int64_t(t->size_bytes), dst);
    }
    out.flush();
    if (!out)
        throwOutput("cannot write " + quoted(dst) + " (disk full?)");
    return kept.size();
}

} // namespace

std::int64_t halloPackageBytes(const fs::path& release)
{
    std::int64_t total = 0;
    try {
        for (const fs::path& f : {findWeights(release / "hallo", {"net"}, "Hallo net"),
                                  findWeights(release / "sd-vae-ft-mse", {"diffusion_pytorch_model"}, "VAE"),
                                  findWeights(release / "wav2vec" / "wav2vec2-base-960h", {"model", "pytorch_model"},
                                              "wav2vec2")})
            total += std::int64_t(fs::file_size(f));
    } catch (const std::exception&) {
        return 0;
    }
    return total;
}

fs::path importHallo(const HalloImportParams& params, const ImportProgress& progress)
{
    const fs::path& dir = params.release;
    fs::path out = params.output.lexically_normal();
    if (!out.has_filename()) // "pkg/": the package is the folder itself
        out = out.parent_path();
    if (!fs::is_directory(dir))
        throwInput(quoted(dir) + " is not a folder. Give Hallo's pretrained_models folder.");
    if (fs::exists(out) && !params.overwrite)
        throwOutput(quoted(out) + " already exists. Choose another folder or add --overwrite.");

    // Every input is checked before anything is written.
    const fs::path vae_dir = dir / "sd-vae-ft-mse";
    const fs::path w2v_dir = dir / "wav2vec" / "wav2vec2-base-960h";
    const WeightSource net(findWeights(dir / "hallo", {"net"}, "Hallo net"));
    const WeightSource vae(findWeights(vae_dir, {"diffusion_pytorch_model"}, "VAE"));
    const WeightSource w2v(findWeights(w2v_dir, {"model", "pytorch_model"}, "wav2vec2"));
    QJsonObject defaults = halloDefaults();
    if (!params.config_file.empty()) {
        const auto over = readJson(params.config_file, "--config file");
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
    for (const auto& t : net.items()) {
        bool ok = false;
        for (const char* p : net_prefixes)
            ok = ok || t.name.rfind(p, 0) == 0;
        if (!ok)
            throwInput(quoted(net.path()) + " holds '" + t.name + "', which is not part of Hallo's net "
                       "(expected reference_unet., denoising_unet., face_locator., imageproj., audioproj. keys).");
    }

    // The VAE and wav2vec2 files were opened and validated above (WeightSource), before an existing package is
    // replaced.
    // Written as PACKAGE.partial and renamed at the end: a killed import never leaves a half package under the
    // final name, and the next start removes the partial folder (core/common/partial_files.h).
    const fs::path part(out.string() + ".partial");
    PartialFileRecord record(part);
    std::error_code ec;
    fs::remove_all(part, ec);
    fs::create_directories(part);
    using Rename = std::function<std::string(const std::string&)>;
    const Rename same = [](const std::string& k) { return k; };
    const Rename into_vae = [](const std::string& k) { return "vae." + k; };
    // A Wav2Vec2ForCTC file keeps the model under `wav2vec2.` and adds the CTC head, which Hallo does not use.
    const Rename into_w2v = [](const std::string& k) -> std::string {
        if (k.rfind("lm_head.", 0) == 0)
            return {};
        return k.rfind("wav2vec2.", 0) == 0 ? k : "wav2vec2." + k;
    };
    const struct {
        const WeightSource& src;
        const char* file;
        const Rename& rename;
    } outputs[] = {{net, "hallo.safetensors", same}, {vae, "vae.safetensors", into_vae},
                   {w2v, "wav2vec2.safetensors", into_w2v}};
    WrittenBytes written{&progress, 0, 0};
    for (const auto& o : outputs)
        for (const auto& t : o.src.items())
            if (!o.rename(t.name).empty())
                written.total += std::int64_t(t.size_bytes);
    try {
        for (const auto& o : outputs)
            writeSafetensors(o.src, part / o.file, o.rename, written);
        diffusion::ModelManifest m;
        m.name = params.name.empty() ? std::string("hallo") : params.name;
        m.architecture = "hallo";
        m.license = !params.license.empty() ? params.license
                                            : "Hallo (MIT); Stable Diffusion v1.5 and sd-vae-ft-mse (CreativeML "
                                              "OpenRAIL-M); wav2vec2-base-960h (Apache-2.0)";
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
    return out;
}

} // namespace emote::diffusion
