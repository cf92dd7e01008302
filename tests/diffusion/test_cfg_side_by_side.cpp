// HalloUNet::denoise on the CPU with two or more intra-op threads runs the two classifier-free-guidance halves side
// by side (nn::runSideBySide), each a batch of one. Checked here on the golden case's tiny UNets, random weights:
// - the noise prediction equals the whole CFG batch in one pass (one thread), and each half through denoiseRows;
// - the halves did run on two threads (the profiler, which follows the caller into the worker, sees both);
// - under the caller's InferenceMode no autograd history is recorded on either thread.
#include "core/diffusion/configs.h"
#include "core/diffusion/detail/hallo_blocks.h"
#include "core/diffusion/detail/unet.h"
#include "core/nn/runtime.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <QtTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace emote;
using namespace emote::diffusion;

namespace {

nlohmann::json goldenConfig(const char* module)
{
    std::ifstream f(EMOTE_TEST_SOURCE_DIR "/tests/golden/hallo_pipeline_v/case.json");
    if (!f)
        qFatal("cannot read the hallo_pipeline_v case");
    return nlohmann::json::parse(f).at("config").at(module);
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

} // namespace

class TestCfgSideBySide : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sideBySideEqualsOneBatch()
    {
        c10::InferenceMode inference;
        torch::manual_seed(11);
        HalloUNet reference(UNetConfig::fromJson(goldenConfig("reference_unet")), HalloUNet::Kind::Reference);
        HalloUNet denoising(UNetConfig::fromJson(goldenConfig("denoising_unet")), HalloUNet::Kind::Denoising);
        const auto& c = denoising.config();
        const std::int64_t F = 4, nm = 2, side = 16, levels = std::int64_t(c.block_out_channels.size());
        ReferenceBank bank;
        const auto ehs = torch::randn({2, 4, c.cross_attention_dim});
        reference.writeBank(torch::randn({1 + nm, 4, side, side}), ehs, bank);
        roundBankToHalf(bank);

        DenoiseInputs in;
        in.sample_BCFHW = torch::randn({2, 4, F, side, side});
        in.timestep = 501;
        in.encoder_hidden_states = ehs;
        in.mask_cond_fea = torch::randn({2, c.block_out_channels[0], F, side, side});
        in.audio_embedding = torch::randn({2, F, 8, c.audio_attention_dim});
        for (std::int64_t l = 0; l < levels; ++l) {
            const auto n = (side >> l) * (side >> l);
            in.masks.full.push_back(torch::ones({2 * F, n}));
            in.masks.face.push_back((torch::rand({2 * F, n}) > 0.5).to(torch::kFloat32));
            in.masks.lip.push_back((torch::rand({2 * F, n}) > 0.7).to(torch::kFloat32));
        }
        in.motion_scale = {1.0, 0.8, 1.2};

        torch::Tensor one_batch, side_by_side;
        {
            nn::ScopedIntraOpThreads one(1);
            one_batch = denoising.denoise(in, bank); // [uncond, cond] rows in one pass
        }
        torch::autograd::profiler::thread_event_lists events;
        {
            nn::ScopedIntraOpThreads two(2);
            torch::autograd::profiler::enableProfilerLegacy(
                torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU));
            side_by_side = denoising.denoise(in, bank);
            events = torch::autograd::profiler::disableProfilerLegacy();
        }
        QCOMPARE(side_by_side.sizes().vec(), (std::vector<std::int64_t>{2, c.out_channels, F, side, side}));
        const double scale = one_batch.abs().max().item<double>();
        QVERIFY(scale > 0.01);
        QVERIFY2(maxAbsDiff(side_by_side, one_batch) < 1e-5 * std::max(1.0, scale),
                 qPrintable(QString::number(maxAbsDiff(side_by_side, one_batch))));
        QVERIFY(!side_by_side.requires_grad()); // the worker thread ran in the caller's InferenceMode too

        // The operators of the step were recorded on two threads: the halves ran side by side.
        int threads_with_convolutions = 0;
        for (const auto& list : events) {
            bool conv = false;
            for (const auto& e : list)
                conv = conv || std::string(e.name()) == "aten::convolution";
            threads_with_convolutions += conv ? 1 : 0;
        }
        QCOMPARE(threads_with_convolutions, 2);

        // Each half on its own (what each thread runs) gives its rows of the one-batch result.
        for (std::int64_t h = 0; h < 2; ++h) {
            DenoiseInputs half = in;
            auto row = [&](const torch::Tensor& t) { return t.slice(0, h, h + 1); };
            half.sample_BCFHW = row(in.sample_BCFHW);
            half.encoder_hidden_states = row(in.encoder_hidden_states);
            half.mask_cond_fea = row(in.mask_cond_fea);
            half.audio_embedding = row(in.audio_embedding);
            for (auto* level : {&half.masks.full, &half.masks.face, &half.masks.lip})
                for (auto& m : *level)
                    m = m.slice(0, h * F, (h + 1) * F);
            const auto got = denoising.denoiseRows(half, bank, h == 0 ? CfgRows::Uncond : CfgRows::Cond);
            QVERIFY2(maxAbsDiff(got, one_batch.slice(0, h, h + 1)) < 1e-5 * std::max(1.0, scale),
                     qPrintable(QString("half %1: %2").arg(h).arg(maxAbsDiff(got, one_batch.slice(0, h, h + 1)))));
        }
    }
};

QTEST_GUILESS_MAIN(TestCfgSideBySide)
#include "test_cfg_side_by_side.moc"
