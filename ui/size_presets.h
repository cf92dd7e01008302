// Output frame sizes named by their pixels: for each shape (aspect) the sizes a creator expects — 1080×1920 and
// 720×1280 for vertical video, 1920×1080 for wide, 1080×1080 and 512×512 for square — and the warning when the
// crop has to be blown up more than 2× to fill the frame. GenerationSettings::size is the height; the width
// follows the aspect exactly as the job computes it (GenerationSettings::outputSize).
//
//   for (int height : emote::ui::sizeHeightsFor(9.0 / 16.0)) combo->addItem(sizeLabel(9.0 / 16.0, height), height);
//   const QString warn = emote::ui::upscaleWarning(QSizeF(200, 200), 1080);  // "…upscaled 5.4×…"
#pragma once

#include <QSize>
#include <QSizeF>
#include <QString>
#include <QVector>

namespace emote::ui {

// The frame for ASPECT (width / height; 0 = the photo's own shape, from PHOTO when known) at HEIGHT pixels.
QSize frameSize(double aspect, int height, QSize photo = {});
// "1080×1920"; with the photo's own shape unknown, "1080 px tall".
QString sizeLabel(double aspect, int height, QSize photo = {});
// Heights offered for ASPECT, largest first; for the photo's own shape the photo's height comes first.
QVector<int> sizeHeightsFor(double aspect, QSize photo = {});
// The offered height for NEW_ASPECT whose frame's short side is nearest to that of HEIGHT at OLD_ASPECT (what a
// change of shape keeps: 512×512 → 540×960).
int nearestHeight(double new_aspect, double old_aspect, int height, QSize photo = {});

// How much the crop (photo pixels) is enlarged to fill an output HEIGHT pixels tall.
double upscaleFactor(const QSizeF& crop_px, int height);
// A sentence when that is more than 2×, else empty.
QString upscaleWarning(const QSizeF& crop_px, int height);
inline constexpr double kMaxCleanUpscale = 2.0;

} // namespace emote::ui
