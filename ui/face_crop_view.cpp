#include "ui/face_crop_view.h"

#include "ui/strict_spin_box.h"

#include "core/face/face_crop.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace emote::ui {

namespace {

constexpr double kMinCropPx = 16.0;   // GenerationSettings::validate's smallest crop
constexpr double kHandlePx = 9.0;     // corner grab radius (widget pixels)
constexpr double kClickSlopPx = 4.0;  // a press that moves less than this is a click
// The Expand slider is logarithmic: each step is the same relative change (about 0.25%), so 1.5× and 8× are
// equally easy to set. Positions 0..kSliderSteps map to kMinExpand..kMaxExpand.
constexpr int kSliderSteps = 1000;
constexpr double kMinExpand = 1.2;
constexpr double kMaxExpand = 12.0;
int sliderFor(double expand)
{
    return int(std::lround(std::log(std::clamp(expand, kMinExpand, kMaxExpand) / kMinExpand) /
                           std::log(kMaxExpand / kMinExpand) * kSliderSteps));
}
double expandFor(int position) { return kMinExpand * std::pow(kMaxExpand / kMinExpand, double(position) / kSliderSteps); }

// Where a face's head sits for framing: its box centre, a little lower (the box stops at the brows).
QPointF faceCentre(const QRectF& box) { return {box.center().x(), box.top() + box.height() * 0.55}; }

} // namespace

FaceCropView::FaceCropView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    m_canvas = new FaceCropCanvas(this);
    m_canvas->setObjectName(QStringLiteral("faceCropCanvas"));
    layout->addWidget(m_canvas, 1);

    auto* row = new QHBoxLayout;
    row->setContentsMargins(6, 0, 6, 0);
    m_expandLabel = new QLabel(tr("Expand"), this);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("expandSlider"));
    m_slider->setRange(0, kSliderSteps);
    m_slider->setPageStep(kSliderSteps / 20);
    m_slider->setValue(sliderFor(kAutoExpand));
    const QString expand_tip = tr("How much of the photo around the face the video shows: the crop's height as a "
                                  "multiple of the face's height. Moving it makes the crop your own.");
    m_slider->setToolTip(expand_tip);
    m_slider->setMaximumWidth(200);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        if (std::abs(expandFor(v) - m_expand) > 1e-6)
            setExpand(expandFor(v));
    });
    // The exact value, to read and to type (a number outside 1.2–12 is refused in words).
    m_expandField = new StrictDoubleSpinBox(this);
    m_expandField->setObjectName(QStringLiteral("expandField"));
    m_expandField->setRange(kMinExpand, kMaxExpand);
    m_expandField->setDecimals(1);
    m_expandField->setSingleStep(0.1);
    m_expandField->setSuffix(QStringLiteral("×"));
    m_expandField->setValue(kAutoExpand);
    m_expandField->setToolTip(expand_tip);
    connect(m_expandField, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (std::abs(v - m_expand) > 0.049)
            setExpand(v);
    });
    connect(m_expandField, &StrictDoubleSpinBox::refused, this, [this](const QString& typed) {
        m_info->setText(tr("<span style='color:#e57373'>Expand %1× is not possible (%2)</span>")
                            .arg(typed, m_expandField->rangeText()));
    });
    m_maskBox = new QCheckBox(tr("Show face mask"), this);
    m_maskBox->setObjectName(QStringLiteral("maskToggle"));
    m_maskBox->setToolTip(tr("Tint the face-locator mask: the region of the chosen face the engine animates."));
    connect(m_maskBox, &QCheckBox::toggled, this, &FaceCropView::setMaskVisible);
    m_resetButton = new QPushButton(tr("Automatic framing"), this);
    m_resetButton->setObjectName(QStringLiteral("resetCropButton"));
    m_resetButton->setToolTip(tr("Forget the crop and let the engine frame head and shoulders around the face."));
    connect(m_resetButton, &QPushButton::clicked, this, &FaceCropView::resetCrop);
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("faceCropInfo"));
    row->addWidget(m_expandLabel);
    row->addWidget(m_slider);
    row->addWidget(m_expandField);
    row->addSpacing(12);
    row->addWidget(m_maskBox);
    row->addSpacing(12);
    row->addWidget(m_resetButton);
    row->addStretch(1);
    row->addWidget(m_info);
    layout->addLayout(row);
    updateInfo();
}

void FaceCropView::setPhoto(const QImage& photo)
{
    m_photo = photo;
    m_faces.clear();
    m_selected = -1;
    m_pendingFace = -1;
    m_crop = QRectF();
    m_mask = QImage();
    rebuildMask();
    updateInfo();
    m_canvas->update();
    emitChanged();
}

void FaceCropView::setFaces(const QVector<FaceOverlay>& faces)
{
    m_faces = faces;
    m_selected = -1;
    if (m_pendingFace >= 0) { // a project's choice: the N-th face inside the crop (or the photo)
        int n = 0;
        for (int i = 0; i < m_faces.size() && m_selected < 0; ++i)
            if (m_crop.isEmpty() || m_crop.contains(m_faces[i].box.center()))
                if (n++ == m_pendingFace)
                    m_selected = i;
        m_pendingFace = -1;
    }
    // A crop restored from a project before the faces were known: its Expand value, now readable.
    if (!m_crop.isEmpty() && activeFace() >= 0) {
        m_expand = m_crop.height() / m_faces[activeFace()].box.height();
        showExpand(false);
    }
    rebuildMask();
    updateInfo();
    m_canvas->update();
    emitChanged();
}

void FaceCropView::setPlaceholder(const QString& text)
{
    m_canvas->setPlaceholder(text);
}

int FaceCropView::activeFace() const
{
    if (m_selected >= 0 && m_selected < m_faces.size())
        return m_selected;
    return m_faces.isEmpty() ? -1 : 0; // face analysis lists the largest first
}

void FaceCropView::selectFace(int index)
{
    if (index < -1 || index >= m_faces.size() || index == m_selected)
        return;
    m_selected = index;
    if (!m_crop.isEmpty())
        m_crop = framedAround(activeFace(), m_expand); // the box follows the chosen face
    rebuildMask();
    updateInfo();
    m_canvas->update();
    emitChanged();
}

QRectF FaceCropView::fitToPhoto(QRectF r) const { return fitToPhoto(r, m_aspect); }

QRectF FaceCropView::fitToPhoto(QRectF r, double aspect) const
{
    if (m_photo.isNull())
        return {};
    const double pw = m_photo.width(), ph = m_photo.height();
    const QPointF c = r.center();
    double w = std::max(kMinCropPx, r.width()), h = std::max(kMinCropPx, r.height());
    if (aspect > 0) {
        // Keep the area's height, take the output's shape, then shrink until it fits.
        w = h * aspect;
        if (w > pw) {
            w = pw;
            h = w / aspect;
        }
        if (h > ph) {
            h = ph;
            w = h * aspect;
        }
    } else {
        w = std::min(w, pw);
        h = std::min(h, ph);
    }
    const double x = std::clamp(c.x() - w / 2, 0.0, pw - w), y = std::clamp(c.y() - h / 2, 0.0, ph - h);
    return {x, y, w, h};
}

QRectF FaceCropView::framedAround(int face, double expand) const
{
    if (m_photo.isNull())
        return {};
    if (face < 0 || face >= m_faces.size()) {
        // No face to follow: the same factor applied to a third of the photo, centred.
        const double h = m_photo.height() / 3.0 * expand / kAutoExpand;
        const double a = m_aspect > 0 ? m_aspect : double(m_photo.width()) / m_photo.height();
        return fitToPhoto(QRectF(QPointF(0, 0), QSizeF(h * a, h)).translated(m_photo.rect().center() - QPointF(h * a / 2, h / 2)));
    }
    const QRectF box = m_faces[face].box;
    const double h = box.height() * expand;
    const double a = m_aspect > 0 ? m_aspect : double(m_photo.width()) / m_photo.height();
    const QPointF c = faceCentre(box);
    return fitToPhoto(QRectF(c.x() - h * a / 2, c.y() - h / 2, h * a, h));
}

void FaceCropView::setCropRect(const QRectF& crop_px)
{
    m_crop = crop_px.isEmpty() ? QRectF() : fitToPhoto(crop_px);
    const int face = activeFace();
    if (!m_crop.isEmpty() && face >= 0) {
        m_expand = m_crop.height() / m_faces[face].box.height();
        showExpand(false);
    }
    updateInfo();
    m_canvas->update();
    emitChanged();
}

void FaceCropView::resetCrop()
{
    m_crop = QRectF();
    m_expand = kAutoExpand;
    showExpand(false);
    updateInfo();
    m_canvas->update();
    emitChanged();
}

QRectF FaceCropView::shownCropRect() const
{
    if (!m_crop.isEmpty())
        return m_crop;
    if (m_photo.isNull())
        return {};
    // The Live engine's own framing, approximately: ~3.4 face heights around the face at the output aspect.
    return activeFace() >= 0 ? framedAround(activeFace(), kAutoExpand) : fitToPhoto(QRectF(m_photo.rect()));
}

void FaceCropView::showExpand(bool stopped)
{
    const QSignalBlocker block_slider(m_slider);
    const QSignalBlocker block_field(m_expandField);
    m_slider->setValue(sliderFor(m_expand));
    m_expandField->setValue(m_expand);
    m_expandField->setStyleSheet(stopped ? QStringLiteral("color: #b26a00;") : QString());
}

void FaceCropView::setExpand(double factor)
{
    const double asked = std::clamp(factor, kMinExpand, kMaxExpand);
    m_crop = framedAround(activeFace(), asked);
    // The photo's edge stops the crop: the value shown is what the crop really is, and the stop is said.
    const int face = activeFace();
    m_expand = face >= 0 && !m_crop.isEmpty() ? m_crop.height() / m_faces[face].box.height() : asked;
    const bool stopped = m_expand < asked - 0.05;
    if (stopped)
        m_expand = std::max(m_expand, kMinExpand);
    showExpand(stopped);
    updateInfo();
    if (stopped)
        m_info->setText(tr("<span style='color:#e5a00d'>The photo ends at %1×</span>").arg(m_expand, 0, 'f', 1));
    m_canvas->update();
    emitChanged();
}

void FaceCropView::setOutputAspect(double aspect)
{
    if (std::abs(aspect - m_aspect) < 1e-9)
        return;
    m_aspect = aspect;
    if (!m_crop.isEmpty())
        m_crop = fitToPhoto(m_crop);
    updateInfo();
    m_canvas->update();
    emitChanged();
}

void FaceCropView::setMaskVisible(bool on)
{
    if (on == m_maskVisible)
        return;
    m_maskVisible = on;
    {
        const QSignalBlocker block(m_maskBox);
        m_maskBox->setChecked(on);
    }
    rebuildMask();
    m_canvas->update();
}

void FaceCropView::rebuildMask()
{
    m_mask = QImage();
    const int face = activeFace();
    if (!m_maskVisible || m_photo.isNull() || face < 0)
        return;
    // The same mask the engines build (EMO's face locator: the face box region), tinted for display.
    const QRectF b = m_faces[face].box;
    const face::Mask8 mask = face::faceLocatorMask(m_photo.width(), m_photo.height(),
                                                   {face::BoxF{b.x(), b.y(), b.width(), b.height()}});
    m_mask = QImage(mask.width, mask.height, QImage::Format_ARGB32_Premultiplied);
    const QRgb on = qPremultiply(qRgba(0xe0, 0x40, 0xfb, 110));
    for (int y = 0; y < mask.height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(m_mask.scanLine(y));
        const uint8_t* src = mask.values.data() + size_t(y) * size_t(mask.width);
        for (int x = 0; x < mask.width; ++x)
            line[x] = src[x] ? on : 0u;
    }
}

void FaceCropView::applyTo(GenerationSettings& s) const { applyTo(s, m_aspect); }

void FaceCropView::applyTo(GenerationSettings& s, double aspect) const
{
    // Another shape (an export's): the same centre and height at that shape, shrunk to fit the photo.
    const QRectF crop = m_crop.isEmpty() || std::abs(aspect - m_aspect) < 1e-9 ? m_crop : fitToPhoto(m_crop, aspect);
    s.face_index = -1;
    s.crop_x = s.crop_y = s.crop_w = s.crop_h = 0;
    if (m_photo.isNull())
        return;
    if (crop.isEmpty()) {
        s.face_index = m_pendingFace >= 0 ? m_pendingFace : m_selected;
        return;
    }
    const QRect r = crop.toAlignedRect().intersected(m_photo.rect());
    s.crop_x = r.x();
    s.crop_y = r.y();
    s.crop_w = r.width();
    s.crop_h = r.height();
    if (m_pendingFace >= 0) { // a project's choice, waiting for the face analysis
        s.face_index = m_pendingFace;
        return;
    }
    if (m_selected >= 0) {
        // The engine sees only the crop, where the faces outside it do not exist: count the chosen face among
        // those whose centre lies inside (face analysis keeps its largest-first order there too).
        if (!crop.contains(m_faces[m_selected].box.center()))
            return; // chosen face cropped away: the largest in the crop animates
        int n = 0;
        for (int i = 0; i < m_selected; ++i)
            n += crop.contains(m_faces[i].box.center()) ? 1 : 0;
        s.face_index = n;
    }
}

void FaceCropView::restoreFrom(const GenerationSettings& s)
{
    if (s.crop_w > 0 && s.crop_h > 0)
        setCropRect(QRectF(s.crop_x, s.crop_y, s.crop_w, s.crop_h));
    m_pendingFace = s.face_index;
}

void FaceCropView::updateInfo()
{
    m_slider->setEnabled(!m_photo.isNull());
    m_expandField->setEnabled(!m_photo.isNull());
    m_resetButton->setEnabled(!m_crop.isEmpty());
    m_maskBox->setEnabled(!m_faces.isEmpty());
    if (m_photo.isNull()) {
        m_info->clear();
        return;
    }
    QString face;
    if (m_faces.isEmpty())
        face = tr("no face");
    else if (m_selected < 0)
        face = m_faces.size() == 1 ? tr("one face") : tr("largest of %1 faces").arg(m_faces.size());
    else
        face = tr("face %1 of %2").arg(m_selected + 1).arg(m_faces.size());
    const QRectF c = shownCropRect();
    bool face_inside = m_faces.isEmpty();
    for (const FaceOverlay& f : m_faces)
        face_inside = face_inside || c.contains(f.box.center());
    if (!face_inside) {
        // The engine would find no face in the crop and refuse: say so before Generate does.
        m_info->setText(tr("<span style='color:#e57373'>No face inside the crop</span>"));
        return;
    }
    m_info->setText(m_crop.isEmpty() ? tr("%1 · automatic framing").arg(face)
                                     : tr("%1 · crop %2×%3").arg(face).arg(qRound(c.width())).arg(qRound(c.height())));
}

void FaceCropView::emitChanged()
{
    Q_EMIT changed();
}

FaceCropCanvas::FaceCropCanvas(FaceCropView* view) : QWidget(view), m_view(view)
{
    setMinimumSize(320, 280);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
}

QRectF FaceCropCanvas::imageRect() const
{
    const QImage& img = m_view->photo();
    if (img.isNull())
        return {};
    const QSizeF fitted = QSizeF(img.size()).scaled(QSizeF(size()) - QSizeF(16, 16), Qt::KeepAspectRatio);
    return {QPointF((width() - fitted.width()) / 2.0, (height() - fitted.height()) / 2.0), fitted};
}

QPointF FaceCropCanvas::toWidget(const QPointF& photo_px) const
{
    const QRectF r = imageRect();
    const double s = r.width() / std::max(1, m_view->photo().width());
    return r.topLeft() + photo_px * s;
}

QPointF FaceCropCanvas::toPhoto(const QPointF& widget_px) const
{
    const QRectF r = imageRect();
    const double s = r.width() / std::max(1, m_view->photo().width());
    return (widget_px - r.topLeft()) / (s > 0 ? s : 1.0);
}

int FaceCropCanvas::cornerAt(const QPointF& w) const
{
    const QRectF c = m_view->shownCropRect();
    if (c.isEmpty())
        return -1;
    const QPointF corners[4] = {toWidget(c.topLeft()), toWidget(c.topRight()), toWidget(c.bottomRight()),
                                toWidget(c.bottomLeft())};
    for (int i = 0; i < 4; ++i)
        if (QLineF(corners[i], w).length() <= kHandlePx)
            return i;
    return -1;
}

int FaceCropCanvas::faceAt(const QPointF& photo_px) const
{
    // The smallest box under the point wins (a face inside a larger false box stays clickable).
    int best = -1;
    double best_area = 0;
    const auto& faces = m_view->faces();
    for (int i = 0; i < faces.size(); ++i) {
        const QRectF& b = faces[i].box;
        if (b.contains(photo_px) && (best < 0 || b.width() * b.height() < best_area)) {
            best = i;
            best_area = b.width() * b.height();
        }
    }
    return best;
}

void FaceCropCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(0x26, 0x28, 0x2b));
    const QImage& img = m_view->photo();
    if (img.isNull()) {
        p.setPen(QColor(0xb0, 0xb4, 0xb8));
        p.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF target = imageRect();
    p.drawImage(target, img);
    if (m_view->maskVisible() && !m_view->maskOverlay().isNull())
        p.drawImage(target, m_view->maskOverlay());

    // Outside the crop is dimmed: what stays bright is the video.
    const QRectF crop = m_view->shownCropRect();
    const QRectF cw(toWidget(crop.topLeft()), toWidget(crop.bottomRight()));
    if (!crop.isEmpty()) {
        QPainterPath outside;
        outside.addRect(target);
        outside.addRect(cw);
        p.fillPath(outside, QColor(0, 0, 0, 120));
    }

    const auto& faces = m_view->faces();
    const int active = m_view->activeFace();
    for (int i = 0; i < faces.size(); ++i) {
        const QRectF box(toWidget(faces[i].box.topLeft()), toWidget(faces[i].box.bottomRight()));
        const bool chosen = i == active;
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(chosen ? QColor(0x4f, 0xc3, 0xf7) : QColor(0xe0, 0xe0, 0xe0, 170), chosen ? 2.5 : 1.5,
                      chosen ? Qt::SolidLine : Qt::DashLine));
        p.drawRect(box);
        if (faces.size() > 1) {
            const QRectF tag(box.left(), box.top() - 18, 22, 16);
            p.fillRect(tag, chosen ? QColor(0x4f, 0xc3, 0xf7) : QColor(0x40, 0x44, 0x48, 200));
            p.setPen(chosen ? Qt::black : Qt::white);
            p.drawText(tag, Qt::AlignCenter, QString::number(i + 1));
        }
        if (chosen) {
            p.setPen(Qt::NoPen);
            p.setBrush(QColor(0xff, 0xd5, 0x4f));
            for (const QPointF& pt : faces[i].points)
                p.drawEllipse(toWidget(pt), 1.4, 1.4);
        }
    }

    if (!crop.isEmpty()) {
        const bool own = !m_view->cropRect().isEmpty();
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(QColor(0xff, 0xd5, 0x4f), own ? 2.0 : 1.5, own ? Qt::SolidLine : Qt::DashLine));
        p.drawRect(cw);
        // Rule-of-thirds guides help place the eyes.
        p.setPen(QPen(QColor(0xff, 0xd5, 0x4f, 70), 1));
        for (int k = 1; k < 3; ++k) {
            p.drawLine(QPointF(cw.left() + cw.width() * k / 3, cw.top()), QPointF(cw.left() + cw.width() * k / 3, cw.bottom()));
            p.drawLine(QPointF(cw.left(), cw.top() + cw.height() * k / 3), QPointF(cw.right(), cw.top() + cw.height() * k / 3));
        }
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xff, 0xd5, 0x4f));
        for (const QPointF& c : {cw.topLeft(), cw.topRight(), cw.bottomRight(), cw.bottomLeft()})
            p.drawRect(QRectF(c - QPointF(4, 4), QSizeF(8, 8)));
    }
}

void FaceCropCanvas::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || m_view->photo().isNull())
        return;
    m_pressWidget = event->position();
    m_pressPhoto = toPhoto(event->position());
    m_startCrop = m_view->shownCropRect();
    const int corner = cornerAt(event->position());
    if (corner >= 0) {
        m_drag = Drag::Resize;
        const QPointF opposite[4] = {m_startCrop.bottomRight(), m_startCrop.bottomLeft(), m_startCrop.topLeft(),
                                     m_startCrop.topRight()};
        m_anchor = opposite[corner];
        return;
    }
    m_drag = Drag::Pending; // a click (choose a face) or, once it moves, a drag of the box
    m_startInside = m_startCrop.contains(m_pressPhoto);
}

void FaceCropCanvas::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF photo = toPhoto(event->position());
    if (m_drag == Drag::None) {
        const int corner = cornerAt(event->position());
        if (corner == 0 || corner == 2)
            setCursor(Qt::SizeFDiagCursor);
        else if (corner == 1 || corner == 3)
            setCursor(Qt::SizeBDiagCursor);
        else if (faceAt(photo) >= 0)
            setCursor(Qt::PointingHandCursor);
        else if (m_view->shownCropRect().contains(photo))
            setCursor(Qt::OpenHandCursor);
        else
            unsetCursor();
        return;
    }
    if (m_drag == Drag::Pending) {
        if (QLineF(m_pressWidget, event->position()).length() < kClickSlopPx || !m_startInside)
            return;
        m_drag = Drag::Move;
        setCursor(Qt::ClosedHandCursor);
    }
    if (m_drag == Drag::Move) {
        m_view->setCropRect(m_startCrop.translated(photo - m_pressPhoto));
    } else if (m_drag == Drag::Resize) {
        const QImage& img = m_view->photo();
        // Limit the moving corner to the photo, then keep the output's shape from the anchor.
        const QPointF to(std::clamp(photo.x(), 0.0, double(img.width())), std::clamp(photo.y(), 0.0, double(img.height())));
        double w = std::max(kMinCropPx, std::abs(to.x() - m_anchor.x()));
        double h = std::max(kMinCropPx, std::abs(to.y() - m_anchor.y()));
        const double aspect = m_view->outputAspect();
        if (aspect > 0) {
            if (w / h > aspect)
                w = h * aspect;
            else
                h = w / aspect;
        }
        const double x = to.x() < m_anchor.x() ? m_anchor.x() - w : m_anchor.x();
        const double y = to.y() < m_anchor.y() ? m_anchor.y() - h : m_anchor.y();
        m_view->setCropRect(QRectF(x, y, w, h));
    }
}

void FaceCropCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_drag == Drag::Pending) {
        const int face = faceAt(toPhoto(event->position()));
        if (face >= 0)
            m_view->selectFace(face);
    }
    m_drag = Drag::None;
    unsetCursor();
}

} // namespace emote::ui
