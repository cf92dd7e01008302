// Test helpers for the face-api golden cases (layout in tests/golden/faceapi/README.md): finding case folders,
// reading their expected.json and the F32 tensors of nets.safetensors, and keeping max-error summaries.
//
//   for (const GoldenCase& c : goldenCases()) {
//       const FloatTensor t = c.tensor("lm.output");
//       QJsonObject face0 = c.expected["faces"].toArray()[0].toObject();
//   }
#pragma once

#include "core/face/face_types.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <string>
#include <vector>

namespace emote::face::test {

// A small safetensors reader for the tests: F32 tensors only, every offset checked.
class SafeTensors {
public:
    // Empty (no tensors) when PATH does not exist; throws std::runtime_error for a damaged file.
    static SafeTensors read(const QString& path);
    bool empty() const { return m_tensors.empty(); }
    bool has(const std::string& name) const { return m_tensors.count(name) > 0; }
    const FloatTensor& at(const std::string& name) const; // throws std::runtime_error naming the tensor
    std::vector<std::string> names() const;

private:
    std::map<std::string, FloatTensor> m_tensors;
};

struct GoldenCase {
    QString name;     // folder name
    QString dir;      // absolute folder path
    QJsonObject expected;
    SafeTensors nets; // empty when the case has no nets.safetensors
    QJsonObject tolerances; // `recommended` of the tolerances.json next to the case (or the source tree's)
};

// Case folders (those holding expected.json) under tests/golden/faceapi and $EMOTE_FACE_GOLDEN_DIR.
// WHY receives a reason when the environment folder is set but unusable (exists without cases).
QStringList goldenCaseDirs(QString* why = nullptr);
GoldenCase loadCase(const QString& dir);

// JSON helpers.
BoxF boxFromJson(const QJsonValue& v);
BoxI boxIFromJson(const QJsonValue& v);
std::vector<PointF> pointsFromJson(const QJsonValue& v);
std::vector<float> floatsFromJson(const QJsonValue& v);

// Keeps the worst error per quantity for a case's summary line.
class MaxErrors {
public:
    void add(const std::string& what, double err);
    std::string summary() const;

private:
    std::map<std::string, double> m_max;
};

} // namespace emote::face::test
