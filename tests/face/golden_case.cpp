#include "golden_case.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace emote::face::test {

namespace {

QJsonObject readJsonObject(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + path.toStdString());
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        throw std::runtime_error(path.toStdString() + " is not a JSON object: " + err.errorString().toStdString());
    return doc.object();
}

QString sourceGoldenDir() { return qEnvironmentVariable("EMOTE_SOURCE_DIR") + QStringLiteral("/tests/golden/faceapi"); }

QStringList casesUnder(const QString& root)
{
    QStringList out;
    const QDir d(root);
    for (const QString& sub : d.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        if (QFileInfo::exists(d.filePath(sub + QStringLiteral("/expected.json"))))
            out << d.filePath(sub);
    return out;
}

} // namespace

SafeTensors SafeTensors::read(const QString& path)
{
    SafeTensors st;
    QFile f(path);
    if (!f.exists())
        return st;
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + path.toStdString());
    const QByteArray blob = f.readAll();
    const auto fail = [&](const std::string& why) { throw std::runtime_error(path.toStdString() + ": " + why); };
    if (blob.size() < 8)
        fail("shorter than its 8-byte header length");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | uint8_t(blob[i]);
    if (n > uint64_t(blob.size()) - 8)
        fail("header length exceeds the file");
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(blob.mid(8, qsizetype(n)), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        fail("header is not a JSON object");
    const qsizetype data_begin = 8 + qsizetype(n);
    const QJsonObject header = doc.object();
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == QStringLiteral("__metadata__"))
            continue;
        const QJsonObject info = it.value().toObject();
        const std::string name = it.key().toStdString();
        if (info.value(QStringLiteral("dtype")).toString() != QStringLiteral("F32"))
            fail("tensor '" + name + "' is not F32");
        FloatTensor t;
        for (const QJsonValue d : info.value(QStringLiteral("shape")).toArray())
            t.shape.push_back(d.toInteger());
        const QJsonArray off = info.value(QStringLiteral("data_offsets")).toArray();
        if (off.size() != 2)
            fail("tensor '" + name + "' lacks data_offsets");
        const qint64 begin = off[0].toInteger(), end = off[1].toInteger();
        if (begin < 0 || end < begin || data_begin + end > blob.size() || (end - begin) != 4 * t.numel())
            fail("tensor '" + name + "' has bad offsets");
        t.values.resize(size_t(t.numel()));
        std::memcpy(t.values.data(), blob.constData() + data_begin + begin, size_t(end - begin));
        st.m_tensors.emplace(name, std::move(t));
    }
    return st;
}

const FloatTensor& SafeTensors::at(const std::string& name) const
{
    const auto it = m_tensors.find(name);
    if (it == m_tensors.end())
        throw std::runtime_error("golden tensor '" + name + "' is missing");
    return it->second;
}

std::vector<std::string> SafeTensors::names() const
{
    std::vector<std::string> out;
    for (const auto& kv : m_tensors)
        out.push_back(kv.first);
    return out;
}

QStringList goldenCaseDirs(QString* why)
{
    QStringList dirs = casesUnder(sourceGoldenDir());
    const QString extra = qEnvironmentVariable("EMOTE_FACE_GOLDEN_DIR");
    if (!extra.isEmpty() && QFileInfo(extra).isDir()) {
        const QStringList more = casesUnder(extra);
        if (more.isEmpty() && why)
            *why =
                QStringLiteral("EMOTE_FACE_GOLDEN_DIR=%1 holds no case folder (none with an expected.json)").arg(extra);
        dirs << more;
    }
    return dirs;
}

GoldenCase loadCase(const QString& dir)
{
    GoldenCase c;
    c.dir = dir;
    c.name = QFileInfo(dir).fileName();
    c.expected = readJsonObject(dir + QStringLiteral("/expected.json"));
    c.nets = SafeTensors::read(dir + QStringLiteral("/nets.safetensors"));
    QString tol = QFileInfo(dir).dir().filePath(QStringLiteral("tolerances.json"));
    if (!QFileInfo::exists(tol))
        tol = sourceGoldenDir() + QStringLiteral("/tolerances.json");
    c.tolerances = readJsonObject(tol).value(QStringLiteral("recommended")).toObject();
    return c;
}

BoxF boxFromJson(const QJsonValue& v)
{
    const QJsonArray a = v.toArray();
    return {a[0].toDouble(), a[1].toDouble(), a[2].toDouble(), a[3].toDouble()};
}

BoxI boxIFromJson(const QJsonValue& v)
{
    const QJsonArray a = v.toArray();
    return {a[0].toInt(), a[1].toInt(), a[2].toInt(), a[3].toInt()};
}

std::vector<PointF> pointsFromJson(const QJsonValue& v)
{
    std::vector<PointF> out;
    for (const QJsonValue p : v.toArray())
        out.push_back({p.toArray()[0].toDouble(), p.toArray()[1].toDouble()});
    return out;
}

std::vector<float> floatsFromJson(const QJsonValue& v)
{
    std::vector<float> out;
    for (const QJsonValue x : v.toArray())
        out.push_back(float(x.toDouble()));
    return out;
}

void MaxErrors::add(const std::string& what, double err)
{
    auto [it, inserted] = m_max.emplace(what, err);
    if (!inserted && !(it->second >= err))
        it->second = err;
}

std::string MaxErrors::summary() const
{
    std::ostringstream s;
    s.precision(3);
    bool first = true;
    for (const auto& [k, v] : m_max) {
        s << (first ? "" : ", ") << k << '=' << v;
        first = false;
    }
    return s.str();
}

} // namespace emote::face::test
