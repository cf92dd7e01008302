// FaceMesh on real pixels: on the astronaut portrait (skimage, public domain) with face-api's detection box the
// 468 points land where a face's parts are (MediaPipe's canonical indices), the nose is nearer the camera than
// the cheeks, the irises sit inside the eyes, and the face score is high; a wall gives a low score; boxes at the photo's edge and degenerate
// inputs behave; missing model files fail with the file named. (Equality with tfjs: test_human_golden.)
#include "core/common/error.h"
#include "core/face/face_mesh.h"
#include "core/media/image_reader.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace emote;
using namespace emote::face;

namespace {

// face-api's SSD box on resources/samples/astronaut.png (tests/golden/faceapi/astronaut/expected.json).
const FaceBox kAstronautBox{181.11810302734375, 72.86064147949219, 83.27734375, 101.72221374511719};

Image astronaut()
{
    return media::readImage(qEnvironmentVariable("EMOTE_SOURCE_DIR").toStdString() + "/resources/samples/astronaut.png");
}

} // namespace

class TestFaceMesh : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void astronautMeshHasAFacesShape();
    void wallScoresLow();
    void edgesAndBadInput();
    void missingModelsFailLoudly();

private:
    std::unique_ptr<FaceMesh> m_mesh;
};

void TestFaceMesh::initTestCase()
{
    QVERIFY2(FaceMesh::available(), "the human models are missing: run scripts/setup.sh");
    m_mesh = std::make_unique<FaceMesh>();
}

void TestFaceMesh::astronautMeshHasAFacesShape()
{
    const FaceMeshFit fit = m_mesh->fitWithScore(astronaut(), kAstronautBox);
    QCOMPARE(fit.points.size(), size_t(FaceMesh::kPoints));
    QCOMPARE(fit.crop, (BoxI{152, 53, 142, 142})); // human's crop: 1.4× the box, squared, rounded
    QVERIFY2(fit.score > 0.9, qPrintable(QString::number(fit.score)));
    const auto& p = fit.points;
    const Point3F nose = p[1], chin = p[152], right_eye = p[33], left_eye = p[263], upper_lip = p[13],
                  lower_lip = p[14], right_cheek = p[234], left_cheek = p[454], forehead = p[10];
    qInfo("nose (%.1f, %.1f, %.1f), chin (%.1f, %.1f), eyes x %.1f / %.1f, cheeks z %.1f / %.1f", nose.x, nose.y,
          nose.z, chin.x, chin.y, right_eye.x, left_eye.x, right_cheek.z, left_cheek.z);
    // Inside the detection box (nose, eyes) or near it (chin, forehead).
    for (const Point3F& q : {nose, right_eye, left_eye, upper_lip}) {
        QVERIFY(q.x > kAstronautBox.x && q.x < kAstronautBox.right());
        QVERIFY(q.y > kAstronautBox.y && q.y < kAstronautBox.bottom());
    }
    QVERIFY(forehead.y < right_eye.y && right_eye.y < nose.y && nose.y < upper_lip.y && upper_lip.y < lower_lip.y &&
            lower_lip.y < chin.y);
    QVERIFY(right_eye.x < nose.x && nose.x < left_eye.x);   // the subject's right eye is on the image's left
    QVERIFY(right_cheek.x < right_eye.x && left_eye.x < left_cheek.x);
    QVERIFY(nose.z < right_cheek.z - 10 && nose.z < left_cheek.z - 10); // nose nearer the camera, by pixels
    const double eye_distance = std::hypot(left_eye.x - right_eye.x, left_eye.y - right_eye.y);
    QVERIFY(eye_distance > 0.4 * kAstronautBox.width && eye_distance < 0.9 * kAstronautBox.width);
    for (const Point3F& q : p)
        QVERIFY(std::isfinite(q.x) && std::isfinite(q.y) && std::isfinite(q.z));

    // Irises: each centre lies between its eye's corners and lids; the edge points surround it at a radius a
    // fraction of the eye's width (she looks into the camera, so the centres sit mid-eye).
    struct Eye {
        const std::array<Point3F, 5>& iris;
        int outer, inner, upper, lower;
    };
    for (const Eye& e : {Eye{fit.left_iris, 263, 362, 386, 374}, Eye{fit.right_iris, 33, 133, 159, 145}}) {
        const Point3F c = e.iris[0];
        const double x0 = std::min(p[size_t(e.outer)].x, p[size_t(e.inner)].x);
        const double x1 = std::max(p[size_t(e.outer)].x, p[size_t(e.inner)].x);
        const double eye_width = x1 - x0;
        qInfo("iris centre (%.1f, %.1f), eye x %.1f..%.1f, lids y %.1f..%.1f", c.x, c.y, x0, x1, p[size_t(e.upper)].y,
              p[size_t(e.lower)].y);
        QVERIFY(c.x > x0 + 0.25 * eye_width && c.x < x1 - 0.25 * eye_width);
        QVERIFY(c.y > p[size_t(e.upper)].y - 1 && c.y < p[size_t(e.lower)].y + 1);
        for (int k = 1; k < 5; ++k) {
            const double r = std::hypot(e.iris[size_t(k)].x - c.x, e.iris[size_t(k)].y - c.y);
            QVERIFY2(r > 0.1 * eye_width && r < 0.4 * eye_width, qPrintable(QString::number(r)));
        }
        QVERIFY(e.iris[2].y < c.y && e.iris[4].y > c.y); // up, down
    }
}

void TestFaceMesh::wallScoresLow()
{
    Image wall(512, 512);
    uint32_t s = 777;
    for (uint8_t& v : wall.rgb) {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        v = uint8_t(120 + int(s % 31));
    }
    const double score = m_mesh->fitWithScore(wall, kAstronautBox).score;
    qInfo("wall: face score %.4f", score);
    QVERIFY(score < 0.5);
}

void TestFaceMesh::edgesAndBadInput()
{
    const Image img = astronaut();
    // A box reaching past the top-left corner: the crop is black outside the photo, the points stay finite.
    const FaceMeshFit edge = m_mesh->fitWithScore(img, FaceBox{-40, -30, 90, 100});
    QCOMPARE(edge.points.size(), size_t(FaceMesh::kPoints));
    for (const Point3F& q : edge.points)
        QVERIFY(std::isfinite(q.x) && std::isfinite(q.y) && std::isfinite(q.z));
    QVERIFY(!test::inputErrorOf([&] { (void)m_mesh->fit(img, FaceBox{10, 10, 0, 20}); }).isEmpty());
    QVERIFY(!test::inputErrorOf([&] { (void)m_mesh->fit(Image{}, kAstronautBox); }).isEmpty());
}

void TestFaceMesh::missingModelsFailLoudly()
{
    QTemporaryDir empty;
    QVERIFY(!FaceMesh::available(empty.path().toStdString()));
    const QString msg = test::inputErrorOf([&] { FaceMesh m(empty.path().toStdString()); });
    QVERIFY2(msg.contains("human/facemesh.json") && msg.contains("scripts/setup.sh"), qPrintable(msg));
}

QTEST_GUILESS_MAIN(TestFaceMesh)
#include "test_face_mesh.moc"
