// The visible label's language on the command line: --label-language, else the terminal's language (gettext's
// rule), else English — checked on the words the locale rules pick and on the pixels `emote generate` burns in.
#include "app/cli/label_language.h"
#include "core/common/error.h"
#include "core/common/image.h"
#include "core/media/video_reader.h"
#include "core/provenance/visible_label.h"
#include "test_support.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <map>

using namespace emote;
using cli::LabelLanguage;

namespace {

// Mean |difference| per channel of A and B inside the rectangle [x0, x1) × [y0, y1).
double meanDifference(const Image& a, const Image& b, int x0, int y0, int x1, int y1)
{
    double sum = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = 3 * x0; x < 3 * x1; ++x)
            sum += std::abs(int(a.row(y)[x]) - int(b.row(y)[x]));
    return sum / double(3 * (x1 - x0) * (y1 - y0));
}

} // namespace

class TestCliLabel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_audio;
    Image m_plain; // the first frame without a label

    // The first frame of `emote generate` with EXTRA, run with the locale variables ENV (the others unset).
    Image render(const QString& name, const QStringList& extra, const std::map<QByteArray, QByteArray>& env,
                 QByteArray* err = nullptr)
    {
        for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"})
            qunsetenv(var);
        for (const auto& [var, value] : env)
            qputenv(var.constData(), value);
        const QString out = m_dir.filePath(name);
        const test::ProcResult r = test::run(
            test::cliPath(), QStringList{"generate", "-p", test::sourceDir() + "/resources/samples/astronaut.png", "-a",
                                         m_audio, "-o", out, "--engine", "still", "--size", "256", "--no-watermark"} +
                                 extra);
        for (const auto& [var, value] : env)
            qunsetenv(var.constData());
        if (err)
            *err = r.err;
        if (r.exit_code != 0 || r.crashed) {
            qWarning("emote generate failed (%d): %s", r.exit_code, r.err.constData());
            return {};
        }
        media::VideoReader reader(out.toStdString());
        Image frame;
        reader.next(frame);
        return frame;
    }

    // Which label FRAME shows: the words whose label, drawn on the unlabelled frame, is much nearer to it.
    QString labelShown(const Image& frame)
    {
        if (frame.empty() || frame.width != m_plain.width || frame.height != m_plain.height)
            return QStringLiteral("(no frame)");
        std::map<double, QString> by_error;
        const provenance::VisibleLabel en(frame.width, frame.height, cli::labelText(LabelLanguage::English));
        const provenance::VisibleLabel de(frame.width, frame.height, cli::labelText(LabelLanguage::German));
        // Both labels' boxes together: the words differ in width as well as in their letters.
        const int x0 = std::min(en.x(), de.x()), y0 = std::min(en.y(), de.y());
        const int x1 = std::max(en.x() + en.width(), de.x() + de.width());
        const int y1 = std::max(en.y() + en.height(), de.y() + de.height());
        double errors[2];
        for (const LabelLanguage l : {LabelLanguage::English, LabelLanguage::German}) {
            Image expected = m_plain;
            provenance::VisibleLabel(frame.width, frame.height, cli::labelText(l)).apply(expected);
            errors[int(l)] = meanDifference(frame, expected, x0, y0, x1, y1);
        }
        qInfo("mean |difference| in the label's corner: %.2f levels from the English label, %.2f from the German",
              errors[0], errors[1]);
        // Compression moves a level or two; the other words' letters move many.
        if (errors[0] * 3 < errors[1])
            return QString::fromStdString(cli::labelText(LabelLanguage::English));
        if (errors[1] * 3 < errors[0])
            return QString::fromStdString(cli::labelText(LabelLanguage::German));
        return QStringLiteral("(neither)");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString why;
        m_audio = test::makeTone(m_dir.path(), QStringLiteral("tone.wav"), 0.4, 16000, 1, &why);
        QVERIFY2(!m_audio.isEmpty(), qPrintable(why));
        m_plain = render(QStringLiteral("plain.mp4"), {}, {});
        QVERIFY(!m_plain.empty());
    }

    void namesAndWords()
    {
        QCOMPARE(cli::labelLanguageFromName("de"), std::optional(LabelLanguage::German));
        QCOMPARE(cli::labelLanguageFromName("DE"), std::optional(LabelLanguage::German));
        QCOMPARE(cli::labelLanguageFromName("Deutsch"), std::optional(LabelLanguage::German));
        QCOMPARE(cli::labelLanguageFromName("en"), std::optional(LabelLanguage::English));
        QVERIFY(!cli::labelLanguageFromName("fr"));
        QVERIFY(!cli::labelLanguageFromName(""));
        QCOMPARE(cli::labelText(LabelLanguage::German), std::string("KI-generiert"));
        QCOMPARE(cli::labelText(LabelLanguage::English), std::string("AI-generated"));
        // A language the label has no words for is refused with the ones it has, not silently English.
        QString message;
        try {
            cli::labelLanguage(std::string("fr"), {});
        } catch (const Error& e) {
            QCOMPARE(e.kind(), ErrorKind::Usage);
            message = QString::fromStdString(e.what());
        }
        QVERIFY2(message.contains("'fr'") && message.contains("KI-generiert"), qPrintable(message));
        // The option wins over the terminal's language.
        QCOMPARE(cli::labelLanguage(std::string("en"), {.lang = "de_DE.UTF-8"}), LabelLanguage::English);
        QCOMPARE(cli::labelLanguage(std::nullopt, {.lang = "de_DE.UTF-8"}), LabelLanguage::German);
    }

    // gettext's order: LC_ALL over LC_MESSAGES over LANG; LANGUAGE's list first, except in the C locale.
    void terminalLanguage_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("lc_all");
        QTest::addColumn<QString>("lc_messages");
        QTest::addColumn<QString>("lang");
        QTest::addColumn<bool>("german");
        QTest::newRow("nothing set") << "" << "" << "" << "" << false;
        QTest::newRow("LANG=de_DE.UTF-8") << "" << "" << "" << "de_DE.UTF-8" << true;
        QTest::newRow("LANG=de_AT@euro") << "" << "" << "" << "de_AT@euro" << true;
        QTest::newRow("LANG=de") << "" << "" << "" << "de" << true;
        QTest::newRow("LANG=en_US.UTF-8") << "" << "" << "" << "en_US.UTF-8" << false;
        QTest::newRow("LANG=fr_FR.UTF-8") << "" << "" << "" << "fr_FR.UTF-8" << false;
        QTest::newRow("LC_ALL=C over LANG=de") << "" << "C" << "" << "de_DE.UTF-8" << false;
        QTest::newRow("LC_ALL=de over LANG=en") << "" << "de_CH.UTF-8" << "" << "en_US.UTF-8" << true;
        QTest::newRow("LC_MESSAGES=de over LANG=en") << "" << "" << "de_DE.UTF-8" << "en_US.UTF-8" << true;
        QTest::newRow("LC_ALL=en over LC_MESSAGES=de") << "" << "en_GB.UTF-8" << "de_DE.UTF-8" << "" << false;
        QTest::newRow("LANGUAGE=fr:de, LANG=en") << "fr:de" << "" << "" << "en_US.UTF-8" << true;
        QTest::newRow("LANGUAGE=en:de, LANG=de") << "en:de" << "" << "" << "de_DE.UTF-8" << false;
        QTest::newRow("LANGUAGE=fr, LANG=de") << "fr" << "" << "" << "de_DE.UTF-8" << false;
        QTest::newRow("LANGUAGE=de in the C locale") << "de" << "" << "" << "C" << false;
        QTest::newRow("LANGUAGE=de, nothing else") << "de" << "" << "" << "" << false;
    }

    void terminalLanguage()
    {
        QFETCH(QString, language);
        QFETCH(QString, lc_all);
        QFETCH(QString, lc_messages);
        QFETCH(QString, lang);
        QFETCH(bool, german);
        const cli::LocaleEnvironment env{language.toStdString(), lc_all.toStdString(), lc_messages.toStdString(),
                                         lang.toStdString()};
        QCOMPARE(cli::labelLanguageOf(env), german ? LabelLanguage::German : LabelLanguage::English);
    }

    // The words burned into the video, read back from its first frame.
    void labelInTheVideo()
    {
        const QString de = QStringLiteral("KI-generiert"), en = QStringLiteral("AI-generated");
        QCOMPARE(labelShown(render("option-de.mp4", {"--label", "--label-language", "de"}, {{"LANG", "en_US.UTF-8"}})),
                 de);
        QCOMPARE(labelShown(render("lang-de.mp4", {"--label"}, {{"LANG", "de_DE.UTF-8"}})), de);
        QCOMPARE(labelShown(render("option-en.mp4", {"--label", "--label-language", "en"}, {{"LANG", "de_DE.UTF-8"}})),
                 en);
        QCOMPARE(labelShown(render("c-locale.mp4", {"--label"}, {{"LC_ALL", "C"}, {"LANG", "de_DE.UTF-8"}})), en);
        // The language without the label: said, not silently ignored.
        QByteArray err;
        const Image none = render("no-label.mp4", {"--label-language", "de"}, {}, &err);
        QVERIFY2(err.contains("--label-language has no effect") && err.contains("--label"), err.constData());
        QVERIFY(!none.empty() && none.width == m_plain.width && none.height == m_plain.height);
        QVERIFY(meanDifference(none, m_plain, 0, 0, none.width, none.height) < 1.0);
    }
};

QTEST_GUILESS_MAIN(TestCliLabel)
#include "test_cli_label.moc"
