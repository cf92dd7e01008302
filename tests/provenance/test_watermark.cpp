// Unit tests of core/provenance: the payload code, embedding and detection on synthetic and real frames
// (including crops, rescaling without scaling back and noise), imperceptibility, the visible label, tags, the
// manifest inside the MP4 and beside it, and the install id.
#include "core/common/error.h"
#include "core/media/image_reader.h"
#include "core/provenance/embedded_manifest.h"
#include "core/provenance/payload_code.h"
#include "core/provenance/provenance_record.h"
#include "core/provenance/visible_label.h"
#include "core/provenance/watermark.h"
#include "provenance/quality.h"
#include "test_support.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstring>
#include <random>

using namespace emote;
using namespace emote::provenance;

namespace {

Image fromMat(const cv::Mat& m)
{
    Image img(m.cols, m.rows);
    for (int y = 0; y < m.rows; ++y)
        std::memcpy(img.row(y), m.ptr(y), size_t(m.cols) * 3);
    return img;
}

cv::Mat toMat(const Image& img)
{
    return cv::Mat(img.height, img.width, CV_8UC3, const_cast<uint8_t*>(img.rgb.data())).clone();
}

// A textured synthetic scene (smoothed noise + gradients + shapes), different for each seed.
Image syntheticFrame(int w, int h, uint32_t seed)
{
    cv::Mat3b m(h, w);
    cv::RNG rng(seed);
    cv::Mat noise(h, w, CV_8UC3);
    rng.fill(noise, cv::RNG::UNIFORM, 0, 255);
    cv::GaussianBlur(noise, m, cv::Size(0, 0), 3.0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            cv::Vec3b& p = m(y, x);
            p[0] = cv::saturate_cast<uchar>(p[0] + (x * 80) / w - 40);
            p[2] = cv::saturate_cast<uchar>(p[2] + (y * 80) / h - 40);
        }
    for (int i = 0; i < 6; ++i)
        cv::circle(m, cv::Point(rng.uniform(0, w), rng.uniform(0, h)), rng.uniform(1, std::max(2, w / 4)),
                   cv::Scalar(rng.uniform(0, 255), rng.uniform(0, 255), rng.uniform(0, 255)), -1, cv::LINE_AA);
    return fromMat(m);
}

Image photoFrame(const QString& rel, int size)
{
    const Image src = media::readImage((test::sourceDir() + "/" + rel).toStdString(), {});
    cv::Mat m;
    cv::resize(toMat(src), m, cv::Size(size, size), 0, 0, cv::INTER_AREA);
    return fromMat(m);
}

// Marked copies of FRAMES, transformed by FN, through a detector.
template <typename Fn>
WatermarkDetection detectAfter(const std::vector<Image>& frames, uint64_t payload, bool mark, Fn fn)
{
    WatermarkEmbedder embedder(payload);
    WatermarkDetector det;
    for (Image f : frames) {
        if (mark)
            embedder.embed(f);
        det.addFrame(fn(f));
    }
    return det.detect();
}

// Distance of A from B on a circle of circumference PERIOD.
double cyclicDistance(double a, double b, double period)
{
    const double d = std::fmod(std::abs(a - b), period);
    return std::min(d, period - d);
}

Image resized(const Image& f, int w, int h)
{
    cv::Mat m;
    cv::resize(toMat(f), m, cv::Size(w, h), 0, 0, w < f.width ? cv::INTER_AREA : cv::INTER_CUBIC);
    return fromMat(m);
}

// The smallest ISO BMFF layout: an 'ftyp' box and an 'mdat' box with a few bytes of "media".
QByteArray tinyMp4()
{
    QByteArray f;
    f.append(QByteArray::fromHex("00000014" "66747970" "69736f6d" "00000200" "69736f6d"));
    f.append(QByteArray::fromHex("00000018" "6d646174"));
    f.append("0123456789abcdef", 16);
    return f;
}

void writeFile(const std::string& path, const QByteArray& bytes)
{
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray readFile(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256Hex(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

std::vector<Image> movingFrames(int n, int w, int h, uint32_t seed)
{
    // A slowly panning scene: the mark stays put while the content moves under it.
    const Image big = syntheticFrame(w + n * 2, h, seed);
    std::vector<Image> out;
    const cv::Mat bm = toMat(big);
    for (int i = 0; i < n; ++i)
        out.push_back(fromMat(bm(cv::Rect(i * 2, 0, w, h)).clone()));
    return out;
}

} // namespace

class TestWatermark : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void codeRoundTrip()
    {
        std::mt19937_64 rng(7);
        for (int i = 0; i < 50; ++i) {
            const uint64_t p = rng();
            const std::vector<uint8_t> code = encodePayload(p);
            QCOMPARE(int(code.size()), kCodedBits);
            std::vector<float> soft(code.size());
            for (size_t j = 0; j < code.size(); ++j)
                soft[j] = code[j] ? -1.0f : 1.0f;
            const auto d = decodePayload(soft);
            QVERIFY(d.has_value());
            QCOMPARE(*d, p);
        }
    }

    void codeCorrectsErrors()
    {
        // 8 % of the code bits flipped at random, plus noisy soft values: the payload still comes back.
        std::mt19937_64 rng(11);
        std::normal_distribution<float> noise(0.0f, 0.5f);
        int decoded = 0;
        for (int i = 0; i < 40; ++i) {
            const uint64_t p = rng();
            const std::vector<uint8_t> code = encodePayload(p);
            std::vector<float> soft(code.size());
            for (size_t j = 0; j < code.size(); ++j)
                soft[j] = (code[j] ? -1.0f : 1.0f) + noise(rng);
            for (int k = 0; k < kCodedBits * 8 / 100; ++k) {
                const size_t j = size_t(rng() % soft.size());
                soft[j] = code[j] ? 1.0f : -1.0f;
            }
            const auto d = decodePayload(soft);
            decoded += d && *d == p;
        }
        QCOMPARE(decoded, 40);
    }

    void codeRejectsNoise()
    {
        // Pure noise must not pass the CRC (chance 2^-16 per try).
        std::mt19937_64 rng(3);
        std::normal_distribution<float> noise(0.0f, 1.0f);
        int passed = 0;
        for (int i = 0; i < 300; ++i) {
            std::vector<float> soft(static_cast<size_t>(kCodedBits), 0.0f);
            for (float& s : soft)
                s = noise(rng);
            passed += decodePayload(soft).has_value();
        }
        QCOMPARE(passed, 0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decodePayload(std::vector<float>(10)));
    }

    void payloadPacking()
    {
        WatermarkPayload p;
        p.install_id = 0xABCDEF0123ull;
        p.job_hash = 0x456789;
        const WatermarkPayload q = WatermarkPayload::unpack(p.packed());
        QCOMPARE(q.install_id, p.install_id);
        QCOMPARE(q.job_hash, p.job_hash);
        p.install_id = ~0ull; // only the low 40 bits count
        QCOMPARE(WatermarkPayload::unpack(p.packed()).install_id, (1ull << kInstallIdBits) - 1);
    }

    void detectsOnSyntheticFrames()
    {
        const auto frames = movingFrames(25, 320, 240, 1);
        const uint64_t payload = 0x0123456789ABCDEFull;
        const auto id = [](const Image& f) { return f; };
        const WatermarkDetection r = detectAfter(frames, payload, true, id);
        QVERIFY2(r.marked, qPrintable(QString("sync %1").arg(r.sync_score)));
        QVERIFY(r.payload.has_value());
        QCOMPARE(*r.payload, payload);
        QVERIFY(r.confidence > 0.999);
        // The untouched frames: the informed code bits read back (nearly) all right before error correction.
        QVERIFY2(r.raw_bit_accuracy >= 0.97, qPrintable(QString::number(r.raw_bit_accuracy)));
        QCOMPARE(watermarkPeriod(320, 240), 120);
        QVERIFY2(std::abs(r.period_px - 120.0) < 1.0, qPrintable(QString::number(r.period_px)));
        QVERIFY(cyclicDistance(r.shift_x, 0, 120) <= 2 && cyclicDistance(r.shift_y, 0, 120) <= 2);
        const WatermarkDetection u = detectAfter(frames, payload, false, id);
        QVERIFY(!u.marked);
        QVERIFY(!u.payload);
        QCOMPARE(u.confidence, 0.0);
        QVERIFY2(u.sync_score < 7.0, qPrintable(QString::number(u.sync_score)));
    }

    void survivesCropScaleAndNoise()
    {
        const auto frames = movingFrames(25, 384, 384, 2);
        const uint64_t payload = 0xFEDCBA9876543210ull;
        const int period = watermarkPeriod(384, 384);
        // An uneven crop of both sides: the tile grid moves, and the period is no longer half the height.
        const WatermarkDetection crop = detectAfter(frames, payload, true, [](const Image& f) {
            return fromMat(toMat(f)(cv::Rect(37, 53, 300, 290)).clone());
        });
        QVERIFY2(crop.marked, qPrintable(QString("sync %1").arg(crop.sync_score)));
        QCOMPARE(*crop.payload, payload);
        QVERIFY2(std::abs(crop.period_px - period) < 1.5, qPrintable(QString::number(crop.period_px)));
        QVERIFY2(cyclicDistance(crop.shift_x, period - 37, period) <= 2,
                 qPrintable(QString("shift %1,%2").arg(crop.shift_x).arg(crop.shift_y)));
        QVERIFY(cyclicDistance(crop.shift_y, period - 53, period) <= 2);
        const WatermarkDetection half = detectAfter(frames, payload, true, [](const Image& f) {
            return resized(resized(f, f.width / 2, f.height / 2), f.width, f.height);
        });
        QVERIFY2(half.marked, qPrintable(QString("sync %1").arg(half.sync_score)));
        QCOMPARE(*half.payload, payload);
        cv::RNG rng(5);
        const WatermarkDetection noisy = detectAfter(frames, payload, true, [&](const Image& f) {
            cv::Mat m = toMat(f), n(m.size(), CV_16SC3);
            rng.fill(n, cv::RNG::NORMAL, 0, 4);
            cv::Mat o;
            cv::add(m, n, o, cv::noArray(), CV_8UC3);
            return fromMat(o);
        });
        QVERIFY2(noisy.marked, qPrintable(QString("sync %1").arg(noisy.sync_score)));
        QCOMPARE(*noisy.payload, payload);
    }

    void survivesRescalingWithoutScalingBack_data()
    {
        QTest::addColumn<double>("scale");
        QTest::newRow("75 %") << 0.75;
        QTest::newRow("50 %") << 0.5;
        QTest::newRow("33 %") << 1.0 / 3.0;
        QTest::newRow("150 %") << 1.5;
    }

    void survivesRescalingWithoutScalingBack()
    {
        // What a platform does: the video is stored at another size and never scaled back. The period follows
        // the height, so the detector finds it at half the new height.
        QFETCH(double, scale);
        const auto frames = movingFrames(25, 480, 270, 3);
        const uint64_t payload = 0x1122334455667788ull;
        const int w = int(std::lround(480 * scale)) & ~1, h = int(std::lround(270 * scale)) & ~1;
        const WatermarkDetection r =
            detectAfter(frames, payload, true, [&](const Image& f) { return resized(f, w, h); });
        qInfo("%dx%d: sync %.2f, period %.1f px, payload %s", w, h, r.sync_score, r.period_px,
              r.payload ? "read" : "not read");
        QVERIFY2(r.marked, qPrintable(QString("sync %1").arg(r.sync_score)));
        QVERIFY2(std::abs(r.period_px - h / 2.0) < 1.5, qPrintable(QString::number(r.period_px)));
        if (scale >= 0.5) {
            QVERIFY(r.payload.has_value());
            QCOMPARE(*r.payload, payload);
        }
        const WatermarkDetection u =
            detectAfter(frames, payload, false, [&](const Image& f) { return resized(f, w, h); });
        QVERIFY2(!u.marked, qPrintable(QString("unmarked: sync %1").arg(u.sync_score)));
    }

    void survivesVerticalCropOfWideFrames()
    {
        // 9:16 out of the middle of a 16:9 frame: the height stays, so does the period; the crop shifts the tile.
        const auto frames = movingFrames(25, 640, 360, 4);
        const uint64_t payload = 0x0F0E0D0C0B0A0908ull;
        const int cw = 360 * 9 / 16, x0 = (640 - cw) / 2;
        const WatermarkDetection r = detectAfter(frames, payload, true, [&](const Image& f) {
            return fromMat(toMat(f)(cv::Rect(x0, 0, cw, 360)).clone());
        });
        QVERIFY2(r.marked, qPrintable(QString("sync %1").arg(r.sync_score)));
        QVERIFY2(std::abs(r.period_px - 180.0) < 1.5, qPrintable(QString::number(r.period_px)));
        QVERIFY2(cyclicDistance(r.shift_x, 180 - x0 % 180, 180) <= 2, qPrintable(QString::number(r.shift_x)));
    }

    void imperceptibleOnPhotos()
    {
        // The bundled portrait and the face-api sample photos, at the default export size.
        const QStringList photos = {"resources/samples/astronaut.png", "tests/golden/faceapi/sample1/image.png",
                                    "tests/golden/faceapi/sample2/image.png"};
        for (const QString& rel : photos) {
            const Image orig = photoFrame(rel, 512);
            Image marked = orig;
            WatermarkEmbedder(0x1111222233334444ull).embed(marked);
            const double psnr = test::psnrRgb(orig, marked), ssim = test::ssimLuma(orig, marked);
            qInfo("%s: PSNR %.2f dB, SSIM (luma) %.4f", qPrintable(rel), psnr, ssim);
            QVERIFY2(psnr >= 40.0, qPrintable(rel + QString(": PSNR %1").arg(psnr)));
            QVERIFY2(ssim >= 0.98, qPrintable(rel + QString(": SSIM %1").arg(ssim)));
        }
        Image flat(256, 256);
        std::fill(flat.rgb.begin(), flat.rgb.end(), uint8_t(128));
        Image mflat = flat;
        WatermarkEmbedder(1).embed(mflat);
        QVERIFY(test::psnrRgb(flat, mflat) >= 40.0);
        QVERIFY(mflat.rgb != flat.rgb); // flat areas are marked too, only more weakly
    }

    void tinyAndEmptyFrames()
    {
        WatermarkEmbedder e(42);
        Image empty;
        e.embed(empty);
        Image tiny = syntheticFrame(7, 5, 9);
        e.embed(tiny); // no crash on frames smaller than the mask grid
        WatermarkDetector det;
        det.addFrame(tiny);
        QCOMPARE(det.framesAdded(), 0);
        const WatermarkDetection r = det.detect();
        QVERIFY(!r.marked);
        QCOMPARE(r.frames_used, 0);
    }

    void visibleLabel()
    {
        const Image orig = syntheticFrame(512, 288, 4);
        Image img = orig;
        const VisibleLabel label(512, 288);
        label.apply(img);
        QVERIFY(label.width() > 30 && label.width() < 512 / 3);
        QVERIFY(label.height() > 8 && label.height() < 288 / 8);
        QVERIFY(label.x() + label.width() <= 512 && label.y() + label.height() <= 288);
        QVERIFY(label.x() > 256 && label.y() > 144); // bottom-right corner
        int changed_inside = 0, changed_outside = 0, white = 0;
        for (int y = 0; y < img.height; ++y)
            for (int x = 0; x < img.width; ++x) {
                const bool in = x >= label.x() && x < label.x() + label.width() && y >= label.y() &&
                                y < label.y() + label.height();
                const uint8_t* a = orig.row(y) + 3 * x;
                const uint8_t* b = img.row(y) + 3 * x;
                const bool diff = a[0] != b[0] || a[1] != b[1] || a[2] != b[2];
                (in ? changed_inside : changed_outside) += diff;
                white += in && b[0] > 230 && b[1] > 230 && b[2] > 230;
            }
        QCOMPARE(changed_outside, 0);
        QVERIFY(changed_inside > label.width() * label.height() / 2);
        QVERIFY(white > 30); // the text itself
        Image other = syntheticFrame(100, 100, 4);
        const Image before = other;
        label.apply(other); // another size: untouched
        QVERIFY(other.rgb == before.rgb);
    }

    // The label applied piece by piece (as the export does for a frame that changed only in part) is the
    // label applied whole.
    void visibleLabelInPieces()
    {
        const Image orig = syntheticFrame(512, 288, 6);
        const VisibleLabel label(512, 288);
        Image whole = orig, pieces = orig;
        label.apply(whole);
        const int cx = label.x() + label.width() / 3, cy = label.y() + label.height() / 2;
        for (const ImageRect& r : {ImageRect{0, 0, cx, cy}, ImageRect{cx, 0, 512 - cx, cy},
                                   ImageRect{0, cy, cx, 288 - cy}, ImageRect{cx, cy, 512 - cx, 288 - cy}})
            label.apply(pieces, r);
        QVERIFY(whole.rgb != orig.rgb);
        QVERIFY(pieces.rgb == whole.rgb);
        Image outside = orig;
        label.apply(outside, {0, 0, label.x(), 288}); // left of the label: nothing to do
        QVERIFY(outside.rgb == orig.rgb);
    }

    // A face redrawn in a still photo: after one whole frame, marking only reach(changed) over the previous
    // marked frame gives the whole-frame result pixel for pixel; when the new content moves the global
    // amplitude, embedUpdate() refuses and the whole frame is marked again.
    void partialUpdatesMatchWholeFrames()
    {
        struct Case {
            int w, h;
            bool textured; // a noisy photo (mask at its cap, amplitude set by the texture) and a patch that
                           // alternates flat and noisy, so the amplitude changes from frame to frame
        };
        for (const Case c : {Case{640, 360, false}, Case{301, 203, false}, Case{320, 240, true}}) {
            Image photo(c.w, c.h);
            cv::RNG rng(7);
            for (int y = 0; y < c.h; ++y)
                for (int x = 0; x < c.w; ++x)
                    for (int k = 0; k < 3; ++k)
                        photo.row(y)[3 * x + k] = c.textured ? uint8_t(rng.uniform(0, 256))
                                                             : uint8_t(60 + (x * 90) / c.w + (y * 40) / c.h + 20 * k);
            const ImageRect head{c.w / 3 + 1, c.h / 4 + 3, c.w / 4 + 1, c.h / 3};
            WatermarkEmbedder whole(0xABCDEF123ull), part(0xABCDEF123ull);
            Image marked;
            int updated = 0, refused = 0;
            for (int i = 0; i < 6; ++i) {
                Image frame = photo;
                const Image patch = syntheticFrame(head.width, head.height, 100 + i);
                for (int y = 0; y < head.height; ++y)
                    for (int x = 0; x < head.width * 3; ++x)
                        frame.row(head.y + y)[3 * head.x + x] =
                            c.textured && i % 2 ? uint8_t(128) : patch.row(y)[x];
                Image reference = frame;
                whole.embed(reference);
                if (i == 0) {
                    marked = frame;
                    part.embed(marked);
                } else {
                    const ImageRect r = part.reach(head, c.w, c.h);
                    QVERIFY(r.x <= head.x && r.y <= head.y && r.x + r.width >= head.x + head.width &&
                            r.y + r.height >= head.y + head.height);
                    QVERIFY(r.x >= head.x - 12 && r.y >= head.y - 12 && r.x + r.width <= head.x + head.width + 12 &&
                            r.y + r.height <= head.y + head.height + 12);
                    for (int y = r.y; y < r.y + r.height; ++y)
                        std::memcpy(marked.row(y) + 3 * r.x, frame.row(y) + 3 * r.x, size_t(r.width) * 3);
                    if (part.embedUpdate(marked, head)) {
                        ++updated;
                    } else {
                        ++refused;
                        marked = frame;
                        part.embed(marked);
                    }
                }
                QVERIFY2(marked.rgb == reference.rgb, qPrintable(QStringLiteral("%1x%2 frame %3").arg(c.w).arg(c.h).arg(i)));
                QVERIFY(marked.rgb != frame.rgb);
            }
            if (c.textured)
                QVERIFY(refused > 0);
            else
                QCOMPARE(updated, 5);
        }
        // Not prepared for the size: refused.
        WatermarkEmbedder fresh(1);
        Image f = syntheticFrame(64, 64, 3);
        QVERIFY(!fresh.embedUpdate(f, {0, 0, 8, 8}));
    }

    void tagsAndManifest()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ProvenanceInfo info;
        info.engine = "live";
        info.model = "rig";
        info.settings = {{"fps", "25"}, {"seed", "3"}};
        info.watermark = true;
        info.payload = {0x0102030405ull, 0x0a0b0c};
        ConsentRecord c;
        c.confirmed = true;
        c.statement = "I have the right to animate this person.";
        c.confirmed_at_utc = "2026-11-25T08:00:00Z";
        info.consent = c;
        const auto tags = provenanceTags(info);
        QVERIFY(QString::fromStdString(tags.at("comment")).contains("AI-generated"));
        QVERIFY(QString::fromStdString(tags.at("description")).contains("trainedAlgorithmicMedia"));
        QVERIFY(QString::fromStdString(tags.at("description")).contains("0102030405" "0a0b0c"));
        QVERIFY(QString::fromStdString(tags.at("description")).contains("engine: live"));

        const std::string video = (dir.path() + "/v.mp4").toStdString();
        const QByteArray original = tinyMp4();
        writeFile(video, original);
        writeManifest(video, info, false);
        QFile mf(QString::fromStdString(manifestPathFor(video).string()));
        QVERIFY(mf.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(mf.readAll()).object();
        // The sidecar hashes the finished file (the manifest box included), the box binds the rest of it.
        QCOMPARE(root["asset"].toObject()["sha256"].toString(), sha256Hex(readFile(video)));
        QCOMPARE(root["hash_binding"].toObject()["hash"].toString(), sha256Hex(original));
        QString source_type, payload, consent, settings_hash;
        for (const auto& a : root["assertions"].toArray()) {
            const QJsonObject o = a.toObject();
            const QJsonObject data = o["data"].toObject();
            if (o["label"] == "c2pa.actions")
                source_type = data["actions"].toArray()[0].toObject()["digitalSourceType"].toString();
            if (o["label"] == "org.emote-studio.watermark")
                payload = data["payload"].toString();
            if (o["label"] == "org.emote-studio.consent")
                consent = data["statement"].toString();
            if (o["label"] == "org.emote-studio.generation")
                settings_hash = data["settings_sha256"].toString();
        }
        QVERIFY(source_type.endsWith("trainedAlgorithmicMedia"));
        QCOMPARE(payload, QString("01020304050a0b0c"));
        QCOMPARE(consent, QString::fromStdString(c.statement));
        QCOMPARE(settings_hash, QString::fromStdString(settingsHash(info.settings)));
        QCOMPARE(settings_hash.size(), 64);
        // An existing manifest is kept unless overwriting is allowed.
        QVERIFY_THROWS_EXCEPTION(emote::Error, writeManifest(video, info, false));
        writeManifest(video, info, true);
    }

    void manifestInsideMp4()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ProvenanceInfo info;
        info.engine = "still";
        info.watermark = true;
        info.payload = {0x1122334455ull, 0x667788};
        const std::string video = (dir.path() + "/in.mp4").toStdString();
        const QByteArray original = tinyMp4();
        writeFile(video, original);
        QVERIFY(!readEmbeddedManifest(video).present);

        writeManifest(video, info, false);
        const QByteArray written = readFile(video);
        QVERIFY(written.startsWith(original)); // appended after the media: no sample offset moved
        const EmbeddedManifest m = readEmbeddedManifest(video);
        QVERIFY(m.present);
        QVERIFY2(m.problem.empty(), m.problem.c_str());
        QVERIFY(m.hash_matches);
        QCOMPARE(QString::fromStdString(m.bound_sha256), sha256Hex(original));
        QCOMPARE(m.box_offset, uint64_t(original.size()));
        QCOMPARE(m.box_offset + m.box_bytes, uint64_t(written.size()));
        // The box is laid out as C2PA lays out its manifest box: size, 'uuid', usertype, version/flags, purpose.
        QCOMPARE(written.mid(original.size() + 4, 4), QByteArray("uuid"));
        QCOMPARE(written.mid(original.size() + 8, 16),
                 QByteArray(reinterpret_cast<const char*>(kManifestBoxUuid.data()), 16));
        QCOMPARE(written.mid(original.size() + 28, 9), QByteArray("manifest\0", 9));
        const QJsonObject inside = QJsonDocument::fromJson(QByteArray::fromStdString(m.json)).object();
        QCOMPARE(inside["claim_generator"].toString(), QString::fromStdString(info.tool + " " + info.tool_version));
        bool payload_found = false;
        for (const auto& a : inside["assertions"].toArray())
            payload_found |= a.toObject()["data"].toObject()["payload"].toString() == "1122334455667788";
        QVERIFY(payload_found);

        // Writing again (overwrite) replaces the box instead of adding a second one.
        writeManifest(video, info, true);
        const EmbeddedManifest again = readEmbeddedManifest(video);
        QVERIFY(again.hash_matches);
        QCOMPARE(again.box_offset, uint64_t(original.size()));

        // A changed byte of the media breaks the binding; verify can tell.
        QByteArray tampered = readFile(video);
        tampered[30] = char(tampered[30] ^ 0x01);
        writeFile(video, tampered);
        const EmbeddedManifest broken = readEmbeddedManifest(video);
        QVERIFY(broken.present);
        QVERIFY(!broken.hash_matches);

        // Not an MP4: an Input error naming the file, and nothing written beside it.
        const std::string text = (dir.path() + "/not.mp4").toStdString();
        writeFile(text, "abc");
        QVERIFY_THROWS_EXCEPTION(emote::Error, writeManifest(text, info, false));
        QVERIFY(!readEmbeddedManifest(text).present);
        QCOMPARE(readFile(text), QByteArray("abc"));
    }

    void installIdPersists()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qputenv("XDG_CONFIG_HOME", dir.path().toUtf8());
        const uint64_t a = installId();
        const uint64_t b = installId();
        QCOMPARE(a, b);
        QVERIFY(a != 0);
        QVERIFY(a < (1ull << kInstallIdBits));
        QVERIFY(QFile::exists(dir.path() + "/emote-studio/install-id"));
        ProvenanceInfo info;
        info.payload.install_id = a;
        Image portrait(4, 4);
        AudioBuffer audio;
        audio.sample_rate_hz = 16000;
        audio.channels = 1;
        audio.samples.assign(160, 0.25f);
        info.inputs_sha256 = inputsDigest(portrait, audio);
        QCOMPARE(info.inputs_sha256.size(), size_t(64));
        const uint32_t job = jobHash(info);
        QVERIFY(job < (1u << kJobHashBits));
        QCOMPARE(jobHash(info), job); // deterministic: same seed and inputs, same video
        audio.samples[7] = 0.5f;
        info.inputs_sha256 = inputsDigest(portrait, audio);
        QVERIFY(jobHash(info) != job);
        qunsetenv("XDG_CONFIG_HOME");
    }
};

QTEST_GUILESS_MAIN(TestWatermark)
#include "test_watermark.moc"
