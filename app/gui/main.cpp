// emote-studio — the desktop app.
#include "core/common/partial_files.h"
#include "core/common/version.h"
#include "core/nn/runtime.h"
#include "ui/export_dialog.h"
#include "ui/face_crop_view.h"
#include "ui/generation_worker.h"
#include "ui/main_window.h"
#include "ui/project_controller.h"
#include "ui/take_list.h"
#include "ui/playback.h"
#include "ui/timeline_view.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QCommandLineParser>
#include <QKeyEvent>
#include <QLocale>
#include <QObject>
#include <QSettings>
#include <QTabWidget>
#include <QTranslator>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace {

// For bench/gui/bench_startup: prints one line at the window's first paint (then quits), so the launch-to-
// visible time can be measured from outside, dynamic loading included.
class FirstPaintReporter : public QObject {
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_done) {
            m_done = true;
            // CPU time of the whole process so far, which contention on a busy machine hardly changes.
            std::printf("emote-studio: window visible cpu_ms=%.0f\n", 1000.0 * double(std::clock()) / CLOCKS_PER_SEC);
            std::fflush(stdout);
            QTimer::singleShot(0, qApp, &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_done = false;
};

} // namespace

int main(int argc, char** argv)
{
    // Qt 6.4's default multimedia backend crashes without a display server; FFmpeg's does not (DESIGN.md §5).
    qputenv("QT_MEDIA_BACKEND", "ffmpeg");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Emote Studio"));
    QApplication::setOrganizationName(QStringLiteral("Emote"));
    QApplication::setApplicationVersion(QString::fromLatin1(emote::projectVersion()));
    emote::nn::configureRuntime();
    // Partial outputs of runs that were killed (SIGKILL, crash, power loss) are removed at start.
    emote::cleanStalePartialFiles();

    // Language follows the system locale; the "ui/language" setting (e.g. "de", "en") overrides it.
    const QString language = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    QTranslator translator;
    if (emote::ui::MainWindow::loadTranslation(translator, locale))
        QApplication::installTranslator(&translator);
    // Qt's own words too (file dialogs, standard buttons, "Strg+" in shortcuts), where Qt's translations are
    // installed (Debian: qt6-translations-l10n).
    QTranslator qtTranslator;
    if (emote::ui::MainWindow::loadQtTranslation(qtTranslator, locale))
        QApplication::installTranslator(&qtTranslator);
    // Dates, numbers and the like follow the chosen language too (German: 7. Dez. 2026, 1,50).
    if (!language.isEmpty())
        QLocale::setDefault(QLocale(language));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Turn a portrait and an audio track into a talking video."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption portrait({QStringLiteral("p"), QStringLiteral("portrait")}, QStringLiteral("Portrait to load."),
                                QStringLiteral("PHOTO"));
    QCommandLineOption audio({QStringLiteral("a"), QStringLiteral("audio")}, QStringLiteral("Audio to load."),
                             QStringLiteral("AUDIO"));
    QCommandLineOption video(QStringLiteral("video"), QStringLiteral("A video to play: its frames and sound go onto the timeline."),
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
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QStringLiteral("A project (.emote) to open, or a portrait and an audio file."),
                                 QStringLiteral("[FILE...]"));
    QCommandLineOption face(QStringLiteral("face"), QStringLiteral("Choose face N (1 = the first found) once faces are found."),
                            QStringLiteral("N"));
    QCommandLineOption expand(QStringLiteral("expand"),
                              QStringLiteral("Crop around the face, this many face heights tall (e.g. 2.5)."),
                              QStringLiteral("F"));
    QCommandLineOption showMask(QStringLiteral("show-mask"), QStringLiteral("Show the face-locator mask."));
    QCommandLineOption playhead(QStringLiteral("playhead"),
                                QStringLiteral("Before the screenshot, put the timeline's playhead here."),
                                QStringLiteral("SECONDS"));
    QCommandLineOption loop(QStringLiteral("loop"), QStringLiteral("Before the screenshot, mark this loop range."),
                            QStringLiteral("A:B"));
    QCommandLineOption tab(QStringLiteral("tab"),
                           QStringLiteral("Before the screenshot, show this tab: face, preview or takes."),
                           QStringLiteral("NAME"));
    QCommandLineOption screenshotExport(QStringLiteral("screenshot-export"),
                                        QStringLiteral("Open File ▸ Export once the inputs are analysed, save a "
                                                       "picture of that dialog and quit."),
                                        QStringLiteral("PNG"));
    QCommandLineOption typeInto(QStringLiteral("type"),
                                QStringLiteral("Before the screenshot, type TEXT into the field named NAME and press "
                                               "Enter, as a user would (e.g. fps=999). Repeatable."),
                                QStringLiteral("NAME=TEXT"));
    parser.addOptions({portrait, audio, video, quitAfter, output, generate, screenshot, screenshotRunning, face, expand,
                       showMask, playhead, loop, tab, screenshotExport, typeInto});
    parser.process(app);

    emote::ui::MainWindow window;
    const bool report_visible = qEnvironmentVariableIsSet("EMOTE_REPORT_VISIBLE");
    // Every option that ends the app by itself: loaded inputs make the project unsaved, and a "Save the changes?"
    // question on closing would wait for a click that never comes.
    const bool scripted = parser.isSet(screenshot) || parser.isSet(screenshotExport) || parser.isSet(quitAfter) ||
                          parser.isSet(generate) || report_visible;
    FirstPaintReporter reporter;
    if (report_visible)
        window.installEventFilter(&reporter);
    if (scripted) // screenshots, tests and benchmarks must never stop at a question
        window.projects()->setSavePrompt([](const QString&) { return emote::ui::ProjectController::SaveChoice::Discard; });
    window.show();
    // Files from the desktop (Exec=emote-studio %F) or the shell: projects open, the rest are sorted by content.
    QStringList media;
    for (const QString& f : parser.positionalArguments()) {
        if (f.endsWith(QStringLiteral(".emote"), Qt::CaseInsensitive))
            window.projects()->openProject(f);
        else
            media << f;
    }
    if (!media.isEmpty())
        window.openFiles(media);
    // Work lost in a crash is offered back on a plain start (files given on the command line come first;
    // the offer then waits for the next start).
    if (!scripted && parser.positionalArguments().isEmpty())
        QTimer::singleShot(0, window.projects(), &emote::ui::ProjectController::offerRecovery);
    // Face and crop choices wait for the face analysis (connected before the screenshot, so they come first).
    QObject::connect(&window, &emote::ui::MainWindow::facesDetected, &window, [&](int count) {
        emote::ui::FaceCropView* view = window.faceCropView();
        if (parser.isSet(face) && parser.value(face).toInt() >= 1 && parser.value(face).toInt() <= count)
            view->selectFace(parser.value(face).toInt() - 1);
        if (parser.isSet(expand))
            view->setExpand(parser.value(expand).toDouble());
        if (parser.isSet(showMask))
            view->setMaskVisible(true);
    });
    auto placePlayhead = [&] {
        for (const QString& spec : parser.values(typeInto)) {
            const QString name = spec.section(QLatin1Char('='), 0, 0);
            const QString text = spec.section(QLatin1Char('='), 1);
            auto* target = window.findChild<QAbstractSpinBox*>(name);
            if (!target) // a slider with its field: the field is the one typed into
                if (auto* holder = window.findChild<QWidget*>(name))
                    target = holder->findChild<QAbstractSpinBox*>();
            if (!target)
                continue;
            target->setFocus();
            target->selectAll();
            for (const QChar c : text) {
                QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(c));
                QCoreApplication::sendEvent(target, &press);
            }
            QKeyEvent enter(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
            QCoreApplication::sendEvent(target, &enter);
        }
        if (parser.isSet(tab)) {
            const QString name = parser.value(tab);
            auto* views = window.findChild<QTabWidget*>(QStringLiteral("views"));
            const int index = name == QLatin1String("preview") ? 1 : name == QLatin1String("takes") ? 2 : 0;
            if (views)
                views->setCurrentIndex(index);
        }
        emote::ui::Playback* playback = window.timeline()->playback();
        const QStringList range = parser.value(loop).split(QLatin1Char(':'));
        if (parser.isSet(loop) && range.size() == 2)
            playback->setLoop(qint64(range[0].toDouble() * 1000), qint64(range[1].toDouble() * 1000));
        if (parser.isSet(playhead))
            playback->seek(qint64(parser.value(playhead).toDouble() * 1000));
    };
    const bool portrait_loaded = parser.isSet(portrait) && window.loadPortrait(parser.value(portrait));
    const bool audio_loaded = parser.isSet(audio) && window.loadAudio(parser.value(audio));
    // An input that cannot be used is said in its drop zone at once; no face analysis or run follows to wait for,
    // so the pictures are taken straight away.
    const bool inputs_refused = (parser.isSet(portrait) && !portrait_loaded) || (parser.isSet(audio) && !audio_loaded);
    // A video to play: onto the timeline as a take is (frames and its own sound), not only named.
    if (parser.isSet(video))
        window.showTake(parser.value(video));
    if (parser.isSet(output))
        window.setOutputPath(parser.value(output));
    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto shoot = [&window, file, placePlayhead] {
            placePlayhead();
            QTimer::singleShot(400, &window, [&window, file] {
                window.grab().save(file);
                window.close();
            });
        };
        const QStringList given = parser.positionalArguments();
        const bool project_given = std::any_of(given.begin(), given.end(),
                                               [](const QString& f) { return f.endsWith(QStringLiteral(".emote")); });
        if (inputs_refused) {
            shoot();
        } else if (parser.isSet(generate)) {
            QObject::connect(&window, &emote::ui::MainWindow::generationFinished, &window, shoot);
            QObject::connect(&window, &emote::ui::MainWindow::generationFailed, &window, shoot);
        } else if (project_given && !window.takeList()->latestExisting().isEmpty()) {
            // A project with takes: once its newest take is on the timeline.
            QObject::connect(&window, &emote::ui::MainWindow::takeShown, &window, shoot, Qt::SingleShotConnection);
        } else if (parser.isSet(video)) {
            // Once the video is on the timeline (or could not be read: the status bar says why).
            QObject::connect(&window, &emote::ui::MainWindow::takeShown, &window, shoot, Qt::SingleShotConnection);
            QTimer::singleShot(30000, &window, shoot);
        } else if (portrait_loaded || project_given)
            QObject::connect(&window, &emote::ui::MainWindow::facesDetected, &window, shoot);
        else
            shoot();
    }
    if (parser.isSet(screenshotExport)) {
        const QString file = parser.value(screenshotExport);
        auto shootExport = [&window, file] {
            emote::ui::ExportDialog* d = window.openExport();
            QTimer::singleShot(400, &window, [&window, d, file] {
                d->grab().save(file);
                window.close();
            });
        };
        if (portrait_loaded)
            QObject::connect(&window, &emote::ui::MainWindow::facesDetected, &window, shootExport,
                             Qt::SingleShotConnection);
        else
            QTimer::singleShot(0, &window, shootExport);
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
    if (parser.isSet(generate) && !inputs_refused) { // refused inputs: the refusal is what a run would show
        if (parser.isSet(portrait)) // after the face analysis, so the face and crop chosen above are generated
            QObject::connect(&window, &emote::ui::MainWindow::facesDetected, &window, &emote::ui::MainWindow::generate,
                             Qt::QueuedConnection);
        else
            QTimer::singleShot(0, &window, &emote::ui::MainWindow::generate);
    }
    if (parser.isSet(quitAfter))
        QTimer::singleShot(parser.value(quitAfter).toInt(), &app, &QApplication::quit);
    return app.exec();
}
