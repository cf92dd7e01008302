// FaceAnalyzer behaviour beyond face-api parity: face order, huge photos, small faces, no face, grayscale
// input, identity distances, option errors. Uses the real models and the golden photos.
#include "core/common/error.h"
#include "core/face/face_analyzer.h"
#include "core/media/image_ops.h"
#include "core/media/image_reader.h"

#include <QtTest>

#include <cmath>
#include <memory>
#include <thread>

using namespace emote;
using namespace emote::face;

namespace {

QString goldenPhoto(const char* name)
{
    return qEnvironmentVariable("EMOTE_SOURCE_DIR") + QStringLiteral("/tests/golden/faceapi/%1/image.png").arg(name);
}

} // namespace

class TestFaceAnalyzer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void largestFirstByDefault();
    void hugePhotoIsDownscaledAndMappedBack();
    void smallFacesAreFlagged();
    void blankPhotoHasNoFace();
    void grayscalePhotoWorks();
    void identityDistances();
    void optionErrors();
    void concurrentCallsAgree();
    void givenBoxesSkipTheDetector();

private:
    std::unique_ptr<FaceAnalyzer> m_analyzer;
    Image m_sample1, m_astronaut;
};

void TestFaceAnalyzer::initTestCase()
{
    m_analyzer = std::make_unique<FaceAnalyzer>(FaceNets::defaultModelsDir(),
                                                kSsdMobilenetV1 | kTinyFaceDetector | kLandmark68 | kRecognition |
                                                    kExpression);
    m_sample1 = media::readImage(goldenPhoto("sample1").toStdString());
    m_astronaut = media::readImage(goldenPhoto("astronaut").toStdString());
}

void TestFaceAnalyzer::largestFirstByDefault()
{
    const FaceAnalysis by_size = m_analyzer->analyze(m_sample1);
    AnalyzeOptions opt;
    opt.order = FaceOrder::DetectorOrder;
    const FaceAnalysis by_score = m_analyzer->analyze(m_sample1, opt);
    QCOMPARE(by_size.faces.size(), size_t(3));
    QCOMPARE(by_score.faces.size(), size_t(3));
    for (size_t i = 1; i < by_size.faces.size(); ++i) {
        QVERIFY(by_size.faces[i - 1].box.area() >= by_size.faces[i].box.area());
        QVERIFY(by_score.faces[i - 1].score >= by_score.faces[i].score);
    }
    for (const Face& f : by_size.faces) {
        QCOMPARE(f.landmarks.size(), size_t(68));
        QCOMPARE(f.descriptor.size(), size_t(128));
        QVERIFY(f.has_expressions && f.has_pose && !f.small);
        QVERIFY(f.age_years < 0); // not asked for
        float sum = 0;
        for (const float p : f.expressions)
            sum += p;
        QVERIFY(std::abs(sum - 1.0f) < 1e-4f);
    }
    QVERIFY(by_size.warnings.empty());
}

void TestFaceAnalyzer::hugePhotoIsDownscaledAndMappedBack()
{
    const Image huge = media::resizeImage(m_sample1, m_sample1.width * 2, m_sample1.height * 2); // 3840 × 2560
    AnalyzeOptions opt;
    opt.order = FaceOrder::DetectorOrder;
    const FaceAnalysis small = m_analyzer->analyze(m_sample1, opt);
    const FaceAnalysis big = m_analyzer->analyze(huge, opt);
    QCOMPARE(big.image_width, 3840);
    QVERIFY(std::abs(big.analysis_scale - 2048.0 / 3840.0) < 1e-3);
    QVERIFY(!big.warnings.empty());
    QCOMPARE(big.faces.size(), small.faces.size());
    for (size_t i = 0; i < big.faces.size(); ++i) {
        const BoxF& b = big.faces[i].box;
        const BoxF& s = small.faces[i].box;
        const double tol = 0.05 * s.height * 2; // resampled twice: a few percent of the face
        QVERIFY2(std::abs(b.x - 2 * s.x) < tol && std::abs(b.y - 2 * s.y) < tol &&
                     std::abs(b.height - 2 * s.height) < tol,
                 qPrintable(QStringLiteral("face %1 box not mapped back").arg(i)));
        for (size_t k = 0; k < 68; ++k)
            QVERIFY(std::abs(big.faces[i].landmarks[k].x - 2 * small.faces[i].landmarks[k].x) < tol);
    }
}

void TestFaceAnalyzer::smallFacesAreFlagged()
{
    const Image tiny = media::resizeImage(m_astronaut, 160, 160); // the face becomes ~32 px tall
    const FaceAnalysis a = m_analyzer->analyze(tiny);
    QVERIFY2(!a.faces.empty(), "the downscaled astronaut should still be found");
    QVERIFY(a.faces.front().small);
    QVERIFY(a.faces.front().box.height < 48);
    QVERIFY(!a.warnings.empty());
    QVERIFY(QString::fromStdString(a.warnings.front()).contains(QStringLiteral("48 px")));
    QVERIFY(!m_analyzer->analyze(m_astronaut).faces.front().small);
}

void TestFaceAnalyzer::blankPhotoHasNoFace()
{
    Image blank(640, 480);
    std::fill(blank.rgb.begin(), blank.rgb.end(), uint8_t(128));
    QVERIFY(m_analyzer->analyze(blank).faces.empty());
    AnalyzeOptions tiny;
    tiny.detector = DetectorKind::Tiny;
    QVERIFY(m_analyzer->analyze(blank, tiny).faces.empty());
}

void TestFaceAnalyzer::grayscalePhotoWorks()
{
    // media::readImage hands grayscale files over as R = G = B.
    Image gray = m_astronaut;
    for (size_t i = 0; i < gray.rgb.size(); i += 3) {
        const auto y = uint8_t((299 * gray.rgb[i] + 587 * gray.rgb[i + 1] + 114 * gray.rgb[i + 2] + 500) / 1000);
        gray.rgb[i] = gray.rgb[i + 1] = gray.rgb[i + 2] = y;
    }
    const FaceAnalysis a = m_analyzer->analyze(gray);
    QCOMPARE(a.faces.size(), size_t(1));
    const FaceAnalysis colour = m_analyzer->analyze(m_astronaut);
    QVERIFY(identityDistance(a.faces[0].descriptor, colour.faces[0].descriptor) < kSameIdentityDistance);
}

void TestFaceAnalyzer::identityDistances()
{
    AnalyzeOptions ssd;
    ssd.order = FaceOrder::DetectorOrder;
    const FaceAnalysis a = m_analyzer->analyze(m_sample1, ssd);
    QCOMPARE(a.faces.size(), size_t(3));
    // Three different people.
    for (size_t i = 0; i < 3; ++i)
        for (size_t j = i + 1; j < 3; ++j)
            QVERIFY(identityDistance(a.faces[i].descriptor, a.faces[j].descriptor) > kSameIdentityDistance);
    // The same face reached through the other detector: same person.
    AnalyzeOptions tiny = ssd;
    tiny.detector = DetectorKind::Tiny;
    const FaceAnalysis t = m_analyzer->analyze(m_astronaut, tiny);
    const FaceAnalysis s = m_analyzer->analyze(m_astronaut, ssd);
    QVERIFY(identityDistance(t.faces[0].descriptor, s.faces[0].descriptor) < 0.3);
    QCOMPARE(identityDistance(s.faces[0].descriptor, s.faces[0].descriptor), 0.0);
    QVERIFY_THROWS_EXCEPTION(Error, identityDistance({1.0f, 2.0f}, {1.0f}));
}

void TestFaceAnalyzer::optionErrors()
{
    const FaceAnalyzer ssd_only(FaceNets::defaultModelsDir(), kSsdMobilenetV1);
    AnalyzeOptions opt;
    opt.stages = 0; // detection only: needs no landmark net
    QCOMPARE(ssd_only.analyze(m_astronaut, opt).faces.size(), size_t(1));
    QVERIFY(ssd_only.analyze(m_astronaut, opt).faces[0].landmarks.empty());
    auto expectUsage = [&](const AnalyzeOptions& o) {
        try {
            ssd_only.analyze(m_astronaut, o);
            QFAIL("expected a usage error");
        } catch (const Error& e) {
            QCOMPARE(int(e.kind()), int(ErrorKind::Usage));
        }
    };
    AnalyzeOptions tiny = opt;
    tiny.detector = DetectorKind::Tiny;
    expectUsage(tiny);
    AnalyzeOptions landmarks;
    expectUsage(landmarks);
    AnalyzeOptions bad = opt;
    bad.min_confidence = 1.5;
    expectUsage(bad);
    bad = opt;
    bad.tiny_input_size = 100;
    expectUsage(bad);
}

void TestFaceAnalyzer::concurrentCallsAgree()
{
    // analyze() is const and documented safe to call from several threads on one analyzer.
    std::vector<FaceAnalysis> results(4);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < results.size(); ++i)
        threads.emplace_back([&, i] { results[i] = m_analyzer->analyze(i % 2 ? m_astronaut : m_sample1); });
    for (auto& t : threads)
        t.join();
    for (size_t i = 2; i < results.size(); ++i) {
        QCOMPARE(results[i].faces.size(), results[i - 2].faces.size());
        for (size_t f = 0; f < results[i].faces.size(); ++f)
            QVERIFY(identityDistance(results[i].faces[f].descriptor, results[i - 2].faces[f].descriptor) < 1e-5);
    }
}

// Landmarks for given boxes (face-api's detectFaceLandmarks on given detections): the detector's own box gives its
// own landmarks; a box moved by 2 px moves them along (they follow the box: why the evaluator holds its box still).
void TestFaceAnalyzer::givenBoxesSkipTheDetector()
{
    AnalyzeOptions lm;
    lm.stages = kStageLandmarks;
    const FaceAnalysis found = m_analyzer->analyze(m_astronaut, lm);
    QVERIFY(!found.faces.empty());
    const Face& f = found.faces.front();
    lm.boxes = {f.box};
    const FaceAnalysis same = m_analyzer->analyze(m_astronaut, lm);
    QCOMPARE(same.faces.size(), size_t(1));
    QCOMPARE(same.faces.front().score, 1.0);
    double d = 0;
    for (size_t k = 0; k < 68; ++k)
        d = std::max(d, std::hypot(same.faces.front().landmarks[k].x - f.landmarks[k].x,
                                   same.faces.front().landmarks[k].y - f.landmarks[k].y));
    QVERIFY2(d < 1e-3, qPrintable(QString::number(d)));
    lm.boxes = {BoxF{f.box.x + 2, f.box.y, f.box.width, f.box.height}};
    const FaceAnalysis moved = m_analyzer->analyze(m_astronaut, lm);
    double dx = 0;
    for (size_t k = 0; k < 68; ++k)
        dx += moved.faces.front().landmarks[k].x - f.landmarks[k].x;
    dx /= 68;
    QVERIFY2(dx > 0.2 && dx < 2.5, qPrintable(QString::number(dx)));
}

QTEST_GUILESS_MAIN(TestFaceAnalyzer)
#include "test_face_analyzer.moc"
