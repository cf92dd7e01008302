#include "ui/edit_history.h"

#include "ui/face_crop_view.h"
#include "ui/settings_panel.h"

#include <QAction>
#include <QKeySequence>
#include <QUndoCommand>
#include <QUndoStack>

namespace emote::ui {

namespace {

bool sameState(const EditHistory::State& a, const EditHistory::State& b)
{
    return a.face == b.face && a.crop == b.crop && SettingsPanel::sameShown(a.settings, b.settings);
}

} // namespace

// One step: the state before and after. Pushing does not re-apply (the window already shows "after").
class EditCommand : public QUndoCommand {
public:
    EditCommand(EditHistory* history, EditHistory::State before, EditHistory::State after, bool mergeable)
        : m_history(history), m_before(std::move(before)), m_after(std::move(after)), m_mergeable(mergeable)
    {
        setText(EditHistory::tr("Edit"));
    }
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const EditCommand*>(other);
        if (!next->m_mergeable)
            return false;
        m_after = next->m_after;
        return true;
    }
    void undo() override { m_history->apply(m_before); }
    void redo() override
    {
        if (m_pushed)
            m_history->apply(m_after);
        m_pushed = true;
    }

private:
    EditHistory* m_history;
    EditHistory::State m_before;
    EditHistory::State m_after;
    bool m_mergeable;
    bool m_pushed = false;
};

EditHistory::EditHistory(SettingsPanel* panel, FaceCropView* crop, QObject* parent)
    : QObject(parent), m_panel(panel), m_crop(crop), m_stack(new QUndoStack(this))
{
    m_undo = m_stack->createUndoAction(this, tr("&Undo"));
    m_undo->setObjectName(QStringLiteral("undoAction"));
    m_undo->setShortcut(QKeySequence::Undo);
    m_redo = m_stack->createRedoAction(this, tr("&Redo"));
    m_redo->setObjectName(QStringLiteral("redoAction"));
    m_redo->setShortcut(QKeySequence::Redo);
    m_state = capture();
    connect(panel, &SettingsPanel::changed, this, &EditHistory::onChanged);
    connect(crop, &FaceCropView::changed, this, &EditHistory::onChanged);
}

EditHistory::State EditHistory::capture() const
{
    State s;
    s.settings = m_panel->settings();
    s.face = m_crop->selectedFace();
    s.crop = m_crop->cropRect();
    return s;
}

void EditHistory::reset()
{
    m_stack->clear();
    m_state = capture();
}

void EditHistory::outside(const std::function<void()>& change)
{
    const bool was = m_applying;
    m_applying = true;
    change();
    m_applying = was;
    m_state = capture();
}

void EditHistory::onChanged()
{
    if (m_applying)
        return;
    const State now = capture();
    if (sameState(now, m_state))
        return;
    const bool mergeable = m_lastPush.isValid() && m_lastPush.elapsed() < kMergeMs;
    m_stack->push(new EditCommand(this, m_state, now, mergeable));
    m_lastPush.start();
    m_state = now;
}

void EditHistory::apply(const State& state)
{
    m_applying = true;
    m_panel->setSettings(state.settings);
    m_crop->selectFace(state.face);
    if (state.crop.isEmpty())
        m_crop->resetCrop();
    else
        m_crop->setCropRect(state.crop);
    m_applying = false;
    m_state = capture();
    m_lastPush = QElapsedTimer(); // the next edit after an undo is a step of its own
}

} // namespace emote::ui
