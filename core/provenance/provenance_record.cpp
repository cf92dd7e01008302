#include "core/provenance/provenance_record.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/version.h"
#include "core/provenance/embedded_manifest.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>

namespace emote::provenance {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::string hex64(uint64_t v, int digits)
{
    char b[20];
    std::snprintf(b, sizeof b, "%0*llx", digits, static_cast<unsigned long long>(v));
    return b;
}

std::filesystem::path configDir()
{
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "emote-studio";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".config" / "emote-studio";
    return {};
}

uint64_t randomId()
{
    std::random_device rd;
    const uint64_t v = (uint64_t(rd()) << 32) ^ uint64_t(rd());
    return (v & ((1ull << kInstallIdBits) - 1)) | 1ull; // never 0: 0 reads as "no id"
}

} // namespace

std::string ProvenanceInfo::toolVersion() { return projectVersion(); }

std::string ProvenanceInfo::nowUtc()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return b;
}

uint64_t installId()
{
    const std::filesystem::path dir = configDir();
    if (dir.empty())
        return randomId();
    const std::filesystem::path file = dir / "install-id";
    QFile in(qs(file.string()));
    if (in.open(QIODevice::ReadOnly)) {
        const std::string text = in.readAll().trimmed().toStdString();
        char* end = nullptr;
        const unsigned long long v = std::strtoull(text.c_str(), &end, 16);
        if (!text.empty() && end && *end == 0 && v != 0)
            return uint64_t(v) & ((1ull << kInstallIdBits) - 1);
    }
    const uint64_t id = randomId();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    QSaveFile out(qs(file.string()));
    if (out.open(QIODevice::WriteOnly)) {
        out.write(QByteArray::fromStdString(hex64(id, 10) + "\n"));
        out.commit();
    }
    return id;
}

std::string settingsHash(const std::map<std::string, std::string>& settings)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const auto& [k, v] : settings)
        h.addData(QByteArray::fromStdString(k + "=" + v + "\n"));
    return h.result().toHex().toStdString();
}

std::string inputsDigest(const Image& portrait, const AudioBuffer& audio)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const int dims[4] = {portrait.width, portrait.height, audio.sample_rate_hz, audio.channels};
    h.addData(QByteArrayView(reinterpret_cast<const char*>(dims), sizeof dims));
    h.addData(QByteArrayView(reinterpret_cast<const char*>(portrait.rgb.data()), qsizetype(portrait.rgb.size())));
    h.addData(QByteArrayView(reinterpret_cast<const char*>(audio.samples.data()),
                             qsizetype(audio.samples.size() * sizeof(float))));
    return h.result().toHex().toStdString();
}

uint32_t jobHash(const ProvenanceInfo& info)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(QByteArray::fromStdString(hex64(info.payload.install_id, 10) + "\n"));
    h.addData(QByteArray::fromStdString(settingsHash(info.settings) + "\n"));
    h.addData(QByteArray::fromStdString(info.inputs_sha256 + "\n"));
    const QByteArray d = h.result();
    const uint32_t v = (uint32_t(uint8_t(d[0])) << 16) | (uint32_t(uint8_t(d[1])) << 8) | uint32_t(uint8_t(d[2]));
    return v & ((1u << kJobHashBits) - 1);
}

std::map<std::string, std::string> provenanceTags(const ProvenanceInfo& info)
{
    const std::string tool = info.tool + " " + info.tool_version;
    std::string desc = "AI-generated video (digital source type: trainedAlgorithmicMedia). Tool: " + tool +
                       "; engine: " + info.engine + "; model: " + (info.model.empty() ? "-" : info.model);
    if (info.watermark)
        desc += "; invisible watermark " + std::string(kWatermarkScheme) + " payload " +
                hex64(info.payload.packed(), 16);
    if (info.visible_label)
        desc += "; visible label";
    desc += ". Check with: emote verify FILE";
    return {
        {"comment", "AI-generated with " + tool + " (" + info.engine + " engine) from a photo and an audio track"},
        {"description", desc},
    };
}

std::filesystem::path manifestPathFor(const std::filesystem::path& video)
{
    return std::filesystem::path(video.string() + ".json");
}

void writeManifest(const std::filesystem::path& video, const ProvenanceInfo& info, bool overwrite)
{
    const std::filesystem::path path = manifestPathFor(video);
    if (!overwrite && std::filesystem::exists(path))
        throwOutput("cannot write the manifest " + quoted(path) + ": the file exists. Remove it or allow "
                    "overwriting.");
    const std::string tool = info.tool + " " + info.tool_version;
    QJsonObject settings;
    for (const auto& [k, v] : info.settings)
        settings.insert(qs(k), qs(v));
    QJsonObject action{{"action", "c2pa.created"},
                       {"digitalSourceType", kTrainedAlgorithmicMedia},
                       {"softwareAgent", qs(tool)},
                       {"when", qs(info.created_utc)}};
    QJsonArray assertions;
    assertions.append(QJsonObject{{"label", "c2pa.actions"},
                                  {"data", QJsonObject{{"actions", QJsonArray{action}}}}});
    QJsonObject gen{{"engine", qs(info.engine)},
                    {"model", qs(info.model)},
                    {"settings", settings},
                    {"settings_sha256", qs(settingsHash(info.settings))},
                    {"inputs_sha256", qs(info.inputs_sha256)}};
    assertions.append(QJsonObject{{"label", "org.emote-studio.generation"}, {"data", gen}});
    QJsonObject wm{{"embedded", info.watermark}, {"scheme", kWatermarkScheme}};
    if (info.watermark) {
        wm.insert("payload", qs(hex64(info.payload.packed(), 16)));
        wm.insert("install_id", qs(hex64(info.payload.install_id, 10)));
        wm.insert("job_hash", qs(hex64(info.payload.job_hash, 6)));
    }
    assertions.append(QJsonObject{{"label", "org.emote-studio.watermark"}, {"data", wm}});
    assertions.append(QJsonObject{{"label", "org.emote-studio.visible-label"},
                                  {"data", QJsonObject{{"shown", info.visible_label}}}});
    if (info.consent) {
        QJsonObject c{{"confirmed", info.consent->confirmed},
                      {"statement", qs(info.consent->statement)},
                      {"confirmed_at", qs(info.consent->confirmed_at_utc)}};
        if (!info.consent->user.empty())
            c.insert("user", qs(info.consent->user));
        assertions.append(QJsonObject{{"label", "org.emote-studio.consent"}, {"data", c}});
    }
    QJsonObject root{{"manifest_version", 2},
                     {"claim_generator", qs(tool)},
                     {"title", qs(video.filename().string())},
                     {"format", "video/mp4"},
                     {"created", qs(info.created_utc)},
                     {"assertions", assertions}};
    // Inside the MP4 first (bound to the file by the hash of every byte outside its box), then the sidecar:
    // the same manifest and the SHA-256 of the finished file, box included.
    root = QJsonDocument::fromJson(QByteArray::fromStdString(embedManifest(
                                       video, QJsonDocument(root).toJson(QJsonDocument::Compact).toStdString())))
               .object();
    QFile vf(qs(video.string()));
    if (!vf.open(QIODevice::ReadOnly))
        throwOutput("cannot read back the finished video " + quoted(video) + " to hash it for its manifest.");
    QCryptographicHash vh(QCryptographicHash::Sha256);
    vh.addData(&vf);
    root.insert("asset", QJsonObject{{"file", qs(video.filename().string())},
                                     {"sha256", QString::fromLatin1(vh.result().toHex())},
                                     {"bytes", vf.size()}});
    vf.close();
    QSaveFile out(qs(path.string()));
    if (!out.open(QIODevice::WriteOnly) ||
        out.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !out.commit())
        throwOutput("cannot write the manifest " + quoted(path) + ": " + out.errorString().toStdString() +
                    ". Check that the folder is writable and the disk has space.");
}

} // namespace emote::provenance
