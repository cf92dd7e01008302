// A slider with its value beside it in a number field: drag for feel, type for an exact value (the field is a
// StrictDoubleSpinBox, so a number outside the range is refused visibly, never bent into it).
//
//   auto* motion = new emote::ui::SliderField(0.0, 2.0, 0.05, 2, parent); // min, max, step, decimals
//   motion->setValue(1.0);
//   connect(motion, &SliderField::valueChanged, this, [](double v) { ... });
#pragma once

#include <QWidget>

class QSlider;

namespace emote::ui {

class StrictDoubleSpinBox;

class SliderField : public QWidget {
    Q_OBJECT
public:
    SliderField(double minimum, double maximum, double step, int decimals, QWidget* parent = nullptr);

    double value() const;
    void setValue(double value); // clamped into the range (a programmatic value, not a user's typing)
    QSlider* slider() const { return m_slider; }
    StrictDoubleSpinBox* field() const { return m_field; }
    void setToolTip(const QString& text); // on the slider and the field

Q_SIGNALS:
    void valueChanged(double value);
    void refused(const QString& typed); // a typed number outside the range (the value stays)

private:
    int toSlider(double value) const;

    QSlider* m_slider = nullptr;
    StrictDoubleSpinBox* m_field = nullptr;
    double m_min;
    double m_step;
};

} // namespace emote::ui
