// Projects in the desktop app: New / Open / Save / Save As, the recent-projects list, the unsaved-changes
// question, autosave to a recovery file and the offer to restore it after a crash. It reads and changes the
// window only through ProjectView (ui/project_view.h), and stores projects with core/engine/project.h.
//
//   auto* projects = new emote::ui::ProjectController(view, window); // VIEW: the window's ProjectView
//   projects->addFileActions(fileMenu);                         // New, Open…, Open Recent, Save, Save As…
//   projects->openProject("song.emote");
//   QTimer::singleShot(0, projects, &ProjectController::offerRecovery); // after the window is shown
//
// QSettings keys: "projects/recent" (newest first), "projects/autosave_s" (default 30; 0 = off).
#pragma once

#include <array>

#include "core/engine/project.h"
#include "ui/project_view.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QMenu;
class QTimer;

namespace emote::ui {

class ProjectController : public QObject {
    Q_OBJECT
public:
    enum class SaveChoice { Save, Discard, Cancel };
    enum class FileChoice { Open, Save };

    // VIEW outlives the controller (the window owns both: PARENT is the window).
    ProjectController(ProjectView& view, QObject* parent);
    ~ProjectController() override;

    void addFileActions(QMenu* menu);

    QString projectFile() const { return m_file; }
    bool isDirty() const { return m_dirty; }
    // The project as the window shows it (inputs hashed; missing inputs of an opened project kept).
    Project snapshot();
    // What the last open reported (missing or changed inputs).
    const std::vector<ProjectIssue>& lastIssues() const { return m_issues; }

    static constexpr int kMaxRecent = 10;
    // Recent project files, newest first; files that no longer exist are dropped (and forgotten).
    static QStringList recentProjects();
    static void addRecentProject(const QString& file);

    // The folder for recovery files (default: the app data folder's "recovery"); tests point it elsewhere.
    void setRecoveryDir(const QString& dir);
    QString recoveryFile() const; // this process's autosave file
    // Recovery files left by Emote Studio processes that are gone, newest first.
    QStringList orphanedRecoveryFiles() const;
    void setAutosaveInterval(int seconds); // 0 = off

    // Hooks for the questions (tests replace them; the defaults are dialogs).
    void setSavePrompt(std::function<SaveChoice(const QString& name)> prompt) { m_askSave = std::move(prompt); }
    void setFileChooser(std::function<QString(FileChoice)> chooser) { m_chooseFile = std::move(chooser); }
    void setRestorePrompt(std::function<bool(const QDateTime& when)> prompt) { m_askRestore = std::move(prompt); }

public Q_SLOTS:
    bool newProject();                        // false when the user cancelled the unsaved-changes question
    bool openProject(const QString& file = QString()); // empty: ask with a file dialog
    bool save();                              // Save As when the project has no file yet
    bool saveAs(const QString& file = QString());
    bool maybeSave();                         // asks when dirty; false = stay (Cancel, or the save failed)
    bool autosave();                          // writes the recovery file if there are unsaved changes
    bool offerRecovery();                     // true when a recovery file was restored
    // The view's edits: the window connects its settings' and takes' changes to markDirty, the face choice's
    // and crop's to onFaceChanged, and a new portrait, audio or output to onInputsChanged.
    void markDirty();
    void onFaceChanged();   // unsaved unless the face and crop are back as last saved
    void onInputsChanged(); // a newly chosen input replaces a missing one the project named

Q_SIGNALS:
    void projectChanged(const QString& file); // opened, saved under a new name, or new
    void dirtyChanged(bool dirty);
    void projectError(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override; // the window's close asks first

private:
    void setDirty(bool dirty);
    void setFile(const QString& file);
    void apply(const Project& project);
    bool writeTo(const QString& file);
    void updateTitle();
    void rebuildRecentMenu();
    std::string hashOf(const QString& path);
    void removeRecovery();
    void showMessage(const QString& title, const QString& text);

    ProjectView& m_view;
    QString m_file;
    bool m_dirty = false;
    // Face choice and crop as last saved or opened: the face analysis re-announcing the same choice after a
    // project opens is not an edit.
    std::array<double, 5> m_cleanFace{-1, 0, 0, 0, 0};
    std::array<double, 5> faceState() const;
    bool m_applying = false;
    ProjectInput m_missingPortrait; // inputs an opened project names but that are not there (kept on save)
    ProjectInput m_missingAudio;
    std::vector<ProjectIssue> m_issues;
    QString m_recoveryDir;
    QTimer* m_autosave = nullptr;
    QMenu* m_recentMenu = nullptr;
    struct Hashed {
        qint64 size;
        QDateTime modified;
        std::string sha256;
    };
    QHash<QString, Hashed> m_hashes; // so autosaves do not re-read unchanged inputs
    std::function<SaveChoice(const QString&)> m_askSave;
    std::function<QString(FileChoice)> m_chooseFile;
    std::function<bool(const QDateTime&)> m_askRestore;
};

} // namespace emote::ui
