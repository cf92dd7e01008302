// Face analysis speed: detection (SSD) + 68 landmarks + 128-d descriptor per photo, median of N runs, on the
// 1920×1280 sample and the 512×512 astronaut from the golden set (or photos given on the command line).
//
//   bench_face [--runs N] [--detector ssd|tiny] [PHOTO ...]
//
// When FACEAPI_ESM names @vladmandic/face-api's dist/face-api.esm.js (it bundles tfjs) and `node` is on PATH,
// the same decoded photos also go through bench/face/faceapi_bench.mjs in this run (tfjs `cpu` backend, the
// golden data's backend) and the speed-up is printed. Threads: EMOTE_THREADS (default: every core).
#include "core/face/face_analyzer.h"
#include "core/media/image_reader.h"
#include "core/nn/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#ifndef EMOTE_SOURCE_DIR
#define EMOTE_SOURCE_DIR "."
#endif

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs bench/face/faceapi_bench.mjs (face-api in Node) on the decoded photos; median ms per photo index, empty
// when FACEAPI_ESM is unset or Node fails.
std::map<size_t, double> nodeTimes(const std::vector<emote::Image>& images, int runs)
{
    std::map<size_t, double> out;
    const char* esm = std::getenv("FACEAPI_ESM");
    if (!esm || !*esm)
        return out;
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("bench_face_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::string cmd = "node '" EMOTE_SOURCE_DIR "/bench/face/faceapi_bench.mjs' '" + std::string(esm) + "' '" +
                      emote::face::FaceNets::defaultModelsDir().string() + "' " + std::to_string(runs);
    for (size_t i = 0; i < images.size(); ++i) {
        const fs::path raw = dir / (std::to_string(i) + ".rgb");
        std::ofstream(raw, std::ios::binary)
            .write(reinterpret_cast<const char*>(images[i].rgb.data()), std::streamsize(images[i].rgb.size()));
        cmd += " '" + raw.string() + ":" + std::to_string(images[i].width) + ":" + std::to_string(images[i].height) +
               ":" + std::to_string(i) + "'";
    }
    const fs::path log = dir / "node.log";
    cmd += " 2>'" + log.string() + "'";
    if (FILE* pipe = popen(cmd.c_str(), "r")) {
        char line[512];
        while (std::fgets(line, sizeof line, pipe)) {
            double ms = 0;
            size_t index = 0;
            if (std::sscanf(line, "faceapi %lf %zu", &ms, &index) == 2)
                out[index] = ms;
        }
        if (pclose(pipe) != 0 || out.size() != images.size()) {
            std::ifstream in(log);
            std::string first;
            std::getline(in, first);
            std::fprintf(stderr, "face-api in Node failed (%s)\n", first.substr(0, 300).c_str());
        }
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    int runs = 10;
    auto detector = emote::face::DetectorKind::Ssd;
    std::vector<std::string> photos;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--detector" && i + 1 < argc)
            detector =
                std::string(argv[++i]) == "tiny" ? emote::face::DetectorKind::Tiny : emote::face::DetectorKind::Ssd;
        else
            photos.push_back(a);
    }
    if (photos.empty())
        photos = {EMOTE_SOURCE_DIR "/tests/golden/faceapi/sample1/image.png",
                  EMOTE_SOURCE_DIR "/tests/golden/faceapi/astronaut/image.png"};

    try {
        const auto rt = emote::nn::configureRuntime();
        const auto t_load = Clock::now();
        const emote::face::FaceAnalyzer analyzer(emote::face::FaceNets::defaultModelsDir(),
                                                 emote::face::kSsdMobilenetV1 | emote::face::kTinyFaceDetector |
                                                     emote::face::kLandmark68 | emote::face::kRecognition);
        std::printf("torch %s, %d intra-op threads; models loaded in %.0f ms\n", rt.torch_version.c_str(),
                    rt.intra_op_threads, msSince(t_load));

        emote::face::AnalyzeOptions opt;
        opt.detector = detector;
        opt.stages = emote::face::kStageLandmarks | emote::face::kStageDescriptor;
        std::vector<emote::Image> images;
        for (const std::string& path : photos)
            images.push_back(emote::media::readImage(path));
        std::vector<double> ours(images.size());
        for (size_t i = 0; i < images.size(); ++i) {
            const emote::Image& img = images[i];
            size_t faces = analyzer.analyze(img, opt).faces.size(); // warm-up (allocator, oneDNN kernels)
            std::vector<double> total, detect;
            emote::face::AnalyzeOptions detect_only = opt;
            detect_only.stages = 0;
            for (int r = 0; r < runs; ++r) {
                auto t0 = Clock::now();
                faces = analyzer.analyze(img, opt).faces.size();
                total.push_back(msSince(t0));
                t0 = Clock::now();
                analyzer.analyze(img, detect_only);
                detect.push_back(msSince(t0));
            }
            ours[i] = median(total);
            std::printf("%-40s %4d×%-4d %zu faces: %7.1f ms per photo (detection alone %.1f ms), median of %d\n",
                        std::filesystem::path(photos[i]).parent_path().filename().string().c_str(), img.width,
                        img.height, faces, ours[i], median(detect), runs);
        }
        const int node_runs = std::max(1, std::min(runs, 3)); // the pure-JS backend takes seconds per photo
        const auto node = nodeTimes(images, node_runs);
        for (const auto& [i, ms] : node)
            std::printf("%-40s face-api in Node (tfjs cpu): %.1f ms per photo (median of %d) → emote %.1f× faster\n",
                        std::filesystem::path(photos[i]).parent_path().filename().string().c_str(), ms, node_runs,
                        ms / ours[i]);
        if (node.empty())
            std::printf("(set FACEAPI_ESM to @vladmandic/face-api's dist/face-api.esm.js, with node on PATH, to time "
                        "face-api in Node in the same run)\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_face: %s\n", e.what());
        return 1;
    }
    return 0;
}
