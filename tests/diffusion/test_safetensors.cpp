// The hardened safetensors reader (DESIGN.md §4): a good file reads back exactly; every hostile file made here
// (header too large or past the end, no '{', non-JSON, duplicate keys, bad dtype, overflowing or negative
// shapes, gaps, overlaps, out-of-bounds and size-mismatched offsets, truncated data) is a precise error.
#include "core/common/error.h"
#include "core/nn/safetensors.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace emote;

namespace {

QByteArray u64le(quint64 v)
{
    QByteArray b(8, '\0');
    for (int i = 0; i < 8; ++i)
        b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}

// u64 header length + HEADER (padded with spaces to a multiple of 8) + DATA.
QByteArray makeFile(const QByteArray& header, const QByteArray& data, bool pad = true)
{
    QByteArray h = header;
    while (pad && h.size() % 8)
        h += ' ';
    return u64le(quint64(h.size())) + h + data;
}

QByteArray floats(std::initializer_list<float> values)
{
    QByteArray b;
    for (float v : values)
        b.append(reinterpret_cast<const char*>(&v), sizeof v);
    return b;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_counter = 0;

    QString write(const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(QString("f%1.safetensors").arg(m_counter++));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path;
    }

    // Opening BYTES must fail with an Input error whose message contains NEEDLE.
    void expectError(const QByteArray& bytes, const char* needle)
    {
        const QString path = write(bytes);
        try {
            nn::SafetensorsFile::open(path.toStdString());
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            const QString what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(QLatin1String(needle)), qPrintable("message '" + what + "' lacks '" + needle + "'"));
            QVERIFY2(what.contains(path), qPrintable("message '" + what + "' does not name the file"));
            return;
        }
        QFAIL(qPrintable(QString("accepted a hostile file (expected an error about '%1')").arg(needle)));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void readsGoodFile()
    {
        const QByteArray header =
            R"({"__metadata__":{"format":"pt"},"b":{"dtype":"I64","shape":[1],"data_offsets":[8,16]},)"
            R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"e":{"dtype":"F16","shape":[0,3],"data_offsets":[16,16]}})";
        QByteArray data = floats({1.5f, -2.0f});
        const qint64 seven = 7;
        data.append(reinterpret_cast<const char*>(&seven), 8);
        const auto file = nn::SafetensorsFile::open(write(makeFile(header, data)).toStdString());
        QCOMPARE(int(file.tensors().size()), 3);
        QCOMPARE(QString::fromStdString(file.tensors()[0].name), QString("a")); // sorted by name
        QCOMPARE(file.metadata().at("format"), std::string("pt"));
        const nn::TensorView& a = file.require("a");
        QCOMPARE(a.dtype, nn::DType::F32);
        QCOMPARE(a.shape, std::vector<std::int64_t>{2});
        float values[2];
        std::memcpy(values, a.data, 8);
        QCOMPARE(values[0], 1.5f);
        QCOMPARE(values[1], -2.0f);
        qint64 b;
        std::memcpy(&b, file.require("b").data, 8);
        QCOMPARE(b, qint64(7));
        QCOMPARE(file.require("e").numel(), std::int64_t(0));
        QVERIFY(file.find("missing") == nullptr);
        try {
            file.require("missing");
            QFAIL("require() accepted a missing tensor");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("tensor 'missing' is missing in"));
        }
    }

    void readsEmptyFile()
    {
        const auto file = nn::SafetensorsFile::open(write(makeFile("{}", {})).toStdString());
        QVERIFY(file.tensors().empty());
    }

    void rejectsHostileFiles()
    {
        const QByteArray ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        const QByteArray data = floats({1, 2});
        expectError(QByteArray(5, '\0'), "shorter than the 8-byte header length");
        expectError(u64le(200ull * 1024 * 1024) + "{}", "exceeds the 100 MB limit");
        expectError(u64le(1000) + "{}      ", "runs past the end");
        expectError(u64le(~0ull) + "{}      ", "exceeds the 100 MB limit");
        expectError(makeFile("[1,2]", {}), "does not start with '{'");
        expectError(makeFile(R"({"a": nope})", {}), "invalid safetensors header");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})", data), "unexpected end");
        expectError(makeFile(ok + R"( trailing)", data), "unexpected data after");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                             R"("a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                             data),
                    "duplicate key 'a'");
        expectError(makeFile(R"({"a":{"dtype":"F32","dtype":"F16","shape":[2],"data_offsets":[0,8]}})", data),
                    "duplicate key 'dtype'");
        expectError(makeFile(R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", data), "unsupported dtype");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", data), "non-negative");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,8]}})", data), "non-negative");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}})", data),
                    "overflows");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}})", data),
                    "does not fit in 64 bits");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", data), "needs 12");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", data), "end before");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", data), "past the 8-byte");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", data), "starts at byte 4");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                             R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                             data),
                    "contiguous");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", data), "cover 4 bytes");
        expectError(makeFile(ok, data.left(6)), "past the 6-byte");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[2]}})", data), "lacks dtype, shape or data_offsets");
        expectError(makeFile(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", data),
                    "unknown field 'x'");
        expectError(makeFile(R"({"__metadata__":{"k":1}})", {}), "is not a string");
        expectError(makeFile("{\"a\":\"x\\", {}), "invalid safetensors header");
        QByteArray deep = "{\"a\":";
        for (int i = 0; i < 100; ++i)
            deep += "[";
        expectError(makeFile(deep, {}), "nested too deeply");
    }

    void rejectsMissingFile()
    {
        try {
            nn::SafetensorsFile::open(m_dir.filePath("nope.safetensors").toStdString());
            QFAIL("opened a missing file");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            QVERIFY(QString(e.what()).contains("nope.safetensors"));
        }
    }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
