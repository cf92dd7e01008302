// The Emote Studio main window: portrait, audio and the generated video.
#pragma once

#include <QMainWindow>
#include <QString>

class QLabel;

namespace emote::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Load inputs (and a finished video) given on the command line. Returns false and shows why on failure.
    bool loadPortrait(const QString& path);
    bool loadAudio(const QString& path);
    void setVideo(const QString& path);

private:
    void showError(const QString& title, const QString& message);

    QLabel* m_portrait = nullptr;
    QLabel* m_audioInfo = nullptr;
    QLabel* m_videoInfo = nullptr;
};

} // namespace emote::ui
