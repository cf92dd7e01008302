// Undo and redo for the edits a creator makes while tweaking: every setting of the panel, the face choice and
// the crop. Each change is one step; a run of changes in quick succession (a slider drag, typing) is one step.
// A new photo or another project starts a new history (its crops would not fit).
//
//   auto* history = new emote::ui::EditHistory(panel, faceCropView, window);
//   editMenu->addAction(history->undoAction());   // Ctrl+Z
//   editMenu->addAction(history->redoAction());   // Ctrl+Shift+Z
//   history->reset();                              // after a project opens
#pragma once

#include "core/engine/settings.h"

#include <QElapsedTimer>
#include <QObject>
#include <QRectF>

#include <functional>

class QAction;
class QUndoStack;

namespace emote::ui {

class FaceCropView;
class SettingsPanel;

class EditHistory : public QObject {
    Q_OBJECT
public:
    EditHistory(SettingsPanel* panel, FaceCropView* crop, QObject* parent = nullptr);

    struct State {
        GenerationSettings settings;
        int face = -1;  // FaceCropView::selectedFace()
        QRectF crop;    // FaceCropView::cropRect(); empty = automatic framing
    };

    QAction* undoAction() const { return m_undo; }
    QAction* redoAction() const { return m_redo; }
    QUndoStack* stack() const { return m_stack; }
    void reset();  // forget the history; what is shown now is where it starts
    // Runs CHANGE (e.g. the faces found for the photo) without making it a step: it is not the user's edit.
    void outside(const std::function<void()>& change);

    // Changes closer together than this are one step.
    static constexpr int kMergeMs = 800;

private:
    friend class EditCommand;
    State capture() const;
    void apply(const State& state);
    void onChanged();

    SettingsPanel* m_panel;
    FaceCropView* m_crop;
    QUndoStack* m_stack;
    QAction* m_undo;
    QAction* m_redo;
    State m_state;
    bool m_applying = false;
    QElapsedTimer m_lastPush;
};

} // namespace emote::ui
