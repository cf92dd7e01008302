// Project files: every field survives a save and a read, paths are stored relative to the project and found
// again when the project moves, hostile or broken files give messages naming the file and the field, missing
// and changed inputs open with an issue instead of failing, and saving never leaves a half-written file.
#include "core/common/error.h"
#include "core/engine/project.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <string>

using namespace emote;
namespace fs = std::filesystem;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// Expects parseProject to reject TEXT with an Input error whose message contains every string of PARTS.
void expectRejected(const std::string& text, std::initializer_list<const char*> parts)
{
    try {
        parseProject(text, "/tmp/p/broken.emote");
    } catch (const Error& e) {
        QCOMPARE(int(e.kind()), int(ErrorKind::Input));
        const std::string msg = e.what();
        QVERIFY2(msg.find("broken.emote") != std::string::npos, msg.c_str());
        for (const char* part : parts)
            QVERIFY2(msg.find(part) != std::string::npos, (msg + "  [expected: " + part + "]").c_str());
        return;
    }
    QFAIL(("accepted: " + text).c_str());
}

std::string minimal(const std::string& extra) { return R"({"format":"emote-project","version":1)" + extra + "}"; }

} // namespace

class TestProject : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    fs::path path(const char* name) const { return fs::path(m_dir.filePath(QLatin1String(name)).toStdString()); }

    Project fullProject()
    {
        writeFile(m_dir.filePath(QStringLiteral("me.png")), QByteArray("not really a png, but bytes to hash"));
        writeFile(m_dir.filePath(QStringLiteral("song.wav")), QByteArray("RIFF....WAVE"));
        Project p;
        p.portrait = {path("me.png"), fileSha256(path("me.png"))};
        p.audio = {path("song.wav"), fileSha256(path("song.wav"))};
        GenerationSettings& s = p.settings;
        // Every field away from its default, so a field that is not saved or not read shows up.
        s.engine = EngineKind::Diffusion;
        s.fps = 30;
        s.size = 720;
        s.aspect = 9.0 / 16.0;
        s.crf = 23;
        s.preset = "slow";
        s.seed = 18446744073709551557ull; // above 2^53: must not lose digits
        s.guidance = 4.25;
        s.steps = 25;
        s.motion_speed = 0.7;
        s.expression = 1.3;
        s.blink = false;
        s.phonemes = "spectral";
        s.model_path = path("models/hallo").string();
        s.face_index = 2;
        s.crop_x = 10.5;
        s.crop_y = 20;
        s.crop_w = 300;
        s.crop_h = 400;
        s.watermark = false;
        s.visible_label = true;
        s.device = "auto";
        s.dtype = "bfloat16";
        s.frames_per_clip = 12;
        s.motion_frames = 3;
        s.max_audio_s = 120;
        s.max_image_pixels = 50'000'000;
        p.output = path("out/me.mp4");
        return p;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void roundTripEveryField()
    {
        const Project p = fullProject();
        writeProject(p, path("song.emote"));
        const LoadedProject l = readProject(path("song.emote"));
        QVERIFY2(l.issues.empty(), l.issues.empty() ? "" : l.issues.front().message.c_str());
        const Project& q = l.project;
        QCOMPARE(q.portrait.path, p.portrait.path);
        QCOMPARE(q.portrait.sha256, p.portrait.sha256);
        QCOMPARE(q.audio.path, p.audio.path);
        QCOMPARE(q.audio.sha256, p.audio.sha256);
        QCOMPARE(q.output, p.output);
        const GenerationSettings &a = p.settings, &b = q.settings;
        QCOMPARE(int(b.engine), int(a.engine));
        QCOMPARE(b.fps, a.fps);
        QCOMPARE(b.size, a.size);
        QCOMPARE(b.aspect, a.aspect);
        QCOMPARE(b.crf, a.crf);
        QCOMPARE(b.preset, a.preset);
        QCOMPARE(b.seed, a.seed);
        QCOMPARE(b.guidance, a.guidance);
        QCOMPARE(b.steps, a.steps);
        QCOMPARE(b.motion_speed, a.motion_speed);
        QCOMPARE(b.expression, a.expression);
        QCOMPARE(b.blink, a.blink);
        QCOMPARE(b.phonemes, a.phonemes);
        QCOMPARE(b.model_path, a.model_path);
        QCOMPARE(b.face_index, a.face_index);
        QCOMPARE(b.crop_x, a.crop_x);
        QCOMPARE(b.crop_y, a.crop_y);
        QCOMPARE(b.crop_w, a.crop_w);
        QCOMPARE(b.crop_h, a.crop_h);
        QCOMPARE(b.watermark, a.watermark);
        QCOMPARE(b.visible_label, a.visible_label);
        QCOMPARE(b.device, a.device);
        QCOMPARE(b.dtype, a.dtype);
        QCOMPARE(b.frames_per_clip, a.frames_per_clip);
        QCOMPARE(b.motion_frames, a.motion_frames);
        QCOMPARE(b.max_audio_s, a.max_audio_s);
        QCOMPARE(b.max_image_pixels, a.max_image_pixels);
        // Saving what was read gives the same bytes: nothing drifts across saves.
        QCOMPARE(serializeProject(q, path("song.emote")), serializeProject(p, path("song.emote")));
    }

    void pathsAreRelativeAndSurviveMoves()
    {
        const Project p = fullProject();
        const std::string text = serializeProject(p, path("song.emote"));
        QVERIFY2(text.find("\"path\": \"me.png\"") != std::string::npos, text.c_str());
        QVERIFY2(text.find("\"path\": \"out/me.mp4\"") != std::string::npos, text.c_str());
        // Far away (up to the root): absolute, so the path still reads sensibly.
        Project far = p;
        far.output = "/elsewhere/x.mp4";
        QVERIFY(serializeProject(far, "/a/b/c/d/p.emote").find("\"path\": \"/elsewhere/x.mp4\"") != std::string::npos);
        // The whole folder moves: the relative paths find the inputs.
        QTemporaryDir moved;
        QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("me.png")), moved.filePath(QStringLiteral("me.png"))));
        QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("song.wav")), moved.filePath(QStringLiteral("song.wav"))));
        const fs::path moved_project = moved.filePath(QStringLiteral("song.emote")).toStdString();
        writeFile(QString::fromStdString(moved_project.string()), QByteArray::fromStdString(text));
        LoadedProject l = readProject(moved_project);
        QVERIFY(l.issues.empty());
        QCOMPARE(l.project.portrait.path, fs::path(moved.filePath(QStringLiteral("me.png")).toStdString()));
        // Only the project file moves: the absolute paths saved with it find the inputs where they were.
        QTemporaryDir alone;
        const fs::path lone_project = alone.filePath(QStringLiteral("song.emote")).toStdString();
        writeFile(QString::fromStdString(lone_project.string()), QByteArray::fromStdString(text));
        l = readProject(lone_project);
        QVERIFY(l.issues.empty());
        QCOMPARE(l.project.portrait.path, p.portrait.path);
        QCOMPARE(l.project.audio.path, p.audio.path);
    }

    void missingInputOpensWithIssue()
    {
        Project p = fullProject();
        writeFile(m_dir.filePath(QStringLiteral("gone.wav")), QByteArray("x"));
        p.audio = {path("gone.wav"), fileSha256(path("gone.wav"))};
        writeProject(p, path("missing.emote"));
        QVERIFY(QFile::remove(m_dir.filePath(QStringLiteral("gone.wav"))));
        const LoadedProject l = readProject(path("missing.emote"));
        QCOMPARE(l.issues.size(), size_t(1));
        QCOMPARE(int(l.issues[0].kind), int(ProjectIssueKind::MissingInput));
        QCOMPARE(l.issues[0].role, std::string("audio"));
        QVERIFY2(l.issues[0].message.find("gone.wav") != std::string::npos, l.issues[0].message.c_str());
        QVERIFY2(l.issues[0].message.find("missing") != std::string::npos, l.issues[0].message.c_str());
        QVERIFY2(l.issues[0].message.find("again") != std::string::npos, l.issues[0].message.c_str());
        QCOMPARE(l.project.audio.path, path("gone.wav")); // still named, so the UI can say which
        QCOMPARE(l.project.settings.fps, 30);              // the rest is there
    }

    void changedInputWarns()
    {
        Project p = fullProject();
        writeProject(p, path("changed.emote"));
        writeFile(m_dir.filePath(QStringLiteral("me.png")), QByteArray("a different photo"));
        const LoadedProject l = readProject(path("changed.emote"));
        QCOMPARE(l.issues.size(), size_t(1));
        QCOMPARE(int(l.issues[0].kind), int(ProjectIssueKind::ChangedInput));
        QCOMPARE(l.issues[0].role, std::string("portrait"));
        QVERIFY2(l.issues[0].message.find("SHA-256") != std::string::npos, l.issues[0].message.c_str());
    }

    void minimalProjectKeepsDefaults()
    {
        const Project p = parseProject(minimal(""), "/tmp/p/x.emote");
        QVERIFY(p.portrait.empty() && p.audio.empty() && p.output.empty());
        QCOMPARE(p.settings.fps, GenerationSettings{}.fps);
        const Project q = parseProject(minimal(R"(,"settings":{"seed":"12345678901234567890"})"), "/tmp/p/x.emote");
        QCOMPARE(q.settings.seed, uint64_t(12345678901234567890ull));
    }

    void invalidJson()
    {
        expectRejected("", {"not valid JSON"});
        expectRejected("{\"format\":", {"not valid JSON", "byte"});
        expectRejected("[1,2]", {"top level"});
        expectRejected("{\"format\":\"something-else\",\"version\":1}", {"not an Emote Studio project"});
        expectRejected(std::string(kMaxProjectBytes + 1, ' '), {"larger than any project"});
        expectRejected(std::string(100000, '[') , {"not valid JSON"}); // deep nesting is refused, not recursed
    }

    void wrongTypesAndValues()
    {
        expectRejected(minimal(R"(,"settings":{"fps":"25"})"), {"settings.fps", "whole number", "\"25\""});
        expectRejected(minimal(R"(,"settings":{"fps":25.5})"), {"settings.fps", "whole number"});
        expectRejected(minimal(R"(,"settings":{"fps":1000})"), {"settings.fps", "outside"});
        expectRejected(minimal(R"(,"settings":{"blink":1})"), {"settings.blink", "true or false"});
        expectRejected(minimal(R"(,"settings":{"engine":"warp"})"), {"settings.engine", "warp"});
        expectRejected(minimal(R"(,"settings":{"seed":-1})"), {"settings.seed"});
        expectRejected(minimal(R"(,"settings":{"seed":"99999999999999999999"})"), {"settings.seed"});
        expectRejected(minimal(R"(,"settings":{"preset":"ludicrous"})"), {"ludicrous"});
        expectRejected(minimal(R"(,"settings":{"fsp":25})"), {"settings.fsp", "spelling"});
        expectRejected(minimal(R"(,"settings":[])"), {"'settings'", "object"});
        expectRejected(minimal(R"(,"crop":{"width":-5})"), {"crop.width"});
        expectRejected(minimal(R"(,"inputs":{"portrait":{"path":""}})"), {"inputs.portrait.path", "empty"});
        expectRejected(minimal(R"(,"inputs":{"portrait":{"path":"a.jpg","sha256":"xyz"}})"), {"inputs.portrait.sha256"});
        expectRejected(minimal(R"(,"inputs":{"video":{"path":"a.mp4"}})"), {"inputs.video"});
        expectRejected(minimal(R"(,"output":{"path":"/home/me/.bashrc"})"), {"output.path", ".mp4"});
        expectRejected(R"({"format":"emote-project","version":2})", {"newer Emote Studio", "Update"});
        expectRejected(R"({"format":"emote-project","version":"1"})", {"version"});
        expectRejected(R"({"format":"emote-project"})", {"version", "missing"});
    }

    // A small deterministic fuzz: random byte edits of a valid project either parse or throw emote::Error,
    // never anything else (and never crash). Sanitizer builds make this sharper.
    void mutatedBytesOnlyThrowErrors()
    {
        const std::string valid = serializeProject(fullProject(), path("fuzz.emote"));
        QRandomGenerator rng(1234);
        int accepted = 0, rejected = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string t = valid;
            const int edits = 1 + int(rng.bounded(4));
            for (int e = 0; e < edits; ++e) {
                const size_t at = rng.bounded(quint32(t.size()));
                switch (rng.bounded(3)) {
                case 0: t[at] = char(rng.bounded(256)); break;
                case 1: t.erase(at, 1 + rng.bounded(8)); break;
                default: t.insert(at, 1, "{}[]\",:0-e.tfn\\"[rng.bounded(15)]); break;
                }
            }
            try {
                parseProject(t, "/tmp/fuzz.emote");
                ++accepted;
            } catch (const Error&) {
                ++rejected;
            }
        }
        QVERIFY(rejected > 0);
        qInfo("fuzz: %d accepted, %d rejected", accepted, rejected);
    }

    void takesRoundTripAndAreStrict()
    {
        Project p;
        ProjectTake a;
        a.path = path("song.mp4");
        a.created_utc = "2026-12-07T00:40:12Z";
        a.settings.engine = EngineKind::Diffusion;
        a.settings.seed = 18446744073709551615ull; // past 2^53: stored as text
        a.settings.steps = 25;
        a.settings.guidance = 4.5;
        a.settings.size = 1920;
        a.settings.aspect = 9.0 / 16.0;
        ProjectTake b;
        b.path = "/elsewhere/far/away/take2.mp4";
        b.settings.motion_speed = 1.5;
        b.settings.emotion = "surprised";     // neither the default ("auto", 0.6) nor a's
        b.settings.emotion_intensity = 0.25;
        a.settings.emotion = "sad";
        a.settings.emotion_intensity = 1.0;
        p.takes = {a, b};
        const fs::path file = path("takes.emote");
        writeProject(p, file);
        const Project r = readProject(file).project;
        QCOMPARE(r.takes.size(), size_t(2));
        QCOMPARE(r.takes[0].path, a.path);
        QCOMPARE(r.takes[0].created_utc, a.created_utc);
        QCOMPARE(int(r.takes[0].settings.engine), int(EngineKind::Diffusion));
        QCOMPARE(r.takes[0].settings.seed, a.settings.seed);
        QCOMPARE(r.takes[0].settings.steps, 25);
        QCOMPARE(r.takes[0].settings.guidance, 4.5);
        QCOMPARE(r.takes[0].settings.size, 1920);
        QCOMPARE(r.takes[0].settings.aspect, 9.0 / 16.0);
        QCOMPARE(r.takes[1].path, b.path);
        QCOMPARE(r.takes[1].settings.motion_speed, 1.5);
        QCOMPARE(r.takes[0].settings.emotion, std::string("sad"));
        QCOMPARE(r.takes[0].settings.emotion_intensity, 1.0);
        QCOMPARE(r.takes[1].settings.emotion, std::string("surprised"));
        QCOMPARE(r.takes[1].settings.emotion_intensity, 0.25);
        QVERIFY(serializeProject(p, file).find("\"path\": \"song.mp4\"") != std::string::npos); // beside: relative
        // Strict like the rest of the file.
        expectRejected(minimal(R"(,"takes":{})"), {"takes", "list"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","sede":3}])"), {"takes[0].sede", "not a field"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.sh"}])"), {"takes[0].path", "not an .mp4"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","fps":500}])"), {"takes[0].fps"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","emotion":"glad"}])"),
                       {"takes[0].emotion", "not an emotion", "'glad'"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","emotion":""}])"), {"takes[0].emotion", "empty"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","emotion":3}])"), {"takes[0].emotion", "text"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","emotion_intensity":1.5}])"),
                       {"takes[0].emotion_intensity", "outside 0 to 1"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","emotion_intensity":"0.5"}])"),
                       {"takes[0].emotion_intensity", "number"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","seed":" 7"}])"), {"takes[0].seed", "whole number"});
        expectRejected(minimal(R"(,"takes":[{"path":"a.mp4","engine":"warp"}])"),
                       {"takes[0].engine", "'warp'", "not an engine"});
        {
            // A take written before takes recorded the emotion keeps the defaults.
            const Project old = parseProject(minimal(R"(,"takes":[{"path":"a.mp4","engine":"live"}])"),
                                             "/tmp/p/old.emote");
            QCOMPARE(old.takes.at(0).settings.emotion, GenerationSettings().emotion);
            QCOMPARE(old.takes.at(0).settings.emotion_intensity, GenerationSettings().emotion_intensity);
        }
        QVERIFY(parseProject(minimal(""), "/tmp/p/none.emote").takes.empty());
    }

    void saveIsAtomicAndReportsErrors()
    {
        const Project p = fullProject();
        writeProject(p, path("atomic.emote"));
        const QByteArray before = [&] {
            QFile f(m_dir.filePath(QStringLiteral("atomic.emote")));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(!before.isEmpty());
        // No temporary file stays behind.
        const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("atomic.emote*")}, QDir::Files | QDir::Hidden);
        QCOMPARE(left, QStringList{QStringLiteral("atomic.emote")});
        // A folder that does not exist: an Output error naming the file.
        try {
            writeProject(p, path("no/such/dir/x.emote"));
            QFAIL("wrote into a missing folder");
        } catch (const Error& e) {
            QCOMPARE(int(e.kind()), int(ErrorKind::Output));
            QVERIFY(std::string(e.what()).find("x.emote") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestProject)
#include "test_project.moc"
