// The Export dialog: a copy of the project's video with its own settings — where the MP4 goes, a frame size
// named by its pixels (the project's own first, then 1920×1080, 1080×1920, …), the quality (CRF) and the
// visible "AI-generated" label, all starting from the project's values; then the run's progress and "Open
// Folder" (which says why when the desktop cannot show it). Nothing it does changes the project, the panel or
// the global settings, and an existing file is replaced only after asking.
//
//   auto* d = emote::ui::ExportDialog::openFor(window); // non-modal, deletes itself when closed
//   // or, without a window (tests):
//   emote::ui::ExportDialog d(settings, "/videos/me.mp4");
//   d.selectPreset("720x1280");
//   emote::GenerationSettings s = d.settings(); // size 1280, aspect 9:16, label as the project's
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

class MainWindow;
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

    // Opens a dialog for WINDOW's current settings and output, wired to its generation.
    static ExportDialog* openFor(MainWindow* window);

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

public Q_SLOTS:
    void setRunning();                                  // progress shown, inputs locked
    void setProgress(qint64 frame, qint64 total);
    void setFinished(const QString& path);              // "Open Folder" appears
    void setFailed(const QString& message);
    void setIdle(const QString& message = QString());   // back to editable (e.g. cancelled, not started)

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
