// emote-studio — the desktop app.
#include "core/common/partial_files.h"
#include "core/nn/runtime.h"
#include "ui/generation_worker.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>
#include <QObject>
#include <QSettings>
#include <QTranslator>
#include <QTimer>

int main(int argc, char** argv)
{
    // Qt 6.4's default multimedia backend crashes without a display server; FFmpeg's does not (DESIGN.md §5).
    qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Emote Studio"));
    QApplication::setOrganizationName(QStringLiteral("Emote"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    emote::nn::configureRuntime();
    // Partial outputs of runs that were killed (SIGKILL, crash, power loss) are removed at start.
    emote::cleanStalePartialFiles();

    // Language follows the system locale; the "ui/language" setting (e.g. "de", "en") overrides it.
    const QString language = QSettings().value(QStringLiteral("ui/language")).toString();
    QTranslator translator;
    if (emote::ui::MainWindow::loadTranslation(translator, language.isEmpty() ? QLocale() : QLocale(language)))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Turn a portrait and an audio track into a talking video."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption portrait({QStringLiteral("p"), QStringLiteral("portrait")}, QStringLiteral("Portrait to load."),
                                QStringLiteral("PHOTO"));
    QCommandLineOption audio({QStringLiteral("a"), QStringLiteral("audio")}, QStringLiteral("Audio to load."),
                             QStringLiteral("AUDIO"));
    QCommandLineOption video(QStringLiteral("video"), QStringLiteral("A generated video to show."),
                             QStringLiteral("MP4"));
    QCommandLineOption quitAfter(QStringLiteral("quit-after-ms"),
                                 QStringLiteral("Close after this many milliseconds (screenshots, tests)."),
                                 QStringLiteral("MS"));
    QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                              QStringLiteral("Where Generate writes the MP4 (skips the save dialog)."),
                              QStringLiteral("MP4"));
    QCommandLineOption generate(QStringLiteral("generate"), QStringLiteral("Start generating once the inputs are loaded."));
    QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                  QStringLiteral("Save a picture of the window once the inputs are analysed (or the "
                                                 "generation is done) and quit."),
                                  QStringLiteral("PNG"));
    QCommandLineOption screenshotRunning(QStringLiteral("screenshot-running"),
                                         QStringLiteral("With --generate: save a picture of the window a moment "
                                                        "into the generation."),
                                         QStringLiteral("PNG"));
    parser.addOptions({portrait, audio, video, quitAfter, output, generate, screenshot, screenshotRunning});
    parser.process(app);

    emote::ui::MainWindow window;
    window.show();
    if (parser.isSet(portrait))
        window.loadPortrait(parser.value(portrait));
    if (parser.isSet(audio))
        window.loadAudio(parser.value(audio));
    if (parser.isSet(video))
        window.setVideo(parser.value(video));
    if (parser.isSet(output))
        window.setOutputPath(parser.value(output));
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto shoot = [&window, file] {
            QTimer::singleShot(400, &window, [&window, file] {
                window.grab().save(file);
                window.close();
            });
        };
        if (parser.isSet(generate)) {
            QObject::connect(&window, &emote::ui::MainWindow::generationFinished, &window, shoot);
            QObject::connect(&window, &emote::ui::MainWindow::generationFailed, &window, shoot);
        } else if (parser.isSet(portrait))
            QObject::connect(&window, &emote::ui::MainWindow::facesDetected, &window, shoot);
        else
            shoot();
    }
    if (parser.isSet(screenshotRunning)) {
        const QString file = parser.value(screenshotRunning);
        auto* taken = new bool(false);
        QObject::connect(window.worker(), &emote::ui::GenerationWorker::frameReady, &window,
                         [&window, file, taken](const QImage&, qint64 index) {
                             if (*taken || index < 50)
                                 return;
                             *taken = true;
                             window.grab().save(file);
                         });
        QObject::connect(&window, &QObject::destroyed, [taken] { delete taken; });
    }
    if (parser.isSet(generate))
        QTimer::singleShot(0, &window, &emote::ui::MainWindow::generate);
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QApplication::quit);
    return app.exec();
}
