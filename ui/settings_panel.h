// The settings panel: every GenerationSettings field a user touches, each with a tooltip. Persists with
// QSettings (group "generation"; the interface language under "ui/language", applied on restart). Fields it
// shows no widget for (crop, face choice, phonemes, x264 preset, caps) are kept as set by setSettings(), so
// settings() round-trips a whole project.
#pragma once

#include "core/engine/settings.h"

#include <QSize>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSettings;
class QSpinBox;
class QToolButton;

namespace emote::ui {

class SliderField;
class StrictSpinBox;
class WrappedLabel;

class SettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPanel(QWidget* parent = nullptr);

    GenerationSettings settings() const;
    void setSettings(const GenerationSettings& settings);

    void load(QSettings& store);       // missing keys keep the defaults
    void save(QSettings& store) const;

    QToolButton* diceButton() const { return m_dice; }
    QToolButton* seedLockButton() const { return m_seedLock; }
    // Locked (default): Generate keeps the seed. Unlocked: MainWindow rolls a new one before each Generate.
    bool seedLocked() const;
    void setSeedLocked(bool locked);
    void rollSeed();

    // The photo's pixel size, so sizes for its own shape read in pixels (e.g. 640×760).
    void setPhotoSize(const QSize& photo);
    // A note under the size (e.g. the crop is enlarged more than 2×); empty hides it.
    void setSizeWarning(const QString& text);
    QString sizeWarning() const;

    // Why DIR is not a usable Diffusion model package (the structure of its manifest.json and each listed
    // file's presence and size, not the SHA-256s, which generation checks); empty when it is.
    static QString modelPackageProblem(const QString& dir);
    // The model package field's current verdict (empty = fine or not needed), as shown under the picker.
    QString modelProblem() const { return m_modelProblem; }
    void setModelPath(const QString& dir); // as if chosen with the folder picker

    // The emotion's name for people ("happy" → Happy, "auto" → Auto).
    static QString emotionLabel(const std::string& code);
    // Why the emotion controls are off for the chosen engine (empty for the Live engine, which has them).
    QString emotionNote() const;

    // Whether A and B agree in every field the panel shows (the fields an edit can change).
    static bool sameShown(const GenerationSettings& a, const GenerationSettings& b);

    // "" (follow the system), "en" or "de"; QSettings "ui/language", read by emote-studio at start.
    QString language() const;
    void setLanguage(const QString& code);

Q_SIGNALS:
    void changed();

private:
    void updateEngineRows();
    void updateEmotionRows(); // enabled for the Live engine only, with the reason beside them
    void fillSizes(double aspect, int height); // the sizes offered for ASPECT, HEIGHT selected (added if missing)
    void checkModel();

    GenerationSettings m_base; // the fields without a widget, as last set
    QFormLayout* m_form = nullptr;
    QComboBox* m_engine = nullptr;
    QLabel* m_modelLabel = nullptr;
    QLineEdit* m_model = nullptr;
    QToolButton* m_modelBrowse = nullptr;
    QToolButton* m_getModel = nullptr; // "Get the Hallo model…" (ModelFetchDialog)
    WrappedLabel* m_modelStatus = nullptr;
    QString m_modelProblem;
    SliderField* m_steps = nullptr;
    SliderField* m_guidance = nullptr;
    QCheckBox* m_watermark = nullptr;
    QCheckBox* m_label = nullptr;
    QComboBox* m_language = nullptr;
    WrappedLabel* m_languageNote = nullptr; // "restart to see it in …" after a change
    QComboBox* m_size = nullptr;
    WrappedLabel* m_sizeWarning = nullptr;
    QSize m_photo;
    double m_shownAspect = 1.0; // the aspect m_size's entries are for
    QComboBox* m_aspect = nullptr;
    StrictSpinBox* m_fps = nullptr;
    StrictSpinBox* m_seed = nullptr;
    QToolButton* m_dice = nullptr;
    QToolButton* m_seedLock = nullptr;
    SliderField* m_motion = nullptr;
    SliderField* m_expression = nullptr;
    QComboBox* m_emotion = nullptr;
    SliderField* m_emotionIntensity = nullptr;
    WrappedLabel* m_emotionNote = nullptr; // why the emotion controls are off (another engine)
    QCheckBox* m_blink = nullptr;
    StrictSpinBox* m_crf = nullptr;
    WrappedLabel* m_inputError = nullptr; // why a typed number was refused
};

} // namespace emote::ui
