// A word-wrapped label that is never clipped: QFormLayout and dialogs size a wrapped QLabel from a guessed width,
// so a long hint under a field lost its first and last lines. This label asks for the height its text needs at
// the width it really got, whenever its text or width changes.
//
//   auto* hint = new emote::ui::WrappedLabel(parent);
//   hint->setText(longMessage); // the row grows to show every line
#pragma once

#include <QLabel>

namespace emote::ui {

class WrappedLabel : public QLabel {
    Q_OBJECT
public:
    explicit WrappedLabel(QWidget* parent = nullptr);
    void setText(const QString& text); // QLabel's, then the height for the current width

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitHeight();
};

} // namespace emote::ui
