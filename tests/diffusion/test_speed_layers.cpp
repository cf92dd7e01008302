// EMO speed layers (core/diffusion/detail/speed_layers.h), unit level. There is no public EMO code or weights,
// so no golden exists: the encoding is checked against values computed by hand (tanh of the numbers below), the
// windows against their definition, the config parser for named errors, and the wiring by equivalences:
// no `speed_layers` → no extra parameter; zero output projection (the module's initial state) → the motion
// module's output bit-identical to Hallo's; non-zero weights → the speed changes the output, deterministically.
#include "core/common/error.h"
#include "core/diffusion/configs.h"
#include "core/diffusion/detail/hallo_blocks.h"
#include "core/diffusion/detail/speed_layers.h"
#include "core/diffusion/detail/unet.h"

#include <torch/torch.h>

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace emote;
using namespace emote::diffusion;

namespace {

using Json = nlohmann::json;

Json goodSpeed()
{
    return Json{{"bucket_centers", {0.0, 0.5, 1.0}},
                {"bucket_radii", {1.0, 0.5, 2.0}},
                {"window", 1},
                {"mlp_hidden", {12}},
                {"embedding_dim", 8},
                {"attention_heads", 2},
                {"motion_blocks", {"down", "mid", "up"}}};
}

Json goldenDenoisingConfig()
{
    std::ifstream f(EMOTE_TEST_SOURCE_DIR "/tests/golden/hallo_pipeline_v/case.json");
    if (!f)
        qFatal("cannot read the hallo_pipeline_v case");
    return Json::parse(f).at("config").at("denoising_unet");
}

void expectConfigError(const Json& speed, const char* needle)
{
    try {
        SpeedLayersConfig::fromJson(speed);
        QFAIL(qPrintable(QStringLiteral("accepted, expected an error naming ") + needle));
    } catch (const Error& e) {
        QCOMPARE(e.kind(), ErrorKind::Input);
        QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
    }
}

} // namespace

class TestSpeedLayers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encodingMatchesHandComputedValues()
    {
        const auto c = SpeedLayersConfig::fromJson(goodSpeed());
        const auto enc = speedEncoding(torch::tensor({0.0, 0.3, 1.1}, torch::kFloat64), c);
        QCOMPARE(enc.sizes().vec(), (std::vector<std::int64_t>{3, 3}));
        // s = tanh((w − c) / r · 3): e.g. w 0.3, c 0.5, r 0.5 → tanh(−1.2) = −0.83365…
        const double expected[3][3] = {{0.0, -0.9950547536867305, -0.9051482536448664},
                                       {0.7162978701990245, -0.8336546070121553, -0.781806357608774},
                                       {0.9972829600991421, 0.9985079423323266, 0.1488850336233181}};
        for (int f = 0; f < 3; ++f)
            for (int i = 0; i < 3; ++i)
                QVERIFY2(std::abs(enc[f][i].item<double>() - expected[f][i]) < 1e-6,
                         qPrintable(QString("s[%1][%2] = %3").arg(f).arg(i).arg(enc[f][i].item<double>())));
    }

    void windowsJoinNeighboursClamped()
    {
        const auto enc = torch::arange(8, torch::kFloat32).reshape({4, 2}); // frame f = {2f, 2f+1}
        // Frames −1, 0, 1 with m = 1 (the motion frames before clip 0 clamp to frame 0).
        const auto w = speedWindows(enc, 1, -1, 3);
        QCOMPARE(w.sizes().vec(), (std::vector<std::int64_t>{3, 6}));
        const std::vector<float> expected{0, 1, 0, 1, 0, 1, /**/ 0, 1, 0, 1, 2, 3, /**/ 0, 1, 2, 3, 4, 5};
        const auto flat = w.flatten().contiguous();
        QCOMPARE(std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel()), expected);
        // The end clamps to the last frame.
        const auto tail = speedWindows(enc, 1, 3, 1).flatten().contiguous();
        QCOMPARE(std::vector<float>(tail.data_ptr<float>(), tail.data_ptr<float>() + 6),
                 (std::vector<float>{4, 5, 6, 7, 6, 7}));
    }

    void rotationSpeedIsTheAngleChangePerFrame()
    {
        const auto w = rotationSpeeds({{0, 0, 0}, {3, 4, 0}, {3, 4, 0}, {3, 4, 12}});
        QCOMPARE(w, (std::vector<double>{5, 5, 0, 12}));
        QCOMPARE(rotationSpeeds({}), std::vector<double>{});
    }

    void configErrorsNameTheKey()
    {
        const Json absent = Json::value_t::discarded; // marker: remove the key
        auto with = [&](const char* key, const Json& v) {
            auto o = goodSpeed();
            if (v.is_discarded())
                o.erase(key);
            else
                o[key] = v;
            return o;
        };
        expectConfigError(with("bucket_centers", absent), "speed_layers.bucket_centers' is missing");
        expectConfigError(with("bucket_centers", Json::array()), "speed_layers.bucket_centers' must be a non-empty list");
        expectConfigError(with("bucket_centers", Json::array({0.0, "fast", 1.0})), "speed_layers.bucket_centers'");
        expectConfigError(with("bucket_radii", Json::array({1.0, 1.0})), "speed_layers.bucket_radii' must have one entry per");
        expectConfigError(with("bucket_radii", Json::array({1.0, 0.0, 1.0})), "greater than 0");
        expectConfigError(with("window", -1), "speed_layers.window' must be in 0..64");
        expectConfigError(with("window", 1.5), "speed_layers.window' must be an integer");
        expectConfigError(with("embedding_dim", absent), "speed_layers.embedding_dim' is missing");
        expectConfigError(with("embedding_dim", 0), "speed_layers.embedding_dim' must be a positive integer");
        expectConfigError(with("mlp_hidden", 3), "speed_layers.mlp_hidden' must be a list");
        expectConfigError(with("mlp_hidden", Json::array({4, -2})), "speed_layers.mlp_hidden' must hold positive");
        expectConfigError(with("attention_heads", 0), "speed_layers.attention_heads'");
        expectConfigError(with("motion_blocks", Json::array({"down", "sideways"})), "supported: down, mid, up");
        expectConfigError(with("motion_blocks", Json::array()), "speed_layers.motion_blocks' must name");
        expectConfigError(with("bucket_centres", Json::array({1.0})), "speed_layers.bucket_centres' is unknown");

        // In a UNet config: must be an object, and needs the motion modules.
        auto unet = goldenDenoisingConfig();
        unet["speed_layers"] = 3;
        try {
            UNetConfig::fromJson(unet);
            QFAIL("speed_layers: 3 was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("'speed_layers' must be an object") != std::string::npos, e.what());
        }
        unet["speed_layers"] = goodSpeed();
        unet["use_motion_module"] = false;
        try {
            UNetConfig::fromJson(unet);
            QFAIL("speed layers without motion modules were accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("use_motion_module") != std::string::npos, e.what());
        }
        // Heads that do not divide the motion module width: named when the UNet is built.
        unet["use_motion_module"] = true;
        auto speed = goodSpeed();
        speed["attention_heads"] = 5;
        unet["speed_layers"] = speed;
        try {
            HalloUNet u(UNetConfig::fromJson(unet), HalloUNet::Kind::Denoising);
            QFAIL("5 heads over 32 channels were accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("speed_layers.attention_heads") != std::string::npos, e.what());
        }
    }

    void absentConfigAddsNoParameterAndPresentOneAddsTheDocumentedKeys()
    {
        auto json = goldenDenoisingConfig();
        QVERIFY(!json.contains("speed_layers"));
        const auto plain_config = UNetConfig::fromJson(json);
        QVERIFY(!plain_config.speed_layers.enabled);
        HalloUNet plain(plain_config, HalloUNet::Kind::Denoising);
        QVERIFY(!plain.speed_encoder);
        std::set<std::string> plain_keys;
        for (const auto& p : plain.named_parameters())
            plain_keys.insert(p.key());
        for (const auto& k : plain_keys)
            QVERIFY2(k.find("speed") == std::string::npos, k.c_str());
        json["speed_layers"] = nullptr; // null = absent
        QVERIFY(!UNetConfig::fromJson(json).speed_layers.enabled);

        auto speed = goodSpeed();
        speed["motion_blocks"] = Json::array({"mid", "up"});
        json["speed_layers"] = speed;
        HalloUNet with(UNetConfig::fromJson(json), HalloUNet::Kind::Denoising);
        std::map<std::string, std::vector<std::int64_t>> extra;
        for (const auto& p : with.named_parameters())
            if (!plain_keys.count(p.key()))
                extra[p.key()] = p.value().sizes().vec();
        for (const auto& k : plain_keys)
            QVERIFY2(with.named_parameters().contains(k), k.c_str());
        // The MLP: (2·1+1)·3 = 9 → 12 → 8.
        QCOMPARE(extra.at("speed_encoder.mlp.0.weight"), (std::vector<std::int64_t>{12, 9}));
        QCOMPARE(extra.at("speed_encoder.mlp.1.weight"), (std::vector<std::int64_t>{8, 12}));
        const std::string mid = "mid_block.motion_modules.0.temporal_transformer.transformer_blocks.0.";
        QCOMPARE(extra.at(mid + "speed_norm.weight"), (std::vector<std::int64_t>{32}));
        QCOMPARE(extra.at(mid + "speed_attention.to_q.weight"), (std::vector<std::int64_t>{32, 32}));
        QCOMPARE(extra.at(mid + "speed_attention.to_k.weight"), (std::vector<std::int64_t>{32, 8}));
        QCOMPARE(extra.at(mid + "speed_attention.to_v.weight"), (std::vector<std::int64_t>{32, 8}));
        QCOMPARE(extra.at(mid + "speed_attention.to_out.0.weight"), (std::vector<std::int64_t>{32, 32}));
        QVERIFY(extra.count("up_blocks.1.motion_modules.0.temporal_transformer.transformer_blocks.0.speed_norm.bias"));
        for (const auto& [k, shape] : extra)
            QVERIFY2(k.rfind("down_blocks.", 0) != 0, k.c_str()); // "down" not chosen
        // Zero init of the output projection.
        const auto out = with.named_parameters()[mid + "speed_attention.to_out.0.weight"];
        QVERIFY(torch::equal(out, torch::zeros_like(out)));
    }

    void zeroOutputIsHalloAndTrainedWeightsMakeSpeedMatter()
    {
        torch::NoGradGuard no_grad;
        const auto cfg = SpeedLayersConfig::fromJson(goodSpeed());
        torch::manual_seed(5);
        MotionModule plain(32, 4, 1, 2, true, 32);
        MotionModule with(32, 4, 1, 2, true, 32, &cfg);
        auto with_params = with.named_parameters();
        for (const auto& p : plain.named_parameters()) {
            p.value().copy_(torch::randn(p.value().sizes()) * 0.3);
            with_params[p.key()].copy_(p.value());
        }
        for (const auto& b : plain.named_buffers())
            with.named_buffers()[b.key()].copy_(b.value());
        const auto x = torch::randn({2, 32, 6, 4, 4});
        const auto speed_a = torch::randn({2, 6, 8});
        const auto speed_b = torch::randn({2, 6, 8});
        const auto ref = plain.forward(x);
        // Fresh speed layers (zero output projection): bit-identical to the plain module, whatever the speed.
        QVERIFY(torch::equal(with.forward(x, speed_a), ref));
        // Speed layers need their features.
        try {
            with.forward(x);
            QFAIL("a speed motion module ran without speed features");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Internal);
        }
        // "Trained" (non-zero) weights: the speed now changes the output; the same speed gives the same output.
        for (auto& p : with.named_parameters())
            if (p.key().find("speed_") != std::string::npos && p.key().find("norm") == std::string::npos)
                p.value().copy_(torch::randn(p.value().sizes()) * 0.3);
        const auto a1 = with.forward(x, speed_a);
        const auto a2 = with.forward(x, speed_a);
        const auto b = with.forward(x, speed_b);
        QVERIFY(torch::equal(a1, a2));
        QVERIFY(!torch::allclose(a1, ref, 1e-4, 1e-4));
        QVERIFY(!torch::allclose(a1, b, 1e-4, 1e-4));
        // Per video: the second video's speed does not leak into the first.
        auto speed_c = speed_a.clone();
        speed_c[1] = speed_b[1];
        const auto c = with.forward(x, speed_c);
        QVERIFY(torch::equal(c.select(0, 0), a1.select(0, 0)));
        QVERIFY(!torch::equal(c.select(0, 1), a1.select(0, 1)));
    }
};

QTEST_GUILESS_MAIN(TestSpeedLayers)
#include "test_speed_layers.moc"
