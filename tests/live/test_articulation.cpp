// Articulation: visemes (bilabials close), jaw follows loudness, blinks, still mode, determinism by seed.
#include "core/live/articulation.h"
#include "core/media/audio_decoder.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace emote;

namespace {

double correlation(const std::vector<double>& a, const std::vector<double>& b)
{
    const size_t n = a.size();
    double ma = 0, mb = 0;
    for (size_t i = 0; i < n; ++i) {
        ma += a[i];
        mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb + 1e-12);
}

} // namespace

class TestArticulation : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    audio::AudioFeatures m_speech;

private Q_SLOTS:
    void initTestCase()
    {
        const QString wav = test::makeSpeech(m_dir.path(), QStringLiteral("s.wav"),
                                             QStringLiteral("Maybe my mother bought a big blue boat. People paint pictures."));
        QVERIFY(!wav.isEmpty());
        m_speech = audio::analyzeAudio(media::decodeAudio(wav.toStdString()), {});
        QVERIFY(!m_speech.phones.empty());
    }

    void visemeTable()
    {
        QCOMPARE(live::visemeForPhone("M").close, 1.0f);
        QCOMPARE(live::visemeForPhone("P").jaw, 0.0f);
        QVERIFY(live::visemeForPhone("AA").jaw > 0.8f);
        QVERIFY(live::visemeForPhone("UW").round > 0.9f);
        QVERIFY(live::visemeForPhone("F").bite > 0.9f);
        QCOMPARE(live::visemeForPhone("SIL").jaw, 0.0f);
    }

    void bilabialsCloseTheLips()
    {
        const auto m = live::articulate(m_speech, {});
        QCOMPARE(m.size(), m_speech.frames.size());
        int checked = 0;
        for (const auto& p : m_speech.phones) {
            if (p.label != "P" && p.label != "B" && p.label != "M")
                continue;
            const size_t mid = size_t(std::clamp(std::round((p.start_s + p.end_s) / 2 * 25.0), 0.0, double(m.size() - 1)));
            // Pressed shut at the frame nearest the phone's centre and the frames either side (a closure of about
            // 120 ms, even when the decoder gave the phone 30 ms).
            for (size_t i = mid > 0 ? mid - 1 : 0; i <= std::min(mid + 1, m.size() - 1); ++i)
                QVERIFY2(m[i].lip_close > 0.95f && m[i].lip_press > 0.95f && m[i].jaw < 0.05f,
                         qPrintable(QStringLiteral("%1 at %2 s, frame %3: close %4 press %5 jaw %6")
                                        .arg(QString::fromStdString(p.label))
                                        .arg(p.start_s)
                                        .arg(i)
                                        .arg(m[i].lip_close)
                                        .arg(m[i].lip_press)
                                        .arg(m[i].jaw)));
            ++checked;
        }
        QVERIFY(checked >= 3);
    }

    void jawFollowsLoudness()
    {
        const auto m = live::articulate(m_speech, {});
        std::vector<double> jaw, loud;
        for (size_t i = 0; i < m.size(); ++i) {
            jaw.push_back(m[i].jaw);
            loud.push_back(m_speech.frames[i].loudness);
        }
        const double r = correlation(jaw, loud);
        QVERIFY2(r > 0.4, qPrintable(QString::number(r)));
        // Silence at the end keeps the mouth shut.
        QVERIFY(m.back().jaw < 0.05f);
    }

    void blinksAndStillMode()
    {
        // 30 s of features: a natural number of blinks (one every 2–6 s).
        audio::AudioFeatures f = m_speech;
        while (f.frames.size() < 750)
            f.frames.insert(f.frames.end(), m_speech.frames.begin(), m_speech.frames.end());
        f.frames.resize(750);
        f.phones.clear();
        live::ArticulationSettings s;
        s.seed = 7;
        const auto m = live::articulate(f, s);
        int blinks = 0;
        for (size_t i = 1; i < m.size(); ++i)
            blinks += m[i].blink_l > 0.9f && m[i - 1].blink_l <= 0.9f;
        QVERIFY2(blinks >= 5 && blinks <= 15, qPrintable(QString::number(blinks)));
        s.blink = false;
        for (const auto& fr : live::articulate(f, s))
            QCOMPARE(fr.blink_l, 0.0f);
        s.head_motion = 0.0;
        for (const auto& fr : live::articulate(f, s)) {
            QCOMPARE(fr.head_yaw, 0.0f);
            QCOMPARE(fr.head_roll, 0.0f);
            QCOMPARE(fr.head_dx, 0.0f);
        }
    }

    void deterministicBySeed()
    {
        live::ArticulationSettings s;
        s.seed = 1234;
        const auto a = live::articulate(m_speech, s), b = live::articulate(m_speech, s);
        s.seed = 99;
        const auto c = live::articulate(m_speech, s);
        bool differs = false;
        for (size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].head_yaw, b[i].head_yaw);
            QCOMPARE(a[i].blink_l, b[i].blink_l);
            differs = differs || a[i].head_yaw != c[i].head_yaw;
        }
        QVERIFY(differs);
    }
};

QTEST_GUILESS_MAIN(TestArticulation)
#include "test_articulation.moc"
