// The restricted .pth reader (core/nn/pth_reader.h): files written at test time by a torch.save look-alike
// (pth_writer.h) read back exactly — contiguous, shared, offset and strided views in several dtypes, ZIP64 or not —
// and every hostile file (code-running globals, disallowed opcodes, self-references, huge or out-of-bounds sizes,
// broken or bomb-like zips, dtype/size mismatches, limits) is refused with a message naming what is wrong.
#include "core/common/error.h"
#include "core/nn/pth_reader.h"
#include "pth_hostile_cases.h"
#include "pth_writer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace emote;
using test::Pickle;
using test::PthWriter;
using namespace test::pth_cases;

namespace {

std::vector<std::byte> toBytes(const std::string& s)
{
    std::vector<std::byte> b(s.size());
    std::memcpy(b.data(), s.data(), s.size());
    return b;
}

template <typename T>
std::vector<T> readAs(const nn::PthFile& f, const nn::PthTensor& t)
{
    std::vector<T> v(std::size_t(f.sizeBytes(t) / sizeof(T)));
    f.copyContiguous(t, reinterpret_cast<std::byte*>(v.data()));
    return v;
}

} // namespace

class TestPthReader : public QObject {
    Q_OBJECT

    void expectRejected(const std::string& bytes, const char* needle, const nn::PthLimits& limits = {})
    {
        try {
            nn::PthFile::fromBytes("hostile.pth", toBytes(bytes), limits);
            QFAIL(qPrintable(QString("accepted a hostile file (expected an error containing '%1')").arg(needle)));
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            const std::string msg = e.what();
            if (msg.find(needle) == std::string::npos || msg.find("hostile.pth") == std::string::npos)
                QFAIL(qPrintable(QString("message lacks '%1' or the file name: %2").arg(needle, msg.c_str())));
        }
    }

private Q_SLOTS:
    void roundTripsViewsAndDtypes_data()
    {
        QTest::addColumn<bool>("zip64");
        QTest::addColumn<bool>("zip64Fields");
        QTest::newRow("plain zip") << false << false;
        QTest::newRow("zip64 end records") << true << false;
        QTest::newRow("zip64 extra fields") << true << true;
    }
    void roundTripsViewsAndDtypes()
    {
        QFETCH(bool, zip64);
        QFETCH(bool, zip64Fields);
        PthWriter w;
        const auto f = iota(24, 0.25f);
        w.addStorage("0", "FloatStorage", test::bytesOf(f), 4);
        w.addTensor("block.weight", "0", 0, {2, 3, 4});
        w.addTensor("block.view", "0", 6, {3, 2});         // offset view of a shared storage
        w.addTensor("block.t", "0", 0, {4, 6}, {1, 4});    // transposed (strided)
        w.addTensor("block.every_other", "0", 1, {2, 3}, {12, 2});
        w.addTensor("scalar", "0", 5, {}, {});
        w.addTensor("empty", "0", 24, {0, 3});
        const std::vector<std::uint16_t> h{0x3c00, 0xc000, 0x7bff}; // 1, -2, 65504 in float16
        w.addStorage("1", "HalfStorage", test::bytesOf(h), 2);
        w.addTensor("half", "1", 0, {3});
        const std::vector<std::uint16_t> bf{0x3f80, 0x4049}; // 1.0, ~3.14 in bfloat16
        w.addStorage("2", "BFloat16Storage", test::bytesOf(bf), 2);
        w.addTensor("bf16", "2", 0, {2});
        const std::vector<std::int64_t> l{-5, 1ll << 40, 7};
        w.addStorage("3", "LongStorage", test::bytesOf(l), 8);
        w.addTensor("num_batches_tracked", "3", 2, {});
        w.addStorage("10", "ByteStorage", std::string("\x01\x02\x03", 3), 1);
        w.addTensor("bytes", "10", 0, {3});

        const auto pth = nn::PthFile::fromBytes("net.pth", toBytes(w.build(zip64, zip64Fields)));
        QCOMPARE(pth.tensors().size(), std::size_t(10));
        QCOMPARE(pth.skippedEntries(), std::size_t(0));
        const auto* weight = pth.find("block.weight");
        QVERIFY(weight);
        QCOMPARE(weight->dtype, nn::DType::F32);
        QCOMPARE(weight->shape, (std::vector<std::int64_t>{2, 3, 4}));
        QCOMPARE(readAs<float>(pth, *weight), f);
        QCOMPARE(readAs<float>(pth, *pth.find("block.view")), std::vector<float>(f.begin() + 6, f.begin() + 12));
        std::vector<float> t, eo;
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 6; ++j)
                t.push_back(f[std::size_t(i + 4 * j)]);
        QCOMPARE(readAs<float>(pth, *pth.find("block.t")), t);
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                eo.push_back(f[std::size_t(1 + 12 * i + 2 * j)]);
        QCOMPARE(readAs<float>(pth, *pth.find("block.every_other")), eo);
        QCOMPARE(readAs<float>(pth, *pth.find("scalar")), std::vector<float>{f[5]});
        QCOMPARE(pth.sizeBytes(*pth.find("empty")), std::uint64_t(0));
        QCOMPARE(pth.find("half")->dtype, nn::DType::F16);
        QCOMPARE(readAs<std::uint16_t>(pth, *pth.find("half")), h);
        QCOMPARE(pth.find("bf16")->dtype, nn::DType::BF16);
        QCOMPARE(readAs<std::uint16_t>(pth, *pth.find("bf16")), bf);
        QCOMPARE(readAs<std::int64_t>(pth, *pth.find("num_batches_tracked")), std::vector<std::int64_t>{7});
        QCOMPARE(pth.find("bytes")->dtype, nn::DType::U8);
        QVERIFY(!pth.find("missing"));
    }

    void readsFromDiskAndFlattensNestedDicts()
    {
        // {"state_dict": {"a": tensor}, "epoch": 3} — the non-tensor entry is skipped and counted.
        Pickle p;
        p.proto(2).op('}').mark().str("state_dict").op('}').str("a").global("torch._utils", "_rebuild_tensor_v2").mark();
        storagePid(p, "FloatStorage", "0", 4);
        p.integer(0).intTuple({4}).intTuple({1}).op(char(0x89)).op('N').op('t').op('R').op('s');
        p.str("epoch").integer(3).op('u').stop();
        QTemporaryDir dir;
        const std::string path = dir.filePath("model.pth").toStdString();
        std::ofstream(path, std::ios::binary) << withPickle(p.bytes);
        const auto pth = nn::PthFile::open(path);
        QCOMPARE(pth.tensors().size(), std::size_t(1));
        QCOMPARE(pth.tensors()[0].name, std::string("state_dict.a"));
        QCOMPARE(pth.skippedEntries(), std::size_t(1));
        QCOMPARE(readAs<float>(pth, pth.tensors()[0]), iota(4));
    }

    void hostileFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("needle");
        for (const test::PthHostileCase& c : test::hostilePthCases())
            QTest::newRow(c.name.c_str()) << QByteArray(c.bytes.data(), qsizetype(c.bytes.size()))
                                          << QString::fromStdString(c.needle);
    }
    void hostileFilesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, needle);
        expectRejected(bytes.toStdString(), needle.toUtf8().constData());
    }

    void limitsBoundMemoryAndRecursion()
    {
        const std::string good = oneTensor("FloatStorage", 4, 0, {4}, {1});
        nn::PthLimits small;
        small.max_objects = 10;
        expectRejected(withPickle(good), "object limit", small);

        nn::PthLimits stack;
        stack.max_stack = 50;
        Pickle marks;
        marks.proto(2);
        for (int i = 0; i < 100; ++i)
            marks.mark();
        expectRejected(withPickle(marks.bytes), "stack exceeds 50", stack);

        Pickle deep; // {"a": {"a": {... 40 deep}}}
        deep.proto(2);
        for (int i = 0; i < 40; ++i)
            deep.op('}').str("a");
        deep.op('}');
        for (int i = 0; i < 40; ++i)
            deep.op('s');
        deep.stop();
        expectRejected(withPickle(deep.bytes), "nested more than 32");

        nn::PthLimits bytes;
        bytes.max_tensor_bytes = 8;
        expectRejected(withPickle(good), "exceed the limit of 8 bytes", bytes);

        nn::PthLimits pickle;
        pickle.max_pickle_bytes = 16;
        expectRejected(withPickle(good), "more than the limit of 16", pickle);
    }
};

QTEST_GUILESS_MAIN(TestPthReader)
#include "test_pth_reader.moc"
