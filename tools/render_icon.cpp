// Draws the app icon (packaging/io.github.emotestudio.EmoteStudio.svg) as PNGs at the given sizes, with Qt's
// painter: this Debian set has no SVG renderer (no librsvg, ImageMagick without an SVG delegate, no QtSvg).
// The shapes below are the SVG's, in its 128×128 coordinates — change both together.
//
//   emote_render_icon OUT_DIR 16 32 48 64 128 256   → OUT_DIR/16x16.png ...
#include <QColor>
#include <QDir>
#include <QImage>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QString>

#include <cstdio>

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: emote_render_icon OUT_DIR SIZE...\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]));
    if (!out.mkpath(QStringLiteral(".")))
        return 1;
    for (int i = 2; i < argc; ++i) {
        const int size = QString::fromLocal8Bit(argv[i]).toInt();
        if (size < 8 || size > 1024) {
            std::fprintf(stderr, "emote_render_icon: size '%s' must be 8..1024\n", argv[i]);
            return 2;
        }
        QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
        img.fill(Qt::transparent);
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 128.0, size / 128.0);
        QLinearGradient bg(0, 8, 0, 120);
        bg.setColorAt(0, QColor(0x7c, 0x4d, 0xff));
        bg.setColorAt(1, QColor(0xd5, 0x00, 0xf9));
        p.setPen(Qt::NoPen);
        p.setBrush(bg);
        p.drawRoundedRect(QRectF(8, 8, 112, 112), 24, 24);
        p.setBrush(QColor(0xff, 0xe0, 0xb2));
        p.drawEllipse(QPointF(58, 62), 34, 34);
        p.setBrush(QColor(0x3e, 0x27, 0x23));
        p.drawEllipse(QPointF(46, 55), 4.5, 4.5);
        p.drawEllipse(QPointF(70, 55), 4.5, 4.5);
        p.drawEllipse(QPointF(58, 77), 10, 7);
        QPen wave(Qt::white, 5, Qt::SolidLine, Qt::RoundCap);
        p.setPen(wave);
        p.setBrush(Qt::NoBrush);
        QPainterPath inner(QPointF(98, 48));
        inner.quadTo(106, 62, 98, 76);
        QPainterPath outer(QPointF(107, 40));
        outer.quadTo(119, 62, 107, 84);
        p.drawPath(inner);
        p.drawPath(outer);
        p.end();
        const QString file = out.filePath(QStringLiteral("%1x%1.png").arg(size));
        if (!img.save(file)) {
            std::fprintf(stderr, "emote_render_icon: cannot write %s\n", qPrintable(file));
            return 1;
        }
    }
    return 0;
}
