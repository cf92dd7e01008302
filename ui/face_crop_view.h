// The face-crop view: the photo with every detected face outlined; a click chooses the face that animates; the
// output crop box (what the video shows) can be dragged, resized by its corners (at the output aspect) and
// grown or shrunk around the face with the Expand slider; the face-locator mask is shown on request.
// Until the user touches the box, the framing is automatic (dashed box: the engine frames head and shoulders).
//
//   auto* view = new emote::ui::FaceCropView(parent);
//   view->setPhoto(photo);
//   view->setFaces(faces);              // largest first, as face analysis returns them
//   view->setOutputAspect(16.0 / 9.0);
//   GenerationSettings s = panel->settings();
//   view->applyTo(s);                   // face_index, crop_x/y/w/h
#pragma once

#include "core/engine/settings.h"
#include "ui/preview_view.h"

#include <QImage>
#include <QRectF>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;

namespace emote::ui {

class FaceCropCanvas;
class StrictDoubleSpinBox;

class FaceCropView : public QWidget {
    Q_OBJECT
public:
    explicit FaceCropView(QWidget* parent = nullptr);

    void setPhoto(const QImage& photo); // resets faces, choice and crop
    void setFaces(const QVector<FaceOverlay>& faces);
    const QImage& photo() const { return m_photo; }
    const QVector<FaceOverlay>& faces() const { return m_faces; }
    void setPlaceholder(const QString& text);

    // The chosen face, in the order of faces(); -1 = automatic (the largest).
    int selectedFace() const { return m_selected; }
    void selectFace(int index);
    // The face the box follows: the chosen one, else the largest; -1 without faces.
    int activeFace() const;

    // The user's crop in photo pixels; an empty rectangle = automatic framing.
    QRectF cropRect() const { return m_crop; }
    void setCropRect(const QRectF& crop_px); // clamped into the photo, at the output aspect when one is set
    void resetCrop();
    // What the box shows: the user's crop, or an estimate of the automatic framing.
    QRectF shownCropRect() const;

    // Crop height as a multiple of the face height (the automatic framing is ~3.4).
    double expand() const { return m_expand; }
    void setExpand(double factor); // makes the crop explicit, centred on the active face
    static constexpr double kAutoExpand = 3.4;

    void setOutputAspect(double aspect); // width / height; 0 = free (the crop's own aspect becomes the video's)
    double outputAspect() const { return m_aspect; }

    void setMaskVisible(bool on);
    bool maskVisible() const { return m_maskVisible; }
    QImage maskOverlay() const { return m_mask; } // photo-sized; null while hidden

    // face_index (counted among the faces inside the crop when there is one, as the engine then sees only the
    // crop) and crop_x/y/w/h (0 = automatic).
    void applyTo(GenerationSettings& settings) const;
    // The same for an output of another ASPECT (an export's): the crop keeps its centre and height at that shape.
    void applyTo(GenerationSettings& settings, double aspect) const;
    // The inverse, for a project being opened: the crop now (the photo must be set), the face choice once the
    // faces arrive (setFaces) — the face analysis runs after the photo is shown.
    void restoreFrom(const GenerationSettings& settings);

    FaceCropCanvas* canvas() const { return m_canvas; }
    QSlider* expandSlider() const { return m_slider; } // logarithmic: 0..1000 = 1.2× .. 12×
    StrictDoubleSpinBox* expandField() const { return m_expandField; }
    QCheckBox* maskToggle() const { return m_maskBox; }

Q_SIGNALS:
    void changed(); // face choice or crop changed by the user or a setter

private:
    friend class FaceCropCanvas;
    QRectF framedAround(int face, double expand) const;
    QRectF fitToPhoto(QRectF r) const; // at the output aspect
    QRectF fitToPhoto(QRectF r, double aspect) const;
    void rebuildMask();
    void updateInfo();
    void showExpand(bool stopped); // slider and field show m_expand (amber when the photo's edge stopped it)
    void emitChanged();

    QImage m_photo;
    QVector<FaceOverlay> m_faces;
    int m_selected = -1;
    int m_pendingFace = -1; // face_index from a project, counted among the faces inside the crop
    QRectF m_crop;
    double m_expand = kAutoExpand;
    double m_aspect = 1.0;
    bool m_maskVisible = false;
    QImage m_mask;

    FaceCropCanvas* m_canvas = nullptr;
    QSlider* m_slider = nullptr;         // logarithmic: 0..1000 = 1.2× .. 12×
    StrictDoubleSpinBox* m_expandField = nullptr;
    QLabel* m_expandLabel = nullptr;
    QCheckBox* m_maskBox = nullptr;
    QPushButton* m_resetButton = nullptr;
    QLabel* m_info = nullptr;
};

// The painted photo with faces, crop box and mask; mouse choice, move and resize.
class FaceCropCanvas : public QWidget {
    Q_OBJECT
public:
    explicit FaceCropCanvas(FaceCropView* view);
    QSize sizeHint() const override { return {520, 480}; }

    QRectF imageRect() const; // where the photo is drawn (widget pixels)
    QPointF toWidget(const QPointF& photo_px) const;
    QPointF toPhoto(const QPointF& widget_px) const;
    void setPlaceholder(const QString& text) { m_placeholder = text; update(); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    enum class Drag { None, Pending, Move, Resize };
    int cornerAt(const QPointF& widget_px) const; // 0..3 (tl, tr, br, bl) or -1
    int faceAt(const QPointF& photo_px) const;

    FaceCropView* m_view;
    QString m_placeholder;
    Drag m_drag = Drag::None;
    QPointF m_pressWidget;
    QPointF m_pressPhoto;
    QRectF m_startCrop;
    QPointF m_anchor; // fixed corner while resizing (photo px)
    bool m_startInside = false;
};

} // namespace emote::ui
