// Model packages: a folder with manifest.json and safetensors weight files. Torch-free.
//
//   manifest.json = {
//     "format": 1, "name": "...", "architecture": "hallo", "license": "...",
//     "config": { "reference_unet": {...}, "denoising_unet": {...}, "vae": {...}, "face_locator": {...},
//                 "imageproj": {...}, "audioproj": {...}, "scheduler": {...}, "wav2vec2": {...},
//                 "inference": {"width", "height", "clip_length", "n_motion_frames", "motion_scale"} },
//     "files": [ {"path": "net.safetensors", "sha256": "<64 hex>", "bytes": 123}, ... ] }
//
// Every weight key is prefixed with its module name (`denoising_unet.`, `vae.`, `wav2vec2.`, ...); a module's
// keys may live in any listed file, but all in one.
//
//   auto m = emote::diffusion::readManifest("models/hallo");   // structure checked
//   emote::diffusion::verifyPackage("models/hallo", m);         // every size and SHA-256 checked
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace emote::diffusion {

struct PackageFile {
    std::string path;   // relative to the package folder, no ".." and not absolute
    std::string sha256; // lower-case hex
    std::int64_t bytes = 0;
};

struct ModelManifest {
    std::string name;
    std::string architecture; // "hallo"
    std::string license;
    std::string config_json;  // the "config" object, compact JSON
    std::vector<PackageFile> files;
};

// Reads and checks PACKAGE/manifest.json. Throws emote::Error(Input) naming the problem.
ModelManifest readManifest(const std::filesystem::path& package);
// Checks that every listed file exists with the listed size and SHA-256 (sizes first, then hashes).
// Throws emote::Error(Input) naming the file and what to do.
void verifyPackage(const std::filesystem::path& package, const ModelManifest& manifest);
// Lower-case hex SHA-256 of a file. Throws emote::Error(Input) when unreadable.
std::string sha256OfFile(const std::filesystem::path& file);
// Fills sha256 and bytes of each file of MANIFEST from the files in PACKAGE, then writes PACKAGE/manifest.json.
// Throws emote::Error(Output) when it cannot be written.
void writeManifest(const std::filesystem::path& package, ModelManifest manifest);

} // namespace emote::diffusion
