// emote-studio — the desktop app.
#include "core/nn/runtime.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
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
    parser.addOptions({portrait, audio, video, quitAfter});
    parser.process(app);

    emote::ui::MainWindow window;
    window.show();
    if (parser.isSet(portrait))
        window.loadPortrait(parser.value(portrait));
    if (parser.isSet(audio))
        window.loadAudio(parser.value(audio));
    if (parser.isSet(video))
        window.setVideo(parser.value(video));
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QApplication::quit);
    return app.exec();
}
