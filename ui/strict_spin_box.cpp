#include "ui/strict_spin_box.h"

#include <QLocale>

namespace emote::ui {

namespace {

// The number in TEXT without the box's prefix and suffix; empty when there is none.
QString bare(const QString& text, const QString& prefix, const QString& suffix)
{
    QString t = text.trimmed();
    if (!prefix.isEmpty() && t.startsWith(prefix.trimmed()))
        t = t.mid(prefix.trimmed().size());
    if (!suffix.isEmpty() && t.endsWith(suffix.trimmed()))
        t.chop(suffix.trimmed().size());
    return t.trimmed();
}

} // namespace

StrictSpinBox::StrictSpinBox(QWidget* parent) : QSpinBox(parent)
{
    // Typed digits count only once entered: "999" must not pass through 9 on its way.
    setKeyboardTracking(false);
}

QValidator::State StrictSpinBox::validate(QString& text, int& pos) const
{
    const QValidator::State state = QSpinBox::validate(text, pos);
    if (state != QValidator::Invalid)
        return state;
    bool ok = false;
    locale().toLongLong(bare(text, prefix(), suffix()), &ok);
    return ok ? QValidator::Intermediate : QValidator::Invalid; // a number, out of range: refused on Enter
}

void StrictSpinBox::fixup(QString& input) const
{
    bool ok = false;
    const QString t = bare(input, prefix(), suffix());
    const qlonglong v = locale().toLongLong(t, &ok);
    if (ok && (v < minimum() || v > maximum()))
        Q_EMIT const_cast<StrictSpinBox*>(this)->refused(t);
    QSpinBox::fixup(input);
}

QString StrictSpinBox::rangeText() const
{
    return tr("%1 to %2%3").arg(minimum()).arg(maximum()).arg(suffix());
}

QString StrictSpinBox::valueText() const { return prefix() + textFromValue(value()) + suffix(); }

StrictDoubleSpinBox::StrictDoubleSpinBox(QWidget* parent) : QDoubleSpinBox(parent)
{
    setKeyboardTracking(false);
}

QValidator::State StrictDoubleSpinBox::validate(QString& text, int& pos) const
{
    const QValidator::State state = QDoubleSpinBox::validate(text, pos);
    if (state != QValidator::Invalid)
        return state;
    bool ok = false;
    locale().toDouble(bare(text, prefix(), suffix()), &ok);
    return ok ? QValidator::Intermediate : QValidator::Invalid;
}

void StrictDoubleSpinBox::fixup(QString& input) const
{
    bool ok = false;
    const QString t = bare(input, prefix(), suffix());
    const double v = locale().toDouble(t, &ok);
    if (ok && (v < minimum() || v > maximum()))
        Q_EMIT const_cast<StrictDoubleSpinBox*>(this)->refused(t);
    QDoubleSpinBox::fixup(input);
}

QString StrictDoubleSpinBox::rangeText() const
{
    return tr("%1 to %2%3")
        .arg(locale().toString(minimum(), 'f', decimals()), locale().toString(maximum(), 'f', decimals()), suffix());
}

QString StrictDoubleSpinBox::valueText() const { return prefix() + textFromValue(value()) + suffix(); }

} // namespace emote::ui
