#include "core/nn/detail/tensor_io.h"

#include "core/common/error.h"

#include <map>

namespace emote::nn {

namespace {

torch::ScalarType scalarType(DType dtype)
{
    switch (dtype) {
    case DType::F64: return torch::kFloat64;
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::Bool: return torch::kBool;
    }
    return torch::kFloat32;
}

std::string shapeOf(const torch::Tensor& t)
{
    return shapeString(std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()));
}

} // namespace

torch::Tensor toTensor(const TensorView& view)
{
    auto options = torch::TensorOptions().dtype(scalarType(view.dtype));
    if (view.numel() == 0)
        return torch::empty(view.shape, options);
    // from_blob needs a mutable pointer but the copy below never writes through it.
    auto* data = const_cast<std::byte*>(view.data);
    return torch::from_blob(data, view.shape, options).clone();
}

WeightLoader::WeightLoader(const SafetensorsFile& file) : m_file(file) {}

void WeightLoader::load(torch::nn::Module& module, const std::string& prefix, const NameMap& map)
{
    // Module name → file key, through the table.
    std::map<std::string, const TensorView*> by_module_name;
    for (const TensorView& t : m_file.tensors()) {
        if (t.name.compare(0, prefix.size(), prefix) != 0)
            continue;
        std::string name = t.name.substr(prefix.size());
        for (const NameMapRow& row : map) {
            const auto at = name.find(row.file_part);
            if (at != std::string::npos) {
                name.replace(at, row.file_part.size(), row.module_part);
                break;
            }
        }
        if (!by_module_name.emplace(name, &t).second)
            throwInput("tensors '" + by_module_name[name]->name + "' and '" + t.name + "' both map to '" +
                       prefix + name + "' in " + m_file.path());
    }

    torch::NoGradGuard no_grad;
    auto assign = [&](const std::string& name, torch::Tensor& target) {
        auto it = by_module_name.find(name);
        if (it == by_module_name.end())
            throwInput("tensor '" + prefix + name + "' is missing in " + m_file.path());
        const TensorView& view = *it->second;
        if (std::vector<std::int64_t>(target.sizes().begin(), target.sizes().end()) != view.shape)
            throwInput("tensor '" + view.name + "' has shape " + shapeString(view.shape) + ", expected " +
                       shapeOf(target) + " in " + m_file.path());
        target.copy_(toTensor(view).to(target.scalar_type()));
        m_consumed.insert(view.name);
    };
    for (auto& item : module.named_parameters(true))
        assign(item.key(), item.value());
    for (auto& item : module.named_buffers(true))
        assign(item.key(), item.value());
}

void WeightLoader::finish() const
{
    std::vector<std::string> unused;
    for (const TensorView& t : m_file.tensors())
        if (!m_consumed.count(t.name) && !m_allowedUnused.count(t.name))
            unused.push_back(t.name);
    if (unused.empty())
        return;
    std::string list;
    for (std::size_t i = 0; i < unused.size() && i < 8; ++i)
        list += (i ? ", '" : "'") + unused[i] + "'";
    if (unused.size() > 8)
        list += " and " + std::to_string(unused.size() - 8) + " more";
    throwInput(std::to_string(unused.size()) + " unexpected tensor(s) in " + m_file.path() + ": " + list);
}

std::vector<std::pair<std::string, torch::Tensor>> readAll(const SafetensorsFile& file)
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const TensorView& t : file.tensors())
        out.emplace_back(t.name, toTensor(t));
    return out;
}

} // namespace emote::nn
