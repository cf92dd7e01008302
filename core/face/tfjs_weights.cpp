#include "core/face/tfjs_weights.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QString>

#include <cmath>
#include <cstring>
#include <limits>

namespace emote::face {

namespace fs = std::filesystem;

namespace {

// Shards of real tfjs models are a few MB; the cap only stops a damaged manifest from asking for gigabytes.
constexpr uint64_t kMaxShardBytes = 1ull << 30;

[[noreturn]] void fail(const fs::path& file, const std::string& what)
{
    throwInput({MessageCode::FaceModelsMissing, {file.string()},
                "model file " + quoted(file) + " " + what + " " + modelRestoreHint()});
}

std::vector<uint8_t> readModelFile(const fs::path& path)
{
    try {
        return readFileBytes(path, "model file", kMaxShardBytes);
    } catch (const Error& e) {
        throwInput({MessageCode::FaceModelsMissing, {path.string()}, std::string(e.what()) + " " + modelRestoreHint()});
    }
}

enum class Storage { Float32, Int32, Uint8, Uint16, Float16, Bool };

size_t storageBytes(Storage s)
{
    switch (s) {
    case Storage::Float32:
    case Storage::Int32: return 4;
    case Storage::Uint16:
    case Storage::Float16: return 2;
    case Storage::Uint8:
    case Storage::Bool: return 1;
    }
    return 1;
}

struct Entry {
    TfjsWeight weight;
    Storage storage = Storage::Float32;
    double scale = 1.0;
    double min = 0.0;
};

// Little-endian loads; memcpy keeps them legal on unaligned offsets.
float loadF32(const uint8_t* p)
{
    uint32_t u = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// IEEE half → float32 (exact; what tfjs does for `quantization.dtype: float16`).
float loadF16(const uint8_t* p)
{
    const uint32_t h = uint32_t(p[0]) | uint32_t(p[1]) << 8;
    const uint32_t sign = (h & 0x8000u) << 16;
    const uint32_t exp = (h >> 10) & 0x1fu;
    uint32_t mant = h & 0x3ffu;
    uint32_t bits;
    if (exp == 0x1f) {
        bits = sign | 0x7f800000u | (mant << 13); // inf / NaN
    } else if (exp != 0) {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    } else if (mant == 0) {
        bits = sign; // ±0
    } else { // subnormal half: normalise
        uint32_t e = 113;
        while (!(mant & 0x400u)) {
            mant <<= 1;
            --e;
        }
        bits = sign | (e << 23) | ((mant & 0x3ffu) << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

int32_t loadI32(const uint8_t* p)
{
    const uint32_t u = uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
    int32_t i;
    std::memcpy(&i, &u, 4);
    return i;
}

Entry parseEntry(const QJsonValue& v, const fs::path& manifest, size_t index)
{
    const std::string where = "weight #" + std::to_string(index);
    if (!v.isObject())
        fail(manifest, "is malformed: " + where + " is not a JSON object.");
    const QJsonObject o = v.toObject();
    Entry e;
    e.weight.name = o.value(QStringLiteral("name")).toString().toStdString();
    if (e.weight.name.empty())
        fail(manifest, "is malformed: " + where + " has no name.");
    const std::string named = "weight '" + e.weight.name + "'";

    const QJsonValue shape = o.value(QStringLiteral("shape"));
    if (!shape.isArray())
        fail(manifest, "is malformed: " + named + " has no shape array.");
    for (const QJsonValue d : shape.toArray()) {
        const double dim = d.toDouble(-1.0);
        if (!d.isDouble() || dim < 0 || dim != std::floor(dim) || dim > double(1ll << 40))
            fail(manifest, "is malformed: " + named + " has a shape entry that is not a whole number >= 0.");
        e.weight.shape.push_back(int64_t(dim));
    }
    // count() multiplies in int64; no real weight comes near 2^40 elements, so larger products are refused
    // before they can overflow.
    double elements = 1.0;
    for (const int64_t d : e.weight.shape) {
        elements *= double(d);
        if (elements > double(1ll << 40))
            fail(manifest, "is malformed: " + named + " has a shape whose element count is impossibly large.");
    }

    const std::string dtype = o.value(QStringLiteral("dtype")).toString().toStdString();
    if (dtype == "float32") {
        e.weight.dtype = TfjsDType::Float32;
        e.storage = Storage::Float32;
    } else if (dtype == "int32") {
        e.weight.dtype = TfjsDType::Int32;
        e.storage = Storage::Int32;
    } else if (dtype == "bool") {
        e.weight.dtype = TfjsDType::Bool;
        e.storage = Storage::Bool;
    } else {
        fail(manifest, "uses dtype '" + dtype + "' for " + named + "; only float32, int32 and bool are supported.");
    }

    const QJsonValue q = o.value(QStringLiteral("quantization"));
    if (!q.isUndefined() && !q.isNull()) {
        if (!q.isObject())
            fail(manifest, "is malformed: the quantization of " + named + " is not an object.");
        const QJsonObject qo = q.toObject();
        const std::string qdtype = qo.value(QStringLiteral("dtype")).toString().toStdString();
        if (qdtype == "float16") {
            // Plain half floats: no scale or min (tfjs-converter --quantize_float16).
            if (e.weight.dtype != TfjsDType::Float32)
                fail(manifest, "stores the int32 " + named + " as float16, which tfjs does not do.");
            e.storage = Storage::Float16;
            e.weight.quantized = true;
            return e;
        }
        if (qdtype == "uint8")
            e.storage = Storage::Uint8;
        else if (qdtype == "uint16")
            e.storage = Storage::Uint16;
        else
            fail(manifest, "quantizes " + named + " as '" + qdtype + "'; only uint8, uint16 and float16 are supported.");
        const QJsonValue scale = qo.value(QStringLiteral("scale"));
        const QJsonValue min = qo.value(QStringLiteral("min"));
        if (!scale.isDouble() || !min.isDouble())
            fail(manifest, "is malformed: the quantization of " + named + " lacks a numeric scale or min.");
        e.scale = scale.toDouble();
        e.min = min.toDouble();
        e.weight.quantized = true;
    }
    return e;
}

} // namespace

std::string modelRestoreHint()
{
    return "Run 'scripts/setup.sh' to restore the face models.";
}

int64_t TfjsWeight::count() const
{
    int64_t n = 1;
    for (const int64_t d : shape)
        n *= d;
    return n;
}

struct TfjsWeights::Groups {
    QJsonArray array;
};

namespace {

QJsonDocument readJson(const fs::path& path)
{
    const std::vector<uint8_t> json = readModelFile(path);
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char*>(json.data()), qsizetype(json.size())), &perr);
    if (perr.error != QJsonParseError::NoError)
        fail(path, "is not valid JSON (" + perr.errorString().toStdString() + " at byte " +
                       std::to_string(perr.offset) + ").");
    return doc;
}

} // namespace

TfjsWeights TfjsWeights::load(const fs::path& manifest_path)
{
    const QJsonDocument doc = readJson(manifest_path);
    if (!doc.isArray() || doc.array().isEmpty())
        fail(manifest_path, "is not a tfjs weights manifest (expected a non-empty JSON array of weight groups).");
    return fromGroups(manifest_path, Groups{doc.array()});
}

TfjsWeights TfjsWeights::loadModelJson(const fs::path& model_json)
{
    const QJsonDocument doc = readJson(model_json);
    const QJsonValue manifest = doc.object().value(QStringLiteral("weightsManifest"));
    if (!doc.isObject() || !manifest.isArray() || manifest.toArray().isEmpty())
        fail(model_json, "is not a tfjs model (expected a JSON object with a non-empty 'weightsManifest' array).");
    return fromGroups(model_json, Groups{manifest.toArray()});
}

TfjsWeights TfjsWeights::fromGroups(const fs::path& manifest_path, const Groups& groups)
{
    TfjsWeights out;
    out.m_manifest = manifest_path;
    const fs::path dir = manifest_path.parent_path();
    size_t weight_index = 0;
    for (const QJsonValue gv : groups.array) {
        const QJsonObject group = gv.toObject();
        const QJsonValue paths = group.value(QStringLiteral("paths"));
        const QJsonValue weights = group.value(QStringLiteral("weights"));
        if (!gv.isObject() || !paths.isArray() || !weights.isArray())
            fail(manifest_path, "is malformed: a weight group lacks its 'paths' or 'weights' array.");

        // The group's shards form one byte stream.
        std::vector<uint8_t> bytes;
        std::vector<fs::path> shard_files;
        for (const QJsonValue p : paths.toArray()) {
            const std::string rel = p.toString().toStdString();
            if (rel.empty() || fs::path(rel).is_absolute() || rel.find("..") != std::string::npos)
                fail(manifest_path, "names a shard '" + rel + "' outside its folder.");
            shard_files.push_back(dir / rel);
            const std::vector<uint8_t> shard = readModelFile(shard_files.back());
            bytes.insert(bytes.end(), shard.begin(), shard.end());
        }
        const fs::path shard_name = shard_files.size() == 1 ? shard_files.front() : manifest_path;

        size_t offset = 0;
        for (const QJsonValue wv : weights.toArray()) {
            Entry e = parseEntry(wv, manifest_path, weight_index++);
            const int64_t n = e.weight.count();
            const size_t item = storageBytes(e.storage);
            if (n < 0 || uint64_t(n) > (std::numeric_limits<uint64_t>::max() - offset) / item ||
                offset + uint64_t(n) * item > bytes.size())
                fail(shard_name, "is too small: its manifest " + quoted(manifest_path) + " needs more than its " +
                                     std::to_string(bytes.size()) + " bytes to hold weight '" + e.weight.name +
                                     "'. The file is truncated or does not belong to this manifest.");
            const uint8_t* p = bytes.data() + offset;
            offset += size_t(n) * item;

            TfjsWeight& w = e.weight;
            if (w.dtype == TfjsDType::Float32)
                w.values.resize(size_t(n));
            else
                w.ints.resize(size_t(n));
            for (int64_t i = 0; i < n; ++i) {
                double q = 0.0;
                switch (e.storage) {
                case Storage::Float32: w.values[size_t(i)] = loadF32(p + 4 * i); continue;
                case Storage::Float16: w.values[size_t(i)] = loadF16(p + 2 * i); continue;
                case Storage::Int32: w.ints[size_t(i)] = loadI32(p + 4 * i); continue;
                case Storage::Bool: w.ints[size_t(i)] = p[i] ? 1 : 0; continue;
                case Storage::Uint8: q = double(p[i]); break;
                case Storage::Uint16: q = double(uint32_t(p[2 * i]) | uint32_t(p[2 * i + 1]) << 8); break;
                }
                // tfjs dequantizes in float64 and rounds to float32 once; float32 arithmetic differs for most values.
                const double v = q * e.scale + e.min;
                if (w.dtype == TfjsDType::Float32)
                    w.values[size_t(i)] = float(v);
                else
                    w.ints[size_t(i)] = int32_t(std::floor(v + 0.5)); // JS Math.round
            }
            out.m_weights.push_back(std::move(w));
        }
        if (offset != bytes.size())
            fail(shard_name, "holds " + std::to_string(bytes.size()) + " bytes but its manifest " +
                                 quoted(manifest_path) + " describes " + std::to_string(offset) +
                                 ". The file is corrupt or does not belong to this manifest.");
    }
    return out;
}

const TfjsWeight* TfjsWeights::find(std::string_view name) const
{
    for (const TfjsWeight& w : m_weights)
        if (w.name == name)
            return &w;
    return nullptr;
}

const TfjsWeight& TfjsWeights::at(std::string_view name) const
{
    if (const TfjsWeight* w = find(name))
        return *w;
    throwInput("model file " + quoted(m_manifest) + " has no weight '" + std::string(name) + "'. " +
               modelRestoreHint());
}

} // namespace emote::face
