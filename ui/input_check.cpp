#include "ui/input_check.h"

#include "core/face/face_mesh.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace emote::ui {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("emote::ui", text); }
} // namespace

QVector<InputProblem> audioProblems(double duration_s, double peak)
{
    using L = InputProblem::Level;
    if (!(duration_s > 0))
        return {{L::Blocking, tr("It has no sound in it (0 seconds long). Choose a recording with a voice or a song.")}};
    if (duration_s < kMinAudioSeconds)
        return {{L::Blocking, tr("It is only %1 s long. Choose a recording of at least half a second.")
                                  .arg(duration_s, 0, 'f', 2)}};
    if (peak >= 0 && peak < kSilentPeak)
        return {{L::Warning, tr("It is silent: the face will only breathe and blink. Choose another recording "
                                "unless that is what you want.")}};
    return {};
}

QVector<InputProblem> portraitProblems(const QSize& photo, const std::optional<QVector<double>>& face_heights,
                                       bool needs_face, std::optional<double> human)
{
    using L = InputProblem::Level;
    QVector<InputProblem> out;
    const int side = std::min(photo.width(), photo.height());
    if (side < kMinPhotoSide)
        out.push_back({L::Blocking, tr("The photo is only %1×%2 pixels, too small to animate. Choose one at least "
                                       "%3 pixels on its shorter side.")
                                        .arg(photo.width())
                                        .arg(photo.height())
                                        .arg(kSoftPhotoSide)});
    else if (side < kSoftPhotoSide)
        out.push_back({L::Warning, tr("The photo is small (%1×%2 pixels): the video will look soft.")
                                       .arg(photo.width())
                                       .arg(photo.height())});
    if (needs_face && face_heights) {
        if (face_heights->isEmpty())
            out.push_back({L::Blocking, tr("No face found. Choose a clearer photo with the face turned to the "
                                           "camera, or the Still engine.")});
        else if (face_heights->front() < kMinFaceHeight)
            out.push_back({L::Warning, tr("The face is only %1 pixels tall: it may not animate well. A closer "
                                          "photo works better.")
                                           .arg(int(face_heights->front()))});
        if (!face_heights->isEmpty() && human && *human < face::kHumanFaceMinScore)
            out.push_back({L::Warning, tr("This does not look like a human face (the face mesh fits it only %1 %): "
                                          "only the head will move, the mouth and eyes stay as they are. Choose a "
                                          "photo of a person for a talking face.")
                                           .arg(int(std::lround(*human * 100)))});
    }
    return out;
}

} // namespace emote::ui
