#include "core/diffusion/model_package.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <set>

namespace emote::diffusion {

namespace fs = std::filesystem;

namespace {

constexpr qint64 kMaxManifestBytes = 16 * 1024 * 1024;

[[noreturn]] void bad(const fs::path& manifest, const std::string& what)
{
    throwInput({MessageCode::ModelPackageBroken, {manifest.parent_path().string()},
                "model package manifest " + quoted(manifest) + ": " + what +
                    ". Rebuild the package (emote import-hallo) or download it again."});
}

std::string stringField(const QJsonObject& o, const char* key, const fs::path& m)
{
    const auto v = o.value(QLatin1String(key));
    if (!v.isString() || v.toString().isEmpty())
        bad(m, std::string("\"") + key + "\" must be a non-empty string");
    return v.toString().toStdString();
}

} // namespace

ModelManifest readManifest(const fs::path& package)
{
    if (!fs::is_directory(package))
        throwInput({MessageCode::ModelPackageBroken, {package.string()},
                    "model package " + quoted(package) +
                        " is not a folder. Give the folder that holds manifest.json (see emote import-hallo)."});
    const fs::path mpath = package / "manifest.json";
    QFile f(QString::fromStdString(mpath.string()));
    if (!f.open(QIODevice::ReadOnly))
        throwInput({MessageCode::ModelPackageBroken, {package.string()},
                    "model package " + quoted(package) + " has no readable manifest.json. "
                    "Give a package folder made by emote import-hallo."});
    if (f.size() > kMaxManifestBytes)
        bad(mpath, "the file is larger than 16 MiB");
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        bad(mpath, "not a JSON object (" + err.errorString().toStdString() + " at offset " +
                       std::to_string(err.offset) + ")");
    const QJsonObject o = doc.object();
    if (o.contains(QStringLiteral("format")) && o.value(QStringLiteral("format")).toInt(-1) != 1)
        bad(mpath, "unsupported \"format\" (this version reads format 1); update Emote Studio");
    ModelManifest m;
    m.name = stringField(o, "name", mpath);
    m.architecture = stringField(o, "architecture", mpath);
    m.license = stringField(o, "license", mpath);
    if (m.architecture != "hallo")
        bad(mpath, "architecture \"" + m.architecture + "\" is not supported (only \"hallo\")");
    const auto config = o.value(QStringLiteral("config"));
    if (!config.isObject())
        bad(mpath, "\"config\" must be an object");
    m.config_json = QJsonDocument(config.toObject()).toJson(QJsonDocument::Compact).toStdString();
    const auto files = o.value(QStringLiteral("files"));
    if (!files.isArray() || files.toArray().isEmpty())
        bad(mpath, "\"files\" must be a non-empty array");
    std::set<std::string> seen;
    for (const auto& v : files.toArray()) {
        if (!v.isObject())
            bad(mpath, "every entry of \"files\" must be an object");
        const auto e = v.toObject();
        PackageFile pf;
        pf.path = stringField(e, "path", mpath);
        pf.sha256 = stringField(e, "sha256", mpath);
        if (!isSafeRelativePath(pf.path))
            bad(mpath, "file path \"" + pf.path + "\" must be relative and stay inside the package");
        if (!isSha256Hex(pf.sha256))
            bad(mpath, "sha256 of \"" + pf.path + "\" must be 64 lower-case hex digits");
        const auto b = e.value(QStringLiteral("bytes"));
        if (!b.isDouble() || b.toDouble() < 0 || b.toDouble() != double(qint64(b.toDouble())))
            bad(mpath, "bytes of \"" + pf.path + "\" must be a non-negative integer");
        pf.bytes = std::int64_t(b.toDouble());
        if (!seen.insert(pf.path).second)
            bad(mpath, "file \"" + pf.path + "\" is listed twice");
        m.files.push_back(pf);
    }
    return m;
}

std::string sha256OfFile(const fs::path& file)
{
    QFile f(QString::fromStdString(file.string()));
    if (!f.open(QIODevice::ReadOnly))
        throwInput("cannot read " + quoted(file) + ": " + f.errorString().toStdString());
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        throwInput("cannot read " + quoted(file) + ": " + f.errorString().toStdString());
    return h.result().toHex().toStdString();
}

void verifyPackage(const fs::path& package, const ModelManifest& manifest)
{
    // Sizes first (cheap, catches truncated downloads), then the hashes.
    for (const auto& pf : manifest.files) {
        const fs::path p = package / pf.path;
        std::error_code ec;
        const auto size = fs::file_size(p, ec);
        if (ec)
            throwInput({MessageCode::ModelPackageBroken, {package.string()},
                        "model package " + quoted(package) + " lacks " + pf.path +
                            " (listed in manifest.json). Copy the complete package folder again."});
        if (std::int64_t(size) != pf.bytes)
            throwInput({MessageCode::ModelPackageBroken, {package.string()},
                        "model file " + quoted(p) + " is " + std::to_string(size) + " bytes, manifest.json says " +
                            std::to_string(pf.bytes) +
                            " — it is incomplete or altered. Download or copy the package again."});
    }
    for (const auto& pf : manifest.files) {
        const fs::path p = package / pf.path;
        const auto sum = sha256OfFile(p);
        if (sum != pf.sha256)
            throwInput({MessageCode::ModelPackageBroken, {package.string()},
                        "model file " + quoted(p) + " fails its checksum (SHA-256 " + sum + ", manifest.json says " +
                            pf.sha256 + ") — it is corrupted or altered. Download or copy the package again."});
    }
}

void writeManifest(const fs::path& package, ModelManifest manifest)
{
    QJsonArray files;
    for (auto& pf : manifest.files) {
        const fs::path p = package / pf.path;
        std::error_code ec;
        const auto size = fs::file_size(p, ec);
        if (ec)
            throwOutput("cannot read " + quoted(p) + " to list it in the manifest");
        pf.bytes = std::int64_t(size);
        pf.sha256 = sha256OfFile(p);
        files.append(QJsonObject{{QStringLiteral("path"), QString::fromStdString(pf.path)},
                                 {QStringLiteral("sha256"), QString::fromStdString(pf.sha256)},
                                 {QStringLiteral("bytes"), double(pf.bytes)}});
    }
    const auto config = QJsonDocument::fromJson(QByteArray::fromStdString(manifest.config_json));
    if (!config.isObject())
        throw Error(ErrorKind::Internal, "writeManifest: config is not a JSON object");
    QJsonObject o{{QStringLiteral("format"), 1},
                  {QStringLiteral("name"), QString::fromStdString(manifest.name)},
                  {QStringLiteral("architecture"), QString::fromStdString(manifest.architecture)},
                  {QStringLiteral("license"), QString::fromStdString(manifest.license)},
                  {QStringLiteral("config"), config.object()},
                  {QStringLiteral("files"), files}};
    const fs::path mpath = package / "manifest.json";
    QSaveFile out(QString::fromStdString(mpath.string()));
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(o).toJson()) < 0 || !out.commit())
        throwOutput("cannot write " + quoted(mpath) + ": " + out.errorString().toStdString());
}

} // namespace emote::diffusion
