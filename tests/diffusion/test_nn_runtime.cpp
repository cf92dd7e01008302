// The libtorch runtime layer (core/nn/runtime.h, core/nn/layers.cpp, core/nn/fused_kernels.cpp), unit level:
// - attention computed in slices (the score budget) equals attention in one piece, on every slicing path;
// - the fused float32 CPU attention equals the textbook formula on both of its kernels, with keys in pieces,
//   permuted 4-D queries and a strided output; the fused GEGLU equals value · gelu(gate);
// - the Linear with its bias folded into addmm, the 1×1 convolution on tokens and the token residual equal
//   libtorch's own forms;
// - runSideBySide runs its two tasks at the same time, each on its share of the threads, with the caller's
//   inference mode, and rethrows their exceptions;
// - the caching CPU allocator reuses freed blocks, keeps to its cap, gives memory back on request, keeps data
//   intact and its counts right under two threads;
// - the BLAS libtorch runs on is found, and it is not Debian's unoptimised reference BLAS (setup.sh installs
//   OpenBLAS; on the reference the Diffusion engine is several times slower and warns).
#include "core/nn/detail/fused_kernels.h"
#include "core/nn/detail/layers.h"
#include "core/nn/runtime.h"

#include <torch/torch.h>

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace emote;

namespace {

// Restores the process-wide budget when a test ends, whatever happens inside.
struct BudgetGuard {
    std::int64_t saved = nn::attentionScoreBudget();
    ~BudgetGuard() { nn::setAttentionScoreBudget(saved); }
};

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// softmax(q·kᵀ/√D)·v per head in float64, q [B, Tq, H·D], k/v [B, Tk, H·D].
torch::Tensor textbookAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t heads)
{
    const auto B = q.size(0), D = q.size(2) / heads;
    auto split = [&](const torch::Tensor& x) {
        return x.to(torch::kFloat64).reshape({B, x.size(1), heads, -1}).permute({0, 2, 1, 3});
    };
    const auto p = torch::softmax(torch::matmul(split(q), split(k).transpose(-1, -2)) / std::sqrt(double(D)), -1);
    return torch::matmul(p, split(v)).permute({0, 2, 1, 3}).reshape({B, q.size(1), -1});
}

} // namespace

class TestNnRuntime : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const auto info = nn::configureRuntime();
        QVERIFY(info.intra_op_threads >= 1);
    }

    void slicedAttentionEqualsWhole_data()
    {
        QTest::addColumn<int>("B");
        QTest::addColumn<int>("Tq");
        QTest::addColumn<int>("Tk");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("D");
        QTest::addColumn<qint64>("budget");
        // budget ≥ B·H·Tq·Tk: one piece; ≥ Tq·Tk: groups of (batch, head) slices, last group short; smaller:
        // query rows of one slice, last rows short; 1: one row at a time.
        QTest::newRow("one piece") << 2 << 9 << 7 << 3 << 4 << qint64(1 << 20);
        QTest::newRow("head groups") << 2 << 9 << 7 << 3 << 4 << qint64(9 * 7 * 4);
        QTest::newRow("query rows") << 2 << 9 << 7 << 3 << 4 << qint64(7 * 4);
        QTest::newRow("single rows") << 1 << 5 << 11 << 2 << 8 << qint64(1);
        QTest::newRow("cross attention, long keys") << 3 << 16 << 77 << 2 << 8 << qint64(100);
    }
    void slicedAttentionEqualsWhole()
    {
        QFETCH(int, B);
        QFETCH(int, Tq);
        QFETCH(int, Tk);
        QFETCH(int, heads);
        QFETCH(int, D);
        QFETCH(qint64, budget);
        BudgetGuard guard;
        torch::manual_seed(3);
        // float64: float32 on the CPU takes the fused kernel (tested below), every other case this sliced path.
        const auto f64 = torch::kFloat64;
        const auto q = torch::randn({B, Tq, heads * D}, f64), k = torch::randn({B, Tk, heads * D}, f64),
                   v = torch::randn({B, Tk, heads * D}, f64);
        QVERIFY(!nn::cpuAttentionApplies(q, {{k, v}}));
        // Reference: the textbook formula, in one piece.
        auto split = [&](const torch::Tensor& x, int T) { return x.reshape({B, T, heads, D}).permute({0, 2, 1, 3}); };
        const auto ref = torch::matmul(torch::softmax(torch::matmul(split(q, Tq), split(k, Tk).transpose(-1, -2)) /
                                                          std::sqrt(double(D)),
                                                      -1),
                                       split(v, Tk))
                             .permute({0, 2, 1, 3})
                             .reshape({B, Tq, heads * D});
        nn::setAttentionScoreBudget(budget);
        const auto got = nn::multiHeadAttention(q, k, v, heads);
        QCOMPARE(got.sizes().vec(), ref.sizes().vec());
        QVERIFY2(maxAbsDiff(got, ref) < 1e-5, qPrintable(QString::number(maxAbsDiff(got, ref))));
        // Non-contiguous inputs (as the UNet's reshapes make them) give the same rows.
        const auto qt = torch::cat({q, q}, 2).narrow(2, heads * D, heads * D);
        QVERIFY(!qt.is_contiguous());
        QVERIFY(maxAbsDiff(nn::multiHeadAttention(qt, k, v, heads), ref) < 1e-5);
    }

    void fusedAttentionEqualsTextbook_data()
    {
        QTest::addColumn<int>("B");
        QTest::addColumn<int>("Tq");
        QTest::addColumn<int>("Tk");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("D");
        // Heads up to 16 wide run with query rows in the vector lanes, wider ones with keys in the lanes; the row
        // and key counts are not multiples of any vector width.
        QTest::newRow("8-wide heads (rows in lanes)") << 3 << 37 << 29 << 2 << 8;
        QTest::newRow("16-wide heads, 18 frames") << 4 << 18 << 18 << 3 << 16;
        QTest::newRow("40-wide heads (keys in lanes)") << 2 << 21 << 70 << 2 << 40;
        QTest::newRow("odd head width") << 2 << 9 << 13 << 1 << 20;
        QTest::newRow("one key") << 1 << 5 << 1 << 1 << 8;
        QTest::newRow("one query row") << 2 << 1 << 33 << 4 << 24;
    }
    void fusedAttentionEqualsTextbook()
    {
        QFETCH(int, B);
        QFETCH(int, Tq);
        QFETCH(int, Tk);
        QFETCH(int, heads);
        QFETCH(int, D);
        torch::manual_seed(5);
        const std::int64_t C = heads * D;
        const auto q = torch::randn({B, Tq, C}), k = torch::randn({B, Tk, C}), v = torch::randn({B, Tk, C});
        QVERIFY(nn::cpuAttentionApplies(q, {{k, v}}));
        const auto want = textbookAttention(q, k, v, heads);
        const auto got = nn::cpuAttention(q, {{k, v}}, heads);
        QCOMPARE(got.sizes().vec(), want.sizes().vec());
        QVERIFY2(maxAbsDiff(got, want) < 2e-6, qPrintable(QString::number(maxAbsDiff(got, want))));
        // The same through multiHeadAttention (what the modules call).
        QVERIFY(maxAbsDiff(nn::multiHeadAttention(q, k, v, heads), want) < 2e-6);

        // Keys in two pieces: the second has 2 batch rows, query row b reads its row (b + 1) mod 2.
        const auto k2 = torch::randn({2, 7, C}), v2 = torch::randn({2, 7, C});
        const auto rows = (torch::arange(B) + 1).remainder(2);
        const auto want2 = textbookAttention(q, torch::cat({k, k2.index_select(0, rows)}, 1),
                                             torch::cat({v, v2.index_select(0, rows)}, 1), heads);
        QVERIFY(maxAbsDiff(nn::cpuAttention(q, {{k, v}, {k2, v2, 1}}, heads), want2) < 2e-6);
        // The gathering fallback (any dtype or device) computes the same.
        QVERIFY(maxAbsDiff(nn::multiHeadAttention(q.to(torch::kFloat64), {{k.to(torch::kFloat64), v.to(torch::kFloat64)},
                                                                          {k2.to(torch::kFloat64), v2.to(torch::kFloat64), 1}},
                                                  heads),
                           want2) < 1e-9);

        // 4-D queries [B, 2, Tq, C] read through a permuted layout, written into a strided output.
        const auto base = torch::randn({B, Tq, 2, C}), kb = torch::randn({B, Tk, 2, C}), vb = torch::randn({B, Tk, 2, C});
        const auto q4 = base.transpose(1, 2), k4 = kb.transpose(1, 2), v4 = vb.transpose(1, 2); // [B, 2, T, C] views
        QVERIFY(Tq == 1 || !q4.is_contiguous());
        auto flat = [&](const torch::Tensor& x) { return x.reshape({B * 2, x.size(2), C}); };
        const auto want4 = textbookAttention(flat(q4), flat(k4), flat(v4), heads).reshape({B, 2, Tq, C});
        auto out = torch::full({B, 2, Tq, 3 * C}, 7.0f);
        nn::cpuAttentionInto(out.narrow(3, C, C), q4, {{k4, v4}}, heads);
        QVERIFY(maxAbsDiff(out.narrow(3, C, C), want4) < 2e-6);
        QCOMPARE(out.narrow(3, 0, C).eq(7.0f).all().item<bool>(), true); // nothing written outside
        QCOMPARE(out.narrow(3, 2 * C, C).eq(7.0f).all().item<bool>(), true);
    }

    void fusedGegluEqualsValueTimesGelu()
    {
        torch::manual_seed(6);
        for (std::int64_t I : {7, 64, 100}) { // a ragged tail and whole vectors
            const auto x = torch::randn({3, 5, 2 * I}) * 4.0;
            QVERIFY(nn::cpuGegluApplies(x));
            const auto h = x.to(torch::kFloat64).chunk(2, -1);
            const auto want = h[0] * torch::gelu(h[1]);
            const auto got = nn::cpuGeglu(x);
            QCOMPARE(got.sizes().vec(), (std::vector<std::int64_t>{3, 5, I}));
            // |value| ≤ ~16 here: 2e-5 is a few float32 ulps of the product.
            QVERIFY2(maxAbsDiff(got, want) < 2e-5, qPrintable(QString::number(maxAbsDiff(got, want))));
        }
        // Far tails: gelu(−30) = −0 and gelu(30) = 30 exactly as the formula's float limits.
        const auto tails = torch::tensor({1.0f, 1.0f, -30.0f, 30.0f});
        const auto g = nn::cpuGeglu(tails);
        QVERIFY(std::abs(g[0].item<float>()) < 1e-30f);
        QCOMPARE(g[1].item<float>(), 30.0f);
        QVERIFY(!nn::cpuGegluApplies(torch::randn({4, 6}).t())); // not contiguous: the modules' unfused path
    }

    void linearPointwiseConvAndTokensEqualLibtorch()
    {
        torch::manual_seed(7);
        auto lin = nn::makeLinear(24, 40);
        const auto x = torch::randn({3, 11, 24});
        QVERIFY(maxAbsDiff(lin(x), torch::nn::functional::linear(x, lin->weight, lin->bias)) < 1e-5);
        const auto xt = torch::randn({11, 3, 24}).transpose(0, 1); // not contiguous: libtorch's own path
        QVERIFY(maxAbsDiff(lin(xt), torch::nn::functional::linear(xt, lin->weight, lin->bias)) < 1e-5);

        auto conv = nn::makeConv2d(24, 16, 1);
        const auto img = torch::randn({2, 24, 5, 7});
        const auto tokens = img.permute({0, 2, 3, 1}).reshape({2, 35, 24});
        const auto want = conv(img); // [2, 16, 5, 7]
        const auto got = nn::pointwiseConv(conv, tokens);
        QVERIFY(maxAbsDiff(got, want.permute({0, 2, 3, 1}).reshape({2, 35, 16})) < 1e-5);
        const auto base = torch::randn({2, 16, 5, 7});
        const auto sum = nn::addTokens(base, got); // got carries autograd history: the plain add
        QVERIFY(maxAbsDiff(sum, base + want) < 1e-5);
        c10::InferenceMode inference;
        const auto sum2 = nn::addTokens(base, nn::pointwiseConv(conv, tokens)); // the out= form
        QVERIFY(sum2.is_contiguous());
        QVERIFY(maxAbsDiff(sum2, base + want) < 1e-5);
    }

    void sideBySideSharesThreadsAndState()
    {
        nn::ScopedIntraOpThreads two(2);
        c10::InferenceMode inference;
        // Each task waits for the other: if they ran one after the other, the first would time out.
        std::atomic<int> arrived{0};
        auto meet = [&] {
            ++arrived;
            const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
            while (arrived.load() < 2 && std::chrono::steady_clock::now() < until)
                std::this_thread::yield();
            return arrived.load() == 2;
        };
        int threads_a = 0, threads_b = 0;
        bool met_a = false, met_b = false, inference_b = false, grad_b = true;
        std::thread::id id_a, id_b;
        nn::runSideBySide(
            [&] {
                threads_a = at::get_num_threads();
                id_a = std::this_thread::get_id();
                met_a = meet();
            },
            [&] {
                threads_b = at::get_num_threads();
                id_b = std::this_thread::get_id();
                inference_b = c10::InferenceMode::is_enabled();
                // A product with a parameter records no autograd history there either.
                const auto w = torch::ones({3}, torch::requires_grad());
                grad_b = (w * 2).requires_grad();
                met_b = meet();
            });
        QVERIFY2(met_a && met_b, "the two tasks did not run at the same time");
        QVERIFY(id_a != id_b);
        QCOMPARE(threads_a, 1);
        QCOMPARE(threads_b, 1);
        QVERIFY(inference_b);
        QVERIFY(!grad_b);
        QCOMPARE(at::get_num_threads(), 2); // the caller's count is back
        // A task's exception reaches the caller, after both finished.
        bool a_finished = false;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 nn::runSideBySide([&] { a_finished = true; }, [] { throw std::runtime_error("b failed"); }));
        QVERIFY(a_finished);
        QCOMPARE(at::get_num_threads(), 2);
        // One intra-op thread: both run here, one after the other.
        nn::ScopedIntraOpThreads one(1);
        std::thread::id here = std::this_thread::get_id(), ran_a, ran_b;
        nn::runSideBySide([&] { ran_a = std::this_thread::get_id(); }, [&] { ran_b = std::this_thread::get_id(); });
        QVERIFY(ran_a == here && ran_b == here);
    }

    void budgetIsClamped()
    {
        BudgetGuard guard;
        nn::setAttentionScoreBudget(0);
        QCOMPARE(nn::attentionScoreBudget(), std::int64_t(1));
        nn::setAttentionScoreBudget(-5);
        QCOMPARE(nn::attentionScoreBudget(), std::int64_t(1));
    }

    void cachingAllocatorReusesFreedBlocks()
    {
#if defined(__SANITIZE_ADDRESS__)
        // Under AddressSanitizer the cache stays off (reused blocks would hide use-after-free): check that.
        QVERIFY(!nn::installCachingCpuAllocator(std::size_t(64) << 20));
        QVERIFY(!nn::cpuCacheStats().enabled);
        QVERIFY(!nn::runtimeInfo().cpu_cache);
#else
        QVERIFY(nn::installCachingCpuAllocator(nn::defaultCpuCacheCap()));
        QVERIFY(nn::runtimeInfo().cpu_cache);
        nn::releaseCachedCpuMemory();
        const auto s0 = nn::cpuCacheStats();
        QVERIFY(s0.enabled);
        QCOMPARE(s0.cached_bytes, std::size_t(0));
        void* first = nullptr;
        {
            auto t = torch::full({1 << 20}, 1.5f); // 4 MiB
            first = t.data_ptr();
            QCOMPARE(nn::cpuCacheStats().in_use_bytes - s0.in_use_bytes, std::size_t(4) << 20);
        }
        const auto s1 = nn::cpuCacheStats();
        QCOMPARE(s1.cached_bytes, std::size_t(4) << 20);
        QCOMPARE(s1.in_use_bytes, s0.in_use_bytes);
        {
            // Same size: the very block comes back (a hit), and it holds what the new tensor writes.
            auto t = torch::full({1 << 20}, 2.5f);
            QCOMPARE(t.data_ptr(), first);
            QCOMPARE(t.sum().item<double>(), 2.5 * double(1 << 20));
            QCOMPARE(nn::cpuCacheStats().hits, s1.hits + 1);
            QCOMPARE(nn::cpuCacheStats().cached_bytes, std::size_t(0));
        }
        {
            // Up to 1/4 smaller fits the cached block; much smaller or larger does not.
            auto t = torch::empty({(1 << 20) * 7 / 8});
            QCOMPARE(t.data_ptr(), first);
        }
        {
            auto small = torch::empty({(1 << 20) / 2}); // 2 MiB: too small for the 4 MiB block
            QVERIFY(small.data_ptr() != first);
            auto large = torch::empty({(1 << 20) * 2}); // 8 MiB
            QVERIFY(large.data_ptr() != first);
        }
        // Blocks under 1 MiB are not cached.
        const auto before_small = nn::cpuCacheStats();
        { auto t = torch::empty({1000}); }
        QCOMPARE(nn::cpuCacheStats().cached_bytes, before_small.cached_bytes);
        // Zero elements allocate nothing.
        auto empty = torch::empty({0});
        QCOMPARE(empty.numel(), std::int64_t(0));
        nn::releaseCachedCpuMemory();
        QCOMPARE(nn::cpuCacheStats().cached_bytes, std::size_t(0));
#endif
    }

    void cachingAllocatorKeepsToItsCap()
    {
#if !defined(__SANITIZE_ADDRESS__)
        const auto s = nn::cpuCacheStats();
        QVERIFY(s.enabled);
        nn::releaseCachedCpuMemory();
        // Free more distinct sizes than the cap holds: the cache never holds more than the cap.
        const std::size_t cap = s.cap_bytes;
        std::vector<torch::Tensor> held;
        std::size_t total = 0;
        for (std::int64_t mb = 8; total <= cap + (std::size_t(64) << 20); mb += 8) {
            held.push_back(torch::empty({mb << 18})); // mb MiB
            total += std::size_t(mb) << 20;
        }
        held.clear();
        const auto after = nn::cpuCacheStats();
        QVERIFY2(after.cached_bytes <= cap, qPrintable(QString("%1 > %2").arg(after.cached_bytes).arg(cap)));
        QVERIFY(after.cached_bytes > 0);
        nn::releaseCachedCpuMemory();
        QCOMPARE(nn::cpuCacheStats().cached_bytes, std::size_t(0));
#else
        QVERIFY(!nn::cpuCacheStats().enabled);
#endif
    }

    void cachingAllocatorUnderTwoThreads()
    {
        const auto s0 = nn::cpuCacheStats();
        auto work = [](int seed) {
            for (int i = 0; i < 200; ++i) {
                const std::int64_t n = (std::int64_t(1) << 18) * (1 + (i * 7 + seed) % 5); // 1..5 MiB
                auto t = torch::full({n}, float(seed + i));
                if (t[n - 1].item<float>() != float(seed + i))
                    return false;
            }
            return true;
        };
        bool ok_a = false, ok_b = false;
        std::thread a([&] { ok_a = work(1); });
        std::thread b([&] { ok_b = work(2); });
        a.join();
        b.join();
        QVERIFY(ok_a && ok_b);
        // Every block handed out came back.
        QCOMPARE(nn::cpuCacheStats().in_use_bytes, s0.in_use_bytes);
    }

    void blasIsNamedAndOptimised()
    {
        const auto info = nn::runtimeInfo();
        QVERIFY2(!info.blas.empty(), "no BLAS found");
        QVERIFY2(!info.blas_is_reference,
                 qPrintable("libtorch runs on " + QString::fromStdString(info.blas) +
                            ": install libopenblas0-openmp (scripts/setup.sh does) for several times faster matrix products"));
        // The cheap matrix product still gives the right numbers through whichever BLAS answers.
        const auto a = torch::arange(6, torch::kFloat32).reshape({2, 3}), b = torch::ones({3, 2});
        QCOMPARE(torch::matmul(a, b)[1][0].item<float>(), 12.0f);
    }

    // The detection follows the library sgemm_ really comes from: with Debian's reference libblas3 put first on
    // the library path, `emote version` must call it the reference even though OpenBLAS (loaded for LAPACK)
    // is in the process too.
    void blasDetectionSeesTheReference()
    {
        const QString reference_dir = QStringLiteral("/usr/lib/x86_64-linux-gnu/blas");
        // scripts/setup.sh installs libblas3 beside OpenBLAS (the alternatives keep OpenBLAS), so the check runs.
        QVERIFY2(QFile::exists(reference_dir + QStringLiteral("/libblas.so.3")),
                 "Debian's reference BLAS is missing, so there is nothing to tell apart: install libblas3 "
                 "(scripts/setup.sh does)");
        const QString cli = qEnvironmentVariable("EMOTE_CLI");
        QVERIFY2(QFile::exists(cli), "EMOTE_CLI does not name the built emote");
        auto run = [&](bool reference) {
            QProcess p;
            auto env = QProcessEnvironment::systemEnvironment();
            if (reference)
                env.insert(QStringLiteral("LD_LIBRARY_PATH"), reference_dir);
            p.setProcessEnvironment(env);
            p.start(cli, {QStringLiteral("version")});
            p.waitForFinished(60000);
            return QString::fromUtf8(p.readAllStandardOutput());
        };
        const QString with_reference = run(true);
        QVERIFY2(with_reference.contains(QStringLiteral("BLAS: reference BLAS (netlib)")), qPrintable(with_reference));
        QVERIFY2(with_reference.contains(QStringLiteral("install libopenblas0-openmp")), qPrintable(with_reference));
        const QString normal = run(false);
        QVERIFY2(!normal.contains(QStringLiteral("reference BLAS")), qPrintable(normal));
    }
};

QTEST_GUILESS_MAIN(TestNnRuntime)
#include "test_nn_runtime.moc"
