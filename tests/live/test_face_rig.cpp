// The Live engine's rig on the astronaut portrait with face-api's own landmarks (golden data): rest pose is
// the photo, the background never moves, the mouth opens into a dark cavity with teeth, lips close, eyes blink.
#include "core/live/background_plate.h"
#include "core/live/face_rig.h"
#include "core/live/mouth_renderer.h"
#include "core/media/image_reader.h"
#include "test_support.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <cstring>

using namespace emote;

namespace {

double luma(const Image& img, double x, double y, int r = 1)
{
    double s = 0;
    int n = 0;
    for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
            const int xx = std::clamp(int(x) + dx, 0, img.width - 1), yy = std::clamp(int(y) + dy, 0, img.height - 1);
            const uint8_t* p = img.row(yy) + xx * 3;
            s += 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
            ++n;
        }
    return s / n;
}

void save(const Image& img, const QString& name)
{
    const QString dir = qEnvironmentVariable("EMOTE_TEST_ARTIFACTS");
    if (dir.isEmpty())
        return;
    QImage(img.rgb.data(), img.width, img.height, img.width * 3, QImage::Format_RGB888).save(dir + QLatin1Char('/') + name);
}

} // namespace

std::vector<face::PointF> landmarksOf(const QString& case_dir, int face)
{
    QFile f(case_dir + QStringLiteral("expected.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const auto faces = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("faces")).toArray();
    std::vector<face::PointF> out;
    for (const auto& p : faces.at(face).toObject().value(QStringLiteral("landmarks68")).toArray())
        out.push_back({p.toArray().at(0).toDouble(), p.toArray().at(1).toDouble()});
    return out;
}

cv::Mat matOf(Image& img) { return cv::Mat(img.height, img.width, CV_8UC3, img.rgb.data()); }

// The F32 tensor NAME of a safetensors file (8-byte header length, JSON header, raw little-endian data).
std::vector<float> safetensorF32(const QString& file, const QString& name)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray all = f.readAll();
    if (all.size() < 8)
        return {};
    quint64 n = 0;
    std::memcpy(&n, all.constData(), 8);
    const QJsonObject h = QJsonDocument::fromJson(all.mid(8, qsizetype(n))).object();
    const QJsonArray off = h.value(name).toObject().value(QStringLiteral("data_offsets")).toArray();
    if (off.size() != 2)
        return {};
    const qsizetype a = 8 + qsizetype(n) + off[0].toInteger(), b = 8 + qsizetype(n) + off[1].toInteger();
    std::vector<float> out(size_t(b - a) / 4);
    std::memcpy(out.data(), all.constData() + a, size_t(b - a));
    return out;
}

class TestFaceRig : public QObject {
    Q_OBJECT
    Image m_photo;
    std::vector<face::PointF> m_landmarks;

private Q_SLOTS:
    void initTestCase()
    {
        const QString dir = test::sourceDir() + QStringLiteral("/tests/golden/faceapi/astronaut/");
        m_photo = media::readImage((dir + QStringLiteral("image.png")).toStdString());
        QFile f(dir + QStringLiteral("expected.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto faces = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("faces")).toArray();
        QVERIFY(!faces.isEmpty());
        for (const auto& p : faces.first().toObject().value(QStringLiteral("landmarks68")).toArray())
            m_landmarks.push_back({p.toArray().at(0).toDouble(), p.toArray().at(1).toDouble()});
        QCOMPARE(m_landmarks.size(), size_t(68));
    }

    void restPoseIsThePhoto()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        Image frame = m_photo;
        rig.render(live::MotionFrame{}, frame);
        int max_diff = 0;
        for (size_t i = 0; i < frame.rgb.size(); ++i)
            max_diff = std::max(max_diff, std::abs(int(frame.rgb[i]) - int(m_photo.rgb[i])));
        QVERIFY2(max_diff <= 2, qPrintable(QString::number(max_diff)));
    }

    void backgroundNeverMoves()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        live::MotionFrame m;
        m.jaw = 1;
        m.head_yaw = 0.15f;
        m.head_pitch = 0.1f;
        m.head_roll = 0.08f;
        m.head_dx = 0.04f;
        m.head_dy = 0.03f;
        m.brow = 1;
        Image frame = m_photo;
        rig.render(m, frame);
        save(frame, QStringLiteral("rig_extreme.png"));
        const auto r = rig.region();
        QVERIFY(r.width > 100 && r.height > 100);
        for (int y = 0; y < frame.height; ++y)
            for (int x = 0; x < frame.width; ++x) {
                const bool inside = x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
                if (!inside)
                    QVERIFY(std::memcmp(frame.row(y) + x * 3, m_photo.row(y) + x * 3, 3) == 0);
            }
        // The region border too stays put (the warp is pinned there): no seam when pasted back.
        int max_diff = 0;
        for (int x = r.x; x < r.x + r.width; ++x)
            for (int y : {r.y, r.y + r.height - 1})
                for (int c = 0; c < 3; ++c)
                    max_diff = std::max(max_diff, std::abs(int(frame.row(y)[x * 3 + c]) - int(m_photo.row(y)[x * 3 + c])));
        QVERIFY2(max_diff <= 3, qPrintable(QString::number(max_diff)));
    }

    void mouthOpensIntoACavity()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        live::MotionFrame m;
        m.jaw = 1.0f;
        Image open = m_photo;
        rig.render(m, open);
        save(open, QStringLiteral("rig_jaw.png"));
        const auto L = rig.animatedLandmarks(m);
        // Inner lips apart by a good part of the mouth width.
        const double mw = L[54].x - L[48].x;
        QVERIFY((L[66].y - L[62].y) > 0.25 * mw);
        // Between the teeth band and the lower lip it is dark (cavity or tongue), darker than the lips.
        const double cx = L[66].x, cy = L[62].y + 0.65 * (L[66].y - L[62].y);
        QVERIFY2(luma(open, cx, cy) < 0.6 * luma(m_photo, L[57].x, L[57].y),
                 qPrintable(QStringLiteral("%1 vs %2").arg(luma(open, cx, cy)).arg(luma(m_photo, L[57].x, L[57].y))));
        // Upper teeth: bright just below the upper inner lip.
        QVERIFY(luma(open, L[62].x, L[62].y + 2.5, 0) > 120);
        // The chin went down with the jaw.
        QVERIFY(L[8].y > m_landmarks[8].y + 0.15 * mw);
    }

    // The astronaut smiles with her upper teeth showing: those pixels are the rig's teeth. When the jaw drops
    // they stay under the upper lip, the gap is cavity, and no second row appears along the lower lip.
    void photoTeethAreTheRigsTeeth()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        QVERIFY(rig.usesPhotoMouth());
        live::MotionFrame m;
        m.jaw = 1.0f;
        Image open = m_photo;
        rig.render(m, open);
        const auto L = rig.animatedLandmarks(m);
        const double teeth = luma(open, L[62].x, L[62].y + 2.5, 0);
        QVERIFY2(teeth > 150, qPrintable(QString::number(teeth)));
        // Just above the lower lip: the lower lip's own inner edge or cavity, not bright teeth.
        const double low = luma(open, L[66].x, L[66].y - 2.0, 0);
        QVERIFY2(low < 0.6 * teeth, qPrintable(QStringLiteral("%1 vs teeth %2").arg(low).arg(teeth)));
    }

    // A face with closed lips (dark lipstick and a highlight on the lower lip: sample1's middle face) gets
    // synthetic teeth when the jaw opens, in an anatomical palette: the cavity is warm and dark, never the
    // lipstick's purple.
    void closedLipsGetSyntheticTeeth()
    {
        const QString dir = test::sourceDir() + QStringLiteral("/tests/golden/faceapi/sample1/");
        Image photo = media::readImage((dir + QStringLiteral("image.png")).toStdString());
        const auto lm = landmarksOf(dir, 1);
        QCOMPARE(lm.size(), size_t(68));
        live::FaceRig rig(photo, lm);
        QVERIFY(!rig.usesPhotoMouth());
        live::MotionFrame m;
        m.jaw = 1.0f;
        Image open = photo;
        rig.render(m, open);
        save(open, QStringLiteral("rig_sample1_jaw.png"));
        const auto L = rig.animatedLandmarks(m);
        const double gap = L[66].y - L[62].y;
        QVERIFY(gap > 8);
        // Teeth under the upper lip: brighter than the cavity in the middle of the opening.
        const double teeth = luma(open, L[62].x, L[62].y + 0.12 * gap, 0);
        const double cavity = luma(open, L[62].x, L[62].y + 0.55 * gap, 0);
        QVERIFY2(teeth > cavity + 40, qPrintable(QStringLiteral("teeth %1 cavity %2").arg(teeth).arg(cavity)));
        const uint8_t* c = open.row(int(L[62].y + 0.55 * gap)) + int(L[62].x) * 3;
        QVERIFY2(c[0] >= c[2], qPrintable(QStringLiteral("cavity %1,%2,%3").arg(c[0]).arg(c[1]).arg(c[2])));
    }

    // With a person matte, what is not person never moves, however far the head goes.
    void backgroundStaysBehindThePerson()
    {
        Image photo = m_photo;
        const auto box_w = m_landmarks[16].x - m_landmarks[0].x;
        std::vector<uint8_t> alpha(size_t(photo.width) * size_t(photo.height), 0);
        cv::Mat a(photo.height, photo.width, CV_8U, alpha.data());
        const cv::Point centre(int((m_landmarks[0].x + m_landmarks[16].x) / 2), int(m_landmarks[27].y));
        cv::ellipse(a, centre, cv::Size(int(box_w * 0.75), int(box_w * 1.1)), 0, 0, 360, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
        live::RigOptions o;
        o.person_alpha = alpha;
        live::FaceRig rig(photo, m_landmarks, o);
        QVERIFY(rig.layered());
        live::MotionFrame m;
        m.head_yaw = 0.2f;
        m.head_roll = 0.1f;
        m.head_dx = 0.05f;
        m.jaw = 0.8f;
        Image frame = photo;
        rig.render(m, frame);
        save(frame, QStringLiteral("rig_layered.png"));
        // Beyond the farthest the head can reach (the person's outline moved by under 30 px here), inside the
        // rig's region: the warp alone would have dragged these pixels along.
        cv::Mat grown;
        cv::dilate(a > 0, grown, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(61, 61)));
        const auto r = rig.region();
        int moved = 0, checked = 0;
        for (int y = r.y; y < r.y + r.height; ++y)
            for (int x = r.x; x < r.x + r.width; ++x)
                if (!grown.at<uint8_t>(y, x)) {
                    ++checked;
                    moved += std::memcmp(frame.row(y) + x * 3, photo.row(y) + x * 3, 3) != 0;
                }
        QVERIFY2(checked > 5000, qPrintable(QString::number(checked)));
        QVERIFY2(moved == 0, qPrintable(QStringLiteral("%1 background pixels changed").arg(moved)));
        // ... while the head did move.
        QVERIFY(std::memcmp(frame.rgb.data(), photo.rgb.data(), frame.rgb.size()) != 0);
    }

    // Turns are 3D: the nose travels further than the face's outline, and the far side narrows.
    void headTurnsIn3D()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        live::MotionFrame m;
        m.head_yaw = 0.2f;
        const auto L = rig.animatedLandmarks(m);
        const auto& S = m_landmarks;
        const double nose = L[30].x - S[30].x, outline = (L[0].x - S[0].x + L[16].x - S[16].x) / 2;
        QVERIFY2(nose > outline + 2.0, qPrintable(QStringLiteral("nose %1 outline %2").arg(nose).arg(outline)));
        QVERIFY((L[16].x - L[0].x) < (S[16].x - S[0].x) - 0.5);
        // A dense mesh gives the depths: a flat one (every point at the same depth) moves the face as a card.
        std::vector<face::Point3F> flat;
        for (int k = 0; k < 468; ++k) {
            const auto& p = S[size_t(k % 68)];
            flat.push_back({p.x + 0.01 * (k / 68), p.y, 0.0});
        }
        live::RigOptions o;
        o.face_mesh = flat;
        live::FaceRig card(m_photo, m_landmarks, o);
        QVERIFY(card.denseDepth());
        const auto C = card.animatedLandmarks(m);
        QVERIFY2(std::abs((C[30].x - S[30].x) - (C[0].x - S[0].x)) < 1.0, "a flat mesh still had parallax");
    }

    void fillAndGrain()
    {
        // A horizontal ramp with a hole: the fill continues the ramp from both sides; known pixels stay.
        cv::Mat img(64, 96, CV_8UC3), known(64, 96, CV_8U, cv::Scalar(255));
        for (int y = 0; y < img.rows; ++y)
            for (int x = 0; x < img.cols; ++x)
                img.at<cv::Vec3b>(y, x) = cv::Vec3b(uint8_t(x * 2), 100, uint8_t(200 - x));
        cv::rectangle(known, cv::Rect(30, 20, 24, 20), cv::Scalar(0), cv::FILLED);
        cv::Mat holed = img.clone();
        holed(cv::Rect(30, 20, 24, 20)).setTo(cv::Scalar(255, 0, 255));
        const cv::Mat filled = live::fillFromSurroundings(holed, known);
        for (int y = 0; y < img.rows; ++y)
            for (int x = 0; x < img.cols; ++x) {
                const cv::Vec3b f = filled.at<cv::Vec3b>(y, x), t = img.at<cv::Vec3b>(y, x);
                if (known.at<uint8_t>(y, x))
                    QVERIFY(f == t);
                else
                    QVERIFY2(std::abs(int(f[0]) - int(t[0])) < 24 && std::abs(int(f[1]) - 100) < 4,
                             qPrintable(QStringLiteral("(%1,%2): %3 vs %4").arg(x).arg(y).arg(f[0]).arg(t[0])));
            }
        // The grain estimate finds the noise a plate was given.
        cv::Mat flat(200, 200, CV_8UC3, cv::Scalar(120, 110, 100)), noise(flat.size(), CV_32FC3);
        cv::randn(noise, 0, 5);
        cv::Mat noisy;
        flat.convertTo(noisy, CV_32FC3);
        noisy += noise;
        noisy.convertTo(noisy, CV_8UC3);
        const double g = live::estimateGrain(noisy);
        QVERIFY2(g > 3.5 && g < 6.5, qPrintable(QString::number(g)));
        QVERIFY(live::estimateGrain(flat) < 0.5);
    }

    // A blink closes the lid over the eye: with the dense mesh's eye outlines (the golden FaceMesh of this photo)
    // no iris shows in a closed eye — where the iris was, the frame is lid skin (face-api's eye points sit on the
    // iris here, and lids closed onto them left it showing), and half-closed the eyeball is cut, not squeezed.
    void closedLidsHideTheIris()
    {
        const QString dir = test::sourceDir() + QStringLiteral("/tests/golden/human/facemesh-astronaut/");
        const std::vector<float> mesh = safetensorF32(dir + QStringLiteral("tensors.safetensors"), QStringLiteral("mesh"));
        const std::vector<float> iris = safetensorF32(dir + QStringLiteral("tensors.safetensors"), QStringLiteral("iris"));
        QCOMPARE(mesh.size(), size_t(468 * 3));
        QCOMPARE(iris.size(), size_t(10 * 3));
        live::RigOptions o;
        for (size_t k = 0; k < 468; ++k)
            o.face_mesh.push_back({mesh[3 * k], mesh[3 * k + 1], mesh[3 * k + 2]});
        live::FaceRig rig(m_photo, m_landmarks, o);
        Image closed = m_photo;
        live::MotionFrame m;
        m.blink_l = m.blink_r = 1.0f;
        rig.render(m, closed);
        save(closed, QStringLiteral("rig_blink_mesh.png"));
        // The skin just under the brows, the iris centres (iris tensor: the left eye's 5 points, then the right's).
        const double skin = (luma(m_photo, m_landmarks[19].x, m_landmarks[19].y + 0.35 * (m_landmarks[37].y - m_landmarks[19].y), 2) +
                             luma(m_photo, m_landmarks[24].x, m_landmarks[24].y + 0.35 * (m_landmarks[44].y - m_landmarks[24].y), 2)) / 2;
        for (int e = 0; e < 2; ++e) {
            const double x = iris[size_t(e * 15)], y = iris[size_t(e * 15 + 1)];
            const double before = luma(m_photo, x, y, 1), after = luma(closed, x, y, 1);
            QVERIFY2(before < 0.6 * skin, qPrintable(QStringLiteral("eye %1: no dark iris in the photo (%2 vs skin %3)").arg(e).arg(before).arg(skin)));
            // Lid skin, with the photo's lashes come down along its edge (0.37 of the skin's level with face-api's eye
            // points, 0.65 with the mesh's).
            QVERIFY2(after > 0.55 * skin, qPrintable(QStringLiteral("eye %1: iris still shows through the closed lid (%2 vs skin %3)").arg(e).arg(after).arg(skin)));
        }
    }

    void lipsCloseForBilabials()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        live::MotionFrame m;
        m.lip_close = 1.0f;
        m.lip_press = 1.0f;
        const auto L = rig.animatedLandmarks(m);
        for (int k = 0; k < 3; ++k)
            QVERIFY2(std::abs(L[size_t(67 - k)].y - L[size_t(61 + k)].y) < 0.5, "inner lips do not meet");
        Image frame = m_photo;
        rig.render(m, frame);
        save(frame, QStringLiteral("rig_closed.png"));
        // Pressed, not merely touching: the lower lip rolls up with its inner edge, so the closed lips are
        // thinner than the photo's (a stretched lower lip under the seam reads as a mouth slightly open).
        const auto& S = m_landmarks;
        QVERIFY2((L[57].y - L[51].y) < 0.55 * (S[57].y - S[51].y), // 0.63 when the lower lip only stretched
                 qPrintable(QStringLiteral("outer lip height %1 vs photo %2").arg(L[57].y - L[51].y).arg(S[57].y - S[51].y)));
        // No tooth left inside the closed lips: the photo's teeth (bright, little red) are all covered.
        const auto closedLuma = [&](double x, double y) { return luma(frame, x, y, 0); };
        const double lip_luma = luma(m_photo, S[57].x, S[57].y - 2, 1);
        int teeth = 0, inside = 0;
        for (int x = int(L[48].x) + 2; x < int(L[54].x) - 1; ++x) {
            // Between the outer lip lines at this x (linear between the landmarks of each contour).
            auto at = [&](std::initializer_list<int> idx) {
                std::vector<face::PointF> c;
                for (int i : idx)
                    c.push_back(L[size_t(i)]);
                for (size_t i = 1; i < c.size(); ++i)
                    if (x <= c[i].x)
                        return c[i - 1].y + (x - c[i - 1].x) / std::max(1e-6, c[i].x - c[i - 1].x) * (c[i].y - c[i - 1].y);
                return c.back().y;
            };
            const double top = at({48, 49, 50, 51, 52, 53, 54}), bottom = at({48, 59, 58, 57, 56, 55, 54});
            for (int y = int(std::ceil(top)) + 1; y < int(bottom) - 1; ++y) {
                const uint8_t* p = frame.row(y) + x * 3;
                const double chroma = p[0] - 0.5 * (p[1] + p[2]);
                ++inside;
                teeth += closedLuma(x, y) > lip_luma + 25 && chroma < 20;
            }
        }
        qInfo() << "closed lips:" << teeth << "tooth pixels of" << inside << "; seam luma" << luma(frame, L[62].x, (L[62].y + L[66].y) / 2, 0)
                << "lips" << luma(frame, L[51].x, (L[62].y + L[66].y) / 2 - 0.3 * (L[57].y - L[51].y), 0)
                << luma(frame, L[57].x, (L[62].y + L[66].y) / 2 + 0.3 * (L[57].y - L[51].y), 0);
        QVERIFY(inside > 50);
        QVERIFY2(teeth <= inside / 100, qPrintable(QStringLiteral("%1 tooth pixels of %2").arg(teeth).arg(inside)));
        // A seam: where the lips meet it is clearly darker than the lips above and below it (the earlier faint
        // line, 0.7 of the lips, went with the face model reading these closed lips as slightly open).
        const double seam_y = (L[62].y + L[66].y) / 2;
        const double thick = L[57].y - L[51].y;
        QVERIFY2(luma(frame, L[62].x, seam_y, 0) < 0.62 * std::min(luma(frame, L[51].x, seam_y - 0.3 * thick, 0),
                                                                 luma(frame, L[57].x, seam_y + 0.3 * thick, 0)),
                 "no visible seam between the closed lips");
    }

    // A head rolled ~45° with an open smile (sample1's right face). Pressed lips are drawn again from the photo's
    // own lip bands: no tooth-coloured pixel in or around the closed mouth, the closed lips keep the photo's lip
    // colour and saturation — also when face-api's inner lip points lie on the teeth short of the corners, where
    // the lip-coloured band over the seam left greyish teeth at both corners (9.4 % of the closed lips greyer
    // than lips, against 3.0 % now). A closed-lipped photo (sample2's right face) is not taken for parted lips.
    void closedSmileIsMadeFromThePhotosLips()
    {
        const QString dir1 = test::sourceDir() + QStringLiteral("/tests/golden/faceapi/sample1/");
        const Image photo = media::readImage((dir1 + QStringLiteral("image.png")).toStdString());
        const auto S = landmarksOf(dir1, 2);
        QCOMPARE(S.size(), size_t(68));
        const cv::Mat src(photo.height, photo.width, CV_8UC3, const_cast<uint8_t*>(photo.rgb.data()));
        auto polygon = [](const std::vector<face::PointF>& L, int from, int to) {
            std::vector<cv::Point> poly;
            for (int i = from; i <= to; ++i)
                poly.emplace_back(int(std::lround(L[size_t(i)].x)), int(std::lround(L[size_t(i)].y)));
            return poly;
        };
        // The photo's teeth: bright pixels inside its inner lip line; its lips: the outer contour less that.
        cv::Mat inner = cv::Mat::zeros(src.size(), CV_8U), outer = cv::Mat::zeros(src.size(), CV_8U);
        cv::fillPoly(inner, std::vector<std::vector<cv::Point>>{polygon(S, 60, 67)}, cv::Scalar(255));
        cv::fillPoly(outer, std::vector<std::vector<cv::Point>>{polygon(S, 48, 59)}, cv::Scalar(255));
        const cv::Scalar lips = cv::mean(src, outer - inner);
        const double lip_luma = 0.299 * lips[0] + 0.587 * lips[1] + 0.114 * lips[2];
        cv::Mat teeth_mask = inner.clone();
        for (int y = 0; y < src.rows; ++y)
            for (int x = 0; x < src.cols; ++x)
                if (inner.at<uint8_t>(y, x)) {
                    const cv::Vec3b c = src.at<cv::Vec3b>(y, x);
                    teeth_mask.at<uint8_t>(y, x) = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] > lip_luma + 40 ? 255 : 0;
                }
        QVERIFY(cv::countNonZero(teeth_mask) > 20);
        // Tooth-coloured: as bright as these teeth and as grey as the greyer half of them (the lips, and skin
        // as pale as these warm-lit teeth, are more saturated).
        const auto saturation = [](const cv::Vec3b& c) {
            return (std::max({c[0], c[1], c[2]}) - std::min({c[0], c[1], c[2]})) / std::max(1.0, double(std::max({c[0], c[1], c[2]})));
        };
        std::vector<double> sats;
        for (int y = 0; y < src.rows; ++y)
            for (int x = 0; x < src.cols; ++x)
                if (teeth_mask.at<uint8_t>(y, x))
                    sats.push_back(saturation(src.at<cv::Vec3b>(y, x)));
        std::nth_element(sats.begin(), sats.begin() + long(sats.size() / 2), sats.end());
        const double tooth_sat = sats[sats.size() / 2];
        const auto toothColoured = [&](const cv::Vec3b& c) {
            return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2] > lip_luma + 40 && saturation(c) < tooth_sat;
        };
        const double mw0 = std::hypot(S[54].x - S[48].x, S[54].y - S[48].y);
        std::vector<cv::Point2f> contour0;
        for (int i = 48; i <= 59; ++i)
            contour0.emplace_back(float(S[size_t(i)].x), float(S[size_t(i)].y));
        const cv::Rect box0 = cv::boundingRect(contour0) + cv::Size(int(0.5 * mw0), int(0.5 * mw0)) -
                              cv::Point(int(0.25 * mw0), int(0.25 * mw0));
        int photo_teeth = 0;
        for (int y = box0.y; y < box0.br().y; ++y)
            for (int x = box0.x; x < box0.br().x; ++x)
                photo_teeth += toothColoured(src.at<cv::Vec3b>(y, x));

        // Pressed lips, rendered for LANDMARKS: tooth-coloured pixels in and around the closed mouth, and the
        // closed lips' mean colour.
        // The photo's lips' saturation (median): closed lips keep it; teeth painted over with lip colour, or
        // shaded teeth squeezed between the lips, are greyer.
        std::vector<double> lip_sats;
        for (int y = 0; y < src.rows; ++y)
            for (int x = 0; x < src.cols; ++x)
                if (outer.at<uint8_t>(y, x) && !inner.at<uint8_t>(y, x))
                    lip_sats.push_back(saturation(src.at<cv::Vec3b>(y, x)));
        std::nth_element(lip_sats.begin(), lip_sats.begin() + long(lip_sats.size() / 2), lip_sats.end());
        const double lip_sat = lip_sats[lip_sats.size() / 2];
        struct Closed {
            int toothy = 0, near = 0, inside = 0, grey = 0;
            cv::Scalar colour;
            bool redrawn = false;
        };
        const auto closedMouth = [&](const std::vector<face::PointF>& landmarks, const QString& name) {
            Closed r;
            live::FaceRig rig(photo, landmarks);
            r.redrawn = rig.redrawsClosedLips();
            live::MotionFrame m;
            m.lip_close = 1.0f;
            m.lip_press = 1.0f;
            Image frame = photo;
            rig.render(m, frame);
            save(frame, name);
            const auto L = rig.animatedLandmarks(m);
            const double mw = std::hypot(L[54].x - L[48].x, L[54].y - L[48].y);
            std::vector<cv::Point2f> contour;
            for (int i = 48; i <= 59; ++i)
                contour.emplace_back(float(L[size_t(i)].x), float(L[size_t(i)].y));
            const cv::Rect box = cv::boundingRect(contour) + cv::Size(int(0.4 * mw), int(0.4 * mw)) -
                                 cv::Point(int(0.2 * mw), int(0.2 * mw));
            const cv::Mat out(frame.height, frame.width, CV_8UC3, frame.rgb.data());
            cv::Scalar sum;
            for (int y = box.y; y < box.br().y; ++y)
                for (int x = box.x; x < box.br().x; ++x) {
                    const double d = cv::pointPolygonTest(contour, cv::Point2f(float(x), float(y)), true);
                    if (d < -0.1 * mw)
                        continue;
                    ++r.near;
                    const cv::Vec3b c = out.at<cv::Vec3b>(y, x);
                    r.toothy += toothColoured(c);
                    if (d > 1.5) {
                        ++r.inside;
                        r.grey += saturation(c) < 0.75 * lip_sat;
                        sum += cv::Scalar(c[0], c[1], c[2]);
                    }
                }
            r.colour = sum / std::max(1, r.inside);
            qInfo() << name << ":" << r.toothy << "tooth-coloured pixels of" << r.near << "(photo:" << photo_teeth
                    << "); greyer than lips:" << r.grey << "of" << r.inside << "; lips" << lips[0] << lips[1] << lips[2] << "closed" << r.colour[0] << r.colour[1] << r.colour[2];
            return r;
        };
        // As face-api found them, and with the inner lip points a fifth of the way further in from the corners
        // (where face-api often puts them on a wide smile: the band over the seam then left the outer teeth).
        std::vector<face::PointF> short_of_corners = S;
        const face::PointF mid{(S[60].x + S[64].x) / 2, (S[60].y + S[64].y) / 2};
        for (int i = 60; i <= 67; ++i) {
            const double w = (i == 60 || i == 64) ? 0.2 : (i == 62 || i == 66) ? 0.0 : 0.1;
            short_of_corners[size_t(i)].x += (mid.x - S[size_t(i)].x) * w;
            short_of_corners[size_t(i)].y += (mid.y - S[size_t(i)].y) * w;
        }
        QVERIFY(photo_teeth > 100);
        for (const auto& [landmarks, name] : {std::pair{S, QStringLiteral("rig_sample1_smile_closed.png")},
                                             std::pair{short_of_corners, QStringLiteral("rig_sample1_smile_closed_short.png")}}) {
            const Closed r = closedMouth(landmarks, name);
            QVERIFY(r.redrawn);
            QVERIFY(r.inside > 30);
            QVERIFY2(r.grey <= r.inside / 20, qPrintable(QStringLiteral("%1: %2 of %3 pixels of the closed lips greyer than lips").arg(name).arg(r.grey).arg(r.inside)));
            QVERIFY2(r.toothy <= r.near / 200, qPrintable(QStringLiteral("%1: %2 tooth-coloured pixels of %3").arg(name).arg(r.toothy).arg(r.near)));
            for (int k = 0; k < 3; ++k)
                QVERIFY2(std::abs(r.colour[k] - lips[k]) < 20,
                         qPrintable(QStringLiteral("%1, channel %2: closed %3 vs lips %4").arg(name).arg(k).arg(r.colour[k]).arg(lips[k])));
        }

        // Closed lips in the photo: nothing to redraw (the warp brings them together).
        const QString dir2 = test::sourceDir() + QStringLiteral("/tests/golden/faceapi/sample2/");
        const Image photo2 = media::readImage((dir2 + QStringLiteral("image.png")).toStdString());
        const auto S2 = landmarksOf(dir2, 0);
        QCOMPARE(S2.size(), size_t(68));
        QVERIFY(!live::FaceRig(photo2, S2).redrawsClosedLips());
    }

    void eyesBlink()
    {
        live::FaceRig rig(m_photo, m_landmarks);
        live::MotionFrame m;
        m.blink_l = m.blink_r = 1.0f;
        const auto L = rig.animatedLandmarks(m);
        const double open_before = m_landmarks[41].y - m_landmarks[37].y;
        QVERIFY((L[41].y - L[37].y) < 0.2 * open_before);
        QVERIFY((L[47].y - L[43].y) < 0.2 * (m_landmarks[47].y - m_landmarks[43].y));
        Image frame = m_photo;
        rig.render(m, frame);
        save(frame, QStringLiteral("rig_blink.png"));
    }
};

QTEST_GUILESS_MAIN(TestFaceRig)
#include "test_face_rig.moc"
