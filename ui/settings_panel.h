// The settings panel: every GenerationSettings field a user touches, each with a tooltip. Persists with
// QSettings (group "generation").
#pragma once

#include "core/engine/settings.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSettings;
class QSpinBox;
class QToolButton;

namespace emote::ui {

class SettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPanel(QWidget* parent = nullptr);

    GenerationSettings settings() const;
    void setSettings(const GenerationSettings& settings);

    void load(QSettings& store);       // missing keys keep the defaults
    void save(QSettings& store) const;

    QToolButton* diceButton() const { return m_dice; }

Q_SIGNALS:
    void changed();

private:
    QComboBox* m_engine = nullptr;
    QComboBox* m_size = nullptr;
    QComboBox* m_aspect = nullptr;
    QSpinBox* m_fps = nullptr;
    QSpinBox* m_seed = nullptr;
    QToolButton* m_dice = nullptr;
    QDoubleSpinBox* m_motion = nullptr;
    QDoubleSpinBox* m_expression = nullptr;
    QCheckBox* m_blink = nullptr;
    QSpinBox* m_crf = nullptr;
};

} // namespace emote::ui
