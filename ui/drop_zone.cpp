#include "ui/drop_zone.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QLabel>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QUrl>
#include <QVBoxLayout>

namespace emote::ui {

namespace {
QStringList localFiles(const QMimeData* mime)
{
    QStringList out;
    if (!mime)
        return out;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            out << url.toLocalFile();
    return out;
}
} // namespace

DropZone::DropZone(const QString& placeholder, const QString& browse_filter, QWidget* parent)
    : QFrame(parent), m_filter(browse_filter)
{
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setCursor(Qt::PointingHandCursor);
    setMinimumSize(220, 120);
    auto* layout = new QVBoxLayout(this);
    m_thumb = new QLabel(this);
    m_thumb->setAlignment(Qt::AlignCenter);
    m_thumb->hide();
    m_text = new QLabel(placeholder, this);
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("message"));
    layout->addStretch(1);
    layout->addWidget(m_thumb, 0, Qt::AlignCenter);
    layout->addWidget(m_text);
    layout->addStretch(1);
    setToolTip(tr("Drop a file here or click to browse"));
}

void DropZone::setMessage(const QString& text, bool error)
{
    setMessage(text, error ? Tone::Error : Tone::Normal);
}

void DropZone::setMessage(const QString& text, Tone tone)
{
    m_error = tone == Tone::Error;
    m_warning = tone == Tone::Warning;
    m_text->setText(text);
    m_text->setStyleSheet(m_error ? QStringLiteral("color: #c62828;")
                                  : m_warning ? QStringLiteral("color: #b26a00;") : QString());
}

QString DropZone::message() const { return m_text->text(); }

void DropZone::setBrowse(const QString& title, std::function<QString()> start_folder)
{
    m_browseTitle = title;
    m_startFolder = std::move(start_folder);
}

void DropZone::setThumbnail(const QPixmap& pixmap)
{
    m_thumb->setPixmap(pixmap.isNull() ? QPixmap() : pixmap.scaled(200, 150, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    m_thumb->setVisible(!pixmap.isNull());
}

void DropZone::setWaveform(const QVector<float>& peaks)
{
    m_peaks = peaks;
    update();
}

void DropZone::setHover(bool hover)
{
    m_hover = hover;
    update();
}

void DropZone::dragEnterEvent(QDragEnterEvent* event)
{
    if (!localFiles(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
        setHover(true);
    }
}

void DropZone::dragLeaveEvent(QDragLeaveEvent*) { setHover(false); }

void DropZone::dropEvent(QDropEvent* event)
{
    setHover(false);
    const QStringList files = localFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT filesChosen(files);
}

void DropZone::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !rect().contains(event->position().toPoint()))
        return;
    const QStringList files = QFileDialog::getOpenFileNames(this, m_browseTitle.isEmpty() ? tr("Choose a file") : m_browseTitle,
                                                            m_startFolder ? m_startFolder() : QString(), m_filter);
    if (!files.isEmpty())
        Q_EMIT filesChosen(files);
}

void DropZone::paintEvent(QPaintEvent* event)
{
    QFrame::paintEvent(event);
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (m_hover) {
        p.setPen(QPen(palette().highlight().color(), 2, Qt::DashLine));
        p.drawRoundedRect(rect().adjusted(3, 3, -3, -3), 6, 6);
    }
    if (m_peaks.isEmpty())
        return;
    // A simple waveform along the bottom: one vertical bar per peak, mirrored around the centre line.
    const QRect area = rect().adjusted(8, height() - 56, -8, -8);
    const double step = double(area.width()) / m_peaks.size();
    const double mid = area.center().y();
    p.setPen(QPen(palette().highlight().color(), std::max(1.0, step * 0.7)));
    for (int i = 0; i < m_peaks.size(); ++i) {
        const double x = area.left() + (i + 0.5) * step;
        const double h = std::max(0.5, double(m_peaks[i]) * area.height() / 2.0);
        p.drawLine(QPointF(x, mid - h), QPointF(x, mid + h));
    }
}

} // namespace emote::ui
