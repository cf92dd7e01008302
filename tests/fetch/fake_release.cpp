#include "fake_release.h"

#include "../diffusion/pth_writer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <random>
#include <stdexcept>

namespace emote::test {

namespace {

struct Tensor {
    std::string name;
    std::vector<std::int64_t> shape;
};

std::int64_t numel(const Tensor& t)
{
    std::int64_t n = 1;
    for (auto d : t.shape)
        n *= d;
    return n;
}

// NUMEL random float16 values (|x| < 1, as bits: sign, exponent ≤ 14, mantissa).
std::string halfBytes(std::int64_t n, std::mt19937& rng)
{
    std::string out(std::size_t(n) * 2, '\0');
    for (std::int64_t i = 0; i < n; ++i) {
        const std::uint16_t v = std::uint16_t((rng() & 0x8000u) | ((rng() % 15u) << 10) | (rng() & 0x3FFu));
        out[std::size_t(i) * 2] = char(v & 0xFF);
        out[std::size_t(i) * 2 + 1] = char(v >> 8);
    }
    return out;
}

QByteArray safetensors(const std::vector<Tensor>& tensors, std::mt19937& rng)
{
    QJsonObject header;
    QByteArray data;
    for (const Tensor& t : tensors) {
        QJsonArray shape;
        for (auto d : t.shape)
            shape.append(double(d));
        const double begin = double(data.size());
        data += QByteArray::fromStdString(halfBytes(numel(t), rng));
        header.insert(QString::fromStdString(t.name),
                      QJsonObject{{"dtype", "F16"}, {"shape", shape}, {"data_offsets", QJsonArray{begin, double(data.size())}}});
    }
    QByteArray h = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (h.size() % 8)
        h.append(' ');
    QByteArray out(8, '\0');
    const std::uint64_t n = std::uint64_t(h.size());
    for (int i = 0; i < 8; ++i)
        out[i] = char((n >> (8 * i)) & 0xFF);
    return out + h + data;
}

QByteArray json(const QJsonObject& o) { return QJsonDocument(o).toJson(); }

} // namespace

const FakeRelease::File& FakeRelease::file(const QString& path) const
{
    for (const File& f : files)
        if (f.path == path)
            return f;
    throw std::runtime_error("no file " + path.toStdString() + " in the fake release");
}

std::int64_t FakeRelease::downloadBytes() const
{
    std::int64_t total = 0;
    for (const File& f : files)
        total += f.bytes.size();
    return total;
}

QJsonObject FakeRelease::manifest(const QString& base_url) const
{
    QJsonArray entries;
    for (const File& f : files)
        entries.append(QJsonObject{
            {"path", f.path},
            {"url", urlPath(f).mid(1)},
            {"bytes", double(f.bytes.size())},
            {"sha256", QString::fromLatin1(QCryptographicHash::hash(f.bytes, QCryptographicHash::Sha256).toHex())},
            {"source", "made by the test"}});
    const QJsonObject unet{{"_class_name", "UNet2DConditionModel"},
                           {"block_out_channels", QJsonArray{32, 64}},
                           {"down_block_types", QJsonArray{"CrossAttnDownBlock2D", "DownBlock2D"}},
                           {"up_block_types", QJsonArray{"UpBlock2D", "CrossAttnUpBlock2D"}}};
    entries.append(QJsonObject{{"path", "stable-diffusion-v1-5/unet/config.json"}, {"json", unet}});
    return QJsonObject{{"format", 1},
                       {"id", "hallo"},
                       {"title", "Fake Hallo release (test)"},
                       {"license", "MIT (test weights)"},
                       {"base_url", base_url},
                       {"import", QJsonObject{{"name", "fake-hallo"}}},
                       {"files", entries}};
}

FakeRelease makeFakeRelease(unsigned seed, int net_kib)
{
    std::mt19937 rng(seed);
    FakeRelease r;
    // hallo/net.pth: Hallo's five modules, mostly one wide tensor so the file has about NET_KIB KiB.
    const std::int64_t wide = std::max<std::int64_t>(8, std::int64_t(net_kib) * 1024 / 2 / 64);
    const std::vector<Tensor> net = {{"reference_unet.conv_in.weight", {32, 4, 3, 3}},
                                     {"denoising_unet.conv_in.weight", {wide, 64}},
                                     {"face_locator.conv_in.weight", {16, 3, 3, 3}},
                                     {"imageproj.proj.weight", {64, 32}},
                                     {"audioproj.proj1.weight", {32, 48}}};
    PthWriter w;
    int key = 0;
    for (const Tensor& t : net) {
        const std::string k = std::to_string(key++);
        w.addStorage(k, "HalfStorage", halfBytes(numel(t), rng), 2);
        w.addTensor(t.name, k, 0, t.shape);
        r.net_tensors.push_back(t.name);
    }
    const std::string pth = w.build();
    r.files.push_back({"hallo/net.pth", QByteArray(pth.data(), qsizetype(pth.size()))});
    r.files.push_back({"sd-vae-ft-mse/config.json",
                       json(QJsonObject{{"_class_name", "AutoencoderKL"}, {"latent_channels", 4},
                                        {"block_out_channels", QJsonArray{32, 64}}})});
    r.files.push_back({"sd-vae-ft-mse/diffusion_pytorch_model.safetensors",
                       safetensors({{"encoder.conv_in.weight", {32, 3, 3, 3}}, {"decoder.conv_out.weight", {3, 32, 3, 3}}},
                                   rng)});
    r.files.push_back({"wav2vec/wav2vec2-base-960h/config.json",
                       json(QJsonObject{{"hidden_size", 16}, {"num_hidden_layers", 2}})});
    r.files.push_back({"wav2vec/wav2vec2-base-960h/model.safetensors",
                       safetensors({{"wav2vec2.feature_projection.projection.weight", {16, 16}},
                                    {"lm_head.weight", {32, 16}}},
                                   rng)});
    return r;
}

} // namespace emote::test
