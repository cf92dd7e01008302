// The Diffusion engine end to end on a tiny Hallo model: a model package is built at test time from the
// hallo_pipeline_v golden weights and config (plus a small random wav2vec2 of matching width), with the real
// SHA-256s in its manifest. Checks: frames streamed = audio × fps (two clips chained, the last trimmed), the
// MP4 holds them all, same seed → identical frames, another seed → different frames, a flipped byte in a
// weight file → a clear checksum error, a missing package → a usage error; emote import-hallo on a fake
// release whose net.pth and VAE .bin are written at test time (torch.save layout, transposed storages) gives a
// package that generates the same frames, and hostile .pth files are refused.
#include "test_support.h"

#include "app/cli/cmd_diffusion.h"
#include "pth_writer.h"
#include "core/nn/detail/tensor_io.h"

#include "core/common/error.h"
#include "core/diffusion/detail/hallo_modules.h"
#include "core/diffusion/detail/unet.h"
#include "core/diffusion/diffusion_engine.h"
#include "core/diffusion/model_package.h"
#include "core/engine/engine.h"
#include "core/jobs/engine_factory.h"
#include "core/jobs/job.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_ops.h"
#include "core/media/image_reader.h"
#include "core/media/mp4_writer.h"
#include "core/media/video_reader.h"

#include <torch/torch.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace emote;
namespace fs = std::filesystem;

namespace {

// The engine's configs parse nlohmann::json (Qt-free torch side); this test writes packages with Qt's JSON.
nlohmann::json asJson(const QJsonObject& o)
{
    return nlohmann::json::parse(QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString());
}

// NAME → tensor as torch.save would write them (one storage each); 2-D weights are stored transposed so the
// reader must materialise strided views.
std::string pthOf(const std::vector<std::pair<std::string, torch::Tensor>>& tensors)
{
    test::PthWriter w;
    int key = 0;
    for (const auto& [name, t] : tensors) {
        const bool transpose = t.dim() == 2;
        const torch::Tensor stored = (transpose ? t.t() : t).contiguous().to(torch::kFloat32);
        const std::string k = std::to_string(key++);
        w.addStorage(k, "FloatStorage",
                     std::string(reinterpret_cast<const char*>(stored.data_ptr<float>()), std::size_t(stored.numel()) * 4), 4);
        if (transpose)
            w.addTensor(name, k, 0, {t.size(0), t.size(1)}, {1, t.size(0)});
        else
            w.addTensor(name, k, 0, t.sizes().vec());
    }
    return w.build();
}

// Writes NAME → F32 tensors as a .safetensors file (header padded to 8 bytes).
void writeSafetensors(const fs::path& file, const std::vector<std::pair<std::string, torch::Tensor>>& tensors)
{
    QJsonObject header;
    std::string data;
    for (const auto& [name, t0] : tensors) {
        const auto t = t0.to(torch::kFloat32).contiguous();
        QJsonArray shape;
        for (auto d : t.sizes())
            shape.append(double(d));
        const auto begin = double(data.size());
        data.append(reinterpret_cast<const char*>(t.data_ptr<float>()), std::size_t(t.numel()) * 4);
        header.insert(QString::fromStdString(name),
                      QJsonObject{{"dtype", "F32"}, {"shape", shape}, {"data_offsets", QJsonArray{begin, double(data.size())}}});
    }
    QByteArray h = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (h.size() % 8)
        h.append(' ');
    std::ofstream out(file, std::ios::binary);
    const std::uint64_t n = std::uint64_t(h.size());
    out.write(reinterpret_cast<const char*>(&n), 8);
    out.write(h.constData(), h.size());
    out.write(data.data(), std::streamsize(data.size()));
}

struct CollectSink : FrameSink {
    std::vector<Image> frames;
    void consume(const Image& frame, int64_t index) override
    {
        QCOMPARE(index, int64_t(frames.size()));
        frames.push_back(frame);
    }
    QByteArray hash() const
    {
        QCryptographicHash h(QCryptographicHash::Sha256);
        for (const auto& f : frames)
            h.addData(QByteArrayView(reinterpret_cast<const char*>(f.rgb.data()), qsizetype(f.rgb.size())));
        return h.result().toHex();
    }
};

} // namespace

class TestDiffusionEngine : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    fs::path m_package;
    QJsonObject m_config; // the tiny package's module configs
    QString m_portrait, m_audio;
    Image m_image;
    AudioBuffer m_buffer;

    GenerationSettings settings(uint64_t seed) const
    {
        GenerationSettings s;
        s.engine = EngineKind::Diffusion;
        s.fps = 25;
        s.size = 64; // the tiny model's own size
        s.aspect = 1.0;
        s.steps = 2;
        s.guidance = 3.5;
        s.seed = seed;
        s.model_path = m_package.string();
        return s;
    }

    EngineInput input(const GenerationSettings& s) const
    {
        EngineInput in;
        in.portrait = &m_image;
        in.portrait_name = m_portrait.toStdString();
        in.audio = &m_buffer;
        in.frame_count = frameCountFor(m_buffer.durationSeconds(), s.fps);
        s.outputSize(m_image.width, m_image.height, in.width, in.height);
        in.settings = s;
        return in;
    }

    CollectSink generate(uint64_t seed, double* seconds = nullptr)
    {
        diffusion::DiffusionEngine engine;
        CollectSink sink;
        CancelToken cancel;
        const auto s = settings(seed);
        auto in = input(s);
        int64_t last_step = 0, total = 0;
        in.stage_progress = [&](const Progress& p) {
            if (p.stage == Stage::Diffuse) {
                last_step = p.frame;
                total = p.total;
            }
            return true;
        };
        const auto t0 = std::chrono::steady_clock::now();
        engine.generate(in, sink, cancel);
        if (seconds)
            *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        [&] { QVERIFY(total > 0 && last_step == total); }();
        return sink;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const fs::path golden = fs::path(test::sourceDir().toStdString()) / "tests/golden/hallo_pipeline_v";
        m_package = fs::path(m_dir.path().toStdString()) / "tiny-hallo";
        fs::create_directories(m_package);
        fs::copy_file(golden / "weights.safetensors", m_package / "hallo.safetensors");

        QFile cf(QString::fromStdString((golden / "case.json").string()));
        QVERIFY(cf.open(QIODevice::ReadOnly));
        QJsonObject config = QJsonDocument::fromJson(cf.readAll()).object().value("config").toObject();
        // A small random wav2vec2 whose layers × width match the golden audioproj (3 blocks of 16 channels).
        const QJsonObject w2v{{"feat_extract_norm", "group"},
                              {"conv_dim", QJsonArray{16, 16, 16, 16, 16, 16, 16}},
                              {"conv_kernel", QJsonArray{10, 3, 3, 3, 3, 2, 2}},
                              {"conv_stride", QJsonArray{5, 2, 2, 2, 2, 2, 2}},
                              {"conv_bias", false},
                              {"hidden_size", 16},
                              {"num_hidden_layers", 3},
                              {"num_attention_heads", 2},
                              {"intermediate_size", 32},
                              {"num_conv_pos_embeddings", 16},
                              {"num_conv_pos_embedding_groups", 4},
                              {"layer_norm_eps", 1e-5}};
        config.insert("wav2vec2", w2v);
        m_config = config;
        torch::manual_seed(1234);
        diffusion::Wav2Vec2 w2v_model(diffusion::Wav2Vec2Config::fromJson(asJson(w2v)));
        std::vector<std::pair<std::string, torch::Tensor>> tensors;
        for (const auto& p : w2v_model.named_parameters()) {
            const bool norm = p.key().find("norm") != std::string::npos && p.key().find("weight") != std::string::npos;
            tensors.emplace_back("wav2vec2." + p.key(),
                                 norm ? torch::ones(p.value().sizes()) : torch::randn(p.value().sizes()) * 0.2);
        }
        for (const auto& b : w2v_model.named_buffers())
            tensors.emplace_back("wav2vec2." + b.key(), b.value().clone());
        writeSafetensors(m_package / "wav2vec2.safetensors", tensors);

        diffusion::ModelManifest m;
        m.name = "tiny-hallo (test)";
        m.architecture = "hallo";
        m.license = "MIT (test weights)";
        m.config_json = QJsonDocument(config).toJson(QJsonDocument::Compact).toStdString();
        m.files = {{"hallo.safetensors", "", 0}, {"wav2vec2.safetensors", "", 0}};
        diffusion::writeManifest(m_package, m);
        const auto read = diffusion::readManifest(m_package);
        QCOMPARE(read.files.size(), std::size_t(2));
        QCOMPARE(read.files[0].sha256, diffusion::sha256OfFile(m_package / "hallo.safetensors"));

        m_portrait = test::sourceDir() + "/resources/samples/astronaut.png";
        QString why;
        m_audio = test::makeTone(m_dir.path(), "tone.wav", 1.0, 16000, 1, &why); // 25 frames: clips of 16 + 9
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
        m_image = media::readImage(m_portrait.toStdString());
        media::AudioDecodeOptions aopt;
        aopt.sample_rate_hz = 16000;
        aopt.channels = 1;
        m_buffer = media::decodeAudio(m_audio.toStdString(), aopt);
    }

    void streamsEveryFrameDeterministically()
    {
        double t1 = 0, t2 = 0;
        const auto a = generate(7, &t1);
        const auto b = generate(7, &t2);
        const int64_t expected = frameCountFor(m_buffer.durationSeconds(), 25);
        QCOMPARE(expected, int64_t(25));
        QCOMPARE(int64_t(a.frames.size()), expected);
        for (const auto& f : a.frames) {
            QCOMPARE(f.width, 64);
            QCOMPARE(f.height, 64);
        }
        QCOMPARE(a.hash(), b.hash());
        const auto c = generate(8);
        QVERIFY(a.hash() != c.hash());
        // The frames are not all alike (the model is random, but the output is not constant).
        QVERIFY(a.frames.front().rgb != a.frames.back().rgb || a.frames.front().rgb != c.frames.front().rgb);
        qInfo("25 frames (2 clips x 2 steps, 64x64, CPU): %.2f s first run (load + verify), %.2f s second", t1, t2);
    }

    void mp4HoldsAudioTimesFps()
    {
        // The engine's frames through the MP4 writer, as core/jobs/job.cpp does.
        const auto s = settings(7);
        auto in = input(s);
        const fs::path out = fs::path(m_dir.path().toStdString()) / "engine.mp4";
        media::Mp4WriterParams wp;
        wp.output = out;
        wp.width = in.width;
        wp.height = in.height;
        wp.fps_num = s.fps;
        wp.expected_duration_s = m_buffer.durationSeconds();
        media::AudioDecodeOptions mux;
        mux.sample_rate_hz = 48000;
        mux.channels = 2;
        media::Mp4Writer writer(wp, std::make_unique<media::AudioStream>(m_audio.toStdString(), mux));
        struct WriterSink : FrameSink {
            media::Mp4Writer& w;
            explicit WriterSink(media::Mp4Writer& w) : w(w) {}
            void consume(const Image& f, int64_t) override { w.writeFrame(f); }
        } sink(writer);
        diffusion::DiffusionEngine engine;
        CancelToken cancel;
        engine.generate(in, sink, cancel);
        writer.finish();
        media::VideoReader reader(out);
        Image frame;
        int64_t n = 0;
        while (reader.next(frame))
            ++n;
        QCOMPARE(n, in.frame_count);
    }

    void runGenerationThroughTheJob()
    {
        QVERIFY(createEngine(EngineKind::Diffusion) != nullptr);
        GenerationRequest req;
        req.portrait = m_portrait.toStdString();
        req.audio = m_audio.toStdString();
        req.output = fs::path(m_dir.path().toStdString()) / "job.mp4";
        req.settings = settings(7);
        CancelToken cancel;
        const auto r = runGeneration(req, {}, cancel);
        QCOMPARE(r.frames, int64_t(25));
        media::VideoReader reader(req.output);
        Image frame;
        int64_t n = 0;
        while (reader.next(frame))
            ++n;
        QCOMPARE(n, int64_t(25));
    }

    // Models load once: two jobs in one context load the package and the face nets once, on one engine; the
    // second job's frames are those of a fresh engine (nothing of the first job's state carries over); a
    // re-imported package (its manifest rewritten) loads again.
    void contextLoadsThePackageOnce()
    {
        GenerationContext context;
        CancelToken cancel;
        GenerationRequest req;
        req.portrait = m_portrait.toStdString();
        req.audio = m_audio.toStdString();
        req.settings = settings(7);
        req.output = fs::path(m_dir.path().toStdString()) / "context1.mp4";
        const auto first = runGeneration(context, req, {}, cancel);
        QCOMPARE(first.models_loaded, int64_t(2)); // the package and face-api's nets
        const Engine* engine = context.engine();
        req.output = fs::path(m_dir.path().toStdString()) / "context2.mp4";
        req.settings.seed = 8;
        const auto second = runGeneration(context, req, {}, cancel);
        QCOMPARE(second.models_loaded, int64_t(0));
        QCOMPARE(context.engine(), engine);
        QCOMPARE(context.enginesMade(), 1);
        qInfo("model load: %.3f s first job, %.3f s second job", first.model_load_s, second.model_load_s);
        // The second job's video is the one a job of its own makes with that seed.
        req.output = fs::path(m_dir.path().toStdString()) / "alone.mp4";
        runGeneration(req, {}, cancel);
        const auto frames = [](const fs::path& file) {
            media::VideoReader reader(file);
            QCryptographicHash h(QCryptographicHash::Sha256);
            Image frame;
            while (reader.next(frame))
                h.addData(QByteArrayView(reinterpret_cast<const char*>(frame.rgb.data()), qsizetype(frame.rgb.size())));
            return h.result();
        };
        QCOMPARE(frames(fs::path(m_dir.path().toStdString()) / "context2.mp4"), frames(req.output));
        // The manifest rewritten (a re-import): the package loads again, the face nets stay.
        const auto manifest = m_package / "manifest.json";
        fs::last_write_time(manifest, fs::last_write_time(manifest) + std::chrono::seconds(2));
        req.output = fs::path(m_dir.path().toStdString()) / "context3.mp4";
        QCOMPARE(runGeneration(context, req, {}, cancel).models_loaded, int64_t(1));
    }

    void importHalloMakesTheSamePackage()
    {
        // A Hallo release folder laid out like pretrained_models/, from the same tiny weights.
        const fs::path rel = fs::path(m_dir.path().toStdString()) / "release";
        fs::create_directories(rel / "hallo");
        fs::create_directories(rel / "sd-vae-ft-mse");
        fs::create_directories(rel / "stable-diffusion-v1-5/unet");
        fs::create_directories(rel / "wav2vec/wav2vec2-base-960h");
        std::vector<std::pair<std::string, torch::Tensor>> net, vae, w2v;
        for (auto& [k, t] : nn::readAll(nn::SafetensorsFile::open((m_package / "hallo.safetensors").string()))) {
            if (k.rfind("vae.", 0) == 0)
                vae.emplace_back(k.substr(4), t);
            else
                net.emplace_back(k, t);
        }
        for (auto& [k, t] : nn::readAll(nn::SafetensorsFile::open((m_package / "wav2vec2.safetensors").string())))
            w2v.emplace_back(k, t);
        w2v.emplace_back("lm_head.weight", torch::zeros({32, 16})); // Wav2Vec2ForCTC's head, to be dropped
        writeSafetensors(rel / "sd-vae-ft-mse/diffusion_pytorch_model.safetensors", vae);
        writeSafetensors(rel / "wav2vec/wav2vec2-base-960h/model.safetensors", w2v);
        auto writeJson = [](const fs::path& p, const QJsonObject& o) {
            QFile f(QString::fromStdString(p.string()));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(o).toJson());
        };
        writeJson(rel / "sd-vae-ft-mse/config.json", m_config.value("vae").toObject());
        writeJson(rel / "wav2vec/wav2vec2-base-960h/config.json", m_config.value("wav2vec2").toObject());
        writeJson(rel / "stable-diffusion-v1-5/unet/config.json", m_config.value("reference_unet").toObject());
        QJsonObject over;
        for (const char* k : {"denoising_unet", "face_locator", "imageproj", "audioproj", "scheduler", "inference"})
            over.insert(k, m_config.value(k));
        writeJson(rel / "tiny.json", over);
        const std::string out = m_dir.filePath("imported").toStdString();

        // Not a torch.save zip, then a pickle that would run code: both refused, nothing written.
        const auto refused = [&](const std::string& bytes, const char* needle) {
            { std::ofstream(rel / "hallo/net.pth", std::ios::binary | std::ios::trunc) << bytes; }
            try {
                cli::cmdImportHallo({rel.string(), "-o", out, "--config", (rel / "tiny.json").string()});
                QFAIL("a bad net.pth was accepted");
            } catch (const Error& e) {
                QCOMPARE(e.kind(), ErrorKind::Input);
                QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
                QVERIFY2(std::string(e.what()).find("net.pth") != std::string::npos, e.what());
            }
            QVERIFY(!fs::exists(out));
        };
        refused("not opened", "not a zip archive");
        {
            test::Pickle p;
            p.proto(2).global("os", "system").str("echo pwned").op(char(0x85)).op('R').stop();
            refused(test::buildZip({{"archive/data.pkl", p.bytes}}), "global 'os.system' is not allowed");
        }

        // Hallo's own layout: hallo/net.pth and the VAE as diffusion_pytorch_model.bin, both torch.save zips.
        { std::ofstream(rel / "hallo/net.pth", std::ios::binary | std::ios::trunc) << pthOf(net); }
        fs::remove(rel / "sd-vae-ft-mse/diffusion_pytorch_model.safetensors");
        { std::ofstream(rel / "sd-vae-ft-mse/diffusion_pytorch_model.bin", std::ios::binary) << pthOf(vae); }
        QCOMPARE(cli::cmdImportHallo({rel.string(), "-o", out, "--config", (rel / "tiny.json").string(),
                                      "--name", "tiny"}), 0);
        const auto m = diffusion::readManifest(out);
        QCOMPARE(m.files.size(), std::size_t(3));
        diffusion::verifyPackage(out, m);

        // The imported package generates exactly what the hand-built one does.
        const auto a = generate(7);
        const auto keep = m_package;
        m_package = out;
        const auto b = generate(7);
        m_package = keep;
        QCOMPARE(a.hash(), b.hash());
    }

    void corruptedWeightIsRefused()
    {
        const fs::path bad = fs::path(m_dir.path().toStdString()) / "corrupted";
        fs::copy(m_package, bad);
        {
            std::fstream f(bad / "hallo.safetensors", std::ios::in | std::ios::out | std::ios::binary);
            f.seekg(5000);
            char c = 0;
            f.read(&c, 1);
            c = char(c ^ 0x01);
            f.seekp(5000);
            f.write(&c, 1);
        }
        auto s = settings(7);
        s.model_path = bad.string();
        auto in = input(s);
        CollectSink sink;
        CancelToken cancel;
        diffusion::DiffusionEngine engine;
        try {
            engine.generate(in, sink, cancel);
            QFAIL("a corrupted weight file was accepted");
        } catch (const Error& e) {
            qInfo("%s", e.what());
            QCOMPARE(e.kind(), ErrorKind::Input);
            const std::string msg = e.what();
            QVERIFY(msg.find("hallo.safetensors") != std::string::npos);
            QVERIFY(msg.find("checksum") != std::string::npos);
            QVERIFY(msg.find("again") != std::string::npos);
        }
        QVERIFY(sink.frames.empty());

        // A truncated file is caught by its size before any hashing.
        fs::resize_file(bad / "hallo.safetensors", fs::file_size(bad / "hallo.safetensors") - 1);
        try {
            engine.generate(in, sink, cancel);
            QFAIL("a truncated weight file was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            QVERIFY(std::string(e.what()).find("bytes") != std::string::npos);
        }
    }

    void cancelStopsWithinAStep()
    {
        const auto s = settings(7);
        auto in = input(s);
        CollectSink sink;
        CancelToken cancel;
        int64_t steps_seen = 0;
        in.stage_progress = [&](const Progress& p) {
            if (p.stage == Stage::Diffuse && ++steps_seen == 1)
                cancel.cancel();
            return true;
        };
        diffusion::DiffusionEngine engine;
        try {
            engine.generate(in, sink, cancel);
            QFAIL("generation went on after cancel");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Cancelled);
        }
        QCOMPARE(steps_seen, int64_t(1));
        QVERIFY(sink.frames.empty());
    }

    void faceLayoutFollowsTheChosenFace()
    {
        // Two faces: the astronaut on the left, and a smaller copy with red and blue swapped on the right.
        Image two(1024, 512);
        std::fill(two.rgb.begin(), two.rgb.end(), std::uint8_t(128));
        const Image small = media::cropResize(m_image, {0, 0, double(m_image.width), double(m_image.height)}, 384, 384);
        for (int y = 0; y < 512; ++y)
            std::copy(m_image.row(y), m_image.row(y) + 512 * 3, two.row(y));
        for (int y = 0; y < 384; ++y)
            for (int x = 0; x < 384; ++x)
                for (int c = 0; c < 3; ++c)
                    two.row(y + 64)[(x + 600) * 3 + c] = small.row(y)[x * 3 + (2 - c)];
        auto run = [&](int face_index, diffusion::FaceLayout* layout) {
            diffusion::DiffusionEngine engine;
            CollectSink sink;
            CancelToken cancel;
            auto s = settings(7);
            s.face_index = face_index;
            auto in = input(s);
            in.portrait = &two;
            in.portrait_name = "two.png";
            s.outputSize(two.width, two.height, in.width, in.height);
            engine.generate(in, sink, cancel);
            if (layout)
                *layout = engine.lastFaceLayout();
            return sink;
        };
        auto redMinusBlue = [](const Image& img) {
            double d = 0;
            for (std::size_t i = 0; i < img.rgb.size(); i += 3)
                d += double(img.rgb[i]) - double(img.rgb[i + 2]);
            return d / double(img.rgb.size() / 3);
        };
        diffusion::FaceLayout l0, l1, l1b;
        const auto a = run(0, &l0);
        const auto b = run(1, &l1);
        const auto b2 = run(1, &l1b);
        QVERIFY(l0.found && l1.found);
        QCOMPARE(l0.face_index, 0);
        QCOMPARE(l1.face_index, 1);
        // The reference crop is around the chosen face: the swapped copy turns the crop's red/blue balance over.
        const double rb0 = redMinusBlue(l0.reference), rb1 = redMinusBlue(l1.reference);
        qInfo("mean R-B of the reference crop: face 0 %.1f, face 1 %.1f", rb0, rb1);
        QVERIFY(rb0 * rb1 < 0);
        // The face-locator region (and the face mask) sit on the face in the crop: centred, not the whole frame,
        // the lips inside the lower half of the face region.
        for (const auto* l : {&l0, &l1}) {
            const double cx = (l->face.x0 + l->face.x1) / 2, cy = (l->face.y0 + l->face.y1) / 2;
            QVERIFY2(std::abs(cx - 0.5) < 0.1 && std::abs(cy - 0.5) < 0.15, qPrintable(QString("%1 %2").arg(cx).arg(cy)));
            QVERIFY(l->face.x1 - l->face.x0 < 0.9 && l->face.x1 - l->face.x0 > 0.2);
            QVERIFY(l->lip.y0 > cy - 0.05 && l->lip.x0 > l->face.x0 && l->lip.x1 < l->face.x1);
        }
        // Same seed, same face → the same frames with the face analysis active; another face → other frames.
        QVERIFY(l1.reference.rgb == l1b.reference.rgb);
        QCOMPARE(b.hash(), b2.hash());
        QVERIFY(a.hash() != b.hash());
        // A face index past the faces found is a usage error naming the count.
        try {
            run(2, nullptr);
            QFAIL("face index 2 of 2 was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
            QVERIFY2(std::string(e.what()).find("2 faces") != std::string::npos, e.what());
        }
    }

    void headSpeedsFollowTheHeadMotionSetting()
    {
        CancelToken cancel;
        auto s = settings(7);
        auto speeds = [&](double motion, uint64_t seed) {
            s.motion_speed = motion;
            s.seed = seed;
            return diffusion::plannedHeadSpeeds(m_buffer, s, 32, cancel); // 25 audio frames, then held
        };
        const auto still = speeds(0.0, 7);
        QCOMPARE(still.size(), std::size_t(32));
        for (double w : still)
            QCOMPARE(w, 0.0); // 0 = still head
        const auto one = speeds(1.0, 7), two = speeds(2.0, 7);
        QCOMPARE(speeds(1.0, 7), one); // deterministic
        QVERIFY(speeds(1.0, 8) != one); // seeded
        double sum1 = 0, sum2 = 0;
        for (std::size_t i = 0; i < one.size(); ++i) {
            QVERIFY(one[i] >= 0 && std::isfinite(one[i]));
            sum1 += one[i];
            sum2 += two[i];
        }
        QVERIFY(sum1 > 0);
        QVERIFY2(sum2 > sum1, qPrintable(QString("mean speed %1 at 2 vs %2 at 1").arg(sum2 / 32).arg(sum1 / 32)));
        QCOMPARE(one[31], one[24]); // past the audio the last speed repeats
        qInfo("head speed at motion 1: mean %.4f deg/frame; at 2: %.4f", sum1 / 32, sum2 / 32);
    }

    void speedLayersPackageRunsEndToEnd()
    {
        // The tiny package plus EMO speed layers in the denoising UNet config, with small random speed weights
        // (non-zero output projections, as a trained module would have) written into the same weight file.
        QJsonObject config = m_config;
        QJsonObject unet = config.value("denoising_unet").toObject();
        unet.insert("speed_layers", QJsonObject{{"bucket_centers", QJsonArray{0.0, 0.25, 0.5, 1.0}},
                                                {"bucket_radii", QJsonArray{0.125, 0.125, 0.25, 0.5}},
                                                {"window", 2},
                                                {"mlp_hidden", QJsonArray{16}},
                                                {"embedding_dim", 16},
                                                {"attention_heads", 4}});
        config.insert("denoising_unet", unet);
        diffusion::HalloUNet shape(diffusion::UNetConfig::fromJson(asJson(unet)), diffusion::HalloUNet::Kind::Denoising);
        auto tensors = nn::readAll(nn::SafetensorsFile::open((m_package / "hallo.safetensors").string()));
        std::vector<std::pair<std::string, torch::Tensor>> all(tensors.begin(), tensors.end());
        torch::manual_seed(99);
        std::vector<std::pair<std::string, torch::Tensor>> speed;
        for (const auto& p : shape.named_parameters())
            if (p.key().find("speed_") != std::string::npos) {
                const bool norm_weight = p.key().find("speed_norm.weight") != std::string::npos;
                speed.emplace_back("denoising_unet." + p.key(),
                                   norm_weight ? torch::ones(p.value().sizes()) : torch::randn(p.value().sizes()) * 0.5);
            }
        QVERIFY(speed.size() > 10);
        const fs::path pkg = fs::path(m_dir.path().toStdString()) / "tiny-emo-speed";
        fs::create_directories(pkg);
        fs::copy_file(m_package / "wav2vec2.safetensors", pkg / "wav2vec2.safetensors");
        auto writePackage = [&](const std::vector<std::pair<std::string, torch::Tensor>>& weights) {
            fs::remove(pkg / "hallo.safetensors");
            writeSafetensors(pkg / "hallo.safetensors", weights);
            diffusion::ModelManifest m;
            m.name = "tiny-hallo with speed layers (test)";
            m.architecture = "hallo";
            m.license = "MIT (test weights)";
            m.config_json = QJsonDocument(config).toJson(QJsonDocument::Compact).toStdString();
            m.files = {{"hallo.safetensors", "", 0}, {"wav2vec2.safetensors", "", 0}};
            diffusion::writeManifest(pkg, m);
        };

        // Without the speed weights the strict loader names a missing key.
        writePackage(all);
        const auto keep = m_package;
        m_package = pkg;
        try {
            generate(7);
            QFAIL("a speed-layer package without speed weights was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            QVERIFY2(std::string(e.what()).find("speed_") != std::string::npos, e.what());
        }

        all.insert(all.end(), speed.begin(), speed.end());
        writePackage(all);
        auto run = [&](double motion_speed) {
            diffusion::DiffusionEngine engine;
            CollectSink sink;
            CancelToken cancel;
            auto s = settings(7);
            s.motion_speed = motion_speed;
            auto in = input(s);
            engine.generate(in, sink, cancel);
            return sink;
        };
        const auto a = run(1.0);
        const auto b = run(1.0);
        const auto still = run(0.0);
        m_package = keep;
        const auto hallo = generate(7);
        QCOMPARE(int64_t(a.frames.size()), int64_t(25));
        QCOMPARE(a.hash(), b.hash());      // deterministic
        QVERIFY(a.hash() != still.hash()); // another head-motion setting, other frames
        QVERIFY(a.hash() != hallo.hash()); // the speed layers change the frames (Hallo's package, same seed)
    }

    void dtypesOnTheCpu()
    {
        // bfloat16 runs end to end; float16 is refused on the CPU with what to use instead.
        auto run = [&](const std::string& dtype) {
            diffusion::DiffusionEngine engine({.device = "cpu", .face_models_dir = {}, .dtype = dtype});
            CollectSink sink;
            CancelToken cancel;
            auto in = input(settings(7));
            engine.generate(in, sink, cancel);
            return sink;
        };
        const auto a = run("bfloat16");
        QCOMPARE(int64_t(a.frames.size()), int64_t(25));
        const auto f32 = generate(7);
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t i = 0; i < a.frames.size(); ++i)
            for (std::size_t j = 0; j < a.frames[i].rgb.size(); ++j, ++n)
                sum += std::abs(int(a.frames[i].rgb[j]) - int(f32.frames[i].rgb[j]));
        qInfo("bfloat16 vs float32 frames: mean |diff| %.2f of 255", sum / double(n));
        try {
            run("float16");
            QFAIL("float16 on the CPU was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
            const std::string msg = e.what();
            QVERIFY2(msg.find("float16") != std::string::npos && msg.find("bfloat16") != std::string::npos &&
                         msg.find("float32") != std::string::npos,
                     e.what());
        }
    }

    void settingsOverrideClipsAndDtype()
    {
        // --frames-per-clip / --motion-frames / --dtype / --device reach the engine through the settings.
        auto runWith = [&](GenerationSettings s) {
            diffusion::DiffusionEngine engine;
            CollectSink sink;
            CancelToken cancel;
            auto in = input(s);
            int64_t total = 0;
            in.stage_progress = [&](const Progress& p) {
                if (p.stage == Stage::Diffuse)
                    total = p.total;
                return true;
            };
            engine.generate(in, sink, cancel);
            return std::make_pair(std::move(sink), total);
        };
        auto s = settings(7);
        s.steps = 1;
        s.frames_per_clip = 5;
        s.motion_frames = 1;
        const auto [five, total5] = runWith(s);
        QCOMPARE(int64_t(five.frames.size()), int64_t(25));
        QCOMPARE(total5, int64_t(5)); // 5 clips of 5 frames, 1 step each
        s.frames_per_clip = 0;        // the model's clip length
        s.motion_frames = -1;
        const auto [model, total_model] = runWith(s);
        QCOMPARE(int64_t(model.frames.size()), int64_t(25));
        QVERIFY(total_model < total5);
        QVERIFY(five.hash() != model.hash());
        auto bad = [&](GenerationSettings b, const char* needle) {
            try {
                runWith(b);
                QFAIL("accepted");
            } catch (const Error& e) {
                QCOMPARE(e.kind(), ErrorKind::Usage);
                QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
            }
        };
        auto f16 = settings(7);
        f16.dtype = "float16";
        f16.device = "cpu";
        bad(f16, "bfloat16");
        auto over = settings(7);
        over.frames_per_clip = 256; // more than any motion module's position encoding here
        bad(over, "motion modules hold");
        auto nm = settings(7);
        nm.motion_frames = 200;     // more than the model's clip length
        bad(nm, "cannot exceed frames per clip");
    }

    void missingPackageIsAUsageError()
    {
        auto s = settings(7);
        s.model_path.clear();
        auto in = input(s);
        CollectSink sink;
        CancelToken cancel;
        diffusion::DiffusionEngine engine;
        try {
            engine.generate(in, sink, cancel);
            QFAIL("no model package was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
        }
        s.model_path = (fs::path(m_dir.path().toStdString()) / "nowhere").string();
        in = input(s);
        try {
            engine.generate(in, sink, cancel);
            QFAIL("a missing package folder was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
        }
    }
};

QTEST_GUILESS_MAIN(TestDiffusionEngine)
#include "test_diffusion_engine.moc"
