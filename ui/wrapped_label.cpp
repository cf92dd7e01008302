#include "ui/wrapped_label.h"

#include <QResizeEvent>

namespace emote::ui {

WrappedLabel::WrappedLabel(QWidget* parent) : QLabel(parent)
{
    setWordWrap(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    setAlignment(Qt::AlignLeft | Qt::AlignTop); // a row given more height keeps the text under its field
}

void WrappedLabel::setText(const QString& text)
{
    QLabel::setText(text);
    fitHeight();
}

void WrappedLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        fitHeight();
}

void WrappedLabel::fitHeight()
{
    const int h = text().isEmpty() ? 0 : heightForWidth(width());
    if (h != minimumHeight())
        setMinimumHeight(h);
}

} // namespace emote::ui
