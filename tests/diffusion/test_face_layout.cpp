// The Diffusion engine's face framing (core/diffusion/face_layout.h) on synthetic analyses: -1 takes the largest
// face, an index takes that detection, an index past the faces is a Usage error naming the count, no face falls
// back to a centred crop with a notice, and the boxes follow the face (face box grown by Hallo's 1.2, the lips
// from the mouth landmarks, everything inside the frame even for a face at the photo's edge).
#include "core/common/error.h"
#include "core/diffusion/face_layout.h"

#include <QtTest>

using namespace emote;
using diffusion::NormBox;

namespace {

// A face box with 68 landmarks spread over it; the mouth (48-67) in the lower middle.
face::Face makeFace(double x, double y, double size)
{
    face::Face f;
    f.score = 0.9;
    f.box = {x, y, size, size};
    for (int i = 0; i < 68; ++i) {
        const bool mouth = i >= 48;
        const double u = (i % 10) / 9.0, v = (i / 10) / 6.0;
        f.landmarks.push_back(mouth ? face::PointF{x + size * (0.35 + 0.3 * u), y + size * (0.7 + 0.15 * (i % 2))}
                                    : face::PointF{x + size * u, y + size * v * 0.65});
    }
    return f;
}

Image photo(int w, int h)
{
    Image img(w, h);
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = std::uint8_t(i * 7 % 251);
    return img;
}

bool inside(const NormBox& inner, const NormBox& outer)
{
    return inner.x0 >= outer.x0 - 1e-9 && inner.y0 >= outer.y0 - 1e-9 && inner.x1 <= outer.x1 + 1e-9 &&
           inner.y1 <= outer.y1 + 1e-9;
}

bool valid(const NormBox& b) { return 0 <= b.x0 && b.x0 < b.x1 && b.x1 <= 1 && 0 <= b.y0 && b.y0 < b.y1 && b.y1 <= 1; }

} // namespace

class TestFaceLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void largestFaceByDefault()
    {
        const Image img = photo(800, 600);
        const std::vector<face::Face> faces{makeFace(60, 100, 80), makeFace(420, 150, 200)}; // detection order
        const auto l = diffusion::planFaceLayout(img, faces, -1, 64, 64, "two.png");
        QVERIFY(l.found);
        QCOMPARE(l.face_index, 1);
        QVERIFY(l.notice.empty());
        QCOMPARE(l.reference.width, 64);
        QCOMPARE(l.reference.height, 64);
        QVERIFY(valid(l.face) && valid(l.full) && valid(l.lip));
        // The face is centred horizontally and fills about half of the frame (1.2 × 1/2 after Hallo's expand).
        QVERIFY(std::abs((l.face.x0 + l.face.x1) / 2 - 0.5) < 0.03);
        QVERIFY(std::abs((l.face.x1 - l.face.x0) - 0.6) < 0.05);
        // The lips lie inside the face region, below its centre; the face inside the full (head) region.
        QVERIFY(inside(l.lip, l.face));
        QVERIFY(l.lip.y0 > (l.face.y0 + l.face.y1) / 2);
        QVERIFY(inside(l.face, l.full));
    }

    void faceIndexPicksThatDetection()
    {
        const Image img = photo(800, 600);
        const std::vector<face::Face> faces{makeFace(60, 100, 80), makeFace(420, 150, 200)};
        const auto big = diffusion::planFaceLayout(img, faces, 1, 64, 64, "two.png");
        const auto small = diffusion::planFaceLayout(img, faces, 0, 64, 64, "two.png");
        QCOMPARE(small.face_index, 0);
        QVERIFY(small.found);
        QVERIFY(small.reference.rgb != big.reference.rgb); // a different crop of the photo
        try {
            diffusion::planFaceLayout(img, faces, 2, 64, 64, "two.png");
            QFAIL("face index 2 of 2 faces was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
            QVERIFY2(std::string(e.what()).find("has 2 faces") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("two.png") != std::string::npos, e.what());
        }
    }

    void noFaceFallsBackWithANotice()
    {
        const Image img = photo(300, 200);
        const auto l = diffusion::planFaceLayout(img, {}, -1, 64, 48, "landscape.jpg");
        QVERIFY(!l.found);
        QCOMPARE(l.face_index, -1);
        QVERIFY(l.notice.find("no face found in 'landscape.jpg'") != std::string::npos);
        QCOMPARE(l.reference.width, 64);
        QCOMPARE(l.reference.height, 48);
        QVERIFY(valid(l.face) && valid(l.lip) && valid(l.full));
        // An explicit index without faces is the same fallback, not an error.
        QVERIFY(!diffusion::planFaceLayout(img, {}, 3, 64, 48, "landscape.jpg").found);
    }

    void faceAtTheEdgeStaysInsideTheFrame()
    {
        const Image img = photo(400, 400);
        const auto l = diffusion::planFaceLayout(img, {makeFace(330, 5, 90)}, -1, 64, 64, "edge.png");
        QVERIFY(l.found);
        QCOMPARE(l.reference.width, 64);
        QVERIFY(valid(l.face) && valid(l.full) && valid(l.lip));
        QVERIFY(inside(l.lip, l.face));
    }
};

QTEST_GUILESS_MAIN(TestFaceLayout)
#include "test_face_layout.moc"
