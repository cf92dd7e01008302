#include "ui/main_window.h"

#include "core/common/error.h"
#include "core/media/audio_decoder.h"
#include "core/media/image_reader.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QStatusBar>
#include <QVBoxLayout>

namespace emote::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Emote Studio"));
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    m_portrait = new QLabel(tr("Drop a portrait here"), central);
    m_portrait->setObjectName(QStringLiteral("portraitView"));
    m_portrait->setAlignment(Qt::AlignCenter);
    m_portrait->setMinimumSize(384, 384);
    m_portrait->setFrameShape(QFrame::StyledPanel);
    auto* side = new QVBoxLayout;
    m_audioInfo = new QLabel(tr("No audio loaded"), central);
    m_audioInfo->setObjectName(QStringLiteral("audioInfo"));
    m_videoInfo = new QLabel(tr("No video generated yet"), central);
    m_videoInfo->setObjectName(QStringLiteral("videoInfo"));
    m_audioInfo->setWordWrap(true);
    m_videoInfo->setWordWrap(true);
    side->addWidget(m_audioInfo);
    side->addWidget(m_videoInfo);
    side->addStretch(1);
    layout->addWidget(m_portrait, 1);
    layout->addLayout(side);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Ready"));
    resize(900, 560);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message);
    if (isVisible())
        QMessageBox::warning(this, title, message);
}

bool MainWindow::loadPortrait(const QString& path)
{
    try {
        const Image img = media::readImage(path.toStdString());
        QImage q(img.rgb.data(), img.width, img.height, img.width * 3, QImage::Format_RGB888);
        m_portrait->setPixmap(QPixmap::fromImage(q.copy()).scaled(m_portrait->size(), Qt::KeepAspectRatio,
                                                                  Qt::SmoothTransformation));
        m_portrait->setToolTip(path);
        statusBar()->showMessage(tr("Portrait: %1 (%2×%3)").arg(QFileInfo(path).fileName()).arg(img.width).arg(img.height));
        return true;
    } catch (const Error& e) {
        showError(tr("Cannot use this portrait"), QString::fromStdString(e.what()));
        return false;
    }
}

bool MainWindow::loadAudio(const QString& path)
{
    try {
        media::AudioDecodeOptions opt;
        const auto info = media::probeAudio(path.toStdString(), opt);
        m_audioInfo->setText(tr("Audio: %1\n%2, %3 Hz, %4 ch, %5 s")
                                 .arg(QFileInfo(path).fileName(), QString::fromStdString(info.codec))
                                 .arg(info.sample_rate_hz)
                                 .arg(info.channels)
                                 .arg(info.duration_s, 0, 'f', 2));
        return true;
    } catch (const Error& e) {
        showError(tr("Cannot use this audio"), QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::setVideo(const QString& path)
{
    m_videoInfo->setText(tr("Video: %1").arg(path));
}

} // namespace emote::ui
