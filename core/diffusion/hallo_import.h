// Hallo's released weights (its pretrained_models folder) → a Diffusion-engine model package (manifest.json with
// SHA-256s + safetensors). Torch-free: .pth files go through the restricted reader (core/nn/pth_reader.h), never
// through pickle. Used by `emote import-hallo`, `emote fetch hallo` and the app's "Get the Hallo model…".
//
//   emote::diffusion::HalloImportParams p;
//   p.release = "pretrained_models";
//   p.output = "models/hallo";
//   emote::diffusion::importHallo(p);   // writes models/hallo.partial, then renames it to models/hallo
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace emote::diffusion {

struct HalloImportParams {
    std::filesystem::path release;     // Hallo's pretrained_models folder (hallo/net.pth, sd-vae-ft-mse/, ...)
    std::filesystem::path output;      // the package folder to create
    std::string name = "hallo";        // manifest "name"
    std::string license;               // manifest "license"; empty: the release's licences
    std::filesystem::path config_file; // optional JSON whose objects replace the defaults ({"denoising_unet": ...})
    bool overwrite = false;            // replace OUTPUT if it exists
};

// Bytes written so far and in all (the tensors the package keeps); return false to stop (then Cancelled).
using ImportProgress = std::function<bool(std::int64_t written_bytes, std::int64_t total_bytes)>;

// Every input is checked before anything is written; the package appears under its final name only when it is
// complete (OUTPUT.partial is renamed at the end and removed on any failure). Throws emote::Error: Input for a
// missing, .pth-only-but-hostile or inconsistent release, Output when OUTPUT exists (without overwrite) or
// cannot be written, Cancelled when PROGRESS says stop. Returns the package folder.
std::filesystem::path importHallo(const HalloImportParams& params, const ImportProgress& progress = {});

// The bytes the package's weight files will take for RELEASE (0 when a weight file is missing): what the
// import needs free on the output's disk.
std::int64_t halloPackageBytes(const std::filesystem::path& release);

} // namespace emote::diffusion
