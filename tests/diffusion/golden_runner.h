// Golden-case dispatch for the Diffusion engine: builds the module(s) of a case from its config, loads its
// weights strictly and computes every output, on any device and in float32, float16 or bfloat16. Test code
// (torch types); Qt-free, so the golden checks build on a machine with nothing but libtorch (golden_check).
//
//   const nlohmann::json c = golden::readCase(dir);
//   golden::TensorMap out = golden::runCase(c, weights, inputs, {torch::kCUDA, torch::kHalf});
#pragma once

#include "core/nn/safetensors.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace emote::diffusion::golden {

using TensorMap = std::map<std::string, torch::Tensor>; // names without the "in." / "out." prefix

bool isImplementedKind(const std::string& kind);
std::string implementedKindsList();

struct RunOptions {
    torch::Device device{torch::kCPU};
    // The modules' dtype (float16 needs CUDA in libtorch 1.13). The scheduler (ddim) and wav2vec2 always run in
    // float32, as in the engine; the pipeline keeps its latents between steps in float32 (HalloModels::setDtype).
    torch::ScalarType dtype = torch::kFloat32;
};

// Whether a kind's modules run in RunOptions::dtype (false: float32 whatever the options say).
bool kindUsesReducedPrecision(const std::string& kind);

// Throws emote::Error (or c10::Error) on any problem; returns the outputs it computed, on the CPU in float32
// (integer outputs keep their type).
TensorMap runCase(const nlohmann::json& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs,
                  const RunOptions& options = {});

// A hallo_pipeline case with its modules in DTYPE (HalloModels::setDtype), for the reduced-precision checks.
TensorMap runPipelineCase(const nlohmann::json& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs,
                          torch::ScalarType dtype);

// ---- Case folders and the comparison rule (../shared/golden/README.md §2) ----

// ROOTS' immediate subfolders that hold a case.json, sorted by name within each root.
std::vector<std::filesystem::path> caseDirs(const std::vector<std::filesystem::path>& roots);
// DIR/case.json parsed; an unreadable or invalid file is an emote::Error.
nlohmann::json readCase(const std::filesystem::path& dir);
// in.* (INPUTS) and out.* (EXPECTED) of DIR/io.safetensors, prefixes removed.
void readIo(const std::filesystem::path& dir, TensorMap& inputs, TensorMap& expected);

struct Tolerance {
    bool exact = false;
    double atol = 1e-5;
    double rtol = 1e-4;
};
// The case's per-output entry in `tolerances` (OUTPUT with its "out." prefix), else its atol / rtol.
Tolerance toleranceFor(const nlohmann::json& case_json, const std::string& output);

struct OutputCheck {
    std::string name; // "out.X"
    bool passed = false;
    std::string detail; // one line: max |diff|, its index, elements out of tolerance (or why it failed)
};
// Every expected output against the computed one. With RELATIVE_L2_BOUND > 0, floating outputs pass when
// ‖got − want‖ / ‖want‖ ≤ the bound (reduced precision) instead of by the case's allclose tolerances.
std::vector<OutputCheck> compareOutputs(const nlohmann::json& case_json, const TensorMap& expected,
                                        const TensorMap& outputs, double relative_l2_bound = 0);

} // namespace emote::diffusion::golden
