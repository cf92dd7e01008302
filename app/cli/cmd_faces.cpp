#include "app/cli/cmd_faces.h"

#include "app/cli/cli_args.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/common/partial_files.h"
#include "core/face/face_analyzer.h"
#include "core/face/face_draw.h"
#include "core/media/image_reader.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

namespace emote::cli {

const char* const kFacesUsage = R"(  emote faces PHOTO [--json] [--draw OUT.png] [--detector ssd|tiny] [--overwrite]

faces options:
      --json               machine-readable JSON on stdout
      --draw OUT.png       write the photo with every face's box and 68 landmarks
      --detector NAME      ssd (accurate, default) or tiny (faster)
      --overwrite          replace OUT.png if it exists
)";

namespace {

namespace fs = std::filesystem;
using namespace emote::face;

std::string toJson(const std::string& photo, const FaceAnalysis& a, DetectorKind detector)
{
    std::string j = "{\"photo\":" + jsonString(photo) + ",\"width\":" + std::to_string(a.image_width) +
                    ",\"height\":" + std::to_string(a.image_height) + ",\"detector\":\"" +
                    (detector == DetectorKind::Ssd ? "ssd" : "tiny") + "\",\"analysis_scale\":" +
                    num(a.analysis_scale, 6) + ",\"faces\":[";
    for (size_t i = 0; i < a.faces.size(); ++i) {
        const Face& f = a.faces[i];
        j += i ? "," : "";
        j += "{\"box\":[" + num(f.box.x) + "," + num(f.box.y) + "," + num(f.box.width) + "," + num(f.box.height) +
             "],\"score\":" + num(f.score, 6) + ",\"small\":" + (f.small ? "true" : "false") + ",\"landmarks\":[";
        for (size_t k = 0; k < f.landmarks.size(); ++k)
            j += std::string(k ? "," : "") + "[" + num(f.landmarks[k].x) + "," + num(f.landmarks[k].y) + "]";
        j += "]";
        if (f.has_expressions) {
            j += ",\"expression\":{\"top\":\"" + std::string(expressionName(f.topExpression())) +
                "\",\"probabilities\":{";
            for (int e = 0; e < kExpressionCount; ++e)
                j += std::string(e ? "," : "") + "\"" + expressionName(Expression(e)) +
                    "\":" + num(f.expressions[size_t(e)], 6);
            j += "}}";
        }
        if (f.has_pose)
            j += ",\"pose\":{\"roll_deg\":" + num(f.pose.roll_deg, 1) + ",\"yaw_deg\":" + num(f.pose.yaw_deg, 1) +
                 ",\"pitch_deg\":" + num(f.pose.pitch_deg, 1) + "}";
        j += "}";
    }
    j += "],\"warnings\":[";
    for (size_t i = 0; i < a.warnings.size(); ++i)
        j += std::string(i ? "," : "") + jsonString(a.warnings[i]);
    return j + "]}\n";
}

void printText(const std::string& photo, const FaceAnalysis& a)
{
    std::printf("%s: %d×%d px, %zu face%s\n", photo.c_str(), a.image_width, a.image_height, a.faces.size(),
                a.faces.size() == 1 ? "" : "s");
    for (size_t i = 0; i < a.faces.size(); ++i) {
        const Face& f = a.faces[i];
        std::printf("  face %zu: box %.0f,%.0f %.0f×%.0f px, score %.2f, %zu landmarks", i + 1, f.box.x, f.box.y,
                    f.box.width, f.box.height, f.score, f.landmarks.size());
        if (f.has_expressions)
            std::printf(", %s (%.0f%%)", expressionName(f.topExpression()),
                        100.0 * f.expressions[size_t(f.topExpression())]);
        if (f.has_pose)
            std::printf(
                ", pose roll %+.0f° yaw %+.0f° pitch %+.0f°", f.pose.roll_deg, f.pose.yaw_deg, f.pose.pitch_deg);
        if (f.small)
            std::printf(", SMALL");
        std::printf("\n");
    }
    for (const std::string& w : a.warnings)
        std::printf("  warning: %s\n", w.c_str());
}

void writeAtomically(const fs::path& out, const std::vector<uint8_t>& bytes)
{
    const fs::path partial = out.string() + ".partial";
    const PartialFileRecord record(partial); // removed by the next start if this process is killed
    {
        std::ofstream f(partial, std::ios::binary | std::ios::trunc);
        if (!f || !f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())) || !f.flush()) {
            std::error_code ec;
            fs::remove(partial, ec);
            throwOutput("cannot write " + emote::quoted(out) +
                ": check that its folder exists and is writable, and that the "
                "disk has space.");
        }
    }
    std::error_code ec;
    fs::rename(partial, out, ec);
    if (ec) {
        fs::remove(partial, ec);
        throwOutput("cannot write " + emote::quoted(out) + ": " + ec.message() + ".");
    }
}

} // namespace

int cmdFaces(const std::vector<std::string>& argv)
{
    const Args args(argv, {{"json", 0, false}, {"draw"}, {"detector"}, {"overwrite", 0, false}});
    if (args.positional().empty())
        throwUsage("missing PHOTO. Usage: emote faces PHOTO [--json] [--draw OUT.png] [--detector ssd|tiny].");
    if (args.positional().size() > 1)
        throwUsage("unexpected argument '" + args.positional()[1] + "'. 'emote faces' takes one photo.");
    const std::string photo = args.positional().front();
    const std::string detector_name = args.get("detector", "ssd");
    if (detector_name != "ssd" && detector_name != "tiny")
        throwUsage("unknown detector '" + detector_name + "'. Use ssd or tiny.");
    const DetectorKind detector = detector_name == "ssd" ? DetectorKind::Ssd : DetectorKind::Tiny;

    // Check the output before the (slower) analysis.
    std::optional<fs::path> draw;
    if (const auto d = args.get("draw")) {
        draw = fs::path(*d);
        if (d->empty())
            throwUsage("--draw needs a file name, e.g. --draw faces.png.");
        std::error_code ec;
        if (fs::exists(*draw, ec) && !args.has("overwrite"))
            throwOutput(
                emote::quoted(*draw) + " already exists. Use --overwrite to replace it, or choose another name.");
        const fs::path dir = draw->has_parent_path() ? draw->parent_path() : fs::path(".");
        if (!fs::is_directory(dir, ec))
            throwOutput(
                "cannot write " + emote::quoted(*draw) + ": the folder " + emote::quoted(dir) + " does not exist.");
    }

    const Image image = media::readImage(photo);
    const FaceAnalyzer analyzer(FaceNets::defaultModelsDir(),
                                (detector == DetectorKind::Ssd ? kSsdMobilenetV1 : kTinyFaceDetector) | kLandmark68 |
                                    kExpression);
    AnalyzeOptions opt;
    opt.detector = detector;
    opt.stages = kStageLandmarks | kStageExpression;
    const FaceAnalysis analysis = analyzer.analyze(image, opt);
    if (analysis.faces.empty())
        throwInput("no face found in " + emote::quoted(photo) +
                   ". Use a clearer, frontal photo with the face at least 48 px tall.");

    if (args.has("json"))
        std::fputs(toJson(photo, analysis, detector).c_str(), stdout);
    else
        printText(photo, analysis);
    if (draw) {
        writeAtomically(*draw, encodePng(drawFaces(image, analysis.faces)));
        if (!args.has("json"))
            std::printf("  wrote %s\n", draw->string().c_str());
    }
    return 0;
}

} // namespace emote::cli
