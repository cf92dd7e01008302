#include "core/provenance/embedded_manifest.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <optional>
#include <stdexcept>
#include <vector>

namespace emote::provenance {

const std::array<uint8_t, 16> kManifestBoxUuid = {0x8a, 0x3f, 0x0b, 0x5e, 0x6c, 0x1d, 0x4e, 0x27,
                                                  0x9b, 0x54, 0x2d, 0x7e, 0x6f, 0x1a, 0x0c, 0x93};

namespace {

constexpr char kPurpose[] = "manifest";
// The largest manifest this reads back: a manifest is a few kB; the cap only stops a damaged size field.
constexpr uint64_t kMaxManifestBytes = 16u << 20;

struct Box {
    uint64_t offset = 0, bytes = 0;
    char type[4] = {};
    uint32_t header = 8;
};

uint64_t be(const uint8_t* p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

// The top-level boxes of FILE, or nothing when the layout is not ISO BMFF (a size running past the end, a first
// box that is not 'ftyp').
std::optional<std::vector<Box>> topLevelBoxes(QFile& file)
{
    const uint64_t size = uint64_t(file.size());
    std::vector<Box> boxes;
    uint64_t at = 0;
    while (at < size) {
        if (size - at < 8 || !file.seek(qint64(at)))
            return std::nullopt;
        uint8_t h[16];
        if (file.read(reinterpret_cast<char*>(h), 8) != 8)
            return std::nullopt;
        Box b;
        b.offset = at;
        b.bytes = be(h, 4);
        std::copy(h + 4, h + 8, b.type);
        if (b.bytes == 1) {
            if (file.read(reinterpret_cast<char*>(h + 8), 8) != 8)
                return std::nullopt;
            b.bytes = be(h + 8, 8);
            b.header = 16;
        } else if (b.bytes == 0) {
            b.bytes = size - at; // to the end of the file
        }
        if (b.bytes < b.header || b.bytes > size - at)
            return std::nullopt;
        if (boxes.empty() && std::string(b.type, 4) != "ftyp")
            return std::nullopt;
        boxes.push_back(b);
        at += b.bytes;
    }
    if (boxes.empty())
        return std::nullopt;
    return boxes;
}

bool isManifestBox(QFile& file, const Box& b)
{
    if (std::string(b.type, 4) != "uuid" || b.bytes < b.header + 16)
        return false;
    uint8_t u[16];
    return file.seek(qint64(b.offset + b.header)) && file.read(reinterpret_cast<char*>(u), 16) == 16 &&
           std::equal(u, u + 16, kManifestBoxUuid.begin());
}

// SHA-256 of FILE's bytes outside [SKIP_AT, SKIP_AT + SKIP_BYTES).
std::string hashOutside(QFile& file, uint64_t skip_at, uint64_t skip_bytes)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    const uint64_t size = uint64_t(file.size());
    std::vector<char> buf(1 << 20);
    auto add = [&](uint64_t from, uint64_t to) {
        file.seek(qint64(from));
        while (from < to) {
            const qint64 n = file.read(buf.data(), qint64(std::min<uint64_t>(buf.size(), to - from)));
            if (n <= 0)
                break;
            h.addData(QByteArrayView(buf.data(), n));
            from += uint64_t(n);
        }
    };
    add(0, std::min(skip_at, size));
    add(std::min(skip_at + skip_bytes, size), size);
    return h.result().toHex().toStdString();
}

QByteArray boxBytes(const QByteArray& json)
{
    QByteArray body;
    body.append(reinterpret_cast<const char*>(kManifestBoxUuid.data()), 16);
    body.append(4, '\0');                          // version 0, flags 0
    body.append(kPurpose, sizeof kPurpose);        // "manifest" and its terminating zero
    body.append(8, '\0');                          // offset of an auxiliary box: none
    body.append(json);
    const uint64_t total = 8 + uint64_t(body.size());
    QByteArray box;
    for (int i = 3; i >= 0; --i)
        box.append(char((total >> (8 * i)) & 0xff));
    box.append("uuid", 4);
    box.append(body);
    return box;
}

} // namespace

std::string embedManifest(const std::filesystem::path& video, const std::string& manifest_json)
{
    const QJsonDocument given = QJsonDocument::fromJson(QByteArray::fromStdString(manifest_json));
    if (!given.isObject())
        throw std::invalid_argument("embedManifest: the manifest is not a JSON object");
    QJsonObject manifest = given.object();
    QFile in(QString::fromStdString(video.string()));
    if (!in.open(QIODevice::ReadOnly))
        throwOutput("cannot open the finished video " + quoted(video) + " to put its manifest inside: " +
                    in.errorString().toStdString() + ".");
    const auto boxes = topLevelBoxes(in);
    if (!boxes)
        throwInput(quoted(video) + " is not an MP4 (ISO BMFF) file; its manifest cannot go inside it.");
    // The file without an earlier manifest box: what the new box binds.
    uint64_t skip_at = uint64_t(in.size()), skip_bytes = 0;
    for (const Box& b : *boxes)
        if (isManifestBox(in, b)) {
            skip_at = b.offset;
            skip_bytes = b.bytes;
        }
    const uint64_t kept = uint64_t(in.size()) - skip_bytes;
    manifest.insert("hash_binding",
                    QJsonObject{{"alg", "sha256"},
                                {"hash", QString::fromStdString(hashOutside(in, skip_at, skip_bytes))},
                                {"bytes", qint64(kept)},
                                {"exclusions", "the top-level uuid box " +
                                                   QString::fromLatin1(QByteArray(
                                                       reinterpret_cast<const char*>(kManifestBoxUuid.data()), 16)
                                                                           .toHex()) +
                                                   " that holds this manifest"}});
    const QByteArray json = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
    const QByteArray box = boxBytes(json);

    QSaveFile out(QString::fromStdString(video.string()));
    auto fail = [&](const QString& why) {
        out.cancelWriting();
        throwOutput("cannot put the manifest inside " + quoted(video) + ": " + why.toStdString() +
                    ". Check that the folder is writable and the disk has space.");
    };
    if (!out.open(QIODevice::WriteOnly))
        fail(out.errorString());
    std::vector<char> buf(1 << 20);
    auto copy = [&](uint64_t from, uint64_t to) {
        in.seek(qint64(from));
        while (from < to) {
            const qint64 n = in.read(buf.data(), qint64(std::min<uint64_t>(buf.size(), to - from)));
            if (n <= 0 || out.write(buf.data(), n) != n)
                fail(n <= 0 ? in.errorString() : out.errorString());
            from += uint64_t(n);
        }
    };
    copy(0, skip_at);
    copy(skip_at + skip_bytes, uint64_t(in.size()));
    if (out.write(box) != box.size())
        fail(out.errorString());
    in.close();
    if (!out.commit()) // flush, fsync and rename over the video
        fail(out.errorString());
    return json.toStdString();
}

EmbeddedManifest readEmbeddedManifest(const std::filesystem::path& video)
{
    EmbeddedManifest r;
    QFile in(QString::fromStdString(video.string()));
    if (!in.open(QIODevice::ReadOnly))
        return r;
    const auto boxes = topLevelBoxes(in);
    if (!boxes)
        return r;
    for (const Box& b : *boxes) {
        if (!isManifestBox(in, b))
            continue;
        r.present = true;
        r.box_offset = b.offset;
        r.box_bytes = b.bytes;
        const uint64_t head = b.header + 16 + 4 + sizeof kPurpose + 8;
        if (b.bytes < head || b.bytes - head > kMaxManifestBytes) {
            r.problem = "the manifest box is damaged (size " + std::to_string(b.bytes) + " bytes)";
            return r;
        }
        in.seek(qint64(b.offset + b.header + 16));
        const QByteArray meta = in.read(qint64(4 + sizeof kPurpose + 8));
        if (meta.size() != qsizetype(4 + sizeof kPurpose + 8) ||
            meta.mid(4, sizeof kPurpose) != QByteArray(kPurpose, sizeof kPurpose)) {
            r.problem = "the manifest box does not say its purpose is \"manifest\"";
            return r;
        }
        const QByteArray json = in.read(qint64(b.bytes - head));
        QJsonParseError err{};
        const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
        if (!doc.isObject()) {
            r.problem = "the manifest is not valid JSON (" + err.errorString().toStdString() + ")";
            return r;
        }
        r.json = QJsonDocument(doc.object()).toJson(QJsonDocument::Compact).toStdString();
        r.bound_sha256 = doc.object().value("hash_binding").toObject().value("hash").toString().toStdString();
        r.actual_sha256 = hashOutside(in, b.offset, b.bytes);
        r.hash_matches = !r.bound_sha256.empty() && r.bound_sha256 == r.actual_sha256;
        return r;
    }
    return r;
}

} // namespace emote::provenance
