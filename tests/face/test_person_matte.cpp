// PersonMatte on real pixels, both nets (RVM matting, the default, and selfie segmentation): the astronaut portrait
// (skimage, public domain) is person at the face and hair and background in the top corners; a flat wall with
// noise and a dark frame give (almost) no person; the alpha has the photo's size at any aspect and size; missing
// model files fail with the file named and scripts/setup.sh pointed at.
#include "core/common/error.h"
#include "core/face/person_matte.h"
#include "core/media/image_reader.h"

#include <QTemporaryDir>
#include <QtTest>

#include <numeric>
#include <thread>

using namespace emote;
using namespace emote::face;

namespace {

Image astronaut()
{
    return media::readImage(qEnvironmentVariable("EMOTE_SOURCE_DIR").toStdString() + "/resources/samples/astronaut.png");
}

double meanAlpha(const std::vector<uint8_t>& a)
{
    return std::accumulate(a.begin(), a.end(), 0.0) / double(a.size()) / 255.0;
}

// Mean alpha over a box (x0, y0, x1, y1 exclusive).
double boxMean(const std::vector<uint8_t>& a, int width, int x0, int y0, int x1, int y1)
{
    double sum = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
            sum += a[size_t(y) * size_t(width) + size_t(x)];
    return sum / double((x1 - x0) * (y1 - y0)) / 255.0;
}

} // namespace

class TestPersonMatte : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void astronautIsPersonAtTheFace_data() { models(); }
    void astronautIsPersonAtTheFace();
    void wallIsNoPerson_data() { models(); }
    void wallIsNoPerson();
    void anyAspectKeepsThePhotoSize_data() { models(); }
    void anyAspectKeepsThePhotoSize();
    void rvmKeepsTheHelmetOut();
    void concurrentCallsAgree();
    void missingModelsFailLoudly();

private:
    static void models()
    {
        QTest::addColumn<int>("model");
        QTest::newRow("matting (rvm)") << int(PersonMatteModel::Matting);
        QTest::newRow("segmentation (selfie)") << int(PersonMatteModel::Segmentation);
    }
    const PersonMatte& matte()
    {
        QFETCH(int, model);
        return model == int(PersonMatteModel::Matting) ? *m_rvm : *m_selfie;
    }
    std::unique_ptr<PersonMatte> m_rvm, m_selfie;
};

void TestPersonMatte::initTestCase()
{
    QVERIFY2(PersonMatte::available(), "the human models are missing: run scripts/setup.sh");
    QVERIFY(PersonMatte::available({}, PersonMatteModel::Segmentation));
    m_rvm = std::make_unique<PersonMatte>();
    m_selfie = std::make_unique<PersonMatte>(std::filesystem::path{}, PersonMatteModel::Segmentation);
}

void TestPersonMatte::astronautIsPersonAtTheFace()
{
    const Image img = astronaut();
    QCOMPARE(img.width, 512);
    const std::vector<uint8_t> a = matte().segment(img);
    QCOMPARE(a.size(), size_t(512 * 512));
    // Face box from face-api's SSD on this image (tests/golden/faceapi): x 181–264, y 73–175.
    const double face = boxMean(a, 512, 200, 95, 245, 150);
    const double top_left = boxMean(a, 512, 0, 0, 40, 40), top_right = boxMean(a, 512, 472, 0, 512, 40);
    qInfo("astronaut: face %.3f, top-left %.3f, top-right %.3f, whole %.3f", face, top_left, top_right, meanAlpha(a));
    QVERIFY2(face > 0.95, "the face is not person");
    QVERIFY2(top_left < 0.05 && top_right < 0.05, "the top corners are not background");
    // Hair above the forehead (y 60–72, above the detector's box) is person too; the sky-coloured background to
    // the left of the head at the same height is not.
    QVERIFY(boxMean(a, 512, 205, 60, 240, 72) > 0.8);
    QVERIFY(boxMean(a, 512, 60, 60, 120, 110) < 0.1);
    // Soft edges: some values strictly between background and person.
    QVERIFY(std::count_if(a.begin(), a.end(), [](uint8_t v) { return v > 20 && v < 235; }) > 500);
}

void TestPersonMatte::wallIsNoPerson()
{
    Image wall(640, 480);
    uint32_t s = 12345;
    for (size_t i = 0; i < wall.rgb.size(); ++i) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        wall.rgb[i] = uint8_t(150 + int(i % 3) * 10 + int(s % 41) - 20);
    }
    const double wall_mean = meanAlpha(matte().segment(wall));
    Image dark(320, 320);
    std::fill(dark.rgb.begin(), dark.rgb.end(), uint8_t(12));
    const double dark_mean = meanAlpha(matte().segment(dark));
    qInfo("wall with noise: mean alpha %.4f; dark frame: %.4f", wall_mean, dark_mean);
    QVERIFY(wall_mean < 0.05);
    QVERIFY(dark_mean < 0.05);
}

void TestPersonMatte::anyAspectKeepsThePhotoSize()
{
    const Image img = astronaut();
    Image wide(900, 300), tiny(7, 5);
    for (int y = 0; y < 300; ++y)
        for (int x = 0; x < 900; ++x)
            std::copy_n(img.row(y + 100) + 3 * (x * 512 / 900), 3, wide.row(y) + 3 * x);
    QCOMPARE(matte().segment(wide).size(), size_t(900 * 300));
    QCOMPARE(matte().segment(tiny).size(), size_t(35));
    Image strip(2000, 40); // extreme aspect: RVM's working size keeps at least 64 px on the short side
    std::fill(strip.rgb.begin(), strip.rgb.end(), uint8_t(90));
    QCOMPARE(matte().segment(strip).size(), size_t(2000 * 40));
    Image big(1500, 1100); // larger than RVM's 1024 px working size
    for (int y = 0; y < 1100; ++y)
        for (int x = 0; x < 1500; ++x)
            std::copy_n(img.row(y * 512 / 1100) + 3 * (x * 512 / 1500), 3, big.row(y) + 3 * x);
    const std::vector<uint8_t> a = matte().segment(big);
    QCOMPARE(a.size(), size_t(1500 * 1100));
    // The face (scaled from the astronaut's) is still person, the top corners background.
    QVERIFY(boxMean(a, 1500, 586, 204, 717, 322) > 0.95);
    QVERIFY(boxMean(a, 1500, 0, 0, 100, 80) < 0.05 && boxMean(a, 1500, 1400, 0, 1500, 80) < 0.05);
    try {
        (void)matte().segment(Image{});
        QFAIL("an empty image was accepted");
    } catch (const Error& e) {
        QCOMPARE(int(e.kind()), int(ErrorKind::Input));
    }
}

void TestPersonMatte::rvmKeepsTheHelmetOut()
{
    // The white helmet the astronaut holds (bottom right, x 400–500, y 330–500) is background for RVM; the selfie
    // net calls most of it person. This is why RVM is the default.
    const Image img = astronaut();
    const double rvm = boxMean(m_rvm->segment(img), 512, 420, 380, 500, 480);
    const double selfie = boxMean(m_selfie->segment(img), 512, 420, 380, 500, 480);
    qInfo("helmet: rvm %.3f, selfie %.3f", rvm, selfie);
    QVERIFY(rvm < 0.2);
    QVERIFY(selfie > rvm + 0.3);
}

void TestPersonMatte::concurrentCallsAgree()
{
    // segment() is const and documented as safe from several threads: two at once give the single-call result.
    const Image img = astronaut();
    const std::vector<uint8_t> want = m_rvm->segment(img);
    std::vector<uint8_t> a, b;
    std::thread t1([&] { a = m_rvm->segment(img); });
    std::thread t2([&] { b = m_rvm->segment(img); });
    t1.join();
    t2.join();
    QVERIFY(a == want);
    QVERIFY(b == want);
}

void TestPersonMatte::missingModelsFailLoudly()
{
    QTemporaryDir empty;
    QVERIFY(!PersonMatte::available(empty.path().toStdString()));
    try {
        PersonMatte m(empty.path().toStdString());
        QFAIL("a models folder without human/ was accepted");
    } catch (const Error& e) {
        const QString msg = QString::fromStdString(e.what());
        QCOMPARE(int(e.kind()), int(ErrorKind::Input));
        QVERIFY2(msg.contains("human/rvm.json") && msg.contains("scripts/setup.sh"), qPrintable(msg));
    }
}

QTEST_GUILESS_MAIN(TestPersonMatte)
#include "test_person_matte.moc"
