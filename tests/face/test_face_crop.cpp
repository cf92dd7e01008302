// Face crops, masks, paste-back and head pose on synthetic inputs (no models needed).
#include "core/common/error.h"
#include "core/face/face_crop.h"
#include "core/face/head_pose.h"

#include <QtTest>

#include <cmath>

using namespace emote;
using namespace emote::face;

namespace {

// A smooth, position-coding test photo: R grows with x, G with y, B with both.
Image gradient(int w, int h)
{
    Image img(w, h);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uint8_t* p = img.row(y) + 3 * x;
            p[0] = uint8_t(x * 255 / (w - 1));
            p[1] = uint8_t(y * 255 / (h - 1));
            p[2] = uint8_t((p[0] + p[1]) / 2);
        }
    return img;
}

// A frontal, upright 68-point face (iBUG layout) of width ~100 px centred at (cx, cy).
std::vector<PointF> frontalLandmarks(double cx, double cy, double s = 1.0)
{
    std::vector<PointF> p(68);
    for (int i = 0; i <= 16; ++i) { // jaw: a half ellipse from ear to ear through the chin
        const double t = M_PI * i / 16.0;
        p[size_t(i)] = {cx - 50 * s * std::cos(t), cy - 20 * s + 60 * s * std::sin(t)};
    }
    for (int i = 17; i <= 21; ++i)
        p[size_t(i)] = {cx - 40 * s + 7 * s * (i - 17), cy - 35 * s};
    for (int i = 22; i <= 26; ++i)
        p[size_t(i)] = {cx + 12 * s + 7 * s * (i - 22), cy - 35 * s};
    for (int i = 27; i <= 30; ++i)
        p[size_t(i)] = {cx, cy - 20 * s + 8 * s * (i - 27)};
    for (int i = 31; i <= 35; ++i)
        p[size_t(i)] = {cx - 10 * s + 5 * s * (i - 31), cy + 10 * s};
    for (int i = 36; i < 42; ++i) { // left eye ring
        const double a = 2 * M_PI * (i - 36) / 6.0;
        p[size_t(i)] = {cx - 25 * s + 8 * s * std::cos(a), cy - 20 * s + 3 * s * std::sin(a)};
    }
    for (int i = 42; i < 48; ++i) {
        const double a = 2 * M_PI * (i - 42) / 6.0;
        p[size_t(i)] = {cx + 25 * s + 8 * s * std::cos(a), cy - 20 * s + 3 * s * std::sin(a)};
    }
    // Mouth centre about 1.67 × the eye-to-nose-tip distance below the eyes (nose tip at 0.6 of eye→mouth).
    const double mouth_y = cy - 20 * s + (cy + 4 * s - (cy - 20 * s)) / 0.6;
    for (int i = 48; i < 68; ++i) {
        const double a = 2 * M_PI * (i - 48) / 20.0;
        p[size_t(i)] = {cx + 20 * s * std::cos(a), mouth_y + 6 * s * std::sin(a)};
    }
    return p;
}

std::vector<PointF> rotated(const std::vector<PointF>& pts, double deg, PointF c)
{
    const double a = deg * M_PI / 180.0;
    std::vector<PointF> out;
    for (const PointF& p : pts)
        out.push_back({c.x + (p.x - c.x) * std::cos(a) - (p.y - c.y) * std::sin(a),
                       c.y + (p.x - c.x) * std::sin(a) + (p.y - c.y) * std::cos(a)});
    return out;
}

} // namespace

class TestFaceCrop : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void squareCropMapsFaceToCentre();
    void cropPixelsFollowTransform();
    void shrinkingCropLeavesThePhotoAlone();
    void aspectAndOffsets();
    void edgePaddingModes();
    void shiftInsideNeverPads();
    void badOptionsAreUsageErrors();
    void faceRegionMaskCoversFace();
    void faceLocatorMaskIsUnionOfBoxes();
    void pasteCropRoundTrip();
    void headPoseRollYawPitch();
};

void TestFaceCrop::squareCropMapsFaceToCentre()
{
    const Image photo = gradient(800, 600);
    const BoxF face{300, 200, 100, 120};
    CropOptions opt;
    opt.expand = 2.0;
    opt.output_height_px = 256;
    const FaceCrop c = cropFace(photo, face, opt);
    QCOMPARE(c.image.width, 256);
    QCOMPARE(c.image.height, 256);
    QVERIFY(!c.padded);
    QCOMPARE(c.window.height, 240.0); // 2 × max(100, 120)
    const PointF centre = c.transform.toCrop(PointF{350, 260});
    QVERIFY(std::abs(centre.x - 128) < 1e-9 && std::abs(centre.y - 128) < 1e-9);
    const PointF back = c.transform.toImage(centre);
    QVERIFY(std::abs(back.x - 350) < 1e-9 && std::abs(back.y - 260) < 1e-9);
    QVERIFY(std::abs(c.transform.scale - 256.0 / 240.0) < 1e-12);
}

void TestFaceCrop::shrinkingCropLeavesThePhotoAlone()
{
    // A strong downscale low-passes the window's neighbourhood first; that blur must not land in the photo
    // (it did once: the Diffusion engine's face layout then softened the portrait on every run, so the next
    // face analysis of the same photo found a different face box).
    Image photo(400, 400);
    for (std::size_t i = 0; i < photo.rgb.size(); ++i)
        photo.rgb[i] = uint8_t((i * 7919) % 256); // sharp noise: any blur changes it
    const Image before = photo;
    CropOptions opt;
    opt.expand = 2.0;
    opt.output_height_px = 32; // scale ≈ 0.1: sigma well above the blur threshold
    const FaceCrop a = cropFace(photo, BoxF{120, 120, 150, 150}, opt);
    QVERIFY(photo.rgb == before.rgb);
    const FaceCrop b = cropFace(photo, BoxF{120, 120, 150, 150}, opt);
    QVERIFY(a.image.rgb == b.image.rgb);
}

void TestFaceCrop::cropPixelsFollowTransform()
{
    // Native scale: every crop pixel is the photo pixel the transform points at.
    const Image photo = gradient(300, 300);
    CropOptions opt;
    opt.expand = 1.0;
    opt.output_height_px = 0;
    const FaceCrop c = cropFace(photo, BoxF{100, 80, 60, 60}, opt);
    QCOMPARE(c.image.width, 60);
    for (int y = 0; y < c.image.height; y += 7)
        for (int x = 0; x < c.image.width; x += 7) {
            const PointF p = c.transform.toImage(PointF{x + 0.5, y + 0.5});
            const uint8_t* src = photo.row(int(p.y)) + 3 * int(p.x);
            const uint8_t* dst = c.image.row(y) + 3 * x;
            for (int ch = 0; ch < 3; ++ch)
                QVERIFY2(std::abs(int(src[ch]) - int(dst[ch])) <= 1, qPrintable(QStringLiteral("%1,%2").arg(x).arg(y)));
        }
}

void TestFaceCrop::aspectAndOffsets()
{
    const Image photo = gradient(1000, 1000);
    CropOptions opt;
    opt.aspect = 9.0 / 16.0;
    opt.expand = 3.0;
    opt.offset_y = 0.25; // show more below the face
    opt.output_height_px = 640;
    const FaceCrop c = cropFace(photo, BoxF{450, 400, 100, 100}, opt);
    QCOMPARE(c.image.height, 640);
    QCOMPARE(c.image.width, 360);
    QVERIFY(std::abs(c.window.width / c.window.height - 9.0 / 16.0) < 1e-12);
    QVERIFY(std::abs((c.window.y + c.window.height / 2) - (450 + 25)) < 1e-9); // centre moved down 0.25 face
}

void TestFaceCrop::edgePaddingModes()
{
    const Image photo = gradient(200, 200);
    const BoxF corner{0, 0, 60, 60}; // the window reaches past the top-left corner
    CropOptions opt;
    opt.expand = 2.0;
    opt.output_height_px = 0;
    opt.fill = BorderFill::Replicate;
    const FaceCrop rep = cropFace(photo, corner, opt);
    QVERIFY(rep.padded);
    QVERIFY(rep.window.x < 0 && rep.window.y < 0);
    // Replicated: the top-left crop pixel repeats photo pixel (0, 0).
    QCOMPARE(int(rep.image.row(0)[0]), 0);
    QCOMPARE(int(rep.image.row(0)[1]), 0);
    opt.fill = BorderFill::Reflect;
    const FaceCrop ref = cropFace(photo, corner, opt);
    // Mirrored: 30 px before the edge shows the pixel 30 px inside (crop (0, 40) is photo (-30, 10)).
    QVERIFY(std::abs(int(ref.image.row(40)[0]) - int(photo.row(10)[3 * 30])) <= 2);
    opt.fill = BorderFill::Constant;
    opt.fill_color = {10, 20, 30};
    const FaceCrop con = cropFace(photo, corner, opt);
    QCOMPARE(int(con.image.row(0)[0]), 10);
    QCOMPARE(int(con.image.row(0)[2]), 30);
}

void TestFaceCrop::shiftInsideNeverPads()
{
    const Image photo = gradient(200, 150);
    CropOptions opt;
    opt.fill = BorderFill::ShiftInside;
    opt.expand = 2.0;
    const FaceCrop near_edge = cropFace(photo, BoxF{150, 100, 40, 40}, opt);
    QVERIFY(!near_edge.padded);
    QVERIFY(near_edge.window.x >= 0 && near_edge.window.right() <= 200 + 1e-9);
    QVERIFY(near_edge.window.y >= 0 && near_edge.window.bottom() <= 150 + 1e-9);
    opt.expand = 10.0; // larger than the photo: shrunk to fit
    const FaceCrop huge = cropFace(photo, BoxF{80, 60, 40, 40}, opt);
    QVERIFY(!huge.padded);
    QVERIFY(std::abs(huge.window.height - 150) < 1e-9);
}

void TestFaceCrop::badOptionsAreUsageErrors()
{
    const Image photo = gradient(100, 100);
    CropOptions opt;
    opt.aspect = 0;
    QVERIFY_THROWS_EXCEPTION(Error, cropFace(photo, BoxF{10, 10, 20, 20}, opt));
    QVERIFY_THROWS_EXCEPTION(Error, cropFace(photo, BoxF{10, 10, 0, 0}));
    QVERIFY_THROWS_EXCEPTION(Error, faceRegionMask(100, 100, std::vector<PointF>(5)));
}

void TestFaceCrop::faceRegionMaskCoversFace()
{
    const auto lm = frontalLandmarks(200, 200);
    const Mask8 m = faceRegionMask(400, 400, lm);
    QCOMPARE(m.width, 400);
    QCOMPARE(int(m.at(200, 200)), 255);          // nose
    QCOMPARE(int(m.at(200, 160)), 255);          // between the brows
    QVERIFY(m.at(200, 150) > 200);              // forehead, above the brows (165), below its top (145)
    QCOMPARE(int(m.at(20, 20)), 0);              // far outside
    FaceMaskOptions no_forehead;
    no_forehead.include_forehead = false;
    no_forehead.feather_px = 0;
    const Mask8 tight = faceRegionMask(400, 400, lm, no_forehead);
    QCOMPARE(int(tight.at(200, 155)), 0);        // above the brows
    // Feathering leaves a soft edge: some pixels are neither 0 nor 255.
    int soft = 0;
    for (const uint8_t v : m.values)
        soft += v > 0 && v < 255;
    QVERIFY(soft > 100);
}

void TestFaceCrop::faceLocatorMaskIsUnionOfBoxes()
{
    const Mask8 m = faceLocatorMask(300, 200, {BoxF{10, 10, 50, 50}, BoxF{100, 20, 40, 40}, BoxF{280, 180, 40, 40}});
    QCOMPARE(int(m.at(30, 30)), 255);
    QCOMPARE(int(m.at(120, 40)), 255);
    QCOMPARE(int(m.at(80, 40)), 0); // between the boxes: not the bounding box of the union
    QCOMPARE(int(m.at(299, 199)), 255); // clipped at the frame edge
    QCOMPARE(int(m.at(5, 5)), 0);
    const Mask8 grown = faceLocatorMask(300, 200, {BoxF{100, 100, 20, 20}}, 2.0);
    QCOMPARE(int(grown.at(92, 92)), 255);
    QCOMPARE(int(grown.at(88, 88)), 0);
}

void TestFaceCrop::pasteCropRoundTrip()
{
    const Image photo = gradient(400, 300);
    CropOptions opt;
    opt.output_height_px = 400; // enlarged, then pasted back shrunk
    const FaceCrop c = cropFace(photo, BoxF{150, 100, 80, 80}, opt);
    const Image same = pasteCrop(photo, c.image, c.transform);
    double err = 0;
    for (size_t i = 0; i < photo.rgb.size(); ++i)
        err = std::max(err, double(std::abs(int(photo.rgb[i]) - int(same.rgb[i]))));
    QVERIFY2(err <= 6, qPrintable(QStringLiteral("round trip max error %1").arg(err)));

    // A black result pasted through a mask darkens only inside the mask.
    Image black(c.image.width, c.image.height);
    Mask8 mask(c.image.width, c.image.height);
    for (int y = 150; y < 250; ++y)
        for (int x = 150; x < 250; ++x)
            mask.values[size_t(y) * size_t(mask.width) + size_t(x)] = 255;
    const Image pasted = pasteCrop(photo, black, c.transform, &mask);
    const PointF inside = c.transform.toImage(PointF{200, 200});
    const PointF outside = c.transform.toImage(PointF{20, 20});
    QCOMPARE(int(pasted.row(int(inside.y))[3 * int(inside.x)]), 0);
    QCOMPARE(int(pasted.row(int(outside.y))[3 * int(outside.x)]), int(photo.row(int(outside.y))[3 * int(outside.x)]));
}

void TestFaceCrop::headPoseRollYawPitch()
{
    const auto lm = frontalLandmarks(200, 200);
    const HeadPose frontal = estimateHeadPose(lm);
    QVERIFY2(std::abs(frontal.roll_deg) < 0.5, qPrintable(QString::number(frontal.roll_deg)));
    QVERIFY2(std::abs(frontal.yaw_deg) < 2, qPrintable(QString::number(frontal.yaw_deg)));
    QVERIFY2(std::abs(frontal.pitch_deg) < 5, qPrintable(QString::number(frontal.pitch_deg)));

    const HeadPose tilted = estimateHeadPose(rotated(lm, 25, {200, 200}));
    QVERIFY2(std::abs(tilted.roll_deg - 25) < 0.5, qPrintable(QString::number(tilted.roll_deg)));
    QVERIFY2(std::abs(tilted.yaw_deg - frontal.yaw_deg) < 0.5, "roll leaks into yaw");

    auto turned = lm; // the nose (27..35) slides towards the image's right: a turn to the right
    for (int i = 27; i <= 35; ++i)
        turned[size_t(i)].x += 15;
    QVERIFY(estimateHeadPose(turned).yaw_deg > 10);
    auto down = lm; // the nose tip moves towards the mouth: looking down
    for (int i = 30; i <= 35; ++i)
        down[size_t(i)].y += 8;
    QVERIFY(estimateHeadPose(down).pitch_deg > 10);
    QVERIFY_THROWS_EXCEPTION(Error, estimateHeadPose(std::vector<PointF>(10)));
}

QTEST_GUILESS_MAIN(TestFaceCrop)
#include "test_face_crop.moc"
