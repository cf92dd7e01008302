// The parsed form of a TensorFlow.js graph model (`model.json` with `format: graph-model`, as tfjs-converter
// writes it): the node list of `modelTopology`, the `signature` and the weights. No execution here (TfjsGraph
// runs it).
//
//   const auto def = emote::face::TfjsGraphDef::load(models / "human" / "selfie.json");
//   for (const emote::face::TfjsNode& n : def.nodes)
//       if (n.op == "Conv2D") std::string padding = n.attrString("padding");   // "SAME"
//
// tfjs-converter stores attribute strings base64-encoded (`{"s": "U0FNRQ=="}`); they come out decoded. A `Const`
// node's value is the weight of the same name. Problems are emote::Error(Input) naming the file.
#pragma once

#include "core/face/tfjs_weights.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace emote::face {

struct TfjsAttr {
    enum class Kind { Int, Float, Bool, String, Type, Shape, List, Other };
    Kind kind = Kind::Other;
    int64_t i = 0;
    double f = 0.0;
    bool b = false;
    std::string s;                     // String (decoded) and Type ("DT_FLOAT")
    std::vector<int64_t> ints;         // List of ints, or Shape dims (-1 unknown)
    std::vector<double> floats;        // List of floats
    std::vector<std::string> strings;  // List of strings (decoded)
};

struct TfjsNode {
    std::string name;
    std::string op;
    std::vector<std::string> inputs; // "node", "node:1" (output 1) or "^node" (control dependency)
    std::map<std::string, TfjsAttr> attrs;

    bool has(const std::string& attr) const { return attrs.count(attr) > 0; }
    // Typed reads that throw emote::Error(Input) naming the node when the attribute is missing or of another kind;
    // the two-argument forms return FALLBACK when it is missing.
    int64_t attrInt(const std::string& attr) const;
    int64_t attrInt(const std::string& attr, int64_t fallback) const;
    double attrFloat(const std::string& attr, double fallback) const;
    bool attrBool(const std::string& attr, bool fallback) const;
    std::string attrString(const std::string& attr) const;
    std::string attrString(const std::string& attr, const std::string& fallback) const;
    std::vector<int64_t> attrInts(const std::string& attr) const;
    std::vector<int64_t> attrInts(const std::string& attr, std::vector<int64_t> fallback) const;
    std::vector<std::string> attrStrings(const std::string& attr) const; // empty when missing
};

struct TfjsSignatureTensor {
    std::string key;            // signature key ("output_mesh")
    std::string node;           // graph node ("Identity_2"), without the ":0"
    int output_index = 0;
    std::vector<int64_t> shape; // -1 = any; empty when unknown
};

struct TfjsGraphDef {
    std::filesystem::path file;
    std::vector<TfjsNode> nodes;
    std::vector<TfjsSignatureTensor> inputs;  // from `signature`, else the Placeholder nodes
    std::vector<TfjsSignatureTensor> outputs; // from `signature`, else the nodes nothing consumes
    TfjsWeights weights;

    static TfjsGraphDef load(const std::filesystem::path& model_json);
};

} // namespace emote::face
