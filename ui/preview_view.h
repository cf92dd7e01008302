// The centre preview: the portrait with every detected face outlined (and its landmarks), or the latest
// generated frame while a job runs.
#pragma once

#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QVector>
#include <QWidget>

namespace emote::ui {

struct FaceOverlay {
    QRectF box;               // photo pixels
    QVector<QPointF> points;  // 68 landmarks, photo pixels (may be empty)
};

class PreviewView : public QWidget {
    Q_OBJECT
public:
    explicit PreviewView(QWidget* parent = nullptr);

    void setImage(const QImage& image);                 // clears the faces
    void setFaces(const QVector<FaceOverlay>& faces);
    void setPlaceholder(const QString& text);
    const QImage& image() const { return m_image; }
    const QVector<FaceOverlay>& faces() const { return m_faces; }

    QSize sizeHint() const override { return {520, 520}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
    QVector<FaceOverlay> m_faces;
    QString m_placeholder;
};

} // namespace emote::ui
