// The closed lips the Live rig draws must read as shut to a face model, not only to the eye: the dense face mesh
// (MediaPipe's, the one `emote evaluate` measures p/b/m closure with) fitted on the rendered frame puts its inner
// lip centres (13, 14) less than 5 % of the mouth's width apart (the evaluator's line). On the photos whose own
// lips are parted (sample1's open smile with teeth and its dark-lipstick face, the astronaut's smile), with
// face-api's golden landmarks and boxes, at the photos' own sizes.
#include "core/face/face_mesh.h"
#include "core/face/head_pose.h"
#include "core/live/face_rig.h"
#include "core/media/image_reader.h"
#include "test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace emote;

namespace {

struct GoldenFace {
    std::vector<face::PointF> landmarks;
    face::BoxF box;
};

GoldenFace goldenFace(const QString& case_dir, int index)
{
    QFile f(case_dir + QStringLiteral("expected.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const auto faces = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("faces")).toArray();
    const QJsonObject o = faces.at(index).toObject();
    GoldenFace g;
    for (const auto& p : o.value(QStringLiteral("landmarks68")).toArray())
        g.landmarks.push_back({p.toArray().at(0).toDouble(), p.toArray().at(1).toDouble()});
    const QJsonArray b = o.value(QStringLiteral("detection")).toObject().value(QStringLiteral("box")).toArray();
    g.box = {b.at(0).toDouble(), b.at(1).toDouble(), b.at(2).toDouble(), b.at(3).toDouble()};
    return g;
}

} // namespace

class TestClosedLipsRead : public QObject {
    Q_OBJECT
    std::unique_ptr<face::FaceMesh> m_mesh;

    // The mesh's lip gap (inner lip centres over inner corners) on IMG, fitted upright as the evaluator fits it.
    double meshGap(const Image& img, const GoldenFace& g) const
    {
        const auto m = m_mesh->fit(img, g.box, face::estimateHeadPose(g.landmarks).roll_deg * M_PI / 180.0);
        const auto d = [&](int p, int q) { return std::hypot(m[size_t(p)].x - m[size_t(q)].x, m[size_t(p)].y - m[size_t(q)].y); };
        return d(13, 14) / std::max(1e-6, d(78, 308));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(face::FaceMesh::available(), "the human models are missing: run scripts/setup.sh");
        m_mesh = std::make_unique<face::FaceMesh>();
    }

    void pressedLipsReadShut_data()
    {
        QTest::addColumn<QString>("case_name");
        QTest::addColumn<int>("face");
        QTest::addColumn<bool>("open_in_photo");
        QTest::newRow("sample1 right: open smile with teeth, rolled") << QStringLiteral("sample1") << 2 << true;
        QTest::newRow("sample1 middle: dark lipstick, parted") << QStringLiteral("sample1") << 1 << true;
        QTest::newRow("astronaut: smile with teeth") << QStringLiteral("astronaut") << 0 << true;
    }

    void pressedLipsReadShut()
    {
        QFETCH(QString, case_name);
        QFETCH(int, face);
        QFETCH(bool, open_in_photo);
        const QString dir = test::sourceDir() + QStringLiteral("/tests/golden/faceapi/") + case_name + QLatin1Char('/');
        const Image photo = media::readImage((dir + QStringLiteral("image.png")).toStdString());
        const GoldenFace g = goldenFace(dir, face);
        QCOMPARE(g.landmarks.size(), size_t(68));
        live::RigOptions ro;
        ro.face_mesh = m_mesh->fit(photo, g.box, face::estimateHeadPose(g.landmarks).roll_deg * M_PI / 180.0);
        const live::FaceRig rig(photo, g.landmarks, ro);
        QVERIFY2(rig.redrawsClosedLips(), "the photo's lips are parted: the closed lips are drawn from them");

        const double photo_gap = meshGap(photo, g);
        live::MotionFrame m;
        m.lip_close = 1.0f;
        m.lip_press = 1.0f;
        Image frame = photo;
        rig.render(m, frame);
        const double gap = meshGap(frame, g);
        qInfo("%s face %d: mesh lip gap %.3f in the photo, %.3f pressed", qPrintable(case_name), face, photo_gap, gap);
        if (open_in_photo)
            QVERIFY2(photo_gap > 0.05, "the photo's own parted lips must read open, or this test proves nothing");
        QVERIFY2(gap < 0.05, qPrintable(QStringLiteral("pressed lips read %1 of the mouth's width apart").arg(gap)));
    }
};

QTEST_GUILESS_MAIN(TestClosedLipsRead)
#include "test_closed_lips_read.moc"
