// The libtorch runtime layer (core/nn/runtime.h, core/nn/layers.cpp), unit level:
// - attention computed in slices (the score budget) equals attention in one piece, on every slicing path;
// - the caching CPU allocator reuses freed blocks, keeps to its cap, gives memory back on request, keeps data
//   intact and its counts right under two threads;
// - the BLAS libtorch runs on is found, and it is not Debian's unoptimised reference BLAS (setup.sh installs
//   OpenBLAS; on the reference the Diffusion engine is several times slower and warns).
#include "core/nn/detail/layers.h"
#include "core/nn/runtime.h"

#include <torch/torch.h>

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <thread>
#include <vector>

using namespace emote;

namespace {

// Restores the process-wide budget when a test ends, whatever happens inside.
struct BudgetGuard {
    std::int64_t saved = nn::attentionScoreBudget();
    ~BudgetGuard() { nn::setAttentionScoreBudget(saved); }
};

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

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
        const auto q = torch::randn({B, Tq, heads * D}), k = torch::randn({B, Tk, heads * D}),
                   v = torch::randn({B, Tk, heads * D});
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
