#include "core/diffusion/face_layout.h"

#include "core/common/error.h"
#include "core/face/face_crop.h"
#include "core/media/image_ops.h"

#include <algorithm>
#include <cmath>

namespace emote::diffusion {

namespace {

// The frame Hallo expects: the face about half the frame's height, centred, a little room above for the hair.
constexpr double kFrameOverFace = 2.0;
constexpr double kShiftUp = 0.1; // face sizes

NormBox normalise(const face::BoxF& b, int w, int h, double expand_x, double expand_y)
{
    const double cx = b.x + b.width / 2, cy = b.y + b.height / 2;
    const double hw = b.width * expand_x / 2, hh = b.height * expand_y / 2;
    auto clamp01 = [](double v) { return std::clamp(v, 0.0, 1.0); };
    return {clamp01((cx - hw) / w), clamp01((cy - hh) / h), clamp01((cx + hw) / w), clamp01((cy + hh) / h)};
}

} // namespace

FaceLayout planFaceLayout(const Image& photo, const std::vector<face::Face>& faces, int face_index, int model_width,
                          int model_height, const std::string& portrait_name)
{
    FaceLayout l;
    if (face_index >= 0 && std::size_t(face_index) >= faces.size() && !faces.empty())
        throwUsage("face index " + std::to_string(face_index) + " asked for, but '" + portrait_name + "' has " +
                   std::to_string(faces.size()) + (faces.size() == 1 ? " face" : " faces") + " (indices 0.." +
                   std::to_string(faces.size() - 1) + "; -1 takes the largest).");
    if (faces.empty()) {
        // Hallo's training framing is the best guess: a centred crop, the face filling about half of it.
        const auto crop = media::fitAspect(photo.width, photo.height, double(model_width) / double(model_height),
                                           photo.width / 2.0, photo.height / 2.0);
        l.reference = media::cropResize(photo, crop, model_width, model_height);
        l.full = {0.15, 0.05, 0.85, 0.95};
        l.face = {0.25, 0.15, 0.75, 0.85};
        l.lip = {0.35, 0.55, 0.65, 0.80};
        l.notice = "no face found in '" + portrait_name +
                   "': using a centred crop and default face and lip regions (expect weaker lip sync; a frontal "
                   "photo with the face at least 48 px tall works best)";
        return l;
    }
    if (face_index < 0) {
        face_index = 0;
        for (std::size_t i = 1; i < faces.size(); ++i)
            if (faces[i].box.width * faces[i].box.height >
                faces[std::size_t(face_index)].box.width * faces[std::size_t(face_index)].box.height)
                face_index = int(i);
    }
    // Whole pixels: last-bit differences of the detector (another thread count or machine) do not move the crop.
    face::Face f = faces[std::size_t(face_index)];
    f.box = {std::round(f.box.x), std::round(f.box.y), std::round(f.box.width), std::round(f.box.height)};
    for (auto& pt : f.landmarks)
        pt = {std::round(pt.x), std::round(pt.y)};
    face::CropOptions co;
    co.aspect = double(model_width) / double(model_height);
    co.expand = kFrameOverFace;
    co.offset_y = -kShiftUp;
    co.output_height_px = model_height;
    co.fill = face::BorderFill::Replicate;
    face::FaceCrop crop = face::cropFace(photo, f, co);
    // cropFace rounds the width from the aspect; the model needs its exact size (a sub-pixel difference).
    const double sx = double(model_width) / double(crop.image.width);
    l.reference = crop.image.width == model_width
                      ? std::move(crop.image)
                      : media::cropResize(crop.image, media::RectF{0, 0, double(crop.image.width),
                                                                   double(crop.image.height)},
                                          model_width, model_height);
    face::BoxF box = crop.transform.toCrop(f.box);
    box.x *= sx;
    box.width *= sx;
    l.face = normalise(box, model_width, model_height, kHalloFaceExpand, kHalloFaceExpand);
    // The full (pose) region: head and hair around the face.
    face::BoxF head = box;
    head.y -= 0.25 * box.height;
    l.full = normalise(head, model_width, model_height, 1.6, 1.7);
    // The lips: the mouth landmarks (48-67) when present, else the lower middle of the face box.
    face::BoxF lips{box.x + 0.25 * box.width, box.y + 0.62 * box.height, 0.5 * box.width, 0.3 * box.height};
    if (f.landmarks.size() == 68) {
        double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
        for (std::size_t i = 48; i < 68; ++i) {
            auto p = crop.transform.toCrop(f.landmarks[i]);
            p.x *= sx;
            x0 = std::min(x0, p.x);
            y0 = std::min(y0, p.y);
            x1 = std::max(x1, p.x);
            y1 = std::max(y1, p.y);
        }
        lips = {x0, y0, x1 - x0, y1 - y0};
    }
    l.lip = normalise(lips, model_width, model_height, 1.5, 1.8);
    l.found = true;
    l.face_index = face_index;
    return l;
}

} // namespace emote::diffusion
