// `emote faces PHOTO [--json] [--draw OUT.png] [--detector ssd|tiny] [--overwrite]`, run as a real process.
#include "test_support.h"

#include "core/face/face_draw.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace emote;

namespace {

QString photo(const char* name)
{
    return test::sourceDir() + QStringLiteral("/tests/golden/faceapi/%1/image.png").arg(name);
}

test::ProcResult faces(const QStringList& args) { return test::run(test::cliPath(), QStringList{"faces"} + args); }

} // namespace

class TestFaceCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsFaces();
    void json();
    void drawWritesPngOnce();
    void noFaceIsInputError();
    void badArguments();
};

void TestFaceCli::initTestCase()
{
    QVERIFY2(QFileInfo::exists(test::cliPath()), "EMOTE_CLI does not name the emote binary");
    const test::ProcResult r = faces({QStringLiteral("--help-probe")});
    QVERIFY2(!(r.exit_code == 2 && r.err.contains("unknown command")), "the emote binary has no 'faces' command");
}

void TestFaceCli::listsFaces()
{
    const test::ProcResult r = faces({photo("sample1")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QCOMPARE(r.out.count("face "), 3);
    QVERIFY(r.out.contains("68 landmarks"));
    QVERIFY(r.out.contains("pose roll"));
    const test::ProcResult tiny = faces({photo("astronaut"), QStringLiteral("--detector"), QStringLiteral("tiny")});
    QVERIFY2(tiny.exit_code == 0, tiny.err.constData());
    QCOMPARE(tiny.out.count("face "), 1);
}

void TestFaceCli::json()
{
    const test::ProcResult r = faces({photo("sample1"), QStringLiteral("--json")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QJsonParseError err;
    const QJsonObject o = QJsonDocument::fromJson(r.out, &err).object();
    QVERIFY2(err.error == QJsonParseError::NoError, qPrintable(err.errorString()));
    QCOMPARE(o[QStringLiteral("width")].toInt(), 1920);
    const QJsonArray list = o[QStringLiteral("faces")].toArray();
    QCOMPARE(list.size(), 3);
    double last_area = 1e18;
    for (const QJsonValue v : list) {
        const QJsonObject f = v.toObject();
        QCOMPARE(f[QStringLiteral("landmarks")].toArray().size(), 68);
        const QJsonArray box = f[QStringLiteral("box")].toArray();
        const double area = box[2].toDouble() * box[3].toDouble();
        QVERIFY(area <= last_area); // largest first
        last_area = area;
        QVERIFY(!f[QStringLiteral("expression")][QStringLiteral("top")].toString().isEmpty());
        QVERIFY(f[QStringLiteral("pose")].isObject());
        QCOMPARE(f[QStringLiteral("small")].toBool(), false);
    }
}

void TestFaceCli::drawWritesPngOnce()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("faces.png"));
    test::ProcResult r = faces({photo("astronaut"), QStringLiteral("--draw"), out});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(8).startsWith("\x89PNG"));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
    r = faces({photo("astronaut"), QStringLiteral("--draw"), out});
    QCOMPARE(r.exit_code, 4);
    QVERIFY(r.err.contains("--overwrite"));
    r = faces({photo("astronaut"), QStringLiteral("--draw"), out, QStringLiteral("--overwrite")});
    QVERIFY2(r.exit_code == 0, r.err.constData());
    r = faces({photo("astronaut"), QStringLiteral("--draw"), dir.filePath(QStringLiteral("no/such/dir/x.png"))});
    QCOMPARE(r.exit_code, 4);
}

void TestFaceCli::noFaceIsInputError()
{
    QTemporaryDir dir;
    Image blank(320, 240);
    std::fill(blank.rgb.begin(), blank.rgb.end(), uint8_t(200));
    const std::vector<uint8_t> png = face::encodePng(blank);
    const QString path = dir.filePath(QStringLiteral("wall.png"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(reinterpret_cast<const char*>(png.data()), qint64(png.size()));
    f.close();
    const test::ProcResult r = faces({path});
    QCOMPARE(r.exit_code, 3);
    QVERIFY2(r.err.contains("no face found in '" + path.toUtf8() + "'"), r.err.constData());
    QVERIFY(r.err.contains("at least 48 px tall"));
}

void TestFaceCli::badArguments()
{
    QCOMPARE(faces({}).exit_code, 2);
    QCOMPARE(faces({photo("astronaut"), QStringLiteral("--detector"), QStringLiteral("yolo")}).exit_code, 2);
    QCOMPARE(faces({photo("astronaut"), photo("sample1")}).exit_code, 2);
    QCOMPARE(faces({QStringLiteral("/no/such/photo.jpg")}).exit_code, 3);
}

QTEST_GUILESS_MAIN(TestFaceCli)
#include "test_face_cli.moc"
