#include "ui/export_dialog.h"

#include "ui/desktop_open.h"
#include "ui/size_presets.h"
#include "ui/take_list.h"
#include "ui/wrapped_label.h"

#include <QCheckBox>
#include <QComboBox>
#include <QMessageBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace emote::ui {

QVector<ExportPreset> ExportDialog::presets()
{
    struct Shape {
        double aspect;
        const char* name;
    };
    QVector<ExportPreset> out{{QStringLiteral("project"), tr("Same as the project"), 0, 0.0}};
    for (const auto& [aspect, name] : {Shape{9.0 / 16.0, QT_TR_NOOP("vertical 9:16")},
                                       Shape{16.0 / 9.0, QT_TR_NOOP("wide 16:9")}, Shape{1.0, QT_TR_NOOP("square")},
                                       Shape{4.0 / 5.0, QT_TR_NOOP("portrait 4:5")}}) {
        const QVector<int> heights = sizeHeightsFor(aspect);
        for (int i = 0; i < std::min<int>(2, heights.size()); ++i) {
            const QString pixels = sizeLabel(aspect, heights[i]);
            out.push_back({QString(pixels).replace(QStringLiteral("×"), QStringLiteral("x")),
                           tr("%1 — %2").arg(pixels, tr(name)), heights[i], aspect});
        }
    }
    return out;
}

ExportDialog::ExportDialog(const GenerationSettings& base, const QString& output_path, QWidget* parent)
    : QDialog(parent), m_base(base)
{
    setWindowTitle(tr("Export Video"));
    setObjectName(QStringLiteral("exportDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    layout->addLayout(form);

    auto* path_row = new QHBoxLayout;
    m_path = new QLineEdit(output_path, this);
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setToolTip(tr("Where the MP4 video is written (H.264 and AAC, plays everywhere)."));
    auto* browse = new QToolButton(this);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose where to save the video"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Export Video"), m_path->text(), tr("MP4 video (*.mp4)"));
        if (!f.isEmpty())
            setOutputPath(f);
    });
    path_row->addWidget(m_path, 1);
    path_row->addWidget(browse);
    auto* path_label = new QLabel(tr("&File:"), this);
    path_label->setBuddy(m_path);
    form->addRow(path_label, path_row);

    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("exportPreset"));
    for (const ExportPreset& p : presets())
        m_preset->addItem(p.name, p.id);
    m_preset->setToolTip(tr("Frame size in pixels for where the video goes: wide for the web, square or vertical "
                            "for social media. \"Same as the project\" keeps the project's size and shape."));
    form->addRow(tr("&Format:"), m_preset);
    m_note = new WrappedLabel(this);
    m_note->setObjectName(QStringLiteral("exportSizeNote"));
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: #b26a00;"));
    layout->addWidget(m_note); // full width under the form: a wrapped line in a form row gets clipped
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ExportDialog::updateNote);

    m_crf = new QSpinBox(this);
    m_crf->setObjectName(QStringLiteral("exportQuality"));
    m_crf->setRange(0, 51);
    m_crf->setValue(base.crf);
    m_crf->setToolTip(tr("H.264 quality (CRF): lower is better and bigger; 18 is visually lossless, 23 is a "
                         "good web size, 28 is small."));
    form->addRow(tr("&Quality (CRF):"), m_crf);

    m_label = new QCheckBox(tr("Visible \"AI-generated\" label"), this);
    m_label->setObjectName(QStringLiteral("exportLabel"));
    m_label->setChecked(base.visible_label);
    m_label->setToolTip(tr("Show a small \"AI-generated\" label in a corner, so viewers know the video is "
                           "synthetic. Starts as the project has it."));
    form->addRow(QString(), m_label);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setToolTip(tr("Progress of the export"));
    layout->addWidget(m_progress);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    auto* buttons = new QHBoxLayout;
    m_openFolder = new QPushButton(tr("Open &Folder"), this);
    m_openFolder->setObjectName(QStringLiteral("exportOpenFolder"));
    m_openFolder->setToolTip(tr("Show the exported video in the file manager"));
    m_openFolder->setVisible(false);
    connect(m_openFolder, &QPushButton::clicked, this, [this] {
        const QString why = openWithDesktop(QFileInfo(m_finishedPath).absolutePath());
        if (!why.isEmpty())
            m_status->setText(why);
    });
    m_export = new QPushButton(tr("&Export"), this);
    m_export->setObjectName(QStringLiteral("exportStart"));
    m_export->setToolTip(tr("Generate the video in this format"));
    m_export->setDefault(true);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::onExportClicked);
    m_cancel = new QPushButton(tr("Close"), this);
    m_cancel->setObjectName(QStringLiteral("exportCancel"));
    m_cancel->setToolTip(tr("Stop the export, or close this dialog"));
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_running)
            Q_EMIT cancelRequested();
        else
            reject();
    });
    buttons->addWidget(m_openFolder);
    buttons->addStretch(1);
    buttons->addWidget(m_export);
    buttons->addWidget(m_cancel);
    layout->addLayout(buttons);

    // The project's own frame first, named by its pixels.
    m_preset->setItemText(0, tr("Same as the project (%1)").arg(sizeLabel(base.aspect, base.size)));
    selectPreset(QStringLiteral("project"));
    m_askReplace = [this](const QString& path) {
        return QMessageBox::question(this, tr("Replace the File?"),
                                     tr("%1 already exists. Replace it with this export?")
                                         .arg(QDir::toNativeSeparators(path)),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
    };
    resize(520, sizeHint().height());
}

void ExportDialog::selectPreset(const QString& id)
{
    const int i = m_preset->findData(id);
    m_preset->setCurrentIndex(i >= 0 ? i : 0);
}

QString ExportDialog::statusText() const { return m_status->text(); }

void ExportDialog::setCropSize(const QSizeF& crop_px)
{
    m_crop = crop_px;
    updateNote();
}

QString ExportDialog::sizeNote() const { return m_note->text(); }

void ExportDialog::updateNote()
{
    // The export keeps the crop's height at its own shape, so the enlargement is the height's.
    m_note->setText(m_crop.isEmpty() ? QString() : upscaleWarning(m_crop, settings().size));
    m_note->setVisible(!m_note->text().isEmpty());
    // Room for the wrapped lines: the dialog grows to the note's height.
    if (!m_note->text().isEmpty()) {
        layout()->activate();
        resize(width(), std::max(height(), sizeHint().height()));
    }
}

QString ExportDialog::presetId() const { return m_preset->currentData().toString(); }

QString ExportDialog::outputPath() const
{
    QString p = m_path->text().trimmed();
    if (!p.isEmpty() && !p.endsWith(QStringLiteral(".mp4"), Qt::CaseInsensitive))
        p += QStringLiteral(".mp4");
    return p;
}

void ExportDialog::setOutputPath(const QString& path) { m_path->setText(path); }

GenerationSettings ExportDialog::settings() const
{
    GenerationSettings s = m_base;
    for (const ExportPreset& p : presets())
        if (p.id == presetId() && p.height_px > 0) {
            s.size = p.height_px;
            s.aspect = p.aspect;
        }
    s.crf = m_crf->value();
    s.visible_label = m_label->isChecked();
    return s;
}

void ExportDialog::onExportClicked()
{
    const QString path = outputPath();
    if (path.isEmpty()) {
        m_status->setText(tr("Choose where to save the video first."));
        return;
    }
    if (!QFileInfo(QFileInfo(path).absolutePath()).isDir()) {
        m_status->setText(tr("The folder %1 does not exist. Choose another place.").arg(QFileInfo(path).absolutePath()));
        return;
    }
    bool overwrite = false;
    if (QFileInfo::exists(path) || QFileInfo::exists(path + QStringLiteral(".json"))) {
        if (!m_askReplace(path)) {
            m_status->setText(tr("%1 exists and was kept. Choose another name to export.").arg(QFileInfo(path).fileName()));
            return;
        }
        overwrite = true;
    }
    m_status->setText(tr("Starting…"));
    Q_EMIT exportRequested(path, settings(), overwrite);
}

void ExportDialog::setRunning()
{
    m_running = true;
    m_finishedPath.clear();
    m_openFolder->setVisible(false);
    for (QWidget* w : {static_cast<QWidget*>(m_path), static_cast<QWidget*>(m_preset),
                       static_cast<QWidget*>(m_crf), static_cast<QWidget*>(m_label), static_cast<QWidget*>(m_export)})
        w->setEnabled(false);
    m_cancel->setText(tr("Cancel"));
}

void ExportDialog::setProgress(qint64 frame, qint64 total)
{
    if (!m_running)
        return; // a Generate in the main window, not this export
    if (total > 0) {
        m_progress->setValue(int(1000 * std::min(frame, total) / total));
        m_status->setText(tr("Frame %1 of %2").arg(frame).arg(total));
    }
}

void ExportDialog::setFinished(const QString& path)
{
    if (!m_running)
        return;
    setIdle(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    m_progress->setValue(m_progress->maximum());
    m_finishedPath = path;
    m_openFolder->setVisible(true);
    m_openFolder->setFocus();
}

void ExportDialog::setFailed(const QString& message)
{
    if (m_running)
        setIdle(tr("Export failed: %1").arg(message));
}

void ExportDialog::setIdle(const QString& message)
{
    m_running = false;
    for (QWidget* w : {static_cast<QWidget*>(m_path), static_cast<QWidget*>(m_preset),
                       static_cast<QWidget*>(m_crf), static_cast<QWidget*>(m_label), static_cast<QWidget*>(m_export)})
        w->setEnabled(true);
    m_cancel->setText(tr("Close"));
    if (!message.isNull())
        m_status->setText(message);
}

void ExportDialog::setRefused(Refusal why)
{
    switch (why) {
    case Refusal::OtherRunGoing:
        setIdle(tr("A Generate is running in the main window; export once it is done."));
        return;
    case Refusal::NotStarted:
        setIdle(tr("Not started yet: see the main window (inputs, or the question about the person's consent)."));
        return;
    }
}

void ExportDialog::setCancelled()
{
    if (m_running)
        setIdle(tr("Export cancelled; nothing was written."));
}

QString ExportDialog::suggestedPath(const QString& takes_output, const QString& audio)
{
    // Beside the takes, under a name of its own (the takes are never the export's target).
    QString base = takes_output;
    if (base.isEmpty() && !audio.isEmpty())
        base = QDir(QStandardPaths::writableLocation(QStandardPaths::MoviesLocation))
                   .filePath(QFileInfo(audio).completeBaseName() + QStringLiteral(".mp4"));
    if (base.isEmpty())
        return {};
    const QFileInfo info(base);
    return TakeList::nextTakePath(info.dir().filePath(info.completeBaseName() + QStringLiteral("-export.mp4")), {});
}

} // namespace emote::ui
