#include "core/face/tfjs_graph_def.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QString>

#include <set>

namespace emote::face {

namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMaxModelJsonBytes = 64ull << 20;

[[noreturn]] void fail(const fs::path& file, const std::string& what)
{
    throwInput("model file " + quoted(file) + " " + what + " " + modelRestoreHint());
}

std::string decode(const QJsonValue& v) { return QByteArray::fromBase64(v.toString().toLatin1()).toStdString(); }

// JSON numbers of int64 attributes arrive as strings ("2"); either form is accepted.
int64_t toInt(const QJsonValue& v) { return v.isString() ? v.toString().toLongLong() : int64_t(v.toDouble()); }

TfjsAttr parseAttr(const QJsonObject& o)
{
    TfjsAttr a;
    if (o.contains(QStringLiteral("i"))) {
        a.kind = TfjsAttr::Kind::Int;
        a.i = toInt(o.value(QStringLiteral("i")));
    } else if (o.contains(QStringLiteral("f"))) {
        a.kind = TfjsAttr::Kind::Float;
        a.f = o.value(QStringLiteral("f")).toDouble();
    } else if (o.contains(QStringLiteral("b"))) {
        a.kind = TfjsAttr::Kind::Bool;
        a.b = o.value(QStringLiteral("b")).toBool();
    } else if (o.contains(QStringLiteral("s"))) {
        a.kind = TfjsAttr::Kind::String;
        a.s = decode(o.value(QStringLiteral("s")));
    } else if (o.contains(QStringLiteral("type"))) {
        a.kind = TfjsAttr::Kind::Type;
        a.s = o.value(QStringLiteral("type")).toString().toStdString();
    } else if (o.contains(QStringLiteral("shape"))) {
        a.kind = TfjsAttr::Kind::Shape;
        for (const QJsonValue d : o.value(QStringLiteral("shape")).toObject().value(QStringLiteral("dim")).toArray())
            a.ints.push_back(toInt(d.toObject().value(QStringLiteral("size"))));
    } else if (o.contains(QStringLiteral("list"))) {
        a.kind = TfjsAttr::Kind::List;
        const QJsonObject l = o.value(QStringLiteral("list")).toObject();
        for (const QJsonValue v : l.value(QStringLiteral("i")).toArray())
            a.ints.push_back(toInt(v));
        for (const QJsonValue v : l.value(QStringLiteral("f")).toArray())
            a.floats.push_back(v.toDouble());
        for (const QJsonValue v : l.value(QStringLiteral("s")).toArray())
            a.strings.push_back(decode(v));
    }
    return a;
}

// "name:0" → ("name", 0).
TfjsSignatureTensor signatureTensor(const QString& key, const QJsonObject& o)
{
    TfjsSignatureTensor t;
    t.key = key.toStdString();
    std::string name = o.value(QStringLiteral("name")).toString(key).toStdString();
    if (const size_t colon = name.rfind(':'); colon != std::string::npos) {
        t.output_index = std::stoi(name.substr(colon + 1));
        name.resize(colon);
    }
    t.node = name;
    const QJsonObject shape = o.value(QStringLiteral("tensorShape")).toObject();
    for (const QJsonValue d : shape.value(QStringLiteral("dim")).toArray())
        t.shape.push_back(toInt(d.toObject().value(QStringLiteral("size"))));
    return t;
}

[[noreturn]] void attrError(const TfjsNode& n, const std::string& attr, const std::string& what)
{
    throwInput("tfjs graph node '" + n.name + "' (" + n.op + "): attribute '" + attr + "' " + what + ".");
}

const TfjsAttr& need(const TfjsNode& n, const std::string& attr, TfjsAttr::Kind kind)
{
    const auto it = n.attrs.find(attr);
    if (it == n.attrs.end())
        attrError(n, attr, "is missing");
    if (it->second.kind != kind)
        attrError(n, attr, "has an unexpected type");
    return it->second;
}

} // namespace

int64_t TfjsNode::attrInt(const std::string& attr) const { return need(*this, attr, TfjsAttr::Kind::Int).i; }
int64_t TfjsNode::attrInt(const std::string& attr, int64_t fallback) const
{
    return has(attr) ? attrInt(attr) : fallback;
}
double TfjsNode::attrFloat(const std::string& attr, double fallback) const
{
    return has(attr) ? need(*this, attr, TfjsAttr::Kind::Float).f : fallback;
}
bool TfjsNode::attrBool(const std::string& attr, bool fallback) const
{
    return has(attr) ? need(*this, attr, TfjsAttr::Kind::Bool).b : fallback;
}
std::string TfjsNode::attrString(const std::string& attr) const
{
    return need(*this, attr, TfjsAttr::Kind::String).s;
}
std::string TfjsNode::attrString(const std::string& attr, const std::string& fallback) const
{
    return has(attr) ? attrString(attr) : fallback;
}
std::vector<int64_t> TfjsNode::attrInts(const std::string& attr) const
{
    return need(*this, attr, TfjsAttr::Kind::List).ints;
}
std::vector<int64_t> TfjsNode::attrInts(const std::string& attr, std::vector<int64_t> fallback) const
{
    return has(attr) ? attrInts(attr) : fallback;
}
std::vector<std::string> TfjsNode::attrStrings(const std::string& attr) const
{
    return has(attr) ? need(*this, attr, TfjsAttr::Kind::List).strings : std::vector<std::string>{};
}

TfjsGraphDef TfjsGraphDef::load(const fs::path& model_json)
{
    std::vector<uint8_t> bytes;
    try {
        bytes = readFileBytes(model_json, "model file", kMaxModelJsonBytes);
    } catch (const Error& e) {
        throwInput(std::string(e.what()) + " " + modelRestoreHint());
    }
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())), &perr);
    if (perr.error != QJsonParseError::NoError)
        fail(model_json, "is not valid JSON (" + perr.errorString().toStdString() + " at byte " +
                             std::to_string(perr.offset) + ").");
    const QJsonObject root = doc.object();
    const QString format = root.value(QStringLiteral("format")).toString();
    const QJsonArray nodes = root.value(QStringLiteral("modelTopology")).toObject().value(QStringLiteral("node")).toArray();
    if (!doc.isObject() || format != QStringLiteral("graph-model") || nodes.isEmpty())
        fail(model_json, "is not a tfjs graph model (expected format 'graph-model' and a modelTopology node list).");

    TfjsGraphDef def;
    def.file = model_json;
    std::set<std::string> names;
    std::set<std::string> consumed;
    for (const QJsonValue nv : nodes) {
        const QJsonObject o = nv.toObject();
        TfjsNode n;
        n.name = o.value(QStringLiteral("name")).toString().toStdString();
        n.op = o.value(QStringLiteral("op")).toString().toStdString();
        if (n.name.empty() || n.op.empty())
            fail(model_json, "is malformed: a node has no name or op.");
        if (!names.insert(n.name).second)
            fail(model_json, "is malformed: two nodes are named '" + n.name + "'.");
        for (const QJsonValue in : o.value(QStringLiteral("input")).toArray()) {
            n.inputs.push_back(in.toString().toStdString());
            std::string src = n.inputs.back();
            if (!src.empty() && src[0] == '^')
                src.erase(0, 1);
            consumed.insert(src.substr(0, src.rfind(':') == std::string::npos ? src.size() : src.rfind(':')));
        }
        const QJsonObject attrs = o.value(QStringLiteral("attr")).toObject();
        for (auto it = attrs.begin(); it != attrs.end(); ++it)
            n.attrs[it.key().toStdString()] = parseAttr(it.value().toObject());
        def.nodes.push_back(std::move(n));
    }
    for (const TfjsNode& n : def.nodes)
        for (const std::string& in : n.inputs) {
            std::string src = in[0] == '^' ? in.substr(1) : in;
            if (const size_t colon = src.rfind(':'); colon != std::string::npos)
                src.resize(colon);
            if (!names.count(src))
                fail(model_json, "is malformed: node '" + n.name + "' reads '" + in + "', which is no node.");
        }

    const QJsonObject sig = root.value(QStringLiteral("signature")).toObject();
    const QJsonObject sig_in = sig.value(QStringLiteral("inputs")).toObject();
    const QJsonObject sig_out = sig.value(QStringLiteral("outputs")).toObject();
    for (auto it = sig_in.begin(); it != sig_in.end(); ++it)
        def.inputs.push_back(signatureTensor(it.key(), it.value().toObject()));
    for (auto it = sig_out.begin(); it != sig_out.end(); ++it)
        def.outputs.push_back(signatureTensor(it.key(), it.value().toObject()));
    if (def.inputs.empty())
        for (const TfjsNode& n : def.nodes)
            if (n.op == "Placeholder") {
                TfjsSignatureTensor t{n.name, n.name, 0, {}};
                if (n.has("shape"))
                    t.shape = n.attrs.at("shape").ints;
                def.inputs.push_back(t);
            }
    if (def.outputs.empty())
        for (const TfjsNode& n : def.nodes)
            if (!consumed.count(n.name) && n.op != "Const" && n.op != "NoOp")
                def.outputs.push_back({n.name, n.name, 0, {}});
    for (const auto* list : {&def.inputs, &def.outputs})
        for (const TfjsSignatureTensor& t : *list)
            if (!names.count(t.node))
                fail(model_json, "is malformed: its signature names '" + t.node + "', which is no node.");

    def.weights = TfjsWeights::loadModelJson(model_json);
    return def;
}

} // namespace emote::face
