#include "core/fetch/release.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <set>

namespace emote::fetch {

namespace {

// Hallo's pretrained_models folder holds, besides its own net.pth, unchanged copies of stabilityai/sd-vae-ft-mse,
// facebook/wav2vec2-base-960h and Stable Diffusion 1.5's UNet config (Hallo's README). Each file is taken from
// the repository and git revision its pin was published for; nothing here was computed from a download made for
// this project (none was possible: the build machine has no network). Where each pin comes from:
//
// - hallo/net.pth: fudan-generative-ai/hallo at commit 1b9c85a4 ("add config.json", after the 2024-06-22
//   re-upload, fudan-generative-vision/hallo issue #82). SHA-256 974a61a7… and 4 850 540 707 bytes are what
//   git-lfs reported for the file the server delivered (issues #58 and #72: "got 974a61a7… after 4850540707
//   bytes written"); the pointer's own oid after the re-upload could not be read offline. The downloader checks
//   the server's X-Linked-Etag / X-Linked-Size against this pin before transferring, so a stale pin stops the
//   download at once with both values named.
// - sd-vae-ft-mse/config.json (547 bytes, the size Hallo's copy has) and diffusion_pytorch_model.safetensors:
//   stabilityai/sd-vae-ft-mse at 31f26fde, the values published by independent download catalogues for that
//   revision; the safetensors SHA-256 is also the LFS oid Hugging Face shows for the file.
// - wav2vec/wav2vec2-base-960h/config.json and model.safetensors: facebook/wav2vec2-base-960h at 22aad52d, the
//   values several public pin lists give for that revision; the safetensors SHA-256 is the LFS oid Hugging Face
//   shows for facebook's file and for the copy in fudan-generative-ai/hallo2.
// - stable-diffusion-v1-5/unet/config.json: SD 1.5's UNet hyper-parameters (runwayml/stable-diffusion-v1-5,
//   diffusers 0.6.0), written from this manifest: no published SHA-256 of that small git file was found, and
//   import-hallo reads only these values from it.
constexpr const char* kHalloRelease = R"json({
  "format": 1,
  "id": "hallo",
  "title": "Hallo (Fudan University, MIT licence) with the SD-VAE ft-MSE and wav2vec2-base-960h it uses",
  "license": "Hallo (MIT); Stable Diffusion v1.5 and sd-vae-ft-mse (CreativeML OpenRAIL-M); wav2vec2-base-960h (Apache-2.0)",
  "base_url": "https://huggingface.co",
  "import": {"name": "hallo"},
  "files": [
    {"path": "hallo/net.pth",
     "url": "fudan-generative-ai/hallo/resolve/1b9c85a45733bdfd570d6f08cb96748fcdf4ae55/hallo/net.pth",
     "bytes": 4850540707,
     "sha256": "974a61a7c6ef1748966794cfba0f2535831680593c781791e671f49dad3c7300",
     "source": "git-lfs content hash and size reported in fudan-generative-vision/hallo issues #58 and #72"},
    {"path": "sd-vae-ft-mse/config.json",
     "url": "stabilityai/sd-vae-ft-mse/resolve/31f26fdeee1355a5c34592e401dd41e45d25a493/config.json",
     "bytes": 547,
     "sha256": "92d3dfb746fca211a2c9e019e285f8597412211728dce3c5bcf4eda0f2d62e7e",
     "source": "published pins for stabilityai/sd-vae-ft-mse@31f26fde"},
    {"path": "sd-vae-ft-mse/diffusion_pytorch_model.safetensors",
     "url": "stabilityai/sd-vae-ft-mse/resolve/31f26fdeee1355a5c34592e401dd41e45d25a493/diffusion_pytorch_model.safetensors",
     "bytes": 334643276,
     "sha256": "a1d993488569e928462932c8c38a0760b874d166399b14414135bd9c42df5815",
     "source": "Hugging Face LFS oid; size from published pins for stabilityai/sd-vae-ft-mse@31f26fde"},
    {"path": "wav2vec/wav2vec2-base-960h/config.json",
     "url": "facebook/wav2vec2-base-960h/resolve/22aad52d435eb6dbaf354bdad9b0da84ce7d6156/config.json",
     "bytes": 1596,
     "sha256": "d3ec255c063d9f95057b553b19c20135b259875834a4fe9deb218a6be25b4cf3",
     "source": "published pins for facebook/wav2vec2-base-960h@22aad52d"},
    {"path": "wav2vec/wav2vec2-base-960h/model.safetensors",
     "url": "facebook/wav2vec2-base-960h/resolve/22aad52d435eb6dbaf354bdad9b0da84ce7d6156/model.safetensors",
     "bytes": 377607901,
     "sha256": "8aa76ab2243c81747a1f832954586bc566090c83a0ac167df6f31f0fa917d74a",
     "source": "Hugging Face LFS oid; size from published pins for facebook/wav2vec2-base-960h@22aad52d"},
    {"path": "stable-diffusion-v1-5/unet/config.json",
     "json": {
       "_class_name": "UNet2DConditionModel",
       "_diffusers_version": "0.6.0",
       "act_fn": "silu",
       "attention_head_dim": 8,
       "block_out_channels": [320, 640, 1280, 1280],
       "center_input_sample": false,
       "cross_attention_dim": 768,
       "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
       "downsample_padding": 1,
       "flip_sin_to_cos": true,
       "freq_shift": 0,
       "in_channels": 4,
       "layers_per_block": 2,
       "mid_block_scale_factor": 1,
       "norm_eps": 1e-05,
       "norm_num_groups": 32,
       "out_channels": 4,
       "sample_size": 64,
       "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"]
     }}
  ]
})json";

constexpr qsizetype kMaxManifestBytes = 1 << 20;

[[noreturn]] void bad(const std::string& origin, const std::string& what)
{
    throwInput("release manifest " + origin + ": " + what + ".");
}

std::string text(const QJsonObject& o, const char* key, const std::string& origin, bool required)
{
    const auto v = o.value(QLatin1String(key));
    if (v.isUndefined() && !required)
        return {};
    if (!v.isString() || v.toString().isEmpty())
        bad(origin, std::string("\"") + key + "\" must be a non-empty string");
    return v.toString().toStdString();
}

} // namespace

std::int64_t Release::downloadBytes() const
{
    std::int64_t total = 0;
    for (const auto& f : files)
        if (f.downloaded())
            total += f.bytes;
    return total;
}

Release halloRelease() { return parseRelease(kHalloRelease, "(built in)"); }

Release parseRelease(const std::string& json, const std::string& origin)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        bad(origin, "not a JSON object (" + err.errorString().toStdString() + " at offset " +
                        std::to_string(err.offset) + ")");
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toInt(-1) != 1)
        bad(origin, "\"format\" must be 1");
    Release r;
    r.id = text(o, "id", origin, true);
    r.title = text(o, "title", origin, false);
    if (r.title.empty())
        r.title = r.id;
    r.license = text(o, "license", origin, true);
    r.base_url = text(o, "base_url", origin, false);
    const QJsonObject import = o.value(QStringLiteral("import")).toObject();
    r.package_name = text(import, "name", origin, false);
    if (r.package_name.empty())
        r.package_name = r.id;
    if (import.contains(QStringLiteral("config"))) {
        if (!import.value(QStringLiteral("config")).isObject())
            bad(origin, "\"import.config\" must be an object");
        r.import_config_json =
            QJsonDocument(import.value(QStringLiteral("config")).toObject()).toJson(QJsonDocument::Compact).toStdString();
    }
    const QJsonArray files = o.value(QStringLiteral("files")).toArray();
    if (files.isEmpty())
        bad(origin, "\"files\" must be a non-empty array");
    std::set<std::string> seen;
    for (const auto& v : files) {
        if (!v.isObject())
            bad(origin, "every entry of \"files\" must be an object");
        const QJsonObject e = v.toObject();
        ReleaseFile f;
        f.path = text(e, "path", origin, true);
        if (!isSafeRelativePath(f.path))
            bad(origin, "file path \"" + f.path + "\" must be relative and stay inside the release folder");
        if (!seen.insert(f.path).second)
            bad(origin, "file \"" + f.path + "\" is listed twice");
        if (e.contains(QStringLiteral("json"))) {
            if (!e.value(QStringLiteral("json")).isObject())
                bad(origin, "\"json\" of \"" + f.path + "\" must be an object");
            f.content = QJsonDocument(e.value(QStringLiteral("json")).toObject()).toJson(QJsonDocument::Indented).toStdString();
            r.files.push_back(f);
            continue;
        }
        f.url = text(e, "url", origin, true);
        f.sha256 = text(e, "sha256", origin, true);
        f.source = text(e, "source", origin, false);
        if (!isSha256Hex(f.sha256))
            bad(origin, "sha256 of \"" + f.path + "\" must be 64 lower-case hex digits");
        const auto b = e.value(QStringLiteral("bytes"));
        if (!b.isDouble() || b.toDouble() <= 0 || b.toDouble() != double(std::int64_t(b.toDouble())))
            bad(origin, "bytes of \"" + f.path + "\" must be a positive integer");
        f.bytes = std::int64_t(b.toDouble());
        const bool absolute = f.url.rfind("http://", 0) == 0 || f.url.rfind("https://", 0) == 0;
        if (!absolute && r.base_url.empty())
            bad(origin, "\"" + f.path + "\" has a relative url but the manifest has no \"base_url\"");
        r.files.push_back(f);
    }
    return r;
}

Release readRelease(const std::filesystem::path& file)
{
    const auto bytes = readFileBytes(file, "release manifest", kMaxManifestBytes);
    return parseRelease(std::string(bytes.begin(), bytes.end()), quoted(file));
}

} // namespace emote::fetch
