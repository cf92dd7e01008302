#include "core/face/head_pose.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace emote::face {

namespace {

constexpr double kDegPerRad = 57.29577951308232;

// A generic head seen frontally (ratios measured on average adult faces): the nose tip sits this far ahead of
// the line between the jaw ends, in units of half the jaw width ...
constexpr double kNoseDepthOverHalfWidth = 1.0;
// ... and this far ahead of the eye/mouth plane, in units of the eye-to-mouth distance; where it sits, in a
// frontal view, between the eye line (0) and the mouth centre (1).
constexpr double kNoseDepthOverEyeMouth = 0.4;
constexpr double kFrontalNoseHeight = 0.60;

PointF mean(const std::vector<PointF>& p, size_t begin, size_t end)
{
    PointF m;
    for (size_t i = begin; i < end; ++i) {
        m.x += p[i].x;
        m.y += p[i].y;
    }
    return {m.x / double(end - begin), m.y / double(end - begin)};
}

} // namespace

HeadPose estimateHeadPose(const std::vector<PointF>& lm)
{
    if (lm.size() != 68)
        throw Error(ErrorKind::Internal, "head pose needs 68 landmarks, got " + std::to_string(lm.size()) + ".");
    const PointF left_eye = mean(lm, 36, 42);  // on the image's left
    const PointF right_eye = mean(lm, 42, 48);
    HeadPose pose;
    const double roll = std::atan2(right_eye.y - left_eye.y, right_eye.x - left_eye.x);
    pose.roll_deg = roll * kDegPerRad;

    // Undo the roll around the eye midpoint so that yaw and pitch read along the face's own axes.
    const PointF c{(left_eye.x + right_eye.x) / 2, (left_eye.y + right_eye.y) / 2};
    const double cs = std::cos(-roll), sn = std::sin(-roll);
    auto upright = [&](const PointF& p) {
        const double dx = p.x - c.x, dy = p.y - c.y;
        return PointF{dx * cs - dy * sn, dx * sn + dy * cs};
    };
    const PointF jaw_left = upright(lm[0]);
    const PointF jaw_right = upright(lm[16]);
    const PointF nose = upright(lm[30]);
    const PointF mouth = upright(mean(lm, 48, 68));

    // Orthographic model: a turn by yaw moves the nose tip by depth·sin while the jaw half-width shrinks by cos,
    // so their ratio is tan(yaw)·depth.
    const double half_width = (jaw_right.x - jaw_left.x) / 2;
    if (half_width > 1e-6) {
        const double offset = (nose.x - (jaw_left.x + jaw_right.x) / 2) / half_width;
        pose.yaw_deg = std::atan(offset / kNoseDepthOverHalfWidth) * kDegPerRad;
    }
    // Same for a nod: the nose tip slides along the eye→mouth axis by depth·tan(pitch).
    const double eye_to_mouth = mouth.y; // the eye line is y = 0 after undoing the roll
    if (eye_to_mouth > 1e-6) {
        const double height = nose.y / eye_to_mouth;
        pose.pitch_deg = std::atan((height - kFrontalNoseHeight) / kNoseDepthOverEyeMouth) * kDegPerRad;
    }
    return pose;
}

} // namespace emote::face
