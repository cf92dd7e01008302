// The Emote Studio main window: drop zones for the portrait and the audio (left), a preview with the detected
// faces and the frames as they are generated (centre), the settings panel (right), Generate / Cancel with
// progress below the preview. Slow work (face analysis, waveform, generation) runs off the UI thread.
//
//   emote::ui::MainWindow w;
//   w.show();
//   w.openFiles({"me.jpg", "song.mp3"}); // recognised by content
//   w.setOutputPath("me.mp4");           // else Generate asks with a save dialog
//   w.generate();
#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QLabel;
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
class FaceCropView;
class TimelineView;
class GenerationWorker;
class PreviewView;
class ProjectController;
class SettingsPanel;
struct FaceAnalyzerHolder;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Load inputs (and a finished video) given on the command line or dropped. Return false and show why
    // (in place, in the status bar) on failure.
    bool loadPortrait(const QString& path);
    bool loadAudio(const QString& path);
    void setVideo(const QString& path);
    // Sorts files into portrait and audio by their content (a .emote project opens as with File ▸ Open);
    // anything else is reported in ORIGIN (or the portrait zone). Returns how many files were used.
    int openFiles(const QStringList& paths, DropZone* origin = nullptr);

    void setOutputPath(const QString& path);
    // Forgets the portrait, the audio and the output (File ▸ New Project).
    void clearInputs();
    QString outputPath() const { return m_outputPath; }
    QString portraitPath() const { return m_portraitPath; }
    QString audioPath() const { return m_audioPath; }
    bool isGenerating() const { return m_generating; }

    SettingsPanel* settingsPanel() const { return m_settings; }
    PreviewView* preview() const { return m_preview; }
    GenerationWorker* worker() const { return m_worker; }
    DropZone* portraitZone() const { return m_portraitZone; }
    DropZone* audioZone() const { return m_audioZone; }
    ProjectController* projects() const { return m_projects; }
    FaceCropView* faceCropView() const { return m_faceCrop; }
    TimelineView* timeline() const { return m_timeline; }
    // Frames of the latest take, for playback before export (null when the cache folder is unusable).
    FrameCache* frameCache() const { return m_frameCache.get(); }
    qint64 frameCacheJob() const { return m_cacheJob; }

    static QString aboutText();
    // Loads the app's translation for LOCALE (e.g. German) into TRANSLATOR; false when there is none (English).
    static bool loadTranslation(QTranslator& translator, const QLocale& locale);
    static bool consentGiven();   // QSettings "consent/animate_rights"

public Q_SLOTS:
    void generate();         // asks for consent once and for the output path if none is set, then starts
    void cancelGeneration();
    void showAbout();

Q_SIGNALS:
    void facesDetected(int count); // after each portrait's face analysis; -1 when it could not run
    void waveformReady();
    void generationFinished(const QString& path);
    void generationFailed(const QString& message);
    void generationCancelled();
    void inputsChanged(); // a portrait or audio was loaded, or the output path or inputs changed

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override; // drops anywhere in the window count too
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void showError(const QString& title, const QString& message);
    void startGeneration();
    void setGenerating(bool on);
    void onProgress(const QString& stage, qint64 frame, qint64 total, double fps, double eta_s);
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
    QLabel* m_videoInfo = nullptr;
    QTabWidget* m_views = nullptr; // face & crop / preview
    FaceCropView* m_faceCrop = nullptr;
    TimelineView* m_timeline = nullptr;
    std::shared_ptr<FrameCache> m_frameCache;
    qint64 m_cacheJob = 0;

    QThread* m_workerThread = nullptr;
    GenerationWorker* m_worker = nullptr;
    QSet<QThread*> m_tasks;
    std::shared_ptr<FaceAnalyzerHolder> m_analyzer;
    quint64 m_portraitSerial = 0;
    quint64 m_audioSerial = 0;

    QString m_portraitPath;
    QString m_audioPath;
    QString m_outputPath;
    bool m_generating = false;
    QElapsedTimer m_runClock;
};

} // namespace emote::ui
