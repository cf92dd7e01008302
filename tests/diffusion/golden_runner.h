// Golden-case dispatch for the Diffusion engine test: builds the module(s) of a case from its config, loads its
// weights strictly and computes every output. Test code (torch types).
#pragma once

#include "core/nn/safetensors.h"

#include <torch/torch.h>

#include <QJsonObject>

#include <map>
#include <string>

namespace emote::diffusion::golden {

using TensorMap = std::map<std::string, torch::Tensor>; // names without the "in." / "out." prefix

bool isImplementedKind(const std::string& kind);
std::string implementedKindsList();

// Throws emote::Error (or c10::Error) on any problem; returns the outputs it computed.
TensorMap runCase(const QJsonObject& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs);

// A hallo_pipeline case with its modules in DTYPE (HalloModels::setDtype), for the reduced-precision checks.
TensorMap runPipelineCase(const QJsonObject& case_json, const nn::SafetensorsFile& weights, const TensorMap& inputs,
                          torch::ScalarType dtype);

} // namespace emote::diffusion::golden
