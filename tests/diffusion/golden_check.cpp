// golden_check: every Diffusion golden case (format: ../shared/golden/README.md) on a chosen device and dtype,
// with nothing but libtorch — no Qt — so it runs on a GPU machine that has nothing else (cmake/torch-only,
// scripts/gpu-check.sh). The same runner and comparison rule as test_diffusion_golden.
//
//   golden_check [--device cpu|cuda] [--dtype float32|float16|bfloat16] [--bound R] [--only NAME]... [ROOT...]
//
// ROOTs default to <source>/tests/golden and $EMOTE_GOLDEN_DIR. float32 passes by the cases' own tolerances
// (numpy allclose, per output). In float16 / bfloat16 the modules run in that dtype (the scheduler and wav2vec2
// stay float32 and keep the float32 tolerances), and a floating output passes when its relative L2 error
// ‖got − want‖ / ‖want‖ is at most R (default: 0.1 for float16, 0.5 for bfloat16; the measured values are
// printed). With random weights the errors grow through the modules: on the CPU (libtorch 1.13, AVX-512) bfloat16
// measured at most 0.034 on single modules, 0.26 on vae_sd_like's decoded image and 0.33 on hallo_pipeline_v's
// second-clip latents (its video: 0.045); a wrong or missing tensor gives about 1 or more. float16 keeps 3 more
// mantissa bits than bfloat16 (about 8x less rounding error); it has no CPU kernels in libtorch 1.13, so its
// bound is not yet measured.
// Exit status: 0 all cases passed, 1 a case failed, 2 bad usage or no case found.
#include "golden_runner.h"
#include "core/nn/runtime.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace emote;
namespace golden = emote::diffusion::golden;

namespace {

int usage(const char* why)
{
    std::fprintf(stderr,
                 "golden_check: %s\n"
                 "usage: golden_check [--device cpu|cuda] [--dtype float32|float16|bfloat16] [--bound R] "
                 "[--only NAME]... [ROOT...]\n",
                 why);
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    std::string device_name = "cpu", dtype_name = "float32";
    double bound = -1;
    std::vector<std::string> only;
    std::vector<std::filesystem::path> roots;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                std::exit(usage(("missing value after " + a).c_str()));
            return argv[++i];
        };
        if (a == "--device")
            device_name = value();
        else if (a == "--dtype")
            dtype_name = value();
        else if (a == "--bound")
            bound = std::atof(value().c_str());
        else if (a == "--only")
            only.push_back(value());
        else if (a == "-h" || a == "--help")
            {
            usage("help");
            return 0;
        }
        else if (!a.empty() && a[0] == '-')
            return usage(("unknown option " + a).c_str());
        else
            roots.emplace_back(a);
    }
    if (roots.empty()) {
        roots.emplace_back(std::filesystem::path(EMOTE_SOURCE_DIR) / "tests/golden");
        const char* extra = std::getenv("EMOTE_GOLDEN_DIR");
        if (extra && *extra)
            roots.emplace_back(extra);
    }

    golden::RunOptions options;
    if (device_name == "cuda") {
        if (!torch::cuda::is_available()) {
            std::fprintf(stderr, "golden_check: --device cuda, but this libtorch (%s) sees no CUDA device\n",
                         nn::runtimeInfo().torch_version.c_str());
            return 1;
        }
        options.device = torch::Device(torch::kCUDA);
    } else if (device_name != "cpu") {
        return usage("--device must be cpu or cuda");
    }
    if (dtype_name == "float16")
        options.dtype = torch::kHalf;
    else if (dtype_name == "bfloat16")
        options.dtype = torch::kBFloat16;
    else if (dtype_name != "float32")
        return usage("--dtype must be float32, float16 or bfloat16");
    if (bound < 0)
        bound = options.dtype == torch::kHalf ? 0.1 : options.dtype == torch::kBFloat16 ? 0.5 : 0.0;
    if (options.dtype == torch::kFloat32)
        bound = 0; // float32: the cases' own tolerances, always

    const nn::RuntimeInfo info = nn::configureRuntime();
    // float32 must be float32: no TF32 in cuBLAS or cuDNN (the golden tolerances are ~1e-4; TF32 has a 10-bit
    // mantissa). The engine keeps libtorch's defaults.
    nn::setTensorFloat32(false);
    std::printf("golden_check: libtorch %s, device %s, dtype %s, %d intra-op threads%s\n", info.torch_version.c_str(),
                device_name.c_str(), dtype_name.c_str(), info.intra_op_threads,
                bound > 0 ? (", reduced-precision bound: relative L2 <= " + std::to_string(bound)).c_str() : "");

    const auto dirs = golden::caseDirs(roots);
    int cases = 0, failed = 0;
    for (const auto& dir : dirs) {
        const std::string name = dir.filename().string();
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end())
            continue;
        ++cases;
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<golden::OutputCheck> checks;
        std::string kind, error;
        try {
            c10::InferenceMode inference;
            const auto c = golden::readCase(dir);
            kind = c.contains("kind") && c["kind"].is_string() ? c["kind"].get<std::string>() : "";
            if (!golden::isImplementedKind(kind))
                throw std::runtime_error("golden kind '" + kind + "' is not implemented; implemented kinds: " +
                                         golden::implementedKindsList());
            golden::TensorMap inputs, expected;
            golden::readIo(dir, inputs, expected);
            if (expected.empty())
                throw std::runtime_error("case without out.* tensors");
            const auto weights = nn::SafetensorsFile::open((dir / "weights.safetensors").string());
            const auto outputs = golden::runCase(c, weights, inputs, options);
            const bool reduced = options.dtype != torch::kFloat32 && golden::kindUsesReducedPrecision(kind);
            checks = golden::compareOutputs(c, expected, outputs, reduced ? bound : 0.0);
        } catch (const c10::Error& e) {
            error = e.what_without_backtrace();
        } catch (const std::exception& e) {
            error = e.what();
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        bool passed = error.empty();
        for (const auto& check : checks)
            passed = passed && check.passed;
        std::printf("%s %s (%s, %.1f s)\n", passed ? "PASS" : "FAIL", dir.string().c_str(), kind.c_str(), seconds);
        if (!error.empty())
            std::printf("  error: %s\n", error.c_str());
        for (const auto& check : checks)
            std::printf("  %s %s: %s\n", check.passed ? "ok  " : "FAIL", check.name.c_str(), check.detail.c_str());
        std::fflush(stdout);
        failed += passed ? 0 : 1;
    }
    if (cases == 0)
        return usage("no golden case found (a case is a folder holding case.json)");
    std::printf("golden_check: %d of %d cases passed on %s in %s\n", cases - failed, cases, device_name.c_str(),
                dtype_name.c_str());
    return failed == 0 ? 0 : 1;
}
