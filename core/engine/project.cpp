#include "core/engine/project.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QSaveFile>
#include <QString>
#include <QStringList>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

namespace emote {

namespace fs = std::filesystem;

namespace {

const char* kFormatTag = "emote-project";
// Doubles hold every integer up to 2^53 exactly; larger seeds are written as decimal strings.
constexpr double kMaxExactInteger = 9007199254740992.0;

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString qs(const fs::path& p) { return QString::fromStdString(p.string()); }

// Reads fields of one JSON object and reports problems with the file and the dotted field name.
class Fields {
public:
    Fields(const QJsonObject& obj, std::string prefix, const fs::path& file)
        : m_obj(obj), m_prefix(std::move(prefix)), m_file(file)
    {
    }

    // Every key of the object must be one of KNOWN: a misspelt key would otherwise be ignored silently.
    void allowOnly(std::initializer_list<const char*> known) const
    {
        std::set<std::string> k(known.begin(), known.end());
        for (auto it = m_obj.begin(); it != m_obj.end(); ++it) {
            const std::string key = it.key().toStdString();
            if (!k.count(key)) {
                std::string list;
                for (const char* n : known)
                    list += (list.empty() ? "" : ", ") + std::string(n);
                fail(name(key), "is not a field Emote Studio knows (known here: " + list +
                                    "). Check the spelling or remove it");
            }
        }
    }

    bool has(const char* key) const { return m_obj.contains(QLatin1String(key)); }

    [[noreturn]] void fail(const std::string& field, const std::string& what) const
    {
        throwInput({MessageCode::ProjectInvalid, {m_file.string(), field},
                    "project " + quoted(m_file) + ": field '" + field + "' " + what +
                        ". Fix the file in a text editor, or re-create the project in Emote Studio and save it."});
    }

    std::string name(const std::string& key) const { return m_prefix.empty() ? key : m_prefix + "." + key; }

    QJsonValue value(const char* key) const { return m_obj.value(QLatin1String(key)); }

    Fields object(const char* key) const
    {
        const QJsonValue v = value(key);
        if (!v.isObject())
            fail(name(key), "must be an object {...}, got " + describe(v));
        return Fields(v.toObject(), name(key), m_file);
    }

    std::string string(const char* key, bool allow_empty = true) const
    {
        const QJsonValue v = value(key);
        if (!v.isString())
            fail(name(key), "must be a text in quotes, got " + describe(v));
        const std::string s = v.toString().toStdString();
        if (!allow_empty && s.empty())
            fail(name(key), "must not be empty");
        if (s.find('\0') != std::string::npos)
            fail(name(key), "contains a NUL character");
        return s;
    }

    double number(const char* key, double lo, double hi) const
    {
        const QJsonValue v = value(key);
        if (!v.isDouble())
            fail(name(key), "must be a number, got " + describe(v));
        const double d = v.toDouble();
        if (!std::isfinite(d) || d < lo || d > hi)
            fail(name(key), "is " + v.toVariant().toString().toStdString() + ", outside " + fmt(lo) + " to " +
                                fmt(hi));
        return d;
    }

    int64_t integer(const char* key, double lo, double hi) const
    {
        const QJsonValue v = value(key);
        if (!v.isDouble() || std::floor(v.toDouble()) != v.toDouble())
            fail(name(key), "must be a whole number, got " + describe(v));
        return int64_t(number(key, lo, hi));
    }

    bool boolean(const char* key) const
    {
        const QJsonValue v = value(key);
        if (!v.isBool())
            fail(name(key), "must be true or false, got " + describe(v));
        return v.toBool();
    }

private:
    static std::string fmt(double d)
    {
        QString s = QString::number(d, 'g', 12);
        return s.toStdString();
    }
    static std::string describe(const QJsonValue& v)
    {
        switch (v.type()) {
        case QJsonValue::Null: return "null";
        case QJsonValue::Bool: return v.toBool() ? "true" : "false";
        case QJsonValue::Double: return "the number " + fmt(v.toDouble());
        case QJsonValue::String: {
            QString s = v.toString();
            if (s.size() > 40)
                s = s.left(40) + QStringLiteral("…");
            return "the text \"" + s.toStdString() + "\"";
        }
        case QJsonValue::Array: return "a list [...]";
        case QJsonValue::Object: return "an object {...}";
        case QJsonValue::Undefined: return "nothing (the field is missing)";
        }
        return "something else";
    }

    QJsonObject m_obj;
    std::string m_prefix;
    fs::path m_file;
};

fs::path resolve(const std::string& stored, const fs::path& project_file)
{
    const fs::path p(stored);
    if (p.is_absolute())
        return p.lexically_normal();
    return (fs::absolute(project_file).parent_path() / p).lexically_normal();
}

// An input or output entry: {"path": relative-or-absolute, "absolute_path": ..., "sha256": ...}.
ProjectInput readFileEntry(const Fields& f, bool with_hash, const fs::path& project_file)
{
    if (with_hash)
        f.allowOnly({"path", "absolute_path", "sha256"});
    else
        f.allowOnly({"path", "absolute_path"});
    ProjectInput in;
    in.path = resolve(f.string("path", false), project_file);
    if (f.has("absolute_path")) {
        const std::string abs = f.string("absolute_path", false);
        if (!fs::path(abs).is_absolute())
            f.fail(f.name("absolute_path"), "must be an absolute path (starting with /), got '" + abs + "'");
    }
    if (with_hash && f.has("sha256")) {
        in.sha256 = f.string("sha256");
        bool ok = in.sha256.size() == 64;
        for (const char c : in.sha256)
            ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
        if (!ok)
            f.fail(f.name("sha256"), "must be 64 lower-case hex digits (a SHA-256), got '" + in.sha256 + "'");
    }
    return in;
}

// Where a moved project finds its inputs: the path relative to the project file first, then the absolute
// path recorded when it was saved.
fs::path fallbackPath(const Fields& f)
{
    return f.has("absolute_path") ? fs::path(f.string("absolute_path", false)).lexically_normal() : fs::path();
}

// PATH as written in a project at PROJECT_FILE: relative when it is near the project (inside its folder or at
// most two levels up, so moving the whole folder keeps it), absolute otherwise.
fs::path storedPath(const fs::path& path, const fs::path& project_file)
{
    const fs::path abs = fs::absolute(path).lexically_normal();
    const fs::path rel = abs.lexically_relative(fs::absolute(project_file).parent_path().lexically_normal());
    int up = 0;
    for (const fs::path& part : rel)
        up += part == ".." ? 1 : 0;
    return rel.empty() || up > 2 ? abs : rel;
}

QJsonObject fileEntry(const fs::path& path, const std::string& sha256, const fs::path& project_file)
{
    QJsonObject o;
    const fs::path abs = fs::absolute(path).lexically_normal();
    o.insert(QStringLiteral("path"), qs(storedPath(path, project_file)));
    o.insert(QStringLiteral("absolute_path"), qs(abs));
    if (!sha256.empty())
        o.insert(QStringLiteral("sha256"), qs(sha256));
    return o;
}

struct Fallbacks {
    fs::path portrait, audio;
};

// The settings a take records (and the project's "settings" share): engine, seed, fps, size, aspect, steps,
// guidance, motion_speed, expression, emotion, emotion_intensity, crf. Missing fields keep S's values.
void readTakeSettings(const Fields& f, GenerationSettings& s)
{
    if (f.has("engine")) {
        const std::string e = f.string("engine");
        const auto kind = engineFromName(e);
        if (!kind)
            f.fail(f.name("engine"), "is '" + e + "', not an engine (use \"live\", \"diffusion\" or \"still\")");
        s.engine = *kind;
    }
    if (f.has("seed")) {
        const QJsonValue v = f.value("seed");
        if (v.isString()) {
            const std::string t = v.toString().toStdString();
            bool ok = !t.empty() && t.size() <= 20;
            for (const char c : t)
                ok = ok && c >= '0' && c <= '9';
            errno = 0;
            const unsigned long long n = ok ? std::strtoull(t.c_str(), nullptr, 10) : 0;
            if (!ok || errno == ERANGE)
                f.fail(f.name("seed"), "must be a whole number from 0 to 18446744073709551615, got \"" + t + "\"");
            s.seed = n;
        } else {
            s.seed = uint64_t(f.integer("seed", 0, kMaxExactInteger));
        }
    }
    if (f.has("fps"))
        s.fps = int(f.integer("fps", 1, 120));
    if (f.has("size"))
        s.size = int(f.integer("size", 16, 4096));
    if (f.has("aspect"))
        s.aspect = f.number("aspect", 0, 10);
    if (f.has("crf"))
        s.crf = int(f.integer("crf", 0, 51));
    if (f.has("guidance"))
        s.guidance = f.number("guidance", 0, 30);
    if (f.has("steps"))
        s.steps = int(f.integer("steps", 1, 1000));
    if (f.has("motion_speed"))
        s.motion_speed = f.number("motion_speed", 0, 2);
    if (f.has("expression"))
        s.expression = f.number("expression", 0, 2);
    if (f.has("emotion")) {
        s.emotion = f.string("emotion", false);
        if (!isEmotionName(s.emotion))
            f.fail(f.name("emotion"), "is '" + s.emotion + "', not an emotion (use \"neutral\", \"happy\", \"sad\", "
                   "\"angry\", \"surprised\" or \"auto\")");
    }
    if (f.has("emotion_intensity"))
        s.emotion_intensity = f.number("emotion_intensity", 0, 1);
}

// Takes: {"path", "absolute_path", "created_utc", and the settings that tell takes apart}.
std::vector<ProjectTake> readTakes(const Fields& top, const fs::path& project_file)
{
    const QJsonValue v = top.value("takes");
    if (!v.isArray())
        top.fail("takes", "must be a list [...] of takes");
    std::vector<ProjectTake> takes;
    const QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::string name = "takes[" + std::to_string(i) + "]";
        if (!list.at(i).isObject())
            top.fail(name, "must be an object {...}");
        const Fields f(list.at(i).toObject(), name, project_file);
        f.allowOnly({"path", "absolute_path", "created_utc", "engine", "seed", "fps", "size", "aspect", "steps",
                     "guidance", "motion_speed", "expression", "emotion", "emotion_intensity", "crf"});
        ProjectTake t;
        t.path = resolve(f.string("path", false), project_file);
        std::error_code ec;
        if (f.has("absolute_path") && !fs::is_regular_file(t.path, ec)) {
            const fs::path abs = fs::path(f.string("absolute_path", false)).lexically_normal();
            if (abs.is_absolute() && fs::is_regular_file(abs, ec))
                t.path = abs; // the project moved without its takes
        }
        const std::string ext = t.path.extension().string();
        if (ext != ".mp4" && ext != ".MP4")
            f.fail(f.name("path"), "is '" + t.path.string() + "', not an .mp4 file");
        if (f.has("created_utc"))
            t.created_utc = f.string("created_utc");
        readTakeSettings(f, t.settings);
        takes.push_back(std::move(t));
    }
    return takes;
}

QJsonArray takesJson(const std::vector<ProjectTake>& takes, const fs::path& project_file)
{
    QJsonArray list;
    for (const ProjectTake& t : takes) {
        const GenerationSettings& s = t.settings;
        QJsonObject o = fileEntry(t.path, std::string(), project_file);
        o.insert(QStringLiteral("created_utc"), qs(t.created_utc));
        o.insert(QStringLiteral("engine"), qs(engineName(s.engine)));
        if (double(s.seed) < kMaxExactInteger)
            o.insert(QStringLiteral("seed"), double(s.seed));
        else
            o.insert(QStringLiteral("seed"), QString::number(qulonglong(s.seed)));
        o.insert(QStringLiteral("fps"), s.fps);
        o.insert(QStringLiteral("size"), s.size);
        o.insert(QStringLiteral("aspect"), s.aspect);
        o.insert(QStringLiteral("steps"), s.steps);
        o.insert(QStringLiteral("guidance"), s.guidance);
        o.insert(QStringLiteral("motion_speed"), s.motion_speed);
        o.insert(QStringLiteral("expression"), s.expression);
        o.insert(QStringLiteral("emotion"), qs(s.emotion));
        o.insert(QStringLiteral("emotion_intensity"), s.emotion_intensity);
        o.insert(QStringLiteral("crf"), s.crf);
        list.append(o);
    }
    return list;
}

Project parseImpl(std::string_view bytes, const fs::path& project_file, Fallbacks* fallbacks)
{
    if (bytes.size() > kMaxProjectBytes)
        throwInput({MessageCode::ProjectInvalid, {project_file.string(), ""},
                    "project " + quoted(project_file) + " is " + humanBytes(double(bytes.size())) +
                        ", larger than any project file (at most " + humanBytes(double(kMaxProjectBytes)) +
                        "). Choose a .emote file saved by Emote Studio."});
    QJsonParseError err{};
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())), &err);
    if (err.error != QJsonParseError::NoError)
        throwInput({MessageCode::ProjectInvalid, {project_file.string(), ""},
                    "project " + quoted(project_file) + " is not valid JSON (" + err.errorString().toStdString() +
                        " at byte " + std::to_string(err.offset) +
                        "). Choose a .emote file saved by Emote Studio, or fix the file in a text editor."});
    if (!doc.isObject())
        throwInput({MessageCode::ProjectInvalid, {project_file.string(), ""},
                    "project " + quoted(project_file) +
                        " is JSON but not a project (the top level must be an object {...}). Choose a .emote file "
                        "saved by Emote Studio."});
    const Fields top(doc.object(), "", project_file);
    if (!top.has("format") || top.value("format").toString() != QLatin1String(kFormatTag))
        throwInput({MessageCode::ProjectInvalid, {project_file.string(), ""},
                    "project " + quoted(project_file) + " is not an Emote Studio project (field 'format' is not \"" +
                        kFormatTag + "\"). Choose a .emote file saved by Emote Studio."});
    const int64_t version = top.integer("version", 1, 1e6);
    if (version > Project::kFormatVersion)
        throwInput({MessageCode::ProjectNewer,
                    {project_file.string(), std::to_string(version), std::to_string(Project::kFormatVersion)},
                    "project " + quoted(project_file) + " was saved by a newer Emote Studio (format version " +
                        std::to_string(version) + "; this one reads version " +
                        std::to_string(Project::kFormatVersion) + "). Update Emote Studio to open it."});
    top.allowOnly({"format", "version", "inputs", "settings", "crop", "output", "takes"});

    Project p;
    if (top.has("inputs")) {
        const Fields inputs = top.object("inputs");
        inputs.allowOnly({"portrait", "audio"});
        if (inputs.has("portrait")) {
            const Fields f = inputs.object("portrait");
            p.portrait = readFileEntry(f, true, project_file);
            if (fallbacks)
                fallbacks->portrait = fallbackPath(f);
        }
        if (inputs.has("audio")) {
            const Fields f = inputs.object("audio");
            p.audio = readFileEntry(f, true, project_file);
            if (fallbacks)
                fallbacks->audio = fallbackPath(f);
        }
    }

    GenerationSettings& s = p.settings;
    if (top.has("settings")) {
        const Fields f = top.object("settings");
        f.allowOnly({"engine", "fps", "size", "aspect", "crf", "preset", "seed", "guidance", "steps", "motion_speed",
                     "expression", "emotion", "emotion_intensity", "blink", "phonemes", "model", "watermark", "visible_label", "max_audio_s",
                     "max_image_pixels", "device", "dtype", "frames_per_clip", "motion_frames"});
        // Missing fields keep their defaults, so a hand-written project can name only what it changes.
        readTakeSettings(f, s);
        if (f.has("preset"))
            s.preset = f.string("preset", false);
        if (f.has("blink"))
            s.blink = f.boolean("blink");
        if (f.has("phonemes"))
            s.phonemes = f.string("phonemes", false);
        if (f.has("model")) {
            const std::string m = f.string("model");
            s.model_path = m.empty() ? std::string() : resolve(m, project_file).string();
        }
        if (f.has("watermark"))
            s.watermark = f.boolean("watermark");
        if (f.has("visible_label"))
            s.visible_label = f.boolean("visible_label");
        if (f.has("max_audio_s"))
            s.max_audio_s = f.number("max_audio_s", 1, 24 * 3600);
        if (f.has("max_image_pixels"))
            s.max_image_pixels = f.integer("max_image_pixels", 1e4, 1e10);
        if (f.has("device"))
            s.device = f.string("device");
        if (f.has("dtype"))
            s.dtype = f.string("dtype");
        if (f.has("frames_per_clip"))
            s.frames_per_clip = int(f.integer("frames_per_clip", 0, 256));
        if (f.has("motion_frames"))
            s.motion_frames = int(f.integer("motion_frames", -1, 256));
    }
    if (top.has("crop")) {
        const Fields f = top.object("crop");
        f.allowOnly({"face_index", "x", "y", "width", "height"});
        if (f.has("face_index"))
            s.face_index = int(f.integer("face_index", -1, 1000));
        if (f.has("x"))
            s.crop_x = f.number("x", 0, 1e6);
        if (f.has("y"))
            s.crop_y = f.number("y", 0, 1e6);
        if (f.has("width"))
            s.crop_w = f.number("width", 0, 1e6);
        if (f.has("height"))
            s.crop_h = f.number("height", 0, 1e6);
    }
    if (top.has("output")) {
        const Fields f = top.object("output");
        p.output = readFileEntry(f, false, project_file).path;
        // A project only ever names a video to write: a shared project must not be able to point the output
        // at, say, a shell start-up file.
        const std::string ext = p.output.extension().string();
        if (ext != ".mp4" && ext != ".MP4")
            f.fail("output.path", "is '" + p.output.string() + "', not an .mp4 file");
    }
    if (top.has("takes"))
        p.takes = readTakes(top, project_file);
    try {
        s.validate();
    } catch (const Error& e) {
        throwInput({MessageCode::ProjectInvalid, {project_file.string(), "settings"},
                    "project " + quoted(project_file) + " has a setting Emote Studio cannot use: " + e.what() +
                        " Fix the file in a text editor, or re-create the project in Emote Studio and save it."});
    }
    return p;
}

std::vector<ProjectIssue> checkWithFallbacks(Project& p, const Fallbacks* fallbacks)
{
    std::vector<ProjectIssue> issues;
    auto check = [&](ProjectInput& in, const fs::path& fallback, const char* role, const char* what_to_do) {
        if (in.empty())
            return;
        std::error_code ec;
        if (!fs::is_regular_file(in.path, ec) && !fallback.empty() && fs::is_regular_file(fallback, ec))
            in.path = fallback;
        if (!fs::is_regular_file(in.path, ec)) {
            issues.push_back({ProjectIssueKind::MissingInput, role, in.path,
                              std::string("the ") + role + " " + quoted(in.path) +
                                  " is missing (moved, renamed or on a drive that is not connected). " +
                                  what_to_do});
            return;
        }
        if (in.sha256.empty())
            return;
        std::string now;
        try {
            now = fileSha256(in.path);
        } catch (const Error& e) {
            issues.push_back({ProjectIssueKind::MissingInput, role, in.path, e.what()});
            return;
        }
        if (now != in.sha256)
            issues.push_back({ProjectIssueKind::ChangedInput, role, in.path,
                              std::string("the ") + role + " " + quoted(in.path) +
                                  " has changed since the project was saved (its SHA-256 differs). Check that it "
                                  "is the file you mean; saving the project records the new one."});
    };
    check(p.portrait, fallbacks ? fallbacks->portrait : fs::path(), "portrait",
          "Choose the photo again, or put it back where it was.");
    check(p.audio, fallbacks ? fallbacks->audio : fs::path(), "audio",
          "Choose the audio again, or put it back where it was.");
    return issues;
}

} // namespace

Project parseProject(std::string_view bytes, const fs::path& project_file)
{
    return parseImpl(bytes, project_file, nullptr);
}

std::vector<ProjectIssue> checkProjectInputs(const Project& project)
{
    Project copy = project;
    return checkWithFallbacks(copy, nullptr);
}

LoadedProject readProject(const fs::path& project_file)
{
    const std::vector<uint8_t> bytes = readFileBytes(project_file, "project", kMaxProjectBytes);
    LoadedProject l;
    Fallbacks fallbacks;
    l.project = parseImpl(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), project_file,
                          &fallbacks);
    l.issues = checkWithFallbacks(l.project, &fallbacks);
    return l;
}

std::string serializeProject(const Project& project, const fs::path& project_file)
{
    const GenerationSettings& s = project.settings;
    QJsonObject root;
    root.insert(QStringLiteral("format"), QLatin1String(kFormatTag));
    root.insert(QStringLiteral("version"), Project::kFormatVersion);
    QJsonObject inputs;
    if (!project.portrait.empty())
        inputs.insert(QStringLiteral("portrait"), fileEntry(project.portrait.path, project.portrait.sha256, project_file));
    if (!project.audio.empty())
        inputs.insert(QStringLiteral("audio"), fileEntry(project.audio.path, project.audio.sha256, project_file));
    root.insert(QStringLiteral("inputs"), inputs);

    QJsonObject st;
    st.insert(QStringLiteral("engine"), qs(engineName(s.engine)));
    st.insert(QStringLiteral("fps"), s.fps);
    st.insert(QStringLiteral("size"), s.size);
    st.insert(QStringLiteral("aspect"), s.aspect);
    st.insert(QStringLiteral("crf"), s.crf);
    st.insert(QStringLiteral("preset"), qs(s.preset));
    if (double(s.seed) < kMaxExactInteger)
        st.insert(QStringLiteral("seed"), double(s.seed));
    else
        st.insert(QStringLiteral("seed"), QString::number(qulonglong(s.seed)));
    st.insert(QStringLiteral("guidance"), s.guidance);
    st.insert(QStringLiteral("steps"), s.steps);
    st.insert(QStringLiteral("motion_speed"), s.motion_speed);
    st.insert(QStringLiteral("expression"), s.expression);
    st.insert(QStringLiteral("emotion"), qs(s.emotion));
    st.insert(QStringLiteral("emotion_intensity"), s.emotion_intensity);
    st.insert(QStringLiteral("blink"), s.blink);
    st.insert(QStringLiteral("phonemes"), qs(s.phonemes));
    if (!s.model_path.empty()) {
        st.insert(QStringLiteral("model"), qs(storedPath(s.model_path, project_file)));
    } else {
        st.insert(QStringLiteral("model"), QString());
    }
    st.insert(QStringLiteral("watermark"), s.watermark);
    st.insert(QStringLiteral("visible_label"), s.visible_label);
    st.insert(QStringLiteral("max_audio_s"), s.max_audio_s);
    st.insert(QStringLiteral("max_image_pixels"), double(s.max_image_pixels));
    st.insert(QStringLiteral("device"), qs(s.device));
    st.insert(QStringLiteral("dtype"), qs(s.dtype));
    st.insert(QStringLiteral("frames_per_clip"), s.frames_per_clip);
    st.insert(QStringLiteral("motion_frames"), s.motion_frames);
    root.insert(QStringLiteral("settings"), st);

    QJsonObject crop;
    crop.insert(QStringLiteral("face_index"), s.face_index);
    crop.insert(QStringLiteral("x"), s.crop_x);
    crop.insert(QStringLiteral("y"), s.crop_y);
    crop.insert(QStringLiteral("width"), s.crop_w);
    crop.insert(QStringLiteral("height"), s.crop_h);
    root.insert(QStringLiteral("crop"), crop);

    if (!project.output.empty())
        root.insert(QStringLiteral("output"), fileEntry(project.output, std::string(), project_file));
    if (!project.takes.empty())
        root.insert(QStringLiteral("takes"), takesJson(project.takes, project_file));
    return QJsonDocument(root).toJson(QJsonDocument::Indented).toStdString();
}

void writeProject(const Project& project, const fs::path& project_file)
{
    const std::string text = serializeProject(project, project_file);
    QSaveFile f(qs(project_file));
    if (!f.open(QIODevice::WriteOnly))
        throwOutput({MessageCode::ProjectNotWritable, {project_file.string()},
                     "cannot write project " + quoted(project_file) + ": " + f.errorString().toStdString() +
                         ". Choose a folder you can write to."});
    if (f.write(text.data(), qint64(text.size())) != qint64(text.size()))
        throwOutput({MessageCode::ProjectNotWritable, {project_file.string()},
                     "cannot write project " + quoted(project_file) + ": " + f.errorString().toStdString() +
                         ". Check the free disk space."});
    // commit() flushes to disk and renames the temporary file over the project: the old file survives a crash.
    if (!f.commit())
        throwOutput({MessageCode::ProjectNotWritable, {project_file.string()},
                     "cannot save project " + quoted(project_file) + ": " + f.errorString().toStdString() +
                         ". Check the free disk space and that the folder is writable."});
}

std::string fileSha256(const fs::path& file)
{
    QFile f(qs(file));
    if (!f.open(QIODevice::ReadOnly))
        throwInput("cannot read " + quoted(file) + ": " + f.errorString().toStdString() + ". Check the file.");
    QCryptographicHash h(QCryptographicHash::Sha256);
    if (!h.addData(&f))
        throwInput("cannot read " + quoted(file) + " to its end: " + f.errorString().toStdString() + ".");
    return h.result().toHex().toStdString();
}

} // namespace emote
