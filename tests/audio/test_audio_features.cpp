// Audio understanding: pitch, loudness, beat, music/speech decision, vocal emphasis, phones.
#include "core/audio/features.h"
#include "core/audio/phonemes.h"
#include "core/media/audio_decoder.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace emote;

namespace {

AudioBuffer synth(double seconds, const std::function<float(double)>& f)
{
    AudioBuffer a;
    a.sample_rate_hz = 16000;
    a.channels = 1;
    a.samples.resize(size_t(seconds * 16000));
    for (size_t i = 0; i < a.samples.size(); ++i)
        a.samples[i] = f(double(i) / 16000.0);
    return a;
}

double mean(const std::vector<audio::FrameFeatures>& fr, float audio::FrameFeatures::*m, size_t a = 0, size_t b = SIZE_MAX)
{
    b = std::min(b, fr.size());
    double s = 0;
    for (size_t i = a; i < b; ++i)
        s += fr[i].*m;
    return s / double(b - a);
}

} // namespace

class TestAudioFeatures : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    AudioBuffer load(const QString& path) { return media::decodeAudio(path.toStdString()); }
    QString sample(const char* name) { return test::sourceDir() + QStringLiteral("/resources/samples/") + QLatin1String(name); }

private Q_SLOTS:
    void pitchOfATone_data()
    {
        QTest::addColumn<double>("hz");
        QTest::newRow("110 Hz") << 110.0;
        QTest::newRow("220 Hz") << 220.0;
        QTest::newRow("440 Hz") << 440.0;
        QTest::newRow("660 Hz") << 660.0;
    }

    void pitchOfATone()
    {
        QFETCH(double, hz);
        // A voice-like harmonic tone (fundamental + 4 harmonics).
        const auto a = synth(2.0, [&](double t) {
            double v = 0;
            for (int h = 1; h <= 5; ++h)
                v += std::sin(2 * M_PI * hz * h * t) / h;
            return float(0.3 * v);
        });
        audio::AnalysisOptions opt;
        opt.phonemes = audio::PhonemeSource::Spectral;
        const auto f = audio::analyzeAudio(a, opt);
        QCOMPARE(f.frames.size(), size_t(50));
        for (size_t i = 5; i < 45; ++i) {
            QVERIFY2(std::abs(f.frames[i].f0_hz - hz) < hz * 0.02,
                     qPrintable(QStringLiteral("frame %1: %2 Hz").arg(i).arg(f.frames[i].f0_hz)));
            QVERIFY(f.frames[i].voicing > 0.8f);
        }
        QVERIFY(std::abs(f.median_f0_hz - hz) < hz * 0.02);
    }

    void silenceIsSilent()
    {
        const auto a = synth(1.5, [](double t) { return t > 0.5 && t < 1.0 ? float(0.3 * std::sin(2 * M_PI * 200 * t)) : 0.0f; });
        audio::AnalysisOptions opt;
        opt.phonemes = audio::PhonemeSource::Spectral;
        const auto f = audio::analyzeAudio(a, opt);
        QCOMPARE(f.frames.size(), size_t(38)); // round(1.5 · 25)
        QVERIFY(mean(f.frames, &audio::FrameFeatures::loudness, 0, 10) < 0.02);
        QVERIFY(mean(f.frames, &audio::FrameFeatures::loudness, 15, 23) > 0.6);
        QVERIFY(mean(f.frames, &audio::FrameFeatures::loudness, 28, 38) < 0.02);
        QCOMPARE(f.frames[2].f0_hz, 0.0f);
    }

    void frameRateFollowsOption()
    {
        const auto a = synth(3.0, [](double t) { return float(0.2 * std::sin(2 * M_PI * 150 * t)); });
        for (int fps : {24, 25, 30, 60}) {
            audio::AnalysisOptions opt;
            opt.fps = fps;
            opt.phonemes = audio::PhonemeSource::Spectral;
            QCOMPARE(audio::analyzeAudio(a, opt).frames.size(), size_t(3 * fps));
        }
    }

    void speechIsSpeechWithPhones()
    {
        const QString wav = test::makeSpeech(m_dir.path(), QStringLiteral("bilabial.wav"),
                                             QStringLiteral("Bob bought a big map for my mum. Pop music, maybe."));
        QVERIFY(!wav.isEmpty());
        const auto f = audio::analyzeAudio(load(wav), {});
        QVERIFY(!f.is_music);
        QCOMPARE(f.phoneme_source, audio::PhonemeSource::Sphinx);
        QVERIFY(f.phones.size() > 15);
        int bilabial = 0;
        for (size_t i = 0; i < f.phones.size(); ++i) {
            const auto& p = f.phones[i];
            QVERIFY(p.end_s > p.start_s);
            if (i)
                QVERIFY(p.start_s >= f.phones[i - 1].start_s);
            bilabial += p.label == "P" || p.label == "B" || p.label == "M";
        }
        QVERIFY2(bilabial >= 3, qPrintable(QStringLiteral("only %1 bilabials recognised").arg(bilabial)));
        QVERIFY(f.median_f0_hz > 70 && f.median_f0_hz < 250);
    }

    void songIsMusicWithBeat()
    {
        const auto f = audio::analyzeAudio(load(sample("song.wav")), {});
        QVERIFY(f.is_music);
        QVERIFY(f.vocal_emphasis);
        QCOMPARE(f.phoneme_source, audio::PhonemeSource::Spectral);
        QVERIFY2(std::abs(f.tempo_bpm - 120.0) < 4.0, qPrintable(QString::number(f.tempo_bpm)));
        int beats = 0;
        for (const auto& fr : f.frames)
            beats += fr.beat > 0.99f;
        QVERIFY2(beats >= 12 && beats <= 17, qPrintable(QString::number(beats))); // 16 beats in 8 s
    }

    // A sung vocal is singing with or without accompaniment (held notes, no drums to give a beat away); speech
    // over the same chords stays speech.
    void singingIsRecognisedSpeechOverMusicIsNot()
    {
        const auto r = test::run(QStringLiteral("bash"), {test::sourceDir() + QStringLiteral("/tests/audio/make_songs.sh"), m_dir.path()});
        QVERIFY2(r.exit_code == 0, r.err.constData());
        for (const char* name : {"legato.wav", "acappella.wav"}) {
            const auto f = audio::analyzeAudio(load(m_dir.filePath(QLatin1String(name))), {});
            QVERIFY2(f.is_music, name);
            QCOMPARE(f.phoneme_source, audio::PhonemeSource::Spectral);
        }
        const auto speech = audio::analyzeAudio(load(m_dir.filePath(QStringLiteral("speech_chords.wav"))), {});
        QVERIFY(!speech.is_music);
        QCOMPARE(speech.phoneme_source, audio::PhonemeSource::Sphinx);
    }

    void drumsDoNotOpenTheMouth()
    {
        // A kick drum at 120 BPM and nothing else: after vocal emphasis, the voice level stays near zero.
        const auto a = synth(8.0, [](double t) {
            const double ph = std::fmod(t, 0.5);
            return ph < 0.12 ? float(0.8 * std::exp(-ph * 30) * std::sin(2 * M_PI * (90 - 300 * ph) * ph)) : 0.0f;
        });
        const auto f = audio::analyzeAudio(a, {});
        QVERIFY(f.is_music);
        QVERIFY2(mean(f.frames, &audio::FrameFeatures::loudness) < 0.08,
                 qPrintable(QString::number(mean(f.frames, &audio::FrameFeatures::loudness))));
    }

    void deterministic()
    {
        const auto a = load(sample("speech.wav"));
        const auto f1 = audio::analyzeAudio(a, {});
        const auto f2 = audio::analyzeAudio(a, {});
        QCOMPARE(f1.frames.size(), f2.frames.size());
        for (size_t i = 0; i < f1.frames.size(); ++i) {
            QCOMPARE(f1.frames[i].loudness, f2.frames[i].loudness);
            QCOMPARE(f1.frames[i].f0_hz, f2.frames[i].f0_hz);
        }
        QCOMPARE(f1.phones.size(), f2.phones.size());
    }
    // The engine renders while the phones are decoded on several threads; which thread decodes which chunk
    // depends on timing. The phones must not: one decoder that decodes every chunk in turn gives the same
    // phones as a fresh decoder per chunk. (A reused decoder once carried state from one chunk to the next, and
    // the same seed gave a different mouth near the end of a clip.)
    void phonesDoNotDependOnWhichThreadDecodes()
    {
        // A p/b/m-rich sentence of about 10 s (two chunks) in espeak-ng's American voice. (The bundled sample,
        // and the same sentence in the default voice, happened to decode alike either way; this one did not.)
        const QString wav = m_dir.filePath(QStringLiteral("pbm.wav"));
        const auto made = test::run(QStringLiteral("espeak-ng"),
                                    {QStringLiteral("-v"), QStringLiteral("en-us"), QStringLiteral("-w"), wav,
                                     QStringLiteral("Peter Piper picked a peck of pickled peppers. A big brown bear "
                                                    "ate maple buns by the pond. My mom bought a bamboo map. Bob "
                                                    "prepared the boat for the bumpy trip")});
        QVERIFY2(made.exit_code == 0, made.err.constData());
        const auto a = load(wav);
        QVERIFY(a.durationSeconds() > 8.0); // two chunks or more
        auto decode = [&](int threads) {
            audio::PhoneStream s(a, audio::defaultSphinxModelDir(), threads);
            s.waitFor(1e300);
            return s.finishedPhones();
        };
        const auto one = decode(1), many = decode(4);
        QVERIFY(one.size() > 15);
        QCOMPARE(one.size(), many.size());
        for (size_t i = 0; i < one.size(); ++i) {
            QCOMPARE(QString::fromStdString(one[i].label), QString::fromStdString(many[i].label));
            QCOMPARE(one[i].start_s, many[i].start_s);
            QCOMPARE(one[i].end_s, many[i].end_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestAudioFeatures)
#include "test_audio_features.moc"
