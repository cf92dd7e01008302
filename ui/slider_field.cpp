#include "ui/slider_field.h"

#include "ui/strict_spin_box.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <cmath>

namespace emote::ui {

SliderField::SliderField(double minimum, double maximum, double step, int decimals, QWidget* parent)
    : QWidget(parent), m_min(minimum), m_step(step)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, toSlider(maximum));
    m_slider->setSingleStep(1);
    m_slider->setPageStep(std::max(1, m_slider->maximum() / 10));
    m_field = new StrictDoubleSpinBox(this);
    m_field->setRange(minimum, maximum);
    m_field->setDecimals(decimals);
    m_field->setSingleStep(step);
    m_field->setFixedWidth(fontMetrics().horizontalAdvance(QStringLiteral("0000.00")) + 28);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_field);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        {
            const QSignalBlocker block(m_field);
            m_field->setValue(m_min + v * m_step);
        }
        Q_EMIT valueChanged(value());
    });
    connect(m_field, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        {
            const QSignalBlocker block(m_slider);
            m_slider->setValue(toSlider(v));
        }
        Q_EMIT valueChanged(value());
    });
    connect(m_field, &StrictDoubleSpinBox::refused, this, &SliderField::refused);
}

int SliderField::toSlider(double value) const { return int(std::lround((value - m_min) / m_step)); }

double SliderField::value() const { return m_field->value(); }

void SliderField::setValue(double value)
{
    m_field->setValue(value); // the field clamps, rounds to its decimals and moves the slider
}

void SliderField::setToolTip(const QString& text)
{
    QWidget::setToolTip(text);
    m_slider->setToolTip(text);
    m_field->setToolTip(text);
}

} // namespace emote::ui
