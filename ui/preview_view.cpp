#include "ui/preview_view.h"

#include <QPainter>

namespace emote::ui {

PreviewView::PreviewView(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(320, 320);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void PreviewView::setImage(const QImage& image)
{
    m_image = image;
    m_faces.clear();
    update();
}

void PreviewView::setFaces(const QVector<FaceOverlay>& faces)
{
    m_faces = faces;
    update();
}

void PreviewView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void PreviewView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x26, 0x28, 0x2b));
    if (m_image.isNull()) {
        p.setPen(QColor(0xb0, 0xb4, 0xb8));
        p.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setRenderHint(QPainter::Antialiasing);
    const QSizeF fitted = QSizeF(m_image.size()).scaled(QSizeF(size()) - QSizeF(16, 16), Qt::KeepAspectRatio);
    const QRectF target(QPointF((width() - fitted.width()) / 2.0, (height() - fitted.height()) / 2.0), fitted);
    p.drawImage(target, m_image);
    const double s = fitted.width() / m_image.width();
    auto map = [&](const QPointF& pt) { return target.topLeft() + pt * s; };
    for (const FaceOverlay& face : m_faces) {
        const QRectF box(map(face.box.topLeft()), face.box.size() * s);
        p.setPen(QPen(QColor(0x4f, 0xc3, 0xf7), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(box);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xff, 0xd5, 0x4f));
        for (const QPointF& pt : face.points)
            p.drawEllipse(map(pt), 1.6, 1.6);
    }
}

} // namespace emote::ui
