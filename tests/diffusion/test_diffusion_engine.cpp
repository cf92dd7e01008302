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
#include "core/diffusion/diffusion_engine.h"
#include "core/diffusion/model_package.h"
#include "core/engine/engine.h"
#include "core/engine/job.h"
#include "core/media/audio_decoder.h"
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

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace emote;
namespace fs = std::filesystem;

namespace {

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
            if (p.stage == "diffuse") {
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
        diffusion::Wav2Vec2 w2v_model(diffusion::Wav2Vec2Config::fromJson(w2v));
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
        // The engine's frames through the MP4 writer, as core/engine/job.cpp does.
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
            if (p.stage == "diffuse" && ++steps_seen == 1)
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
