// The restricted .pth reader (core/nn/pth_reader.h): files written at test time by a torch.save look-alike
// (pth_writer.h) read back exactly — contiguous, shared, offset and strided views in several dtypes, ZIP64 or not —
// and every hostile file (code-running globals, disallowed opcodes, self-references, huge or out-of-bounds sizes,
// broken or bomb-like zips, dtype/size mismatches, limits) is refused with a message naming what is wrong.
#include "core/common/error.h"
#include "core/nn/pth_reader.h"
#include "pth_writer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <fstream>

using namespace emote;
using test::Pickle;
using test::PthWriter;

namespace {

std::vector<std::byte> toBytes(const std::string& s)
{
    std::vector<std::byte> b(s.size());
    std::memcpy(b.data(), s.data(), s.size());
    return b;
}

std::vector<float> iota(int n, float scale = 1.0f)
{
    std::vector<float> v(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        v[std::size_t(i)] = float(i) * scale - 3.5f;
    return v;
}

template <typename T>
std::vector<T> readAs(const nn::PthFile& f, const nn::PthTensor& t)
{
    std::vector<T> v(std::size_t(f.sizeBytes(t) / sizeof(T)));
    f.copyContiguous(t, reinterpret_cast<std::byte*>(v.data()));
    return v;
}

// A one-tensor state_dict whose pickle is PKL (the storage "0" holds 4 floats).
std::string withPickle(const std::string& pkl)
{
    PthWriter w;
    w.addStorage("0", "FloatStorage", test::bytesOf(iota(4)), 4);
    return test::buildZip(w.items(pkl));
}

// The storage/tensor prologue torch.save writes, for hand-made pickles: leaves [OrderedDict, MARK] open.
Pickle stateDictStart()
{
    Pickle p;
    p.proto(2).global("collections", "OrderedDict").op(')').op('R').mark();
    return p;
}

Pickle& storagePid(Pickle& p, const std::string& type, const std::string& key, std::int64_t numel)
{
    return p.mark().str("storage").global("torch", type).str(key).str("cpu").integer(numel).op('t').op('Q');
}

// One tensor NAME = _rebuild_tensor_v2(storage, OFFSET, SHAPE, STRIDES, False, OrderedDict()), then SETITEMS, STOP.
std::string oneTensor(const std::string& type, std::int64_t numel, std::int64_t offset, std::vector<std::int64_t> shape,
                      std::vector<std::int64_t> strides)
{
    Pickle p = stateDictStart();
    p.str("w").global("torch._utils", "_rebuild_tensor_v2").mark();
    storagePid(p, type, "0", numel);
    p.integer(offset).intTuple(shape).intTuple(strides).op(char(0x89));
    p.global("collections", "OrderedDict").op(')').op('R').op('t').op('R').op('u').stop();
    return p.bytes;
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
        auto add = [](const char* name, const std::string& bytes, const char* needle) {
            QTest::newRow(name) << QByteArray(bytes.data(), qsizetype(bytes.size())) << QString(needle);
        };
        const std::string good = oneTensor("FloatStorage", 4, 0, {4}, {1});

        {
            Pickle p;
            p.proto(2).global("os", "system").str("touch /tmp/pwned").op(char(0x85)).op('R').stop();
            add("os.system", withPickle(p.bytes), "global 'os.system' is not allowed");
        }
        {
            Pickle p;
            p.proto(2).global("builtins", "eval").str("1+1").op(char(0x85)).op('R').stop();
            add("builtins.eval", withPickle(p.bytes), "global 'builtins.eval' is not allowed");
        }
        {
            Pickle p; // protocol 4 STACK_GLOBAL spelling of posix.system
            p.proto(4).str("posix").str("system").op(char(0x93)).stop();
            add("STACK_GLOBAL posix.system", withPickle(p.bytes), "global 'posix.system' is not allowed");
        }
        {
            Pickle p; // storage types are type names, never callables
            p.proto(2).global("torch", "FloatStorage").integer(10).op(char(0x85)).op('R').stop();
            add("REDUCE on a storage type", withPickle(p.bytes), "REDUCE calls 'torch.FloatStorage'");
        }
        {
            Pickle p;
            p.proto(2).str("os").op(')').op('R').stop();
            add("REDUCE on a string", withPickle(p.bytes), "REDUCE calls a str");
        }
        {
            Pickle p;
            p.proto(2).global("collections", "OrderedDict").str("x").op(char(0x85)).op('R').stop();
            add("OrderedDict with arguments", withPickle(p.bytes), "only OrderedDict() is allowed");
        }
        {
            Pickle p; // d = {}; d["self"] = d
            p.proto(2).op('}').put(0).str("self").get(0).op('s').stop();
            add("self-referencing dict", withPickle(p.bytes), "contains itself");
        }
        {
            Pickle p;
            p.proto(2).global("collections", "OrderedDict").op(')').op(char(0x81)).stop();
            add("NEWOBJ", withPickle(p.bytes), "opcode NEWOBJ (0x81) is not allowed");
        }
        {
            Pickle p;
            p.proto(2).mark().op('i').bytes += "os\nsystem\n";
            add("INST", withPickle(p.bytes), "opcode INST (0x69) is not allowed");
        }
        add("protocol 0 pickle", withPickle("(dp0\n."), "protocol 0 and 1");
        add("huge storage numel", withPickle(oneTensor("FloatStorage", 1ll << 40, 0, {4}, {1})),
            "declares 1099511627776 elements");
        add("dtype size mismatch", withPickle(oneTensor("DoubleStorage", 4, 0, {4}, {1})),
            "declares 4 elements of F64 but its entry holds 16 bytes");
        add("storage offset out of bounds", withPickle(oneTensor("FloatStorage", 4, 9, {1}, {1})),
            "storage offset 9 lies outside");
        add("view past the storage", withPickle(oneTensor("FloatStorage", 4, 1, {2, 2}, {2, 1})),
            "reads element 4 of storage '0'");
        add("overflowing shape", withPickle(oneTensor("FloatStorage", 4, 0, {1ll << 40, 1ll << 40}, {1, 1})),
            "overflows");
        add("negative stride", withPickle(oneTensor("FloatStorage", 4, 3, {2}, {-1})), "negative");
        add("complex storage", withPickle(oneTensor("ComplexFloatStorage", 2, 0, {2}, {1})),
            "'torch.ComplexFloatStorage' is not allowed");
        {
            const std::string file = withPickle(good);
            add("truncated zip", file.substr(0, file.size() / 2), "end-of-central-directory record is missing");
        }
        add("truncated pickle", withPickle(good.substr(0, good.size() - 1)), "without STOP");
        add("memo read before write", withPickle(Pickle().proto(2).get(7).stop().bytes), "memo entry 7");
        {
            Pickle p;
            p.proto(2).op(char(0x8b)).bytes += std::string("\x00\x00\x00\x01", 4);
            add("huge LONG4", withPickle(p.bytes), "too large");
        }
        {
            Pickle p;
            p.proto(2).op(']').stop();
            add("not a dict", withPickle(p.bytes), "holds a list, not a state_dict");
        }
        {
            Pickle p;
            p.proto(2).op(']').op('}').op('b').stop();
            add("BUILD on a list", withPickle(p.bytes), "BUILD sets the state of a list");
        }
        {
            Pickle p = stateDictStart();
            p.str("w").global("torch._utils", "_rebuild_tensor_v2").mark();
            storagePid(p, "FloatStorage", "7", 4);
            p.integer(0).intTuple({4}).intTuple({1}).op(char(0x89)).op('N').op('t').op('R').op('u').stop();
            add("missing storage entry", withPickle(p.bytes), "has no data/7 entry");
        }
        {
            Pickle p = stateDictStart();
            p.str("w").global("torch._utils", "_rebuild_tensor_v2").mark();
            storagePid(p, "FloatStorage", "../../etc/passwd", 4);
            p.integer(0).intTuple({4}).intTuple({1}).op(char(0x89)).op('N').op('t').op('R').op('u').stop();
            add("path in storage key", withPickle(p.bytes), "is not a plain name");
        }
        {
            // A zip bomb trick: a second entry whose bytes lie inside the first entry's data.
            std::string zip = test::buildZip({{"archive/data.pkl", good}, {"archive/data/0", test::bytesOf(iota(4))}});
            // Point data/0's central record into data.pkl's bytes: its local header check or overlap must fail.
            const auto cd = zip.rfind(std::string("\x50\x4b\x01\x02", 4));
            const std::uint32_t into = 40;
            std::memcpy(&zip[cd + 42], &into, 4);
            add("entry inside another", zip, "local header of entry 'archive/data/0' is missing");
        }
        {
            // Overlapping entries: data/0's local header copied inside data.pkl's data, the central record pointing
            // there. Every header is consistent; only the overlap check catches it.
            const std::string payload = test::bytesOf(iota(4));
            const std::string inner = test::buildZip({{"archive/data/0", payload}}, false);
            const std::string inner_entry = inner.substr(0, inner.find(std::string("\x50\x4b\x01\x02", 4)));
            std::string zip = test::buildZip({{"archive/data.pkl", good + inner_entry}, {"archive/data/0", payload}});
            const auto pkl_data = zip.find(good);
            const auto cd = zip.rfind(std::string("\x50\x4b\x01\x02", 4));
            const std::uint32_t into = std::uint32_t(pkl_data + good.size());
            std::memcpy(&zip[cd + 42], &into, 4);
            add("overlapping entries", zip, "two entries overlap");
        }
        {
            std::string zip = withPickle(good);
            const auto cd = zip.find(std::string("\x50\x4b\x01\x02", 4));
            zip[cd + 10] = 8; // deflate
            add("compressed entry", zip, "is compressed (method 8)");
        }
        {
            std::string zip = withPickle(good);
            zip[zip.find(std::string("little"))] = 'L';
            add("CRC mismatch", zip, "fails its CRC-32 check");
        }
        {
            std::string zip = withPickle(good);
            const auto local = zip.find(std::string("\x50\x4b\x03\x04", 4), 1);
            zip[local + 18] ^= 1; // local compressed size
            add("local/central disagree", zip, "disagree on size or CRC");
        }
        add("duplicate entry", test::buildZip({{"archive/data.pkl", good}, {"archive/data.pkl", good}}),
            "appears twice");
        add("two top folders", test::buildZip({{"archive/data.pkl", good}, {"other/data/0", test::bytesOf(iota(4))}}),
            "two top folders");
        add("legacy format", std::string("\x80\x02\x8a\x0a", 4) + std::string(40, '\0'), "legacy (pre-1.6) format");
        add("not a zip", "hello, this is not a zip file at all", "not a zip archive");
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
