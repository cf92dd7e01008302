// The Emote Studio main window: drop zones for the portrait and the audio (left), the Face & Crop view and the
// Preview of the frames as they are generated (centre tabs), the settings panel (right), Generate / Cancel with
// progress below, and the timeline across the bottom, which plays the latest take from the frame cache.
// Slow work (face analysis, waveform, generation) runs off the UI thread.
//
//   emote::ui::MainWindow w;
//   w.show();
//   w.openFiles({"me.jpg", "song.mp3"}); // recognised by content
//   w.setOutputPath("me.mp4");           // where takes go (me.mp4, me-take2.mp4, …); else Generate asks once
//   w.generate();                        // a new take: never writes over a file
//   w.exportVideo("share.mp4", settings, /*overwrite=*/false); // a copy with its own settings
#pragma once

#include "core/common/progress.h"
#include "core/engine/settings.h"
#include "ui/consent_store.h"
#include "ui/project_view.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QSet>
#include <QSize>
#include <QSizeF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QLabel;
class QLayout;
class QLocale;
class QTranslator;
class QProgressBar;
class QTabWidget;
class QPushButton;
class QThread;

namespace emote {
class FrameCache;
}

namespace emote::ui {

class DropZone;
class ExportDialog;
class FaceCropView;
class TimelineView;
class GenerationWorker;
class PreviewView;
class ProjectController;
class SettingsPanel;
class TakeList;
class EditHistory;
struct FaceAnalyzerHolder;

// ProjectView (privately): what the project controller may see and change of the window.
class MainWindow : public QMainWindow, private ProjectView {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Load inputs (and a finished video) given on the command line or dropped. Return false and show why
    // (in place, in the status bar) on failure.
    bool loadPortrait(const QString& path) override;
    bool loadAudio(const QString& path) override;
    void setVideo(const QString& path);
    // Sorts files into portrait and audio by their content (a .emote project opens as with File ▸ Open);
    // anything else is reported in ORIGIN (or the portrait zone). Returns how many files were used.
    int openFiles(const QStringList& paths, DropZone* origin = nullptr);

    // Where takes go: the first take is written there if that name is free, later ones as NAME-take2.mp4, …
    void setOutputPath(const QString& path) override;
    // The file the next Generate will write (empty when no output is chosen yet).
    QString nextTakePath() const;
    // Forgets the portrait, the audio and the output (File ▸ New Project).
    void clearInputs() override;
    QString outputPath() const override { return m_outputPath; }
    QString portraitPath() const override { return m_portraitPath; }
    QString audioPath() const override { return m_audioPath; }
    bool isGenerating() const { return m_generating; }
    // Why Generate is disabled (a blocking problem with the inputs); empty when it may run.
    QString blockedReason() const { return m_blockedReason; }
    QString readinessText() const; // the line beside Generate (reason, warnings or a hint)

    SettingsPanel* settingsPanel() const { return m_settings; }
    PreviewView* preview() const { return m_preview; }
    GenerationWorker* worker() const { return m_worker; }
    DropZone* portraitZone() const { return m_portraitZone; }
    DropZone* audioZone() const { return m_audioZone; }
    ProjectController* projects() const { return m_projects; }
    FaceCropView* faceCropView() const { return m_faceCrop; }
    TimelineView* timeline() const { return m_timeline; }
    TakeList* takeList() const { return m_takeList; }
    EditHistory* editHistory() const { return m_history; }
    // The take the timeline shows (empty while none, or while a run streams into it).
    QString shownTake() const { return m_shown.take; }
    // Frames of the latest take, for playback before export (null when the cache folder is unusable).
    FrameCache* frameCache() const { return m_frameCache.get(); }
    qint64 frameCacheJob() const { return m_cacheJob; }

    static QString aboutText();
    void showDiffusionModels(); // Help ▸ Diffusion Models: what the engine needs and where a package comes from
    // File ▸ Export: a dialog (non-modal, deletes itself when closed) for the current settings and output, its
    // export run on this window's worker.
    ExportDialog* openExport();
    // Loads the app's translation for LOCALE (e.g. German) into TRANSLATOR; false when there is none (English).
    static bool loadTranslation(QTranslator& translator, const QLocale& locale);
    // Loads Qt's own translation for LOCALE (file dialogs, standard buttons, "Strg+" in shortcuts) from Qt's
    // translations folder (Debian: qt6-translations-l10n); false when it is not installed.
    static bool loadQtTranslation(QTranslator& translator, const QLocale& locale);
    // The words of the visible label burned into the video, in the interface's language ("KI-generiert").
    static QString visibleLabelText();
    // What the progress line calls STAGE, in the interface's language (every stage of core/common/progress.h).
    static QString stageText(Stage stage);
    bool consentGiven(); // for the portrait loaded now (asked once per photo, ConsentStore)

public Q_SLOTS:
    void generate();         // asks for consent once per photo and for the output path if none is set, then starts
    // Renders the inputs with SETTINGS to PATH (Export): the panel, the project and the takes stay as they are.
    // OVERWRITE only when the user confirmed replacing an existing file.
    void exportVideo(const QString& path, const emote::GenerationSettings& settings, bool overwrite);
    // Plays a take's MP4 on the timeline (its frames decoded into the frame cache off the UI thread).
    void showTake(const QString& path) override;
    void cancelGeneration();
    void showAbout();

Q_SIGNALS:
    void facesDetected(int count); // after each portrait's face analysis; -1 when it could not run
    void waveformReady();
    void generationFinished(const QString& path);
    void generationFailed(const QString& message); // in the app's words (inAppWords)
    void generationCancelled();
    void inputsChanged(); // a portrait or audio was loaded, or the output path or inputs changed
    void takeShown(const QString& path); // every frame of the take is on the timeline

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override; // drops anywhere in the window count too
    void dropEvent(QDropEvent* event) override;

private:
    // The constructor's parts, in the order it calls them.
    QLayout* buildInputArea(QWidget* central);    // left: the portrait and audio drop zones
    QLayout* buildCentreArea(QWidget* central);   // centre: face & crop, preview and takes; Generate, progress
    QWidget* buildSettingsArea(QWidget* central); // right: the settings panel
    QWidget* buildTimeline(QWidget* central);     // bottom: the timeline
    void restoreSettings();                       // stored settings into the panel; the frame cache
    void connectAreas();                          // the areas' signals to each other and to the window
    void connectProjects();                       // the edits that make the project unsaved
    void buildMenus();
    void startWorker();                           // the generation worker on its own thread

    // ProjectView
    QWidget* projectWindow() override { return this; }
    void showInputProblem(Input input, const QString& text, const QString& tooltip) override;
    GenerationSettings panelSettings() const override;
    void setPanelSettings(const GenerationSettings& settings) override;
    void applyFaceCrop(GenerationSettings& settings) const override;
    void restoreFaceCrop(const GenerationSettings& settings) override;
    std::vector<ProjectTake> takes() const override;
    void setTakes(const std::vector<ProjectTake>& takes) override;
    QString latestExistingTake() const override;
    void forgetEdits() override;
    void showStatus(const QString& text) override;

    QSizeF shownCropSize() const; // the part of the photo the video shows (photo pixels); empty without a photo

    void showError(const QString& title, const QString& message);
    enum class RunKind { Take, Export };
    void startRun(RunKind kind, const QString& output, GenerationSettings settings, bool overwrite);
    void withConsent(std::function<void()> then);
    void onRunFinished(const QString& path);
    void onRunEnded(); // failed or cancelled: the timeline goes back to the last good take
    // What the timeline plays: a job of the frame cache and the audio under it.
    struct TimelineTake {
        qint64 job = 0;
        int fps = 25;
        int frame_height = 0;
        QString audio; // the timeline's sound (the input audio, or the take's own MP4)
        QString take;  // the take's MP4; empty while it is being generated
    };
    void showOnTimeline(const TimelineTake& t);
    void updateSizeWarning(); // the crop enlarged more than 2× to the chosen size
    void updateReadiness();   // input problems in the drop zones; Generate enabled or the reason beside it
    void setGenerating(bool on);
    void onProgress(emote::Stage stage, qint64 frame, qint64 total, double fps, double eta_s);
    // Runs WORK on a short-lived thread; the function it returns is then called on the UI thread.
    void runTask(std::function<std::function<void()>()> work);

    DropZone* m_portraitZone = nullptr;
    DropZone* m_audioZone = nullptr;
    PreviewView* m_preview = nullptr;
    SettingsPanel* m_settings = nullptr;
    ProjectController* m_projects = nullptr;
    QPushButton* m_generateButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QLabel* m_runNote = nullptr; // what the engine said about the last take or export (a warning), wrapped
    QLabel* m_videoInfo = nullptr;
    QLabel* m_reason = nullptr;
    QString m_blockedReason;
    QString m_portraitText; // what the drop zones say about the loaded files, before any problem
    QString m_audioText;
    QSize m_photoSize;
    std::optional<QVector<double>> m_faceHeights; // face heights in pixels; nullopt until analysed
    QVector<double> m_faceHuman;                  // per face: the dense mesh's fit (0..1), -1 where not measured
    double m_audioDuration = 0;
    double m_audioPeak = -1; // loudest sample 0..1; -1 until measured
    QTabWidget* m_views = nullptr; // face & crop / preview
    FaceCropView* m_faceCrop = nullptr;
    TimelineView* m_timeline = nullptr;
    TakeList* m_takeList = nullptr;
    EditHistory* m_history = nullptr;
    std::shared_ptr<FrameCache> m_frameCache;
    qint64 m_cacheJob = 0;     // the job the timeline plays (m_shown.job)
    TimelineTake m_shown;
    TimelineTake m_beforeRun; // restored when a run fails or is cancelled
    QString m_timelineAudio;
    std::shared_ptr<std::atomic<quint64>> m_takeLoadSerial = std::make_shared<std::atomic<quint64>>(0);
    RunKind m_runKind = RunKind::Take;
    GenerationSettings m_runSettings;
    QStringList m_runNotes; // the running job's warnings, in the app's words: still said once it is done

    QThread* m_workerThread = nullptr;
    GenerationWorker* m_worker = nullptr;
    QSet<QThread*> m_tasks;
    std::shared_ptr<FaceAnalyzerHolder> m_analyzer;
    ConsentStore m_consent;
    quint64 m_portraitSerial = 0;
    quint64 m_audioSerial = 0;

    QString m_portraitPath;
    QString m_audioPath;
    QString m_outputPath;
    bool m_generating = false;
    QElapsedTimer m_runClock;
};

} // namespace emote::ui
