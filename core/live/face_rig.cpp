#include "core/live/face_rig.h"

#include "core/live/background_plate.h"
#include "core/live/curves.h"
#include "core/live/eye_lids.h"
#include "core/live/lip_closure.h"
#include "core/live/mouth_renderer.h"

#include "core/common/error.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace emote::live {

namespace {

using P = cv::Point2d;

P toP(const face::PointF& p) { return {p.x, p.y}; }

P mean(const std::vector<P>& v, std::initializer_list<int> idx)
{
    P s(0, 0);
    for (int i : idx)
        s += v[size_t(i)];
    return s * (1.0 / double(idx.size()));
}

// Relative depth of each landmark (0 = face outline, 1 = nose tip) for yaw/pitch parallax.
double depthOf(int i)
{
    if (i <= 16)
        return 0.45 * std::pow(1.0 - std::abs(i - 8) / 8.0, 0.8);
    if (i <= 26)
        return 0.45;
    if (i <= 30)
        return 0.6 + 0.4 * (i - 27) / 3.0;
    if (i <= 35)
        return 0.75;
    if (i <= 47)
        return 0.35;
    if (i == 48 || i == 54 || i == 60 || i == 64)
        return 0.5;
    return 0.65;
}

} // namespace

struct FaceRig::Impl {
    cv::Mat photo;             // RGB, full photo (shared with the caller's Image memory is not assumed)
    cv::Rect region;           // rewritten area
    std::vector<P> src;        // 68 landmarks, region coordinates
    std::vector<P> ring_inner; // around the head, follows it closely
    std::vector<P> ring_outer; // further out, follows it a little
    std::vector<P> border;     // region border, fixed
    double fw = 0, fh = 0, mw = 0;
    P pivot;                   // neck: rotation centre of the head's roll
    P turn_centre;             // where the yaw/pitch axes cross the picture (the face's centre)
    std::vector<double> landmark_depth, extra_depth; // per point: pixels towards the camera from the turning axis
    double silhouette_depth = 0;                     // the same for the head's outline (hair, ears)
    bool dense_depth = false;                        // depths from the dense face mesh (else from a template)
    P face_centre;
    double roll_c = 1, roll_s = 0; // the face's roll (eye line) as cos/sin
    std::vector<P> src_up;         // landmarks in the upright face frame
    struct Extra {
        P src;
        int anchor;
        double weight;
        double depth;
    };
    std::vector<Extra> extras;   // forehead, cheeks, neck: smooth the mesh between landmarks
    std::vector<P> mesh_src;     // landmarks, eye centres, extras, rings, border
    std::vector<cv::Vec3i> tris; // Delaunay triangles of mesh_src
    cv::Mat identity_x, identity_y; // the unwarped map (photo coordinates), the start of every frame's map
    MouthRenderer mouth;
    LipClosure closed_lips;
    EyeLids lids;
    BackgroundPlate plate;
    // The piecewise-affine warp bends the picture at triangle edges; enlarged photos show those bends as creases
    // (a 'V' between nose and lip). The motion is smoothed everywhere except around eyes and lips, whose
    // collapsing triangles must stay exact (lids shut, lips meet).
    cv::Mat exact_weight;  // region-sized, 1 = the exact warp, 0 = the smoothed one
    cv::Mat pinned_weight; // region-sized, 0 at the region's border (pinned), 1 from 3 sigma inwards
    double crease_sigma = 1.0;
    bool smooth_creases = false; // only for enlarged photos: at its own size or smaller a photo shows no creases

    // The head turns in 3D: each point sits at a depth D (pixels towards the camera from the turning axis), so a
    // yaw moves the nose further than the cheeks, the far cheek narrows (cos) and the silhouette barely moves;
    // pitch likewise. Then roll about the neck and a small translation. WEIGHT < 1 for points that follow the
    // head only partly (hair ring, shoulders).
    void transformHead(const MotionFrame& m, std::vector<P>& pts, const std::vector<double>& depth_px, double weight) const
    {
        const double c = std::cos(m.head_roll * weight), s = std::sin(m.head_roll * weight);
        const double cy_ = std::cos(m.head_yaw * weight), sy_ = std::sin(m.head_yaw * weight);
        const double cp = std::cos(m.head_pitch * weight), sp = std::sin(m.head_pitch * weight);
        const double tx = m.head_dx * fw * weight, ty = m.head_dy * fh * weight;
        for (size_t i = 0; i < pts.size(); ++i) {
            const double D = depth_px[i];
            P p = pts[i];
            p.x = turn_centre.x + (p.x - turn_centre.x) * cy_ + D * sy_;
            p.y = turn_centre.y + (p.y - turn_centre.y) * cp + D * 0.8 * sp;
            const P r = p - pivot;
            pts[i] = P(pivot.x + c * r.x - s * r.y + tx, pivot.y + s * r.x + c * r.y + ty);
        }
    }

    // Expression offsets computed in the face's upright frame (S = landmarks rotated so the eyes are level):
    // "down" for the jaw is down the face, not down the image, on a tilted head.
    std::vector<P> animateUpright(const std::vector<P>& S, const MotionFrame& m) const
    {
        std::vector<P> L = S;
        const double gap = m.jaw * 0.34 * mw; // inner-lip opening added by the jaw
        // Lips pressed together (p, b, m) and lower lip to teeth (f, v): close the photo's own opening.
        const double close = std::max(m.lip_close, m.lip_bite * 0.85f);
        const double press = std::clamp(double(std::max(m.lip_press, m.lip_bite)), 0.0, 1.0);
        // The whole lips move (not only their inner edges), the chin follows the lower lip up.
        for (int k = 0; k < 3; ++k) {
            const int up = 61 + k, lo = 67 - k, up_outer = 50 + k, lo_outer = 58 - k;
            const double g = S[size_t(lo)].y - S[size_t(up)].y;
            // The lips as a whole travel as far as the photo's opening is high: from the pixels where its lips
            // are parted (face-api's inner points lie on the teeth), never past the inner edges.
            const double travel = std::max({g, closed_lips.openingAt(S[size_t(up)].x), 0.0});
            // They meet a quarter of the way down the opening (the jaw brings the lower lip most of the way),
            // from where the upper lip really ends: read from the pixels when the photo's lips are parted.
            // face-api's inner points may sit on the teeth, and a seam placed from them left the lower lip's
            // band folded over the photo's teeth.
            if (travel > 0) {
                const double top = closed_lips.redrawsLips() ? closed_lips.upperEdgeAt(S[size_t(up)].x) : S[size_t(up)].y;
                const double seam = top + 0.25 * travel;
                L[size_t(up)].y += close * (seam - S[size_t(up)].y);
                L[size_t(lo)].y += close * (seam - S[size_t(lo)].y);
            }
            L[size_t(up_outer)].y = std::min(L[size_t(up_outer)].y + close * travel * 0.3, L[size_t(up)].y);
            L[size_t(lo_outer)].y =
                std::max(L[size_t(lo_outer)].y - close * travel * (0.5 + 0.35 * press), L[size_t(lo)].y);
        }
        {
            const double g = std::max({S[66].y - S[62].y, closed_lips.openingAt(S[62].x), 0.0});
            for (int i : {49, 53})
                L[size_t(i)].y += close * g * 0.15;
            for (int i : {55, 59})
                L[size_t(i)].y -= close * g * 0.3;
            static const double chin_w[17] = {0, 0, 0, 0, 0.15, 0.3, 0.45, 0.55, 0.6, 0.55, 0.45, 0.3, 0.15, 0, 0, 0, 0};
            for (int i = 0; i <= 16; ++i)
                L[size_t(i)].y -= close * g * chin_w[i];
        }
        // Jaw: the lower face turns about the jaw joints (in front of the ears, a little behind the outline), so
        // each point of the lower lip, chin and jaw line drops by its distance in front of the joints: the chin
        // nearly as far as the lower lip, the jaw line less the nearer it is to the ear, the cheeks stretching
        // through their anchors. The distances are anatomical (the template's depths), not the mesh's: a jaw
        // line point is on the silhouette, where the mesh gives the depth of the receding side, not of the bone.
        // The lower lip drops 0.85 of the gap (as one piece), the upper lip lifts a little.
        {
            const double joint = 0.18; // the joints' depth behind the outline, in the template's units
            const double lip = depthOf(57) + joint;
            static const double mandible[17] = {0, 0, 0.3, 0.7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.7, 0.3, 0, 0};
            for (int i = 2; i <= 14; ++i)
                L[size_t(i)].y += gap * 0.85 * mandible[i] * (depthOf(i) + joint) / lip;
            for (int i : {56, 57, 58, 65, 66, 67})
                L[size_t(i)].y += gap * 0.85;
            for (int i : {55, 59})
                L[size_t(i)].y += gap * 0.65;
        }
        for (int i : {61, 62, 63})
            L[size_t(i)].y -= gap * 0.08;
        for (int i : {49, 50, 51, 52, 53})
            L[size_t(i)].y -= gap * 0.04;
        for (int i : {48, 54, 60, 64})
            L[size_t(i)].y += gap * 0.4;
        // Rounding: corners in, lips pushed out; spreading: corners out and up.
        // Pressed lips (p, b, m before a rounded vowel) keep their corners: drawn in while shut, they pulled the
        // lips' triangles over the photo's teeth.
        const double round_in = m.lip_round * (1.0 - press) * 0.16 * mw, wide_out = m.lip_wide * 0.07 * mw;
        for (int i : {48, 60}) {
            L[size_t(i)].x += round_in - wide_out;
            L[size_t(i)].y -= m.lip_wide * 0.02 * mw;
        }
        for (int i : {54, 64}) {
            L[size_t(i)].x -= round_in - wide_out;
            L[size_t(i)].y -= m.lip_wide * 0.02 * mw;
        }
        for (int i : {49, 59, 61, 67}) // half-way points follow the corners half as much
            L[size_t(i)].x += 0.5 * (round_in - wide_out);
        for (int i : {53, 55, 63, 65})
            L[size_t(i)].x -= 0.5 * (round_in - wide_out);
        // Pushed out, the lips show more of themselves, unless pressed together (p, b, m before a rounded vowel).
        const double pushed = m.lip_round * (1.0 - press);
        for (int i : {50, 51, 52})
            L[size_t(i)].y -= pushed * 0.05 * mw;
        for (int i : {56, 57, 58})
            L[size_t(i)].y += pushed * 0.04 * mw;
        // Rounded lips leave a small round opening even with the jaw nearly shut.
        const double pucker = m.lip_round * (1.0 - close) * 0.07 * mw;
        for (int i : {61, 62, 63})
            L[size_t(i)].y -= pucker * 0.5;
        for (int i : {65, 66, 67})
            L[size_t(i)].y += pucker * 0.5;
        // Lip bite: the lower lip rolls up under the upper teeth.
        for (int i : {56, 57, 58})
            L[size_t(i)].y -= m.lip_bite * 0.05 * mw;

        // Emotion at the mouth corners: up and out for a smile (the cheeks follow through their anchors), down
        // for sadness; the lower lip follows a little.
        if (m.smile != 0.0f) {
            const double up = m.smile * 0.07 * mw, out = (m.smile > 0 ? 0.035 : 0.01) * m.smile * mw;
            for (int i : {48, 60}) {
                L[size_t(i)].y -= up;
                L[size_t(i)].x -= out;
            }
            for (int i : {54, 64}) {
                L[size_t(i)].y -= up;
                L[size_t(i)].x += out;
            }
            for (int i : {49, 59, 61, 67}) {
                L[size_t(i)].y -= up * 0.45;
                L[size_t(i)].x -= out * 0.5;
            }
            for (int i : {53, 55, 63, 65}) {
                L[size_t(i)].y -= up * 0.45;
                L[size_t(i)].x += out * 0.5;
            }
            for (int i : {56, 57, 58})
                L[size_t(i)].y -= up * 0.15;
        }
        // Inner brows raised (worry, sadness).
        for (int i : {20, 21, 22, 23})
            L[size_t(i)].y -= m.brow_inner * fh * 0.05;
        for (int i : {19, 24})
            L[size_t(i)].y -= m.brow_inner * fh * 0.02;
        // Lids: wider (the upper lid up) or narrowed (upper lid down, lower lid up, as a smile's cheeks push it).
        if (m.eye_open != 0.0f)
            for (auto [upper, lower] : {std::pair{37, 41}, std::pair{38, 40}, std::pair{43, 47}, std::pair{44, 46}}) {
                const double g = S[size_t(lower)].y - S[size_t(upper)].y;
                if (g <= 0)
                    continue;
                if (m.eye_open > 0) {
                    L[size_t(upper)].y -= m.eye_open * g * 0.35;
                } else {
                    L[size_t(upper)].y -= m.eye_open * g * 0.2;
                    L[size_t(lower)].y += m.eye_open * g * 0.2;
                }
            }
        // Brows.
        for (int i = 17; i <= 26; ++i) {
            const bool inner = (i >= 19 && i <= 24);
            L[size_t(i)].y -= m.brow * fh * (m.brow > 0 ? 0.055 : (inner ? 0.04 : 0.015));
            if (m.brow < 0 && inner)
                L[size_t(i)].x += (i < 22 ? 1 : -1) * -m.brow * fw * 0.012;
        }
        // Blinks: the upper lid comes down to the lower one and meets it (EyeLids keeps the eyeball from being
        // squeezed on the way).
        auto blink = [&](std::array<int, 2> upper, std::array<int, 2> lower, float c) {
            for (int k = 0; k < 2; ++k) {
                const double g = S[size_t(lower[size_t(k)])].y - S[size_t(upper[size_t(k)])].y;
                L[size_t(upper[size_t(k)])].y += c * g * 0.92;
                L[size_t(lower[size_t(k)])].y -= c * g * 0.08;
            }
        };
        blink({37, 38}, {41, 40}, m.blink_l);
        blink({43, 44}, {47, 46}, m.blink_r);

        return L;
    }

    P toUpright(const P& p) const
    {
        const P r = p - face_centre;
        return P(roll_c * r.x + roll_s * r.y, -roll_s * r.x + roll_c * r.y);
    }
    P fromUprightOffset(const P& d) const { return P(roll_c * d.x - roll_s * d.y, roll_s * d.x + roll_c * d.y); }

    std::vector<P> animateLocal(const MotionFrame& m) const
    {
        const std::vector<P> up = animateUpright(src_up, m);
        std::vector<P> L = src;
        for (size_t i = 0; i < L.size(); ++i)
            L[i] += fromUprightOffset(up[i] - src_up[i]);
        return L;
    }

    std::vector<P> withHead(std::vector<P> L, const MotionFrame& m) const
    {
        transformHead(m, L, landmark_depth, 1.0);
        return L;
    }

    // Where every mesh point goes for MOTION (region coordinates). L: the animated landmarks (with head),
    // LOCAL: the same before the head transform.
    std::vector<P> meshDest(const std::vector<P>& L, const std::vector<P>& local, const MotionFrame& m) const
    {
        std::vector<P> out;
        out.reserve(mesh_src.size());
        for (int i = 0; i < 68; ++i)
            out.push_back(L[size_t(i)]);
        // Eye centres carry the gaze (the iris moves between lids that stay put).
        for (int e = 0; e < 2; ++e) {
            const int b = e == 0 ? 36 : 42;
            // Between the lids (their four points, not the corners): it stays inside the eye as the lids meet,
            // where a centre pulled up by a high corner ended above the closed lid and folded its triangles.
            const P c = mean(L, {b + 1, b + 2, b + 4, b + 5});
            const double ew = std::abs(src[size_t(b + 3)].x - src[size_t(b)].x);
            const double o = 1.0 - (e == 0 ? m.blink_l : m.blink_r);
            out.push_back(c + P(m.gaze_x * EyeLids::kGazeX * ew * o, m.gaze_y * EyeLids::kGazeY * ew * o));
        }
        // Extra face points follow an anchor landmark's expression motion, then the head.
        std::vector<P> extra;
        for (const Extra& x : extras)
            extra.push_back(x.src + (local[size_t(x.anchor)] - src[size_t(x.anchor)]) * x.weight);
        transformHead(m, extra, extra_depth, 1.0);
        out.insert(out.end(), extra.begin(), extra.end());
        std::vector<P> inner = ring_inner, outer = ring_outer;
        transformHead(m, inner, std::vector<double>(inner.size(), silhouette_depth), 0.9);
        transformHead(m, outer, std::vector<double>(outer.size(), silhouette_depth), 0.35);
        out.insert(out.end(), inner.begin(), inner.end());
        out.insert(out.end(), outer.begin(), outer.end());
        out.insert(out.end(), border.begin(), border.end());
        unfold(out);
        return out;
    }

    // No triangle may turn over: where the motion asked for more than the space between two features allows
    // (a thin philtrum under a rising upper lip, mouth corners pulled past the cheek points), the fold would
    // drag pixels across each other in shards. The motion of a folding triangle's corners is halved until
    // none folds (closing lips and lids only flatten their triangles, which is allowed).
    void unfold(std::vector<P>& dst) const
    {
        const size_t fixed_from = mesh_src.size() - border.size(); // the border never moves
        auto area = [](const P& a, const P& b, const P& c) { return (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y); };
        for (int pass = 0; pass < 6; ++pass) {
            bool folded = false;
            for (const cv::Vec3i& t : tris) {
                const size_t i0 = size_t(t[0]), i1 = size_t(t[1]), i2 = size_t(t[2]);
                // A closed eye's own triangles (its landmarks and centre) flatten to nothing and may tip over by
                // a hair where the lid lines curve; halving them reopened a shut eye for a frame.
                auto eye = [](size_t i) { return i >= 36 && i <= 41 ? 0 : i >= 42 && i <= 47 ? 1 : i == 68 ? 0 : i == 69 ? 1 : -1; };
                if (eye(i0) >= 0 && eye(i0) == eye(i1) && eye(i1) == eye(i2))
                    continue;
                const double a0 = area(mesh_src[i0], mesh_src[i1], mesh_src[i2]);
                const double a1 = area(dst[i0], dst[i1], dst[i2]);
                if (std::abs(a0) < 1e-6 || a1 * (a0 > 0 ? 1 : -1) > -0.02 * std::abs(a0))
                    continue;
                folded = true;
                for (size_t i : {i0, i1, i2})
                    if (i < fixed_from)
                        dst[i] = mesh_src[i] + (dst[i] - mesh_src[i]) * 0.5;
            }
            if (!folded)
                break;
        }
    }

    // Backward map for the region, piecewise affine over the mesh: each output pixel samples the photo where
    // its triangle came from. Collapsing triangles (closing lips and lids) are exact, unlike smooth splines.
    // Rasterised by scanline (each row of a triangle is one x interval with an affine map along it); triangles
    // that did not move keep the identity map they start with.
    void buildMap(const std::vector<P>& dst, cv::Mat& mapx, cv::Mat& mapy) const
    {
        identity_x.copyTo(mapx);
        identity_y.copyTo(mapy);
        for (const cv::Vec3i& t : tris) {
            const P d0 = dst[size_t(t[0])], d1 = dst[size_t(t[1])], d2 = dst[size_t(t[2])];
            const P s0 = mesh_src[size_t(t[0])], s1 = mesh_src[size_t(t[1])], s2 = mesh_src[size_t(t[2])];
            if (cv::norm(d0 - s0) + cv::norm(d1 - s1) + cv::norm(d2 - s2) < 1e-4)
                continue; // unmoved: the identity map is already right
            const double det = (d1.x - d0.x) * (d2.y - d0.y) - (d2.x - d0.x) * (d1.y - d0.y);
            if (std::abs(det) < 1e-9)
                continue; // collapsed: covers no pixel
            // Barycentrics l1, l2 as affine functions of (x, y); the source point is affine in them.
            const double l1x = (d2.y - d0.y) / det, l1y = -(d2.x - d0.x) / det;
            const double l2x = -(d1.y - d0.y) / det, l2y = (d1.x - d0.x) / det;
            const double l1c = -(l1x * d0.x + l1y * d0.y), l2c = -(l2x * d0.x + l2y * d0.y);
            const double ax = (s1.x - s0.x) * l1x + (s2.x - s0.x) * l2x;
            const double bx = (s1.x - s0.x) * l1y + (s2.x - s0.x) * l2y;
            const double cx = s0.x + (s1.x - s0.x) * l1c + (s2.x - s0.x) * l2c;
            const double ay = (s1.y - s0.y) * l1x + (s2.y - s0.y) * l2x;
            const double by = (s1.y - s0.y) * l1y + (s2.y - s0.y) * l2y;
            const double cy = s0.y + (s1.y - s0.y) * l1c + (s2.y - s0.y) * l2c;
            // The three edge functions l0, l1, l2 ≥ 0 (l0 = 1 − l1 − l2).
            const double ex[3] = {-(l1x + l2x), l1x, l2x}, ey[3] = {-(l1y + l2y), l1y, l2y},
                         ec[3] = {1.0 - l1c - l2c, l1c, l2c};
            const int y0 = std::max(0, int(std::floor(std::min({d0.y, d1.y, d2.y}))));
            const int y1 = std::min(region.height - 1, int(std::ceil(std::max({d0.y, d1.y, d2.y}))));
            const double xmin = std::max(0.0, std::floor(std::min({d0.x, d1.x, d2.x})));
            const double xmax = std::min(double(region.width - 1), std::ceil(std::max({d0.x, d1.x, d2.x})));
            const double eps = 1e-7;
            for (int y = y0; y <= y1; ++y) {
                double lo = xmin, hi = xmax;
                for (int k = 0; k < 3; ++k) {
                    const double c = ey[k] * y + ec[k]; // ex·x + c ≥ −eps
                    if (std::abs(ex[k]) < 1e-12) {
                        if (c < -eps)
                            lo = hi + 1;
                    } else if (ex[k] > 0) {
                        lo = std::max(lo, (-eps - c) / ex[k]);
                    } else {
                        hi = std::min(hi, (-eps - c) / ex[k]);
                    }
                }
                const int xa = int(std::ceil(lo)), xb = int(std::floor(hi));
                if (xa > xb)
                    continue;
                float* mx = mapx.ptr<float>(y);
                float* my = mapy.ptr<float>(y);
                const double rx = bx * y + cx, ry = by * y + cy;
                for (int x = xa; x <= xb; ++x) {
                    mx[x] = float(ax * x + rx);
                    my[x] = float(ay * x + ry);
                }
            }
        }
    }
};

FaceRig::FaceRig(const Image& photo, const std::vector<face::PointF>& landmarks, const RigOptions& options)
    : d(new Impl)
{
    if (landmarks.size() != 68)
        throw Error(ErrorKind::Internal, "FaceRig needs 68 landmarks, got " + std::to_string(landmarks.size()));
    if (photo.empty())
        throw Error(ErrorKind::Internal, "FaceRig needs a photo");
    d->photo = cv::Mat(photo.height, photo.width, CV_8UC3, const_cast<uint8_t*>(photo.rgb.data())).clone();
    std::vector<P> L;
    for (const auto& p : landmarks)
        L.push_back(toP(p));
    // The eyes' outlines from the dense mesh where it fits: face-api's 68 points often sit inside the eye (on
    // the iris, short of the corners), and lids closed onto them leave the iris showing above and below. The
    // mesh's lid margins and corners replace them when its eyes lie where face-api's are (centre within 6 % of
    // the face's width, about as wide) — not on a face turned or rolled so far that the mesh missed.
    if (options.face_mesh.size() >= 468) {
        const double fw0 = cv::norm(L[16] - L[0]);
        // 68-point order per eye: outer/inner corner, two upper lid points, corner, two lower lid points.
        static const int kMesh[2][6] = {{33, 160, 158, 133, 153, 144}, {362, 385, 387, 263, 373, 380}};
        for (int e = 0; e < 2; ++e) {
            const int b = e == 0 ? 36 : 42;
            std::vector<P> m;
            for (int k : kMesh[e])
                m.emplace_back(options.face_mesh[size_t(k)].x, options.face_mesh[size_t(k)].y);
            const P cm = mean(m, {0, 1, 2, 3, 4, 5}), cf = mean(L, {b, b + 1, b + 2, b + 3, b + 4, b + 5});
            const double wm = cv::norm(m[3] - m[0]), wf = cv::norm(L[size_t(b + 3)] - L[size_t(b)]);
            if (cv::norm(cm - cf) < 0.06 * fw0 && wm > 0.8 * wf && wm < 1.5 * wf)
                for (int k = 0; k < 6; ++k)
                    L[size_t(b + k)] = m[size_t(k)];
        }
    }
    d->fw = cv::norm(L[16] - L[0]);
    const P brow_mid = mean(L, {19, 24});
    d->fh = cv::norm(L[8] - brow_mid);
    d->mw = cv::norm(L[54] - L[48]);
    if (d->fw < 8 || d->fh < 8 || d->mw < 3)
        throwInput("the detected face is too small or degenerate to animate. Use a photo with a larger, "
                   "frontal face.");
    // Region: the head and some margin, inside the photo.
    const P c = mean(L, {0, 16, 8, 27});
    const double half_w = d->fw * 1.25, top = d->fh * 1.5, bottom = d->fh * 1.05;
    cv::Rect r(int(std::floor(c.x - half_w)), int(std::floor(c.y - top)), int(std::ceil(2 * half_w)),
               int(std::ceil(top + bottom)));
    r &= cv::Rect(0, 0, photo.width, photo.height);
    d->region = r;
    for (auto& p : L)
        p -= P(r.x, r.y);
    d->src = L;
    d->face_centre = mean(L, {0, 16, 8, 27});
    {
        const P eye_l = mean(L, {36, 37, 38, 39, 40, 41}), eye_r = mean(L, {42, 43, 44, 45, 46, 47});
        const double roll = std::atan2(eye_r.y - eye_l.y, eye_r.x - eye_l.x);
        d->roll_c = std::cos(roll);
        d->roll_s = std::sin(roll);
        for (const P& p : L)
            d->src_up.push_back(d->toUpright(p));
    }
    d->pivot = L[8] + P(0, d->fh * 0.35);
    // Rings: an ellipse hugging the head (hair, forehead, neck follow the head) and a looser one.
    const P hc = d->face_centre - P(0, d->fh * 0.15);
    for (int k = 0; k < 20; ++k) {
        const double a = 2 * M_PI * k / 20;
        d->ring_inner.emplace_back(hc.x + std::cos(a) * d->fw * 0.78, hc.y + std::sin(a) * d->fh * 0.98);
        d->ring_outer.emplace_back(hc.x + std::cos(a) * d->fw * 1.08, hc.y + std::sin(a) * d->fh * 1.3);
    }
    // Ring points too close to the pinned border would shear the image there.
    const double margin = std::max(4.0, 0.12 * d->fw);
    auto inside = [&](const P& p) {
        return p.x > margin && p.y > margin && p.x < r.width - 1 - margin && p.y < r.height - 1 - margin;
    };
    std::erase_if(d->ring_inner, [&](const P& p) { return !inside(p); });
    std::erase_if(d->ring_outer, [&](const P& p) { return !inside(p); });
    const int per_side = 16;
    for (int k = 0; k < per_side; ++k) {
        const double t = double(k) / per_side;
        d->border.emplace_back(t * (r.width - 1), 0);
        d->border.emplace_back(r.width - 1, t * (r.height - 1));
        d->border.emplace_back((1 - t) * (r.width - 1), r.height - 1);
        d->border.emplace_back(0, (1 - t) * (r.height - 1));
    }
    // Extra mesh points between the landmarks and the rings.
    const double fh = d->fh;
    for (int i : {17, 19, 21, 22, 24, 26}) {
        d->extras.push_back({L[size_t(i)] - P(0, 0.22 * fh), i, 0.5, 0.4});
        d->extras.push_back({L[size_t(i)] - P(0, 0.45 * fh), i, 0.15, 0.3});
    }
    d->extras.push_back({(L[2] + L[31]) * 0.5, 48, 0.25, 0.45});
    d->extras.push_back({(L[14] + L[35]) * 0.5, 54, 0.25, 0.45});
    d->extras.push_back({(L[4] + L[48]) * 0.5, 48, 0.5, 0.4});
    d->extras.push_back({(L[12] + L[54]) * 0.5, 54, 0.5, 0.4});
    d->extras.push_back({(L[1] + L[36]) * 0.5, 41, 0.2, 0.35});
    d->extras.push_back({(L[15] + L[45]) * 0.5, 46, 0.2, 0.35});
    d->extras.push_back({(L[57] + L[8]) * 0.5, 8, 0.9, 0.5});
    for (int i = 3; i <= 13; i += 2) {
        d->extras.push_back({L[size_t(i)] + P(0, 0.18 * fh), i, 0.6, 0.15});
        d->extras.push_back({L[size_t(i)] + P(0, 0.4 * fh), i, 0.25, 0.05});
    }
    std::erase_if(d->extras, [&](const Impl::Extra& x) { return !inside(x.src); });
    // Depths for the 3D turn. From the dense face mesh where it was fitted: the depth (towards the camera) of
    // the mesh points nearest each rig point, relative to the face's outline at the ears; else from a template
    // of a face (outline 0, nose tip 1). The turning axis sits behind the outline (0.18 face widths).
    {
        const double axis = 0.18 * d->fw;
        d->turn_centre = d->face_centre;
        d->silhouette_depth = axis;
        std::vector<P> mesh_xy;
        std::vector<double> mesh_depth;
        for (const auto& q : options.face_mesh) {
            mesh_xy.emplace_back(q.x - r.x, q.y - r.y);
            mesh_depth.push_back(-q.z);
        }
        auto meshDepthAt = [&](const P& p, double& out) {
            if (mesh_xy.empty())
                return false;
            // Inverse-distance mean of the 4 nearest mesh points; none near: outside the mesh.
            std::array<std::pair<double, size_t>, 4> best;
            best.fill({1e18, 0});
            for (size_t k = 0; k < mesh_xy.size(); ++k) {
                const double dd = cv::norm(mesh_xy[k] - p);
                if (dd < best[3].first) {
                    best[3] = {dd, k};
                    std::sort(best.begin(), best.end());
                }
            }
            if (best[0].first > 0.12 * d->fw)
                return false;
            double sw = 0, sz = 0;
            for (const auto& [dd, k] : best) {
                const double w = 1.0 / (dd + 1.0);
                sw += w;
                sz += w * mesh_depth[k];
            }
            out = sz / sw;
            return true;
        };
        double outline = 0;
        d->dense_depth = options.face_mesh.size() >= 468 && meshDepthAt(L[1], outline);
        if (d->dense_depth) {
            double other = 0;
            if (meshDepthAt(L[15], other))
                outline = (outline + other) / 2;
        }
        auto depthFor = [&](const P& p, double template_z) {
            double z = 0;
            if (d->dense_depth && meshDepthAt(p, z))
                return std::clamp(z - outline + axis, 0.0, 0.9 * d->fw);
            return axis + 0.55 * template_z * d->fw;
        };
        for (int i = 0; i < 68; ++i)
            d->landmark_depth.push_back(depthFor(L[size_t(i)], depthOf(i)));
        for (const auto& x : d->extras)
            d->extra_depth.push_back(depthFor(x.src, x.depth));
    }
    for (const P& p : L)
        d->mesh_src.push_back(p);
    d->mesh_src.push_back(mean(L, {37, 38, 40, 41})); // the eyes' centres, between their lids (see meshDest)
    d->mesh_src.push_back(mean(L, {43, 44, 46, 47}));
    for (const auto& x : d->extras)
        d->mesh_src.push_back(x.src);
    d->mesh_src.insert(d->mesh_src.end(), d->ring_inner.begin(), d->ring_inner.end());
    d->mesh_src.insert(d->mesh_src.end(), d->ring_outer.begin(), d->ring_outer.end());
    d->mesh_src.insert(d->mesh_src.end(), d->border.begin(), d->border.end());
    {
        cv::Subdiv2D sub(cv::Rect(-1, -1, r.width + 2, r.height + 2));
        std::map<std::pair<float, float>, int> index;
        for (size_t i = 0; i < d->mesh_src.size(); ++i) {
            P& p = d->mesh_src[i];
            p.x = std::clamp(p.x, 0.0, double(r.width - 1));
            p.y = std::clamp(p.y, 0.0, double(r.height - 1));
            const cv::Point2f q(float(p.x), float(p.y));
            if (index.emplace(std::make_pair(q.x, q.y), int(i)).second)
                sub.insert(q);
        }
        std::vector<cv::Vec6f> list;
        sub.getTriangleList(list);
        for (const auto& t : list) {
            cv::Vec3i tri;
            bool ok = true;
            for (int k = 0; k < 3 && ok; ++k) {
                const auto it = index.find({t[2 * k], t[2 * k + 1]});
                ok = it != index.end();
                if (ok)
                    tri[k] = it->second;
            }
            if (ok)
                d->tris.push_back(tri);
        }
    }
    // The lips' colour (upper lip band), for closed lips.
    const cv::Mat roi = d->photo(r);
    auto sampleMean = [&](const std::vector<P>& poly) {
        cv::Mat mask = cv::Mat::zeros(roi.size(), CV_8U);
        std::vector<cv::Point> pts;
        for (const P& p : poly)
            pts.emplace_back(int(std::lround(p.x)), int(std::lround(p.y)));
        cv::fillPoly(mask, std::vector<std::vector<cv::Point>>{pts}, cv::Scalar(255));
        const cv::Scalar s = cv::mean(roi, mask);
        return cv::Vec3f(float(s[0]), float(s[1]), float(s[2]));
    };
    const cv::Vec3f lip_rgb =
        sampleMean({L[48], L[49], L[50], L[51], L[52], L[53], L[54], L[64], L[63], L[62], L[61], L[60]});
    {
        PlateLook look;
        // An enlarged photo is softer: bilinear enlargement spreads a pixel over about half the factor.
        const double s = std::max(1.0, options.source_scale);
        look.blur_sigma_px = std::sqrt(0.55 * 0.55 + std::pow(0.45 * (s - 1.0), 2.0));
        look.grain_sigma = estimateGrain(roi);
        UprightFrame u;
        u.centre = d->face_centre;
        u.c = d->roll_c;
        u.s = d->roll_s;
        d->mouth = MouthRenderer(roi, L, u, look);
        d->closed_lips = LipClosure(roi, L, u, lip_rgb);
        d->lids = EyeLids(roi, L, u);
        if (!options.person_alpha.empty()) {
            if (options.person_alpha.size() != size_t(photo.width) * size_t(photo.height))
                throw Error(ErrorKind::Internal, "FaceRig: the person matte is not photo-sized");
            const cv::Mat full(photo.height, photo.width, CV_8U, const_cast<uint8_t*>(options.person_alpha.data()));
            d->plate = BackgroundPlate(roi, full(r), look.grain_sigma);
        }
    }
    {
        // Where the warp stays exact: the eyes with a margin for the head's travel, the mouth's opening and the
        // lower lip; soft-edged. The upper lip and the skin above it are left to the smoothed warp: exact, a
        // wide-open jaw bent the upper lip's outline into sharp corners at its landmarks, which an enlarged photo
        // showed as a tear running from the mouth's corner up to the nose (the 95 px sunglasses face).
        cv::Mat keep = cv::Mat::zeros(r.height, r.width, CV_8U);
        auto fill = [&](const std::vector<int>& idx, cv::Mat& into) {
            std::vector<cv::Point> poly;
            for (int i : idx)
                poly.emplace_back(int(std::lround(L[size_t(i)].x)), int(std::lround(L[size_t(i)].y)));
            cv::fillPoly(into, std::vector<std::vector<cv::Point>>{poly}, cv::Scalar(255));
        };
        auto grown = [](cv::Mat& m, int by) {
            cv::dilate(m, m, cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * by + 1, 2 * by + 1)));
        };
        fill({36, 37, 38, 39, 40, 41}, keep);
        fill({42, 43, 44, 45, 46, 47}, keep);
        grown(keep, std::max(2, int(std::lround(0.06 * d->fw))));
        // The opening and the lower lip, which travels with the jaw (blurred, its travel would shrink: the
        // mouth opened a fifth less on the sunglasses face).
        cv::Mat opening = cv::Mat::zeros(r.height, r.width, CV_8U);
        fill({60, 61, 62, 63, 64, 65, 66, 67}, opening);
        fill({48, 60, 67, 66, 65, 64, 54, 55, 56, 57, 58, 59}, opening); // not convex: fillPoly
        grown(opening, std::max(1, int(std::lround(0.005 * d->fw))));
        keep |= opening;
        keep.convertTo(d->exact_weight, CV_32F, 1.0 / 255.0);
        cv::GaussianBlur(d->exact_weight, d->exact_weight, cv::Size(0, 0), std::max(1.0, 0.03 * d->fw));
        // Wider on a photo enlarged further: its own detail is coarser, and a head turn's shear along the edge
        // from nose to mouth corner showed as a line at 5× (the 95 px sunglasses face) with the narrower blur.
        d->crease_sigma = std::max(1.0, 0.025 * d->fw * std::clamp(options.source_scale / 2.0, 1.0, 2.0));
        d->smooth_creases = options.source_scale > 1.3;
        d->pinned_weight.create(r.height, r.width, CV_32F);
        const double ramp = 3 * d->crease_sigma;
        for (int y = 0; y < r.height; ++y)
            for (int x = 0; x < r.width; ++x) {
                const double edge = std::min({x, y, r.width - 1 - x, r.height - 1 - y});
                d->pinned_weight.at<float>(y, x) = float(std::clamp(edge / ramp, 0.0, 1.0));
            }
    }
    d->identity_x.create(r.height, r.width, CV_32F);
    d->identity_y.create(r.height, r.width, CV_32F);
    for (int y = 0; y < r.height; ++y)
        for (int x = 0; x < r.width; ++x) {
            d->identity_x.at<float>(y, x) = float(x);
            d->identity_y.at<float>(y, x) = float(y);
        }
}

FaceRig::~FaceRig() = default;
FaceRig::FaceRig(FaceRig&&) noexcept = default;
FaceRig& FaceRig::operator=(FaceRig&&) noexcept = default;

RigRegion FaceRig::region() const { return {d->region.x, d->region.y, d->region.width, d->region.height}; }
double FaceRig::faceWidth() const { return d->fw; }
bool FaceRig::layered() const { return !d->plate.empty(); }
bool FaceRig::usesPhotoMouth() const { return d->mouth.usesPhotoMouth(); }
bool FaceRig::redrawsClosedLips() const { return d->closed_lips.redrawsLips(); }
bool FaceRig::denseDepth() const { return d->dense_depth; }
double FaceRig::faceHeight() const { return d->fh; }

std::vector<face::PointF> FaceRig::animatedLandmarks(const MotionFrame& motion) const
{
    std::vector<face::PointF> out;
    for (const P& p : d->withHead(d->animateLocal(motion), motion))
        out.push_back({p.x + d->region.x, p.y + d->region.y});
    return out;
}

void FaceRig::render(const MotionFrame& motion, Image& frame) const
{
    if (frame.width != d->photo.cols || frame.height != d->photo.rows)
        throw Error(ErrorKind::Internal, "FaceRig::render: frame is not photo-sized");
    const std::vector<P> local = d->animateLocal(motion);
    const std::vector<P> L = d->withHead(local, motion);
    cv::Mat mapx, mapy;
    d->buildMap(d->meshDest(L, local, motion), mapx, mapy);
    if (d->smooth_creases) {
        cv::Mat dx = mapx - d->identity_x, dy = mapy - d->identity_y, sx, sy;
        cv::GaussianBlur(dx, sx, cv::Size(0, 0), d->crease_sigma, 0, cv::BORDER_CONSTANT);
        cv::GaussianBlur(dy, sy, cv::Size(0, 0), d->crease_sigma, 0, cv::BORDER_CONSTANT);
        sx = sx.mul(d->pinned_weight);
        sy = sy.mul(d->pinned_weight);
        mapx = d->identity_x + sx + (dx - sx).mul(d->exact_weight);
        mapy = d->identity_y + sy + (dy - sy).mul(d->exact_weight);
    }
    cv::Mat out(frame.height, frame.width, CV_8UC3, frame.rgb.data());
    cv::Mat roi = out(d->region);
    cv::remap(d->photo(d->region), roi, mapx, mapy, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    d->plate.composite(mapx, mapy, roi);
    d->closed_lips.draw(L, motion, roi, mapx, mapy);
    d->mouth.draw(L, motion, roi);
    d->lids.draw(L, motion, roi);
}

} // namespace emote::live
