// What the project controller sees of the window: the inputs, the settings, the face choice and crop, the
// takes and a status line, and nothing else of the window's children. The main window implements it; a test or
// another front end can implement it with no window at all.
//
//   class MyWindow : public QMainWindow, private emote::ui::ProjectView { ... };
//   auto* projects = new emote::ui::ProjectController(*this, this);
//   // the window reports edits, which make the project unsaved:
//   connect(panel, &SettingsPanel::changed, projects, &ProjectController::markDirty);
//   connect(cropView, &FaceCropView::changed, projects, &ProjectController::onFaceChanged);
//   connect(this, &MyWindow::inputsChanged, projects, &ProjectController::onInputsChanged);
#pragma once

#include "core/engine/project.h"
#include "core/engine/settings.h"

#include <QString>

#include <vector>

class QWidget;

namespace emote::ui {

class ProjectView {
public:
    enum class Input { Portrait, Audio };

    virtual ~ProjectView() = default;

    // The top-level window: parent of the controller's questions, carries the title and the unsaved mark; its
    // close is guarded by the unsaved-changes question.
    virtual QWidget* projectWindow() = 0;

    // The inputs and where takes go (empty while none).
    virtual QString portraitPath() const = 0;
    virtual QString audioPath() const = 0;
    virtual QString outputPath() const = 0;
    virtual bool loadPortrait(const QString& path) = 0; // false: shown why, nothing loaded
    virtual bool loadAudio(const QString& path) = 0;
    virtual void setOutputPath(const QString& path) = 0;
    virtual void clearInputs() = 0;
    // An input that cannot be loaded (e.g. a project names a file that is gone): TEXT in its place, as an error.
    virtual void showInputProblem(Input input, const QString& text, const QString& tooltip) = 0;

    // The generation settings as the panel shows them.
    virtual GenerationSettings panelSettings() const = 0;
    virtual void setPanelSettings(const GenerationSettings& settings) = 0;
    // The face choice and crop of the photo shown, written into / read from SETTINGS.
    virtual void applyFaceCrop(GenerationSettings& settings) const = 0;
    virtual void restoreFaceCrop(const GenerationSettings& settings) = 0;

    // The project's takes; the newest one still on disk; put one on the timeline.
    virtual std::vector<ProjectTake> takes() const = 0;
    virtual void setTakes(const std::vector<ProjectTake>& takes) = 0;
    virtual QString latestExistingTake() const = 0;
    virtual void showTake(const QString& path) = 0;

    // Undo/redo starts over (another project: nothing of the last one to undo).
    virtual void forgetEdits() = 0;
    // A line in the status bar.
    virtual void showStatus(const QString& text) = 0;
};

} // namespace emote::ui
