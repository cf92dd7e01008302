#include "ui/settings_panel.h"

#include "ui/size_presets.h"
#include "ui/slider_field.h"
#include "ui/strict_spin_box.h"
#include "ui/user_words.h"
#include "ui/wrapped_label.h"

#ifdef EMOTE_HAVE_FETCH
#include "ui/model_fetch_dialog.h"
#endif
#ifdef EMOTE_HAVE_MODEL_PACKAGE
#include "core/diffusion/model_package.h"
#endif

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QRandomGenerator>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>

#include <climits>
#include <cmath>

namespace emote::ui {

namespace {
int indexForData(const QComboBox* box, const QVariant& value)
{
    for (int i = 0; i < box->count(); ++i) {
        const QVariant d = box->itemData(i);
        if (d.typeId() == QMetaType::Double ? std::abs(d.toDouble() - value.toDouble()) < 1e-3 : d == value)
            return i;
    }
    return -1;
}
// A die showing five, drawn rather than shipped (emoji fonts are not everywhere).
QIcon diceIcon(const QColor& ink)
{
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(ink, 2));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(3, 3, 26, 26), 6, 6);
    p.setPen(Qt::NoPen);
    p.setBrush(ink);
    for (const QPointF c : {QPointF(10, 10), QPointF(22, 10), QPointF(16, 16), QPointF(10, 22), QPointF(22, 22)})
        p.drawEllipse(c, 2.6, 2.6);
    return QIcon(pm);
}

// A padlock, closed or open, drawn like the die.
QIcon lockIcon(const QColor& ink, bool closed)
{
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(ink, 2.5));
    p.setBrush(Qt::NoBrush);
    // The shackle: over the body when closed, swung up and to the side when open.
    const QRectF shackle = closed ? QRectF(10, 4, 12, 16) : QRectF(17, 1, 12, 16);
    p.drawArc(shackle, 0, 180 * 16);
    p.drawLine(QPointF(shackle.left(), shackle.center().y()), QPointF(shackle.left(), 15));
    p.drawLine(QPointF(shackle.right(), shackle.center().y()), QPointF(shackle.right(), closed ? 15 : 11));
    p.setPen(Qt::NoPen);
    p.setBrush(ink);
    p.drawRoundedRect(QRectF(6, 14, 20, 15), 3, 3);
    return QIcon(pm);
}

void selectData(QComboBox* box, const QVariant& value)
{
    const int i = indexForData(box, value);
    if (i >= 0)
        box->setCurrentIndex(i);
}
} // namespace

SettingsPanel::SettingsPanel(QWidget* parent) : QWidget(parent)
{
    auto* form = new QFormLayout(this);
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engine"));
    m_engine->addItem(tr("Live"), QString::fromStdString(engineName(EngineKind::Live)));
#ifdef EMOTE_HAVE_DIFFUSION
    m_engine->addItem(tr("Diffusion"), QString::fromStdString(engineName(EngineKind::Diffusion)));
#endif
    m_engine->addItem(tr("Still"), QString::fromStdString(engineName(EngineKind::Still)));
    m_engine->setToolTip(tr("Live animates the face in real time on the CPU.\n"
                            "Diffusion paints every frame with a model package (slow; best with a GPU).\n"
                            "Still shows the portrait unchanged for the whole audio."));
    form->addRow(tr("&Engine:"), m_engine);

    // Diffusion: the model package folder, checked as soon as it is chosen.
    auto* model_row = new QHBoxLayout;
    m_model = new QLineEdit(this);
    m_model->setObjectName(QStringLiteral("modelPath"));
    m_model->setPlaceholderText(tr("Choose a model package…"));
    m_model->setToolTip(tr("Folder of a Diffusion model package (it holds manifest.json and the weights; "
                           "Help ▸ Diffusion Models says how to get one)."));
    connect(m_model, &QLineEdit::editingFinished, this, [this] {
        checkModel();
        Q_EMIT changed();
    });
    m_modelBrowse = new QToolButton(this);
    m_modelBrowse->setObjectName(QStringLiteral("modelBrowse"));
    m_modelBrowse->setText(tr("…"));
    m_modelBrowse->setToolTip(tr("Choose the model package folder"));
    connect(m_modelBrowse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Model Package"), m_model->text());
        if (!dir.isEmpty())
            setModelPath(dir);
    });
    model_row->addWidget(m_model, 1);
    model_row->addWidget(m_modelBrowse);
#ifdef EMOTE_HAVE_FETCH
    m_getModel = new QToolButton(this);
    m_getModel->setObjectName(QStringLiteral("getHalloModel"));
    m_getModel->setText(tr("Get the Hallo model…"));
    m_getModel->setToolTip(tr("Download Hallo's released weights (about 5.6 GB) and make a model package of them"));
    connect(m_getModel, &QToolButton::clicked, this, [this] {
        auto* dialog = new ModelFetchDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this, dialog] { setModelPath(dialog->packagePath()); });
        dialog->open();
    });
    model_row->addWidget(m_getModel);
#endif
    m_modelLabel = new QLabel(tr("&Model:"), this);
    m_modelLabel->setBuddy(m_model);
    form->addRow(m_modelLabel, model_row);
    m_modelStatus = new WrappedLabel(this);
    m_modelStatus->setObjectName(QStringLiteral("modelStatus"));
    m_modelStatus->setWordWrap(true);
    m_modelStatus->setToolTip(tr("Whether the chosen folder is a complete model package."));
    form->addRow(QString(), m_modelStatus);

    m_steps = new SliderField(1, 1000, 1, 0, this);
    m_steps->setObjectName(QStringLiteral("steps"));
    m_steps->setToolTip(tr("Diffusion sampling steps per frame: more is cleaner and slower (40 is a good start)."));
    form->addRow(tr("S&teps:"), m_steps);

    m_guidance = new SliderField(0.0, 30.0, 0.1, 1, this);
    m_guidance->setObjectName(QStringLiteral("guidance"));
    m_guidance->setToolTip(tr("How strongly Diffusion follows the audio and the photo: higher is more faithful "
                              "but can look harsh (3.5 is the usual)."));
    form->addRow(tr("&Guidance:"), m_guidance);

    m_aspect = new QComboBox(this);
    m_aspect->setObjectName(QStringLiteral("aspect"));
    m_aspect->addItem(tr("Square 1:1"), 1.0);
    m_aspect->addItem(tr("Portrait's own"), 0.0);
    m_aspect->addItem(tr("Vertical 9:16"), 9.0 / 16.0);
    m_aspect->addItem(tr("Portrait 4:5"), 4.0 / 5.0);
    m_aspect->addItem(tr("Wide 16:9"), 16.0 / 9.0);
    m_aspect->setToolTip(tr("Shape of the output video (width : height)."));
    form->addRow(tr("&Aspect:"), m_aspect);

    // Sizes named by their pixels, for the chosen shape (vertical goes up to 1080×1920).
    m_size = new QComboBox(this);
    m_size->setObjectName(QStringLiteral("size"));
    m_size->setToolTip(tr("Frame size of the output video in pixels (width × height), for the chosen aspect."));
    form->addRow(tr("Output &size:"), m_size);
    m_sizeWarning = new WrappedLabel(this);
    m_sizeWarning->setObjectName(QStringLiteral("sizeWarning"));
    m_sizeWarning->setWordWrap(true);
    m_sizeWarning->setStyleSheet(QStringLiteral("color: #b26a00;"));
    m_sizeWarning->setToolTip(tr("How the chosen size compares with the part of the photo the video shows."));
    form->addRow(QString(), m_sizeWarning);
    form->setRowVisible(m_sizeWarning, false);
    fillSizes(1.0, GenerationSettings{}.size);

    m_fps = new StrictSpinBox(this);
    m_fps->setObjectName(QStringLiteral("fps"));
    m_fps->setRange(1, 60);
    m_fps->setSuffix(tr(" fps"));
    m_fps->setToolTip(tr("Frames per second of the output video."));
    form->addRow(tr("&Frame rate:"), m_fps);

    auto* seed_row = new QHBoxLayout;
    m_seed = new StrictSpinBox(this);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, INT_MAX);
    m_seed->setToolTip(tr("Randomness of the animation: the same seed gives the same video."));
    m_dice = new QToolButton(this);
    m_dice->setObjectName(QStringLiteral("dice"));
    m_dice->setIcon(diceIcon(palette().color(QPalette::ButtonText)));
    m_dice->setToolTip(tr("Pick a random seed"));
    connect(m_dice, &QToolButton::clicked, this,
            [this] { m_seed->setValue(int(QRandomGenerator::global()->bounded(INT_MAX))); });
    // Locked (the default), the seed stays for every Generate; unlocked, each Generate rolls a new one (the take
    // records it, so a good one can be locked in again).
    m_seedLock = new QToolButton(this);
    m_seedLock->setObjectName(QStringLiteral("seedLock"));
    m_seedLock->setCheckable(true);
    m_seedLock->setChecked(true);
    m_seedLock->setToolTip(tr("Locked: every Generate uses this seed. Unlocked: each Generate picks a new one."));
    auto showLock = [this] {
        m_seedLock->setIcon(lockIcon(palette().color(QPalette::ButtonText), m_seedLock->isChecked()));
    };
    showLock();
    connect(m_seedLock, &QToolButton::toggled, this, showLock);
    seed_row->addWidget(m_seed, 1);
    seed_row->addWidget(m_dice);
    seed_row->addWidget(m_seedLock);
    auto* seed_label = new QLabel(tr("S&eed:"), this);
    seed_label->setBuddy(m_seed);
    form->addRow(seed_label, seed_row);

    m_motion = new SliderField(0.0, 2.0, 0.05, 2, this);
    m_motion->setObjectName(QStringLiteral("motion"));
    m_motion->setToolTip(tr("How fast the head moves: 0 keeps it still, 1 is natural, 2 is lively."));
    form->addRow(tr("&Head motion:"), m_motion);

    m_expression = new SliderField(0.0, 2.0, 0.05, 2, this);
    m_expression->setObjectName(QStringLiteral("expression"));
    m_expression->setToolTip(tr("Strength of mouth, brow and eye movement: 0 is subdued, 2 is exaggerated."));
    form->addRow(tr("E&xpression:"), m_expression);

    // Emotion (Live engine): a mood held for the whole video, or read from the audio's delivery.
    m_emotion = new QComboBox(this);
    m_emotion->setObjectName(QStringLiteral("emotion"));
    for (const char* code : {"auto", "neutral", "happy", "sad", "angry", "surprised"})
        m_emotion->addItem(code == std::string("auto") ? tr("Auto (from audio)") : emotionLabel(code),
                           QString::fromLatin1(code));
    m_emotion->setToolTip(tr("The mood the face shows in its brows, eyes, mouth corners and head. Auto reads it "
                             "from how the audio is delivered (lively: happy, flat and quiet: sad, else neutral) "
                             "and shows it more gently; the others hold one mood for the whole video."));
    form->addRow(tr("Em&otion:"), m_emotion);
    m_emotionIntensity = new SliderField(0.0, 1.0, 0.05, 2, this);
    m_emotionIntensity->setObjectName(QStringLiteral("emotionIntensity"));
    m_emotionIntensity->setToolTip(tr("How strongly the emotion shows: 0 not at all, 1 fully (0.6 is natural)."));
    form->addRow(tr("&Intensity:"), m_emotionIntensity);
    m_emotionNote = new WrappedLabel(this);
    m_emotionNote->setObjectName(QStringLiteral("emotionNote"));
    m_emotionNote->setWordWrap(true);
    form->addRow(QString(), m_emotionNote);
    form->setRowVisible(m_emotionNote, false);

    m_blink = new QCheckBox(tr("Blink"), this);
    m_blink->setObjectName(QStringLiteral("blink"));
    m_blink->setToolTip(tr("Let the eyes blink now and then."));
    form->addRow(QString(), m_blink);

    m_crf = new StrictSpinBox(this);
    m_crf->setObjectName(QStringLiteral("crf"));
    m_crf->setRange(0, 51);
    m_crf->setToolTip(tr("H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 28 is small."));
    form->addRow(tr("&Quality (CRF):"), m_crf);

    m_watermark = new QCheckBox(tr("Invisible watermark"), this);
    m_watermark->setObjectName(QStringLiteral("watermark"));
    m_watermark->setToolTip(tr("Hide a mark in every frame that tools can detect later, so the video can be "
                               "recognised as AI-generated. It does not change how the video looks."));
    form->addRow(QString(), m_watermark);

    m_label = new QCheckBox(tr("Visible AI label"), this); // short: the panel is narrow; the tooltip says more
    m_label->setObjectName(QStringLiteral("visibleLabel"));
    m_label->setToolTip(tr("Show a small \"AI-generated\" label in a corner of the video, so viewers know it is synthetic."));
    form->addRow(QString(), m_label);

    m_inputError = new WrappedLabel(this);
    m_inputError->setObjectName(QStringLiteral("inputError"));
    m_inputError->setWordWrap(true);
    m_inputError->setStyleSheet(QStringLiteral("color: #c62828;"));
    form->addRow(QString(), m_inputError);
    form->setRowVisible(m_inputError, false);

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en")); // language names stay untranslated
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setToolTip(tr("Language of Emote Studio. System follows your desktop. Takes effect the next "
                              "time Emote Studio starts."));
    form->addRow(tr("&Language:"), m_language);
    // The language is read once at start: say so as soon as it is changed (by the user, not by load()).
    m_languageNote = new WrappedLabel(this);
    m_languageNote->setObjectName(QStringLiteral("languageNote"));
    m_languageNote->setStyleSheet(QStringLiteral("color: #b26a00;"));
    form->addRow(QString(), m_languageNote);
    form->setRowVisible(m_languageNote, false);
    connect(m_language, &QComboBox::activated, this, [this] {
        m_languageNote->setText(tr("Restart Emote Studio to see it in %1.")
                                    .arg(language().isEmpty() ? tr("the desktop's language") : m_language->currentText()));
        m_form->setRowVisible(m_languageNote, true);
    });

    setSettings(GenerationSettings{});

    // A new shape keeps the short side (1:1 512×512 → 9:16 540×960), named for that shape.
    connect(m_aspect, &QComboBox::currentIndexChanged, this, [this] {
        const double aspect = m_aspect->currentData().toDouble();
        fillSizes(aspect, nearestHeight(aspect, m_shownAspect, m_size->currentData().toInt(), m_photo));
    });
    // Before changed() goes out, so listeners read the new engine's verdict on the model.
    connect(m_engine, &QComboBox::currentIndexChanged, this, [this] {
        updateEngineRows();
        checkModel();
    });
    connect(m_emotion, &QComboBox::currentIndexChanged, this, &SettingsPanel::updateEmotionRows);
    for (QComboBox* box : {m_engine, m_size, m_aspect, m_language, m_emotion})
        connect(box, &QComboBox::currentIndexChanged, this, &SettingsPanel::changed);
    for (QSpinBox* box : {static_cast<QSpinBox*>(m_fps), static_cast<QSpinBox*>(m_seed), static_cast<QSpinBox*>(m_crf)})
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::changed);
    for (SliderField* field : {m_motion, m_expression, m_guidance, m_steps, m_emotionIntensity})
        connect(field, &SliderField::valueChanged, this, &SettingsPanel::changed);
    // A typed number outside a field's range is refused in words, and the value it had stays.
    auto refuse = [this](const QString& name, const QString& typed, const QString& range, const QString& kept) {
        m_inputError->setText(tr("%1: %2 is not possible (%3); kept %4.").arg(name, typed, range, kept));
        m_form->setRowVisible(m_inputError, true);
    };
    connect(m_fps, &StrictSpinBox::refused, this, [this, refuse](const QString& typed) {
        refuse(tr("Frame rate"), typed, m_fps->rangeText(), m_fps->valueText());
    });
    connect(m_crf, &StrictSpinBox::refused, this, [this, refuse](const QString& typed) {
        refuse(tr("Quality (CRF)"), typed, m_crf->rangeText(), m_crf->valueText());
    });
    connect(m_seed, &StrictSpinBox::refused, this, [this, refuse](const QString& typed) {
        refuse(tr("Seed"), typed, m_seed->rangeText(), m_seed->valueText());
    });
    const std::pair<SliderField*, QString> named[] = {{m_motion, tr("Head motion")}, {m_expression, tr("Expression")},
                                                      {m_guidance, tr("Guidance")}, {m_steps, tr("Steps")},
                                                      {m_emotionIntensity, tr("Intensity")}};
    for (const auto& [field, name] : named)
        connect(field, &SliderField::refused, this, [field = field, name = name, refuse](const QString& typed) {
            refuse(name, typed, field->field()->rangeText(), field->field()->valueText());
        });
    connect(this, &SettingsPanel::changed, this, [this] { m_form->setRowVisible(m_inputError, false); });
    for (QCheckBox* box : {m_blink, m_watermark, m_label})
        connect(box, &QCheckBox::toggled, this, &SettingsPanel::changed);
    updateEngineRows();
}

void SettingsPanel::fillSizes(double aspect, int height)
{
    const QSignalBlocker block(m_size);
    m_size->clear();
    for (int h : sizeHeightsFor(aspect, m_photo))
        m_size->addItem(sizeLabel(aspect, h, m_photo), h);
    if (m_size->findData(height) < 0) // a project's own size stays, named by its pixels too
        m_size->addItem(sizeLabel(aspect, height, m_photo), height);
    m_size->setCurrentIndex(m_size->findData(height));
    m_shownAspect = aspect;
}

void SettingsPanel::setPhotoSize(const QSize& photo)
{
    if (photo == m_photo)
        return;
    m_photo = photo;
    fillSizes(m_aspect->currentData().toDouble(), m_size->currentData().toInt());
}

void SettingsPanel::setSizeWarning(const QString& text)
{
    m_sizeWarning->setText(text);
    m_form->setRowVisible(m_sizeWarning, !text.isEmpty());
}

QString SettingsPanel::sizeWarning() const { return m_sizeWarning->text(); }

void SettingsPanel::updateEngineRows()
{
    const bool diffusion = m_engine->currentData().toString() == QLatin1String("diffusion");
    // The model row's field is a layout, so that row is found by its label.
    for (QWidget* w : {static_cast<QWidget*>(m_modelLabel), static_cast<QWidget*>(m_modelStatus),
                       static_cast<QWidget*>(m_steps), static_cast<QWidget*>(m_guidance)})
        m_form->setRowVisible(w, diffusion);
    updateEmotionRows();
}

QString SettingsPanel::emotionLabel(const std::string& code)
{
    if (code == "auto")
        return tr("Auto");
    if (code == "neutral")
        return tr("Neutral");
    if (code == "happy")
        return tr("Happy");
    if (code == "sad")
        return tr("Sad");
    if (code == "angry")
        return tr("Angry");
    if (code == "surprised")
        return tr("Surprised");
    return QString::fromStdString(code);
}

QString SettingsPanel::emotionNote() const
{
    switch (engineFromName(m_engine->currentData().toString().toStdString()).value_or(EngineKind::Live)) {
    case EngineKind::Live:
        return {};
    case EngineKind::Diffusion:
        return tr("Emotion is a Live engine setting: the Diffusion engine takes the mood from the audio alone.");
    case EngineKind::Still:
        return tr("Emotion is a Live engine setting: the Still engine shows the photo unchanged.");
    }
    return {};
}

void SettingsPanel::updateEmotionRows()
{
    const QString note = emotionNote();
    const bool live = note.isEmpty();
    const bool neutral = m_emotion->currentData().toString() == QLatin1String("neutral");
    m_emotion->setEnabled(live);
    m_emotionIntensity->setEnabled(live && !neutral);
    for (QWidget* field : {static_cast<QWidget*>(m_emotion), static_cast<QWidget*>(m_emotionIntensity)})
        if (QWidget* label = m_form->labelForField(field))
            label->setEnabled(field->isEnabled());
    m_emotionIntensity->setToolTip(
        live && neutral ? tr("Neutral shows no emotion, so there is no intensity to set.")
                        : tr("How strongly the emotion shows: 0 not at all, 1 fully (0.6 is natural)."));
    m_emotionNote->setText(note);
    m_form->setRowVisible(m_emotionNote, !live);
}

QString SettingsPanel::modelPackageProblem(const QString& dir)
{
    if (dir.trimmed().isEmpty())
        return diffusionNeedsShort();
    if (!QFileInfo(dir).isDir())
        return tr("%1 is not a folder. Choose the folder that holds manifest.json.").arg(dir);
    if (!QFileInfo::exists(QDir(dir).filePath(QStringLiteral("manifest.json"))))
        return tr("%1 has no manifest.json, so it is not a model package. Choose the folder the model "
                  "importer made (Help ▸ Diffusion Models).").arg(dir);
#ifdef EMOTE_HAVE_MODEL_PACKAGE
    try {
        const std::filesystem::path package = dir.toStdString();
        const diffusion::ModelManifest m = diffusion::readManifest(package);
        for (const diffusion::PackageFile& f : m.files) {
            const QFileInfo info(QDir(dir).filePath(QString::fromStdString(f.path)));
            if (!info.isFile())
                return tr("The model package %1 lacks %2. Copy the whole folder again, or make the package "
                          "again (Help ▸ Diffusion Models).").arg(dir, QString::fromStdString(f.path));
            if (info.size() != f.bytes)
                return tr("In the model package %1, %2 has %3 bytes instead of %4 (incomplete copy?). Copy it "
                          "again.").arg(dir, QString::fromStdString(f.path)).arg(info.size()).arg(f.bytes);
        }
    } catch (const std::exception& e) {
        return inAppWords(e);
    }
#endif
    return {};
}

void SettingsPanel::setModelPath(const QString& dir)
{
    m_model->setText(dir);
    checkModel();
    Q_EMIT changed();
}

void SettingsPanel::checkModel()
{
    const bool diffusion = m_engine->currentData().toString() == QLatin1String("diffusion");
    m_modelProblem = diffusion ? modelPackageProblem(m_model->text()) : QString();
    if (m_modelProblem.isEmpty()) {
        m_modelStatus->setText(diffusion ? tr("Model package found.") : QString());
        m_modelStatus->setStyleSheet(QString());
    } else {
        m_modelStatus->setText(m_modelProblem);
        m_modelStatus->setStyleSheet(QStringLiteral("color: #c0392b;"));
    }
}

bool SettingsPanel::seedLocked() const { return m_seedLock->isChecked(); }

void SettingsPanel::setSeedLocked(bool locked) { m_seedLock->setChecked(locked); }

void SettingsPanel::rollSeed() { m_dice->click(); }

QString SettingsPanel::language() const { return m_language->currentData().toString(); }

void SettingsPanel::setLanguage(const QString& code)
{
    const int i = m_language->findData(code);
    m_language->setCurrentIndex(i >= 0 ? i : 0);
}

GenerationSettings SettingsPanel::settings() const
{
    GenerationSettings s = m_base;
    s.engine = engineFromName(m_engine->currentData().toString().toStdString()).value_or(EngineKind::Live);
    s.size = m_size->currentData().toInt();
    s.aspect = m_aspect->currentData().toDouble();
    s.fps = m_fps->value();
    s.seed = static_cast<uint64_t>(m_seed->value());
    s.motion_speed = m_motion->value();
    s.expression = m_expression->value();
    s.emotion = m_emotion->currentData().toString().toStdString();
    s.emotion_intensity = m_emotionIntensity->value();
    s.blink = m_blink->isChecked();
    s.crf = m_crf->value();
    s.model_path = m_model->text().trimmed().toStdString();
    s.steps = int(std::lround(m_steps->value()));
    s.guidance = m_guidance->value();
    s.watermark = m_watermark->isChecked();
    s.visible_label = m_label->isChecked();
    return s;
}

void SettingsPanel::setSettings(const GenerationSettings& s)
{
    const GenerationSettings before = settings();
    {
        // Set silently, then one changed() (a change of aspect must not carry the size over, as a user's does).
        const QSignalBlocker b1(m_engine), b2(m_aspect), b3(m_size), b4(m_fps), b5(m_seed), b6(m_motion),
            b7(m_expression), b8(m_blink), b9(m_crf), b10(m_model), b11(m_steps), b12(m_guidance), b13(m_watermark),
            b14(m_label), b15(m_emotion), b16(m_emotionIntensity);
        selectData(m_engine, QString::fromStdString(engineName(s.engine)));
        if (indexForData(m_aspect, s.aspect) < 0)
            m_aspect->addItem(QString::number(s.aspect, 'f', 3), s.aspect);
        selectData(m_aspect, s.aspect);
        fillSizes(m_aspect->currentData().toDouble(), s.size);
        m_fps->setValue(s.fps);
        m_seed->setValue(static_cast<int>(std::min<uint64_t>(s.seed, INT_MAX)));
        m_motion->setValue(s.motion_speed);
        m_expression->setValue(s.expression);
        selectData(m_emotion, QString::fromStdString(s.emotion));
        m_emotionIntensity->setValue(s.emotion_intensity);
        m_blink->setChecked(s.blink);
        m_crf->setValue(s.crf);
        m_model->setText(QString::fromStdString(s.model_path));
        m_steps->setValue(s.steps);
        m_guidance->setValue(s.guidance);
        m_watermark->setChecked(s.watermark);
        m_label->setChecked(s.visible_label);
    }
    m_base = s;
    updateEngineRows();
    checkModel();
    if (!sameShown(before, settings()))
        Q_EMIT changed();
}

bool SettingsPanel::sameShown(const GenerationSettings& a, const GenerationSettings& b)
{
    return a.engine == b.engine && a.size == b.size && a.aspect == b.aspect && a.fps == b.fps && a.seed == b.seed &&
           a.motion_speed == b.motion_speed && a.expression == b.expression && a.emotion == b.emotion &&
           a.emotion_intensity == b.emotion_intensity && a.blink == b.blink && a.crf == b.crf &&
           a.model_path == b.model_path && a.steps == b.steps && a.guidance == b.guidance &&
           a.watermark == b.watermark && a.visible_label == b.visible_label;
}

void SettingsPanel::load(QSettings& store)
{
    GenerationSettings s = settings();
    store.beginGroup(QStringLiteral("generation"));
    if (auto kind = engineFromName(store.value(QStringLiteral("engine")).toString().toStdString()))
        s.engine = *kind;
    s.size = store.value(QStringLiteral("size"), s.size).toInt();
    s.aspect = store.value(QStringLiteral("aspect"), s.aspect).toDouble();
    s.fps = store.value(QStringLiteral("fps"), s.fps).toInt();
    s.seed = store.value(QStringLiteral("seed"), qulonglong(s.seed)).toULongLong();
    s.motion_speed = store.value(QStringLiteral("motion_speed"), s.motion_speed).toDouble();
    s.expression = store.value(QStringLiteral("expression"), s.expression).toDouble();
    s.emotion = store.value(QStringLiteral("emotion"), QString::fromStdString(s.emotion)).toString().toStdString();
    s.emotion_intensity = store.value(QStringLiteral("emotion_intensity"), s.emotion_intensity).toDouble();
    s.blink = store.value(QStringLiteral("blink"), s.blink).toBool();
    s.crf = store.value(QStringLiteral("crf"), s.crf).toInt();
    s.model_path = store.value(QStringLiteral("model"), QString::fromStdString(s.model_path)).toString().toStdString();
    s.steps = store.value(QStringLiteral("steps"), s.steps).toInt();
    s.guidance = store.value(QStringLiteral("guidance"), s.guidance).toDouble();
    s.watermark = store.value(QStringLiteral("watermark"), s.watermark).toBool();
    s.visible_label = store.value(QStringLiteral("visible_label"), s.visible_label).toBool();
    setSeedLocked(store.value(QStringLiteral("seed_locked"), true).toBool());
    store.endGroup();
    setLanguage(store.value(QStringLiteral("ui/language")).toString());
    try {
        s.validate();
        setSettings(s);
    } catch (const std::exception&) {
        // A hand-edited or stale settings file: keep what the panel has.
    }
}

void SettingsPanel::save(QSettings& store) const
{
    const GenerationSettings s = settings();
    store.beginGroup(QStringLiteral("generation"));
    store.setValue(QStringLiteral("engine"), QString::fromStdString(engineName(s.engine)));
    store.setValue(QStringLiteral("size"), s.size);
    store.setValue(QStringLiteral("aspect"), s.aspect);
    store.setValue(QStringLiteral("fps"), s.fps);
    store.setValue(QStringLiteral("seed"), qulonglong(s.seed));
    store.setValue(QStringLiteral("motion_speed"), s.motion_speed);
    store.setValue(QStringLiteral("expression"), s.expression);
    store.setValue(QStringLiteral("emotion"), QString::fromStdString(s.emotion));
    store.setValue(QStringLiteral("emotion_intensity"), s.emotion_intensity);
    store.setValue(QStringLiteral("blink"), s.blink);
    store.setValue(QStringLiteral("crf"), s.crf);
    store.setValue(QStringLiteral("model"), QString::fromStdString(s.model_path));
    store.setValue(QStringLiteral("steps"), s.steps);
    store.setValue(QStringLiteral("guidance"), s.guidance);
    store.setValue(QStringLiteral("watermark"), s.watermark);
    store.setValue(QStringLiteral("visible_label"), s.visible_label);
    store.setValue(QStringLiteral("seed_locked"), seedLocked());
    store.endGroup();
    store.setValue(QStringLiteral("ui/language"), language());
}

} // namespace emote::ui
