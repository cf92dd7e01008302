#include "ui/settings_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
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
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_engine = new QComboBox(this);
    m_engine->setObjectName(QStringLiteral("engine"));
    m_engine->addItem(tr("Live"), QString::fromStdString(engineName(EngineKind::Live)));
    m_engine->addItem(tr("Still"), QString::fromStdString(engineName(EngineKind::Still)));
    m_engine->setToolTip(tr("Live animates the face in real time on the CPU.\n"
                            "Still shows the portrait unchanged for the whole audio."));
    form->addRow(tr("&Engine:"), m_engine);

    m_size = new QComboBox(this);
    m_size->setObjectName(QStringLiteral("size"));
    for (int h : {256, 384, 512, 720, 1080})
        m_size->addItem(tr("%1 px").arg(h), h);
    m_size->setToolTip(tr("Height of the output video in pixels; the width follows the aspect."));
    form->addRow(tr("Output &size:"), m_size);

    m_aspect = new QComboBox(this);
    m_aspect->setObjectName(QStringLiteral("aspect"));
    m_aspect->addItem(tr("Square 1:1"), 1.0);
    m_aspect->addItem(tr("Portrait's own"), 0.0);
    m_aspect->addItem(tr("Vertical 9:16"), 9.0 / 16.0);
    m_aspect->addItem(tr("Portrait 4:5"), 4.0 / 5.0);
    m_aspect->addItem(tr("Wide 16:9"), 16.0 / 9.0);
    m_aspect->setToolTip(tr("Shape of the output video (width : height)."));
    form->addRow(tr("&Aspect:"), m_aspect);

    m_fps = new QSpinBox(this);
    m_fps->setObjectName(QStringLiteral("fps"));
    m_fps->setRange(1, 60);
    m_fps->setSuffix(tr(" fps"));
    m_fps->setToolTip(tr("Frames per second of the output video."));
    form->addRow(tr("&Frame rate:"), m_fps);

    auto* seed_row = new QHBoxLayout;
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setRange(0, INT_MAX);
    m_seed->setToolTip(tr("Randomness of the animation: the same seed gives the same video."));
    m_dice = new QToolButton(this);
    m_dice->setObjectName(QStringLiteral("dice"));
    m_dice->setIcon(diceIcon(palette().color(QPalette::ButtonText)));
    m_dice->setToolTip(tr("Pick a random seed"));
    connect(m_dice, &QToolButton::clicked, this,
            [this] { m_seed->setValue(int(QRandomGenerator::global()->bounded(INT_MAX))); });
    seed_row->addWidget(m_seed, 1);
    seed_row->addWidget(m_dice);
    auto* seed_label = new QLabel(tr("S&eed:"), this);
    seed_label->setBuddy(m_seed);
    form->addRow(seed_label, seed_row);

    m_motion = new QDoubleSpinBox(this);
    m_motion->setObjectName(QStringLiteral("motion"));
    m_motion->setRange(0.0, 2.0);
    m_motion->setSingleStep(0.1);
    m_motion->setDecimals(1);
    m_motion->setToolTip(tr("How fast the head moves: 0 keeps it still, 1 is natural, 2 is lively."));
    form->addRow(tr("&Head motion:"), m_motion);

    m_expression = new QDoubleSpinBox(this);
    m_expression->setObjectName(QStringLiteral("expression"));
    m_expression->setRange(0.0, 2.0);
    m_expression->setSingleStep(0.1);
    m_expression->setDecimals(1);
    m_expression->setToolTip(tr("Strength of mouth, brow and eye movement: 0 is subdued, 2 is exaggerated."));
    form->addRow(tr("E&xpression:"), m_expression);

    m_blink = new QCheckBox(tr("Blink"), this);
    m_blink->setObjectName(QStringLiteral("blink"));
    m_blink->setToolTip(tr("Let the eyes blink now and then."));
    form->addRow(QString(), m_blink);

    m_crf = new QSpinBox(this);
    m_crf->setObjectName(QStringLiteral("crf"));
    m_crf->setRange(0, 51);
    m_crf->setToolTip(tr("H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 28 is small."));
    form->addRow(tr("&Quality (CRF):"), m_crf);

    setSettings(GenerationSettings{});

    for (QComboBox* box : {m_engine, m_size, m_aspect})
        connect(box, &QComboBox::currentIndexChanged, this, &SettingsPanel::changed);
    for (QSpinBox* box : {m_fps, m_seed, m_crf})
        connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::changed);
    for (QDoubleSpinBox* box : {m_motion, m_expression})
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::changed);
    connect(m_blink, &QCheckBox::toggled, this, &SettingsPanel::changed);
}

GenerationSettings SettingsPanel::settings() const
{
    GenerationSettings s;
    s.engine = engineFromName(m_engine->currentData().toString().toStdString()).value_or(EngineKind::Live);
    s.size = m_size->currentData().toInt();
    s.aspect = m_aspect->currentData().toDouble();
    s.fps = m_fps->value();
    s.seed = static_cast<uint64_t>(m_seed->value());
    s.motion_speed = m_motion->value();
    s.expression = m_expression->value();
    s.blink = m_blink->isChecked();
    s.crf = m_crf->value();
    return s;
}

void SettingsPanel::setSettings(const GenerationSettings& s)
{
    selectData(m_engine, QString::fromStdString(engineName(s.engine)));
    if (indexForData(m_size, s.size) < 0)
        m_size->addItem(tr("%1 px").arg(s.size), s.size);
    selectData(m_size, s.size);
    if (indexForData(m_aspect, s.aspect) < 0)
        m_aspect->addItem(QString::number(s.aspect, 'f', 3), s.aspect);
    selectData(m_aspect, s.aspect);
    m_fps->setValue(s.fps);
    m_seed->setValue(static_cast<int>(std::min<uint64_t>(s.seed, INT_MAX)));
    m_motion->setValue(s.motion_speed);
    m_expression->setValue(s.expression);
    m_blink->setChecked(s.blink);
    m_crf->setValue(s.crf);
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
    s.blink = store.value(QStringLiteral("blink"), s.blink).toBool();
    s.crf = store.value(QStringLiteral("crf"), s.crf).toInt();
    store.endGroup();
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
    store.setValue(QStringLiteral("blink"), s.blink);
    store.setValue(QStringLiteral("crf"), s.crf);
    store.endGroup();
}

} // namespace emote::ui
