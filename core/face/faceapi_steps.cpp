#include "core/face/faceapi_steps.h"

#include "core/common/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace emote::face::faceapi {

namespace {

constexpr double kPi = 3.14159265358979323846;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// One value of the zero-padded square crop, as float64 (the input to TF's float64 resize).
struct PaddedCrop {
    const Image* image = nullptr;
    BoxI crop;
    int side = 0;
    int pad_top = 0;
    int pad_left = 0;

    const uint8_t* pixel(int py, int px) const
    {
        const int y = py - pad_top;
        const int x = px - pad_left;
        if (y < 0 || x < 0 || y >= crop.height || x >= crop.width)
            return nullptr;
        return image->row(crop.y + y) + 3 * size_t(crop.x + x);
    }
};

// Box IoU as face-api's SSD NMS computes it (corners re-sorted, empty boxes give 0).
double ssdIou(const float* a, const float* b)
{
    const double ymin_a = std::min<double>(a[0], a[2]), xmin_a = std::min<double>(a[1], a[3]);
    const double ymax_a = std::max<double>(a[0], a[2]), xmax_a = std::max<double>(a[1], a[3]);
    const double ymin_b = std::min<double>(b[0], b[2]), xmin_b = std::min<double>(b[1], b[3]);
    const double ymax_b = std::max<double>(b[0], b[2]), xmax_b = std::max<double>(b[1], b[3]);
    const double area_a = (ymax_a - ymin_a) * (xmax_a - xmin_a);
    const double area_b = (ymax_b - ymin_b) * (xmax_b - xmin_b);
    if (area_a <= 0 || area_b <= 0)
        return 0.0;
    const double inter = std::max(std::min(ymax_a, ymax_b) - std::max(ymin_a, ymin_b), 0.0) *
                         std::max(std::min(xmax_a, xmax_b) - std::max(xmin_a, xmin_b), 0.0);
    return inter / (area_a + area_b - inter);
}

double boxIou(const BoxF& a, const BoxF& b)
{
    const double w = std::max(0.0, std::min(a.right(), b.right()) - std::max(a.x, b.x));
    const double h = std::max(0.0, std::min(a.bottom(), b.bottom()) - std::max(a.y, b.y));
    const double inter = w * h;
    return inter / (a.area() + b.area() - inter);
}

BoxF rescale(const BoxF& b, double sx, double sy) { return {b.x * sx, b.y * sy, b.width * sx, b.height * sy}; }

PointF centerPoint(const std::vector<PointF>& pts, size_t begin, size_t end)
{
    PointF sum;
    for (size_t i = begin; i < end; ++i) {
        sum.x += pts[i].x;
        sum.y += pts[i].y;
    }
    const double n = double(end - begin);
    return {sum.x / n, sum.y / n};
}

void require68(const std::vector<PointF>& landmarks, const char* what)
{
    if (landmarks.size() != 68)
        throw Error(ErrorKind::Internal, std::string(what) + " needs 68 landmarks, got " +
                                             std::to_string(landmarks.size()) + ".");
}

} // namespace

int jsRound(double v) { return int(std::floor(v + 0.5)); }

ReshapedSize reshapedSize(int image_width, int image_height, int input_size)
{
    // face-api: scale = size / max(H, W); round(W · scale). Not W · size / max: the rounding of exact halves
    // differs between the two orders.
    const double scale = double(input_size) / double(std::max(image_width, image_height));
    return {jsRound(double(image_width) * scale), jsRound(double(image_height) * scale)};
}

FloatTensor toBatchTensor(const Image& image, const std::vector<BoxI>& crops, int size, SquarePad pad)
{
    FloatTensor out;
    out.shape = {int64_t(crops.size()), size, size, 3};
    out.values.resize(size_t(out.numel()));
    const size_t plane = size_t(size) * size_t(size) * 3;

    for (size_t n = 0; n < crops.size(); ++n) {
        const BoxI& c = crops[n];
        if (c.empty() || c.x < 0 || c.y < 0 || c.x + c.width > image.width || c.y + c.height > image.height)
            throw Error(ErrorKind::Internal, "face crop [" + std::to_string(c.x) + "," + std::to_string(c.y) + "," +
                                                 std::to_string(c.width) + "," + std::to_string(c.height) +
                                                 "] lies outside the image.");
        PaddedCrop pc;
        pc.image = &image;
        pc.crop = c;
        pc.side = std::max(c.width, c.height);
        if (pad == SquarePad::Center) {
            const int d = std::abs(c.height - c.width);
            const int before = d - jsRound(double(d) * 0.5);
            (c.height > c.width ? pc.pad_left : pc.pad_top) = before;
        }
        float* dst = out.values.data() + n * plane;

        if (pc.side == size) {
            for (int y = 0; y < size; ++y)
                for (int x = 0; x < size; ++x) {
                    const uint8_t* p = pc.pixel(y, x);
                    float* o = dst + (size_t(y) * size_t(size) + size_t(x)) * 3;
                    for (int ch = 0; ch < 3; ++ch)
                        o[ch] = p ? float(p[ch]) : 0.0f;
                }
            continue;
        }

        // TF resizeBilinear, align_corners=false, half_pixel_centers=false: src = dst · (in/out).
        const double ratio = double(pc.side) / double(size);
        std::vector<int> x0(static_cast<size_t>(size)), x1(static_cast<size_t>(size));
        std::vector<double> fx(static_cast<size_t>(size));
        for (int x = 0; x < size; ++x) {
            const double src = ratio * double(x);
            x0[size_t(x)] = int(std::floor(src));
            x1[size_t(x)] = std::min(int(std::ceil(src)), pc.side - 1);
            fx[size_t(x)] = src - double(x0[size_t(x)]);
        }
        for (int y = 0; y < size; ++y) {
            const double src = ratio * double(y);
            const int y0 = int(std::floor(src));
            const int y1 = std::min(int(std::ceil(src)), pc.side - 1);
            const double fy = src - double(y0);
            for (int x = 0; x < size; ++x) {
                const uint8_t* tl = pc.pixel(y0, x0[size_t(x)]);
                const uint8_t* tr = pc.pixel(y0, x1[size_t(x)]);
                const uint8_t* bl = pc.pixel(y1, x0[size_t(x)]);
                const uint8_t* br = pc.pixel(y1, x1[size_t(x)]);
                float* o = dst + (size_t(y) * size_t(size) + size_t(x)) * 3;
                for (int ch = 0; ch < 3; ++ch) {
                    const double vtl = tl ? tl[ch] : 0.0, vtr = tr ? tr[ch] : 0.0;
                    const double vbl = bl ? bl[ch] : 0.0, vbr = br ? br[ch] : 0.0;
                    const double top = vtl + (vtr - vtl) * fx[size_t(x)];
                    const double bottom = vbl + (vbr - vbl) * fx[size_t(x)];
                    o[ch] = float(top + (bottom - top) * fy);
                }
            }
        }
    }
    return out;
}

BoxF relativeRoundTrip(const BoxF& box, int image_width, int image_height)
{
    const double w = image_width, h = image_height;
    return rescale(rescale(box, 1.0 / w, 1.0 / h), w, h);
}

BoxI clipAtImageBorders(const BoxF& box, int image_width, int image_height)
{
    const double x = std::max(box.x, 0.0);
    const double y = std::max(box.y, 0.0);
    const double w = std::min(box.right() - x, double(image_width) - x);
    const double h = std::min(box.bottom() - y, double(image_height) - y);
    return {int(std::floor(x)), int(std::floor(y)), int(std::floor(w)), int(std::floor(h))};
}

std::vector<Detection> ssdDetections(const FloatTensor& boxes, const FloatTensor& scores, int image_width,
                                     int image_height, const SsdDecodeOptions& options)
{
    const int64_t n = scores.numel();
    if (boxes.numel() != 4 * n)
        throw Error(ErrorKind::Internal, "SSD boxes and scores disagree on the anchor count.");

    std::vector<int64_t> candidates;
    for (int64_t i = 0; i < n; ++i)
        if (double(scores.values[size_t(i)]) > options.min_confidence)
            candidates.push_back(i);
    std::stable_sort(candidates.begin(), candidates.end(),
                     [&](int64_t a, int64_t b) { return scores.values[size_t(a)] > scores.values[size_t(b)]; });

    const size_t max_out = size_t(std::min<int64_t>(options.max_results, n));
    std::vector<int64_t> selected;
    for (const int64_t c : candidates) {
        if (selected.size() >= max_out)
            break;
        bool keep = true;
        for (auto it = selected.rbegin(); it != selected.rend(); ++it) {
            const double iou = ssdIou(&boxes.values[size_t(4 * c)], &boxes.values[size_t(4 * *it)]);
            if (iou == 0.0)
                continue;
            if (!(iou <= options.iou_threshold)) {
                keep = false;
                break;
            }
        }
        if (keep)
            selected.push_back(c);
    }

    const ReshapedSize rs = reshapedSize(image_width, image_height, options.input_size);
    const double pad_x = double(options.input_size) / double(rs.width);
    const double pad_y = double(options.input_size) / double(rs.height);
    std::vector<Detection> out;
    for (const int64_t i : selected) {
        const float* b = &boxes.values[size_t(4 * i)];
        const double top = std::max(0.0, double(b[0])) * pad_y;
        const double bottom = std::min(1.0, double(b[2])) * pad_y;
        const double left = std::max(0.0, double(b[1])) * pad_x;
        const double right = std::min(1.0, double(b[3])) * pad_x;
        const BoxF relative{left, top, right - left, bottom - top};
        out.push_back({double(scores.values[size_t(i)]), rescale(relative, image_width, image_height)});
    }
    return out;
}

std::vector<Detection> tinyDetections(const FloatTensor& output, int image_width, int image_height,
                                      const TinyDecodeOptions& options)
{
    static constexpr double kAnchors[5][2] = {{1.603231, 2.094468},
                                              {6.041143, 7.080126},
                                              {2.882459, 3.518061},
                                              {4.266906, 5.178857},
                                              {9.041765, 10.66308}};
    if (output.shape.size() != 4 || output.shape[1] != output.shape[2] || output.shape[3] != 25)
        throw Error(ErrorKind::Internal, "tiny face detector output must be 1 × G × G × 25.");
    const int cells = int(output.shape[1]);
    const ReshapedSize rs = reshapedSize(image_width, image_height, options.input_size);
    const double corr_x = double(options.input_size) / double(rs.width);
    const double corr_y = double(options.input_size) / double(rs.height);

    std::vector<BoxF> boxes; // relative to the image
    std::vector<double> scores;
    for (int row = 0; row < cells; ++row)
        for (int col = 0; col < cells; ++col)
            for (int a = 0; a < 5; ++a) {
                const float* v = &output.values[(size_t(row * cells + col) * 5 + size_t(a)) * 5];
                const double score = sigmoid(v[4]);
                if (!(score > options.score_threshold))
                    continue;
                const double cx = ((double(col) + sigmoid(v[0])) / cells) * corr_x;
                const double cy = ((double(row) + sigmoid(v[1])) / cells) * corr_y;
                const double w = ((std::exp(double(v[2])) * kAnchors[a][0]) / cells) * corr_x;
                const double h = ((std::exp(double(v[3])) * kAnchors[a][1]) / cells) * corr_y;
                const double x = cx - w / 2;
                const double y = cy - h / 2;
                // face-api builds a BoundingBox(left, top, right, bottom): width is (x + w) − x.
                boxes.push_back({x, y, (x + w) - x, (y + h) - y});
                scores.push_back(score);
            }

    // face-api's generic NMS: ascending stable sort, repeatedly pop the best and drop what overlaps it.
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    const double s = options.input_size;
    std::vector<size_t> picked;
    while (!order.empty()) {
        const size_t cur = order.back();
        order.pop_back();
        picked.push_back(cur);
        const BoxF cb = rescale(boxes[cur], s, s);
        std::vector<size_t> rest;
        for (const size_t idx : order)
            if (boxIou(cb, rescale(boxes[idx], s, s)) <= options.iou_threshold)
                rest.push_back(idx);
        order.swap(rest);
    }

    const double iw = image_width, ih = image_height;
    std::vector<Detection> out;
    for (const size_t i : picked) {
        // ObjectDetection scales to the image, then the FaceDetection made from its relativeBox scales again.
        const BoxF in_image = rescale(boxes[i], iw, ih);
        out.push_back({scores[i], relativeRoundTrip(in_image, image_width, image_height)});
    }
    return out;
}

std::vector<float> landmarksRelative(const float* output, int crop_width, int crop_height, int input_size)
{
    const double scale = double(input_size) / double(std::max(crop_width, crop_height));
    const double pw = double(crop_width) * scale;
    const double ph = double(crop_height) * scale;
    const double pad_x = pw < ph ? std::abs(pw - ph) / 2 : 0.0;
    const double pad_y = ph < pw ? std::abs(pw - ph) / 2 : 0.0;
    // tfjs evaluates this with float32 tensors: every constant is a float32 fill.
    const float size_f = float(input_size);
    const float pad_f[2] = {float(pad_x), float(pad_y)};
    const float dim_f[2] = {float(pw), float(ph)};
    std::vector<float> rel(136);
    for (size_t i = 0; i < 136; ++i) {
        const float scaled = output[i] * size_f;
        const float shifted = scaled - pad_f[i % 2];
        rel[i] = shifted / dim_f[i % 2];
    }
    return rel;
}

std::vector<PointF> landmarkPositions(const std::vector<float>& relative, int crop_width, int crop_height,
                                      const BoxF& detection_box, std::vector<PointF>* unshifted)
{
    const double w = crop_width, h = crop_height;
    std::vector<PointF> out(relative.size() / 2);
    if (unshifted)
        unshifted->resize(out.size());
    for (size_t i = 0; i < out.size(); ++i) {
        // FaceLandmarks: positions = rel·dims + shift; shiftBy recomputes rel = (pos − 0)/dims first.
        const double ux = double(relative[2 * i]) * w + 0.0;
        const double uy = double(relative[2 * i + 1]) * h + 0.0;
        if (unshifted)
            (*unshifted)[i] = {ux, uy};
        out[i] = {(ux - 0.0) / w * w + detection_box.x, (uy - 0.0) / h * h + detection_box.y};
    }
    return out;
}

BoxF alignedRect(const std::vector<PointF>& landmarks, int image_width, int image_height)
{
    require68(landmarks, "alignedRect");
    double min_x = INFINITY, min_y = INFINITY, max_x = 0.0, max_y = 0.0;
    for (const PointF& p : landmarks) {
        if (p.x < min_x)
            min_x = p.x;
        if (p.y < min_y)
            min_y = p.y;
        if (max_x < p.x)
            max_x = p.x;
        if (max_y < p.y)
            max_y = p.y;
    }
    const double w = max_x - min_x, h = max_y - min_y;
    const double pad_x = w * 0.2, pad_y = h * 0.2;
    const BoxF padded{min_x - pad_x / 2, min_y - pad_y / 2, w + pad_x, h + pad_y};
    return relativeRoundTrip(padded, image_width, image_height);
}

BoxF dlibRect(const std::vector<PointF>& landmarks, int crop_width, int crop_height)
{
    require68(landmarks, "dlibRect");
    const PointF l = centerPoint(landmarks, 36, 42);
    const PointF r = centerPoint(landmarks, 42, 48);
    const PointF m = centerPoint(landmarks, 48, 68);
    auto dist_to_mouth = [&](const PointF& p) {
        const double dx = m.x - p.x, dy = m.y - p.y;
        return std::sqrt(dx * dx + dy * dy);
    };
    const double eye_to_mouth = (dist_to_mouth(l) + dist_to_mouth(r)) / 2;
    const double size = std::floor(eye_to_mouth / 0.45);
    const PointF c = centerPoint({l, r, m}, 0, 3);
    const double x = std::floor(std::max(0.0, c.x - 0.5 * size));
    const double y = std::floor(std::max(0.0, c.y - 0.43 * size));
    return {x, y, std::min(size, double(crop_width) + x), std::min(size, double(crop_height) + y)};
}

FaceApiAngle faceAngle(const std::vector<PointF>& pt)
{
    require68(pt, "faceAngle");
    auto degrees = [](double rad) { return rad * 180.0 / kPi; };
    auto dist = [](const PointF& a, const PointF& b) {
        return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y));
    };
    FaceApiAngle a;
    {
        const PointF& lever = pt[27];
        const PointF& pivot = pt[66];
        const double hyp = std::hypot(pivot.x - lever.x, pivot.y - lever.y);
        const double deg = degrees(std::asin((pivot.y - lever.y) / hyp));
        const int tilt = pivot.x - lever.x < 0 ? -1 : 1;
        a.roll = int(std::floor(90 - deg)) * tilt;
    }
    {
        const PointF &left = pt[14], &mid = pt[30], &right = pt[2];
        const double base = dist(left, right);
        const PointF base_c{(left.x + right.x) / 2, (left.y + right.y) / 2};
        const int deg = int(std::floor(degrees(std::atan(dist(mid, base_c) / base))));
        a.pitch = deg * (base_c.y - mid.y < 0 ? -1 : 1);
    }
    {
        const PointF &left = pt[14], &mid = pt[33], &right = pt[2];
        a.yaw = int(std::floor(left.x - mid.x)) - int(std::floor(mid.x - right.x));
    }
    return a;
}

} // namespace emote::face::faceapi
