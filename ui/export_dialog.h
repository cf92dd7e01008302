// The Export dialog: where the MP4 goes, a format preset (web 1080p / 720p, square, vertical 9:16), the quality
// (CRF) and the visible "AI-generated" label; then the progress of the run and "Open Folder" at the end.
// The dialog only describes the export; ExportDialog::openFor() wires it to a MainWindow, which generates.
//
//   auto* d = emote::ui::ExportDialog::openFor(window); // non-modal, deletes itself when closed
//   // or, without a window (tests):
//   emote::ui::ExportDialog d(settings, "/videos/me.mp4");
//   d.selectPreset("web720");
//   emote::GenerationSettings s = d.settings(); // size 720, aspect 16:9, label on
#pragma once

#include "core/engine/settings.h"

#include <QDialog>
#include <QString>
#include <QVector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace emote::ui {

class MainWindow;

struct ExportPreset {
    QString id;      // stable key, stored in QSettings "export/preset"
    QString name;    // shown (translated)
    int height_px;   // 0 = keep the current settings' size and aspect
    double aspect;   // width / height
    bool label;      // the visible label's default for this preset
};

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const GenerationSettings& base, const QString& output_path, QWidget* parent = nullptr);

    // Opens a dialog for WINDOW's current settings and output, wired to its generation.
    static ExportDialog* openFor(MainWindow* window);

    static QVector<ExportPreset> presets();
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
    void exportRequested(const QString& path, const emote::GenerationSettings& settings);
    void cancelRequested();

private:
    void onPresetChanged();
    void onExportClicked();

    GenerationSettings m_base;
    QLineEdit* m_path = nullptr;
    QComboBox* m_preset = nullptr;
    QSpinBox* m_crf = nullptr;
    QCheckBox* m_label = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_openFolder = nullptr;
    QString m_finishedPath;
    bool m_running = false;
};

} // namespace emote::ui
