// `emote import-hallo DIR -o PACKAGE`: turn a Hallo release folder (weights already .safetensors) into a
// Diffusion-engine model package (manifest.json with SHA-256s + safetensors). Never reads pickle files.
//
//   return emote::cli::cmdImportHallo({"pretrained_models", "-o", "models/hallo"}); // ARGS: after `import-hallo`
#pragma once

#include <string>
#include <vector>

namespace emote::cli {

// Throws emote::Error: Usage for bad arguments, Input for a missing / .pth-only / inconsistent release,
// Output when PACKAGE exists (without --overwrite) or cannot be written. Returns the exit code (0).
int cmdImportHallo(const std::vector<std::string>& args);

// The usage text of the command, for `emote help`.
extern const char* const kImportHalloUsage;

} // namespace emote::cli
