// The Export dialog: a copy of the project's video with its own settings — where the MP4 goes, a frame size
// named by its pixels (the project's own first, then 1920×1080, 1080×1920, …), the quality (CRF) and the
// visible "AI-generated" label, all starting from the project's values; then the run's progress and "Open
// Folder" (which says why when the desktop cannot show it). Nothing it does changes the project, the panel or
// the global settings, and an existing file is replaced only after asking. It reaches into nothing: it asks for
// a run with exportRequested / cancelRequested, and whoever runs it reports back through its slots
// (MainWindow::openExport wires it to the window's generation).
//
//   emote::ui::ExportDialog d(settings, ExportDialog::suggestedPath(takes_output, audio));
//   d.selectPreset("720x1280");
//   emote::GenerationSettings s = d.settings(); // size 1280, aspect 9:16, label as the project's
//   connect(&d, &ExportDialog::exportRequested, runner, ...); // then d.setRunning(), d.setProgress(), ...
#pragma once

#include "core/engine/settings.h"

#include <QSizeF>

#include <QDialog>
#include <QString>
#include <QVector>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace emote::ui {

class WrappedLabel;

struct ExportPreset {
    QString id;      // stable key ("project", "1920x1080", …)
    QString name;    // shown (translated)
    int height_px;   // 0 = keep the current settings' size and aspect
    double aspect;   // width / height
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const GenerationSettings& base, const QString& output_path, QWidget* parent = nullptr);

    // Where an export goes by default: beside TAKES_OUTPUT (else in the videos folder, named after AUDIO),
    // under a name of its own ("NAME-export.mp4", the next free one); empty when both are empty.
    static QString suggestedPath(const QString& takes_output, const QString& audio);

    static QVector<ExportPreset> presets();
    // Asked before an existing file is replaced (tests answer it; the default is a dialog).
    void setReplacePrompt(std::function<bool(const QString& path)> prompt) { m_askReplace = std::move(prompt); }
    QString statusText() const;
    // The crop the video shows (photo pixels): a size that enlarges it more than 2× gets a note under the format.
    void setCropSize(const QSizeF& crop_px);
    QString sizeNote() const;
    bool isRunning() const { return m_running; }
    void selectPreset(const QString& id);
    QString presetId() const;

    QString outputPath() const; // ".mp4" appended when missing
    void setOutputPath(const QString& path);
    // BASE with the preset's size and aspect, the quality and the label applied.
    GenerationSettings settings() const;

    QPushButton* exportButton() const { return m_export; }
    QPushButton* openFolderButton() const { return m_openFolder; }
    QCheckBox* labelBox() const { return m_label; }
    QSpinBox* qualityBox() const { return m_crf; }

    // Why an export asked for did not start.
    enum class Refusal {
        OtherRunGoing, // a Generate of the main window is running
        NotStarted,    // the main window did not start it (inputs, or the consent question)
    };

public Q_SLOTS:
    void setRunning();                                  // progress shown, inputs locked
    void setProgress(qint64 frame, qint64 total);
    void setFinished(const QString& path);              // "Open Folder" appears
    void setFailed(const QString& message);
    void setIdle(const QString& message = QString());   // back to editable (e.g. cancelled, not started)
    void setRefused(emote::ui::ExportDialog::Refusal why); // editable, saying why nothing runs
    void setCancelled();                                // the run was cancelled (when it is this export)

Q_SIGNALS:
    // OVERWRITE: the file exists and the user agreed to replace it.
    void exportRequested(const QString& path, const emote::GenerationSettings& settings, bool overwrite);
    void cancelRequested();

private:
    void onExportClicked();
    void updateNote();

    GenerationSettings m_base;
    QLineEdit* m_path = nullptr;
    QComboBox* m_preset = nullptr;
    QSpinBox* m_crf = nullptr;
    QCheckBox* m_label = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    WrappedLabel* m_note = nullptr;
    QSizeF m_crop;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_openFolder = nullptr;
    QString m_finishedPath;
    bool m_running = false;
    std::function<bool(const QString&)> m_askReplace;
};

} // namespace emote::ui
