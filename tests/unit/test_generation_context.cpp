// Models load once (GenerationContext): the engine of a job, with its models, serves the next job of the same
// engine and model; another engine or model releases it first; running out of memory while loading releases
// everything and tries once more. With engines that count their loads (a fake factory), then with the real Live
// engine through runGeneration: the second job reads no model from disk and runs on the very same engine.
#include "core/common/error.h"
#include "core/jobs/generation_context.h"
#include "core/jobs/job.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <new>
#include <optional>
#include <vector>

using namespace emote;

namespace {

// An engine whose load() reads a "model" once per model key and can be told to run out of memory.
struct CountingEngine final : Engine {
    std::optional<std::string> loaded_model;
    int64_t loads = 0;
    int* out_of_memory_left = nullptr; // load() throws std::bad_alloc while this is > 0
    int* alive = nullptr;              // engines in existence

    ~CountingEngine() override { --*alive; }
    std::string name() const override { return "counting"; }
    void generate(const EngineInput&, FrameSink&, const CancelToken&) override
    {
        throw Error(ErrorKind::Internal, "not used by these tests");
    }
    void load(const GenerationSettings& s, const ProgressFn& progress, const CancelToken&) override
    {
        if (loaded_model == s.model_path)
            return;
        if (progress)
            progress(Progress{.stage = Stage::LoadModels});
        if (out_of_memory_left && *out_of_memory_left > 0) {
            --*out_of_memory_left;
            throw std::bad_alloc();
        }
        ++loads;
        loaded_model = s.model_path;
    }
    int64_t modelLoads() const override { return loads; }
};

struct Factory {
    std::vector<EngineKind> made;
    int out_of_memory_left = 0;
    int alive = 0;
    GenerationContext::EngineFactory make()
    {
        return [this](EngineKind kind) {
            made.push_back(kind);
            auto e = std::make_unique<CountingEngine>();
            e->out_of_memory_left = &out_of_memory_left;
            e->alive = &alive;
            ++alive;
            return e;
        };
    }
};

GenerationSettings settingsFor(EngineKind kind, const std::string& model = {})
{
    GenerationSettings s;
    s.engine = kind;
    s.model_path = model;
    return s;
}

} // namespace

class TestGenerationContext : public QObject {
    Q_OBJECT
    QTemporaryDir m_work;

private Q_SLOTS:
    void sameEngineAndModelLoadOnce()
    {
        Factory f;
        GenerationContext context(f.make());
        CancelToken cancel;
        int load_stages = 0;
        const ProgressFn progress = [&](const Progress& p) {
            load_stages += p.stage == Stage::LoadModels;
            return true;
        };
        const GenerationSettings a = settingsFor(EngineKind::Diffusion, "pkg-a");
        Engine& first = context.prepare(a, progress, cancel);
        Engine& second = context.prepare(a, progress, cancel);
        QCOMPARE(&first, &second);
        QCOMPARE(context.enginesMade(), 1);
        QCOMPARE(context.modelLoads(), int64_t(1));
        QCOMPARE(load_stages, 1); // the stage only when something loads

        // Another model of the same engine: the held engine goes first, then the new model loads.
        context.prepare(settingsFor(EngineKind::Diffusion, "pkg-b"), progress, cancel);
        QCOMPARE(context.enginesMade(), 2);
        QCOMPARE(f.alive, 1);
        QCOMPARE(context.modelLoads(), int64_t(2));
        // Another engine likewise; and back again loads again.
        context.prepare(settingsFor(EngineKind::Live), progress, cancel);
        context.prepare(settingsFor(EngineKind::Diffusion, "pkg-b"), progress, cancel);
        QCOMPARE(context.enginesMade(), 4);
        QCOMPARE(f.alive, 1);
        QCOMPARE(context.modelLoads(), int64_t(4));
        QCOMPARE(f.made.back(), EngineKind::Diffusion);
    }

    void keepOnlyForReleasesAnotherEngineOrModel()
    {
        Factory f;
        GenerationContext context(f.make());
        CancelToken cancel;
        const GenerationSettings a = settingsFor(EngineKind::Diffusion, "pkg-a");
        context.prepare(a, {}, cancel);
        GenerationSettings other_seed = a; // settings that do not change the model keep it
        other_seed.seed = 9;
        other_seed.fps = 30;
        context.keepOnlyFor(other_seed);
        QVERIFY(context.engine() != nullptr);
        context.keepOnlyFor(settingsFor(EngineKind::Diffusion, "pkg-b"));
        QVERIFY(context.engine() == nullptr);
        QCOMPARE(f.alive, 0);
        context.prepare(a, {}, cancel);
        context.keepOnlyFor(settingsFor(EngineKind::Live));
        QCOMPARE(f.alive, 0);
        QCOMPARE(context.modelLoads(), int64_t(2)); // released engines' loads still count
    }

    void outOfMemoryReleasesAndTriesOnceMore()
    {
        Factory f;
        GenerationContext context(f.make());
        CancelToken cancel;
        context.prepare(settingsFor(EngineKind::Diffusion, "pkg-a"), {}, cancel);
        f.out_of_memory_left = 1;
        Engine& e = context.prepare(settingsFor(EngineKind::Diffusion, "pkg-b"), {}, cancel);
        QVERIFY(context.engine() == &e);
        QCOMPARE(f.out_of_memory_left, 0);
        QCOMPARE(f.alive, 1); // the engine that ran out of memory went, a fresh one loaded
        QCOMPARE(context.enginesMade(), 3);
        // Out of memory twice: a clear error, nothing held.
        f.out_of_memory_left = 2;
        try {
            context.prepare(settingsFor(EngineKind::Diffusion, "pkg-c"), {}, cancel);
            QFAIL("no error");
        } catch (const Error& err) {
            QCOMPARE(err.kind(), ErrorKind::Internal);
            QVERIFY2(QString::fromUtf8(err.what()).contains(QStringLiteral("not enough memory")), err.what());
        }
        QVERIFY(context.engine() == nullptr);
        QCOMPARE(f.alive, 0);
    }

#ifdef EMOTE_HAVE_LIVE
    // The real Live engine through the job runner: face-api's nets, the matte and the mesh load with the first
    // job only; a second job (another output, another seed) reads nothing and runs on the same engine.
    void liveEngineLoadsItsModelsOnceAcrossJobs()
    {
        QString why;
        const QString audio = test::makeTone(m_work.path(), QStringLiteral("t.wav"), 0.4, 16000, 1, &why);
        QVERIFY2(!audio.isEmpty(), qPrintable(why));
        GenerationRequest req;
        req.portrait = (test::sourceDir() + QStringLiteral("/resources/samples/astronaut.png")).toStdString();
        req.audio = audio.toStdString();
        req.settings.engine = EngineKind::Live;
        req.settings.fps = 10;
        req.settings.size = 128;
        GenerationContext context;
        CancelToken cancel;
        req.output = m_work.filePath(QStringLiteral("first.mp4")).toStdString();
        const GenerationResult first = runGeneration(context, req, {}, cancel);
        const Engine* engine = context.engine();
        QVERIFY(engine != nullptr);
        QVERIFY2(first.models_loaded >= 1, "the first job loads the face nets");
        const int64_t loads = context.modelLoads();
        req.output = m_work.filePath(QStringLiteral("second.mp4")).toStdString();
        req.settings.seed = 5;
        const GenerationResult second = runGeneration(context, req, {}, cancel);
        QCOMPARE(second.models_loaded, int64_t(0));
        QCOMPARE(context.modelLoads(), loads);
        QCOMPARE(context.engine(), engine);
        QCOMPARE(context.enginesMade(), 1);
        QCOMPARE(second.frames, first.frames);
        // A job of its own (no context passed) loads them again: the counter sees loads when they happen.
        req.output = m_work.filePath(QStringLiteral("third.mp4")).toStdString();
        QVERIFY(runGeneration(req, {}, cancel).models_loaded >= 1);
    }
#endif
};

QTEST_GUILESS_MAIN(TestGenerationContext)
#include "test_generation_context.moc"
