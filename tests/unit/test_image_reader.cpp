// Image reading: every promised format, EXIF orientation, alpha, depth, and every kind of bad file.
#include "core/common/error.h"
#include "core/media/image_reader.h"
#include "test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace emote;

namespace {

QByteArray readAll(const QString& p)
{
    QFile f(p);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void writeAll(const QString& p, const QByteArray& b)
{
    QFile f(p);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(b);
}

// Insert an EXIF APP1 segment with Orientation = ORIENT right after the JPEG's SOI marker.
QByteArray withExifOrientation(const QByteArray& jpeg, int orient)
{
    QByteArray tiff;
    tiff += QByteArray("MM\0*", 4);
    tiff += QByteArray("\0\0\0\x08", 4);          // IFD0 at 8
    tiff += QByteArray("\0\x01", 2);              // one entry
    tiff += QByteArray("\x01\x12\0\x03", 4);      // tag 0x0112, SHORT
    tiff += QByteArray("\0\0\0\x01", 4);          // count 1
    tiff += char(0);
    tiff += char(orient);
    tiff += QByteArray("\0\0", 2);
    tiff += QByteArray("\0\0\0\0", 4);            // no next IFD
    QByteArray app1("Exif\0\0", 6);
    app1 += tiff;
    const int len = app1.size() + 2;
    QByteArray seg;
    seg += char(0xFF);
    seg += char(0xE1);
    seg += char(len >> 8);
    seg += char(len & 0xff);
    seg += app1;
    return jpeg.left(2) + seg + jpeg.mid(2);
}

std::array<int, 3> pixel(const Image& img, int x, int y)
{
    const uint8_t* p = img.row(y) + x * 3;
    return {p[0], p[1], p[2]};
}

bool near(std::array<int, 3> a, std::array<int, 3> b, int tol)
{
    for (int i = 0; i < 3; ++i)
        if (std::abs(a[i] - b[i]) > tol)
            return false;
    return true;
}

} // namespace

class TestImageReader : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_png; // 64×48 test card: red left half, blue right half, green 8×8 square at top-left

    QString path(const QString& name) const { return m_dir.filePath(name); }
    void convert(const QStringList& args)
    {
        const auto r = test::run(QStringLiteral("convert"), args);
        QVERIFY2(r.exit_code == 0, r.err.constData());
    }
    void expectInputError(const QString& file, const char* needle)
    {
        try {
            media::readImage(file.toStdString());
            QFAIL(qPrintable("no error for " + file));
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Input);
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(QFileInfo(file).fileName()), qPrintable("message lacks the file name: " + msg));
            QVERIFY2(msg.contains(QString::fromLatin1(needle)), qPrintable("unexpected message: " + msg));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_png = path(QStringLiteral("card.png"));
        convert({QStringLiteral("-size"), QStringLiteral("64x48"), QStringLiteral("xc:red"), QStringLiteral("-fill"),
                 QStringLiteral("blue"), QStringLiteral("-draw"), QStringLiteral("rectangle 32,0 63,47"),
                 QStringLiteral("-fill"), QStringLiteral("lime"), QStringLiteral("-draw"),
                 QStringLiteral("rectangle 0,0 7,7"), QStringLiteral("PNG24:") + m_png});
    }

    void formats_data()
    {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("tolerance");
        QTest::newRow("png") << "png" << "PNG" << 0;
        QTest::newRow("jpeg") << "jpg" << "JPEG" << 40;
        QTest::newRow("webp-lossy") << "webp" << "WebP" << 40;
        QTest::newRow("bmp") << "bmp" << "BMP" << 0;
        QTest::newRow("tiff") << "tif" << "TIFF" << 0;
    }

    void formats()
    {
        QFETCH(QString, ext);
        QFETCH(QString, format);
        QFETCH(int, tolerance);
        const QString file = path(QStringLiteral("card.") + ext);
        // 8 bits per sample, true colour (ImageMagick would otherwise store this two-colour card at 1 bit).
        convert({m_png, QStringLiteral("-depth"), QStringLiteral("8"), QStringLiteral("-type"),
                 QStringLiteral("TrueColor"), file});
        const auto info = media::probeImage(file.toStdString());
        QCOMPARE(QString::fromStdString(info.format), format);
        QCOMPARE(info.width, 64);
        QCOMPARE(info.height, 48);
        const Image img = media::readImage(file.toStdString());
        QCOMPARE(img.width, 64);
        QCOMPARE(img.height, 48);
        QVERIFY(near(pixel(img, 20, 30), {255, 0, 0}, tolerance));
        QVERIFY(near(pixel(img, 50, 30), {0, 0, 255}, tolerance));
        QVERIFY(near(pixel(img, 3, 3), {0, 255, 0}, tolerance + 30));
    }

    void webpLossless()
    {
        const QString file = path(QStringLiteral("lossless.webp"));
        convert({m_png, QStringLiteral("-define"), QStringLiteral("webp:lossless=true"), file});
        const Image img = media::readImage(file.toStdString());
        QCOMPARE(img.width, 64);
        QVERIFY(near(pixel(img, 50, 30), {0, 0, 255}, 0));
    }

    void exifOrientation_data()
    {
        QTest::addColumn<int>("orientation");
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("gx"); // where the green corner ends up
        QTest::addColumn<int>("gy");
        QTest::newRow("1 normal") << 1 << 64 << 48 << 3 << 3;
        QTest::newRow("3 rotate 180") << 3 << 64 << 48 << 60 << 44;
        QTest::newRow("6 rotate 90 cw") << 6 << 48 << 64 << 44 << 3;
        QTest::newRow("8 rotate 90 ccw") << 8 << 48 << 64 << 3 << 60;
        QTest::newRow("2 mirror") << 2 << 64 << 48 << 60 << 3;
    }

    void exifOrientation()
    {
        QFETCH(int, orientation);
        QFETCH(int, w);
        QFETCH(int, h);
        QFETCH(int, gx);
        QFETCH(int, gy);
        const QString plain = path(QStringLiteral("plain.jpg"));
        convert({m_png, QStringLiteral("-quality"), QStringLiteral("95"), plain});
        const QString rotated = path(QStringLiteral("rot%1.jpg").arg(orientation));
        writeAll(rotated, withExifOrientation(readAll(plain), orientation));
        const auto info = media::probeImage(rotated.toStdString());
        QCOMPARE(info.orientation, orientation);
        const Image img = media::readImage(rotated.toStdString());
        QCOMPARE(img.width, w);
        QCOMPARE(img.height, h);
        QVERIFY2(near(pixel(img, gx, gy), {0, 255, 0}, 70), "green corner not where the orientation puts it");
    }

    void alphaFlattened()
    {
        const QString file = path(QStringLiteral("alpha.png"));
        convert({QStringLiteral("-size"), QStringLiteral("16x16"), QStringLiteral("xc:none"), QStringLiteral("-fill"),
                 QStringLiteral("rgba(255,0,0,1)"), QStringLiteral("-draw"), QStringLiteral("rectangle 0,0 7,15"),
                 QStringLiteral("PNG32:") + file});
        media::ImageReadOptions opt;
        opt.background = Rgb{10, 20, 30};
        const Image img = media::readImage(file.toStdString(), opt);
        QVERIFY(near(pixel(img, 2, 5), {255, 0, 0}, 0));
        QVERIFY(near(pixel(img, 12, 5), {10, 20, 30}, 0));
    }

    void grayAnd16Bit()
    {
        const QString gray = path(QStringLiteral("gray.png"));
        convert({m_png, QStringLiteral("-colorspace"), QStringLiteral("Gray"), gray});
        const Image g = media::readImage(gray.toStdString());
        const auto p = pixel(g, 50, 30);
        QCOMPARE(p[0], p[1]);
        QCOMPARE(p[1], p[2]);
        const QString deep = path(QStringLiteral("deep.png"));
        convert({m_png, QStringLiteral("-depth"), QStringLiteral("16"), QStringLiteral("PNG48:") + deep});
        const Image d = media::readImage(deep.toStdString());
        QVERIFY(near(pixel(d, 20, 30), {255, 0, 0}, 1));
    }

    void badFiles()
    {
        expectInputError(path(QStringLiteral("missing.png")), "does not exist");
        QDir(m_dir.path()).mkdir(QStringLiteral("folder.png"));
        expectInputError(path(QStringLiteral("folder.png")), "folder");
        writeAll(path(QStringLiteral("empty.jpg")), {});
        expectInputError(path(QStringLiteral("empty.jpg")), "empty");
        writeAll(path(QStringLiteral("text.png")), "this is not an image\n");
        expectInputError(path(QStringLiteral("text.png")), "not an image format");
        const QByteArray png = readAll(m_png);
        writeAll(path(QStringLiteral("trunc.png")), png.left(png.size() / 2));
        expectInputError(path(QStringLiteral("trunc.png")), "truncated");
        const QString jpg = path(QStringLiteral("full.jpg"));
        convert({m_png, jpg});
        const QByteArray j = readAll(jpg);
        writeAll(path(QStringLiteral("trunc.jpg")), j.left(j.size() * 2 / 3));
        expectInputError(path(QStringLiteral("trunc.jpg")), "truncated");
    }

    void bombHeaderRejectedBeforeDecoding()
    {
        // A PNG whose header claims 30000×30000 (900 MP): must be refused from the header alone.
        QByteArray png = readAll(m_png);
        const quint32 big = qToBigEndian<quint32>(30000);
        png.replace(16, 4, reinterpret_cast<const char*>(&big), 4);
        png.replace(20, 4, reinterpret_cast<const char*>(&big), 4);
        const QString file = path(QStringLiteral("bomb.png"));
        writeAll(file, png);
        expectInputError(file, "MP allowed");
        // The cap is configurable.
        media::ImageReadOptions opt;
        opt.max_pixels = 1000;
        try {
            media::readImage(m_png.toStdString(), opt);
            QFAIL("cap not applied");
        } catch (const Error& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("64×48")));
        }
    }
};

QTEST_GUILESS_MAIN(TestImageReader)
#include "test_image_reader.moc"
