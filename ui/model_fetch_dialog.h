// "Get the Hallo Model": downloads Hallo's released weights and makes a model package of them, beside the model
// picker in the Diffusion settings. It says what will be downloaded, how much, where it goes and whether the
// disk has room before anything starts; then shows the progress with Cancel; a cancelled or failed download is
// kept and the next Download resumes it. On success the dialog is accepted and packagePath() is the package.
// The network is used only after the user presses Download (core/fetch/model_fetch.h does the work, in a
// thread of its own).
//
//   auto* d = new emote::ui::ModelFetchDialog(panel);
//   connect(d, &QDialog::accepted, panel, [=] { panel->setModelPath(d->packagePath()); });
//   d->open();
#pragma once

#include "core/common/cancel_token.h"

#include <QDialog>
#include <QString>

#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QThread;

namespace emote::ui {

class ModelFetchDialog : public QDialog {
    Q_OBJECT
public:
    explicit ModelFetchDialog(QWidget* parent = nullptr);
    ~ModelFetchDialog() override;

    QString packagePath() const;        // the package folder chosen (made, once accepted)
    void setPackagePath(const QString& folder);
    QString planText() const;           // what will be downloaded, its size, the free space
    QString statusText() const;         // the progress, or what went wrong and what to do
    bool isRunning() const { return m_thread != nullptr; }

public Q_SLOTS:
    void start(); // Download (or Try Again / Resume)

protected:
    void reject() override; // Cancel while running stops the download (kept for the next time) first
    void closeEvent(QCloseEvent* event) override;

private:
    void updatePlan();
    void finishRun(const QString& package, const QString& error, bool cancelled);
    void setStatus(const QString& text, bool problem);

    QLineEdit* m_folder = nullptr;
    QPushButton* m_browse = nullptr;
    QLabel* m_plan = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_close = nullptr;
    QThread* m_thread = nullptr;
    std::shared_ptr<CancelToken> m_cancel;
    bool m_closeWhenStopped = false;
    bool m_planOk = false;
};

} // namespace emote::ui
