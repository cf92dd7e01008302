// Number fields that refuse what they cannot take, visibly: a plain QSpinBox with the range 1–60 swallows the
// third key of "999" and keeps 9, without a word. These let any number be typed, take it when Enter is pressed
// or the field is left, and when it is outside the range keep the value they had and send refused() with the
// text typed, so the owner can say why (e.g. "999 fps is not possible: 1 to 60; kept 25").
//
//   auto* fps = new emote::ui::StrictSpinBox(parent);
//   fps->setRange(1, 60);
//   connect(fps, &StrictSpinBox::refused, this, [](const QString& typed) { showWhy(typed); });
#pragma once

#include <QDoubleSpinBox>
#include <QSpinBox>

namespace emote::ui {

class StrictSpinBox : public QSpinBox {
    Q_OBJECT
public:
    explicit StrictSpinBox(QWidget* parent = nullptr);
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& input) const override;
    // "1 to 60 fps" (the range as the user reads it).
    QString rangeText() const;
    // The value kept, as shown ("25 fps"), also while the refused text is still in the field.
    QString valueText() const;

Q_SIGNALS:
    void refused(const QString& typed);
};

class StrictDoubleSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit StrictDoubleSpinBox(QWidget* parent = nullptr);
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& input) const override;
    QString rangeText() const;
    QString valueText() const;

Q_SIGNALS:
    void refused(const QString& typed);
};

} // namespace emote::ui
