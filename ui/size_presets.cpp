#include "ui/size_presets.h"

#include "core/engine/settings.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <limits>

namespace emote::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("emote::ui", text); }

bool near(double a, double b) { return std::abs(a - b) < 1e-3; }

} // namespace

QSize frameSize(double aspect, int height, QSize photo)
{
    GenerationSettings s;
    s.aspect = aspect;
    s.size = height;
    int w = 0, h = 0;
    if (aspect <= 0 && (photo.width() <= 0 || photo.height() <= 0))
        return {0, height & ~1};
    s.outputSize(std::max(1, photo.width()), std::max(1, photo.height()), w, h);
    return {w, h};
}

QString sizeLabel(double aspect, int height, QSize photo)
{
    const QSize f = frameSize(aspect, height, photo);
    if (f.width() <= 0)
        return tr("%1 px tall").arg(f.height());
    return QStringLiteral("%1×%2").arg(f.width()).arg(f.height());
}

QVector<int> sizeHeightsFor(double aspect, QSize photo)
{
    if (near(aspect, 1.0))
        return {1080, 720, 512, 384, 256};
    if (near(aspect, 9.0 / 16.0))
        return {1920, 1280, 960, 512};
    if (near(aspect, 16.0 / 9.0))
        return {1080, 720, 540, 360};
    if (near(aspect, 4.0 / 5.0))
        return {1350, 1080, 900, 640};
    QVector<int> heights;
    if (aspect <= 0 && photo.height() >= 16)
        heights << (std::min(photo.height(), 4096) & ~1); // the photo's own pixel size first
    for (int h : {1080, 720, 512, 384, 256})
        if (!heights.contains(h))
            heights << h;
    return heights;
}

int nearestHeight(double new_aspect, double old_aspect, int height, QSize photo)
{
    // The short side is what a shape change keeps: 512×512 becomes 540×960 vertical, not 288×512.
    auto shortSide = [&photo](double aspect, int h) {
        const QSize f = frameSize(aspect, h, photo);
        return f.width() > 0 ? std::min(f.width(), f.height()) : f.height();
    };
    const int want = shortSide(old_aspect, height);
    int best = height;
    int best_gap = std::numeric_limits<int>::max();
    for (int h : sizeHeightsFor(new_aspect, photo)) {
        const int gap = std::abs(shortSide(new_aspect, h) - want);
        if (gap < best_gap) { // largest first, so a tie keeps the larger
            best_gap = gap;
            best = h;
        }
    }
    return best;
}

double upscaleFactor(const QSizeF& crop_px, int height)
{
    if (crop_px.height() <= 0)
        return 0;
    return double(height) / crop_px.height();
}

QString upscaleWarning(const QSizeF& crop_px, int height)
{
    const double f = upscaleFactor(crop_px, height);
    if (f <= kMaxCleanUpscale)
        return {};
    return tr("The crop is %1×%2 photo pixels, enlarged %3× to %4 px tall: the video will look soft. Choose a "
              "smaller size, a larger crop or a larger photo.")
        .arg(int(std::lround(crop_px.width())))
        .arg(int(std::lround(crop_px.height())))
        .arg(f, 0, 'f', 1)
        .arg(height);
}

} // namespace emote::ui
