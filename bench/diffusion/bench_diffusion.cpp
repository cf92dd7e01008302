// Diffusion engine benchmark (CPU): time per denoising step and per frame, and the share of each stage
// (audio = wav2vec2 + audio projection, reference = VAE encode + reference UNet, denoise = the 3D UNet with CFG,
// VAE decode), for three model sizes with random weights:
//   tiny   the golden hallo_pipeline_v configs (64×64, widths 32), 16 frames/clip
//   small  widths 64/64/128/128, 128×128 (latents 16×16), 16 frames/clip
//   sd15   Hallo's real SD1.5-sized modules (UNets 320/640/1280/1280, sd-vae-ft-mse VAE, wav2vec2-base), but at
//          256×256 with 4 frames per clip and two steps to stay within a shared machine's time and memory;
//          modules are built and freed one stage at a time (peak ≈ the denoising UNet alone).
// Then a long run (EMOTE_BENCH_SECONDS, default 120 s of audio; EMOTE_BENCH_FPS, default 25; EMOTE_BENCH_STEPS,
// default 3) through the real clip loop with the tiny config:
// VmRSS and VmHWM after clip 1 and at the end, to show memory flat after the first clip.
// Also prints how often the reference UNet runs (once per clip) and the CFG batch (one forward of batch 2).
//
//   sd15-512  the same modules at Hallo's own 512×512 and 16 frames per clip, one step (only when named)
//
//   compare-tiny, compare-small   that configuration under three runtimes, each in its own process: Debian's
//            reference BLAS without the caching CPU allocator, OpenBLAS without it, OpenBLAS with it (the
//            default), with the ratios (only when named)
//
//   compare-reference, compare-reference-sd15   `small` (or `sd15`) against Hallo's own Python step
//            (../shared/reference/hallo_step_bench.py, given this configuration's own widths, latent size, frames,
//            heads and dims as flags), alternating child processes, with the ratio (only when named)
//
//   EMOTE_BENCH_PROFILE=N: one more denoising step under libtorch's profiler; prints the N operators (with input
//            shapes) with the most self time
//
//   EMOTE_BENCH_DEVICE=cuda, EMOTE_BENCH_DTYPE=float16|bfloat16, EMOTE_BENCH_STEPS=N: on a GPU (scripts/gpu-check.sh)
//
//   bench_diffusion [tiny|small|sd15|sd15-512|compare-tiny|compare-small|compare-reference|long ...]
//   (default: tiny small sd15 long)
#include "bench/bench_util.h"
#include "core/diffusion/detail/hallo_pipeline.h"
#include "core/nn/detail/layers.h"
#include "core/nn/runtime.h"

#include <torch/csrc/autograd/profiler_legacy.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <vector>
#include <map>
#include <set>
#include <string>

using namespace emote;
using namespace emote::diffusion;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Process CPU seconds (all threads): less disturbed than wall time when other jobs share the cores.
double cpuSeconds() { return double(std::clock()) / CLOCKS_PER_SEC; }

// Wall and CPU seconds of one stage.
struct Timed {
    double wall = 0, cpu = 0;
};
// EMOTE_BENCH_DEVICE=cuda runs every module on the GPU (default cpu); timings then wait for the device.
torch::Device benchDevice()
{
    const char* env = std::getenv("EMOTE_BENCH_DEVICE");
    if (env && std::string(env) == "cuda") {
        if (!torch::cuda::is_available()) {
            std::fprintf(stderr, "EMOTE_BENCH_DEVICE=cuda, but this libtorch sees no CUDA device\n");
            std::exit(1);
        }
        return torch::Device(torch::kCUDA);
    }
    return torch::Device(torch::kCPU);
}

void syncDevice()
{
    static const bool cuda = benchDevice().is_cuda();
    if (cuda)
        torch::cuda::synchronize();
}

struct Stopwatch {
    Clock::time_point t0 = (syncDevice(), Clock::now());
    double c0 = cpuSeconds();
    Timed stop() const
    {
        syncDevice();
        return {since(t0), cpuSeconds() - c0};
    }
};

long rssKb()
{
    std::FILE* f = std::fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && std::fgets(line, sizeof line, f))
        if (std::string(line).rfind("VmRSS:", 0) == 0)
            kb = std::atol(line + 6);
    if (f)
        std::fclose(f);
    return kb;
}

using Json = nlohmann::json;

Json readCase(const char* name)
{
    const std::string path = std::string(EMOTE_SOURCE_DIR) + "/tests/golden/" + name + "/case.json";
    std::ifstream f(path);
    if (!f) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        std::exit(1);
    }
    return Json::parse(f).at("config");
}

Json ints(std::initializer_list<int> v)
{
    Json a = Json::array();
    for (int x : v)
        a.push_back(x);
    return a;
}

struct Setup {
    std::string name;
    Json config; // hallo_pipeline-style: one object per module, plus wav2vec2
    std::int64_t width, height, frames, motion_frames, steps;
    std::string note;
};

// wav2vec2 whose layers × width match AUDIOPROJ, as a Hallo package requires.
Json wav2vec2For(int layers, int hidden, int heads, int conv, int intermediate, int pos_kernel, int pos_groups)
{
    return Json{{"feat_extract_norm", "group"},
                       {"conv_dim", ints({conv, conv, conv, conv, conv, conv, conv})},
                       {"conv_kernel", ints({10, 3, 3, 3, 3, 2, 2})},
                       {"conv_stride", ints({5, 2, 2, 2, 2, 2, 2})},
                       {"conv_bias", false},
                       {"hidden_size", hidden},
                       {"num_hidden_layers", layers},
                       {"num_attention_heads", heads},
                       {"intermediate_size", intermediate},
                       {"num_conv_pos_embeddings", pos_kernel},
                       {"num_conv_pos_embedding_groups", pos_groups},
                       {"layer_norm_eps", 1e-5}};
}

Setup tinySetup()
{
    Json c = readCase("hallo_pipeline_v");
    c["wav2vec2"] = wav2vec2For(3, 16, 2, 16, 32, 16, 4);
    return {"tiny", c, 64, 64, 16, 2, 3, "64x64, 16 frames/clip, 2 motion frames, 3 steps"};
}

Setup smallSetup()
{
    Json c = readCase("hallo_pipeline_v");
    for (const char* k : {"reference_unet", "denoising_unet"}) {
        auto& u = c[k];
        u["block_out_channels"] = ints({64, 64, 128, 128});
        u["cross_attention_dim"] = 64;
        u["audio_attention_dim"] = 64;
    }
    c["face_locator"]["conditioning_embedding_channels"] = 64;
    c["face_locator"]["block_out_channels"] = ints({16, 32, 64, 128}); // 8x down, as the VAE below (and Hallo's)
    c["imageproj"] = Json{{"cross_attention_dim", 64}, {"clip_embeddings_dim", 512},
                                      {"clip_extra_context_tokens", 4}};
    c["audioproj"] = Json{{"seq_len", 5}, {"blocks", 4}, {"channels", 64}, {"intermediate_dim", 128},
                                      {"output_dim", 64}, {"context_tokens", 16}};
    c["wav2vec2"] = wav2vec2For(4, 64, 4, 64, 128, 16, 4);
    // A four-level VAE (8x down, as SD's) so that 128x128 gives latents of 16x16: the `small` that Hallo's Python
    // step is measured at (hallo_step_bench.py --preset small). Until 2026-12 this VAE had the golden case's three
    // levels (latents 32x32, four times the tokens) while the comparison ran Python at 16x16.
    auto& vae = c["vae"];
    vae["block_out_channels"] = ints({32, 32, 32, 32});
    vae["down_block_types"] = Json::array({"DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"});
    vae["up_block_types"] = Json::array({"UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"});
    return {"small", c, 128, 128, 16, 2, 3, "128x128 (latents 16x16), 16 frames/clip, 2 motion frames, 3 steps"};
}

Setup sd15Setup()
{
    Json c = readCase("hallo_pipeline_v");
    for (const char* k : {"reference_unet", "denoising_unet"}) {
        auto& u = c[k];
        u["block_out_channels"] = ints({320, 640, 1280, 1280});
        u["layers_per_block"] = 2;
        u["cross_attention_dim"] = 768;
        u["attention_head_dim"] = 8;
        u["sample_size"] = 64;
        if (u.contains("audio_attention_dim"))
            u["audio_attention_dim"] = 768;
    }
    c["vae"] = Json{{"in_channels", 3},
                                {"out_channels", 3},
                                {"down_block_types", Json::array({"DownEncoderBlock2D", "DownEncoderBlock2D",
                                                                "DownEncoderBlock2D", "DownEncoderBlock2D"})},
                                {"up_block_types", Json::array({"UpDecoderBlock2D", "UpDecoderBlock2D",
                                                              "UpDecoderBlock2D", "UpDecoderBlock2D"})},
                                {"block_out_channels", ints({128, 256, 512, 512})},
                                {"layers_per_block", 2},
                                {"act_fn", "silu"},
                                {"latent_channels", 4},
                                {"norm_num_groups", 32},
                                {"sample_size", 512},
                                {"scaling_factor", 0.18215}};
    c["face_locator"] = Json{{"conditioning_embedding_channels", 320}, {"conditioning_channels", 3},
                                         {"block_out_channels", ints({16, 32, 64, 128})}};
    c["imageproj"] = Json{{"cross_attention_dim", 768}, {"clip_embeddings_dim", 512},
                                      {"clip_extra_context_tokens", 4}};
    c["audioproj"] = Json{{"seq_len", 5}, {"blocks", 12}, {"channels", 768}, {"intermediate_dim", 512},
                                      {"output_dim", 768}, {"context_tokens", 32}};
    c["wav2vec2"] = wav2vec2For(12, 768, 12, 512, 3072, 128, 16);
    return {"sd15", c, 256, 256, 4, 2, 2,
            "SD1.5-sized modules at 256x256 (latents 32x32, Hallo uses 512x512), 4 frames/clip, 2 motion frames, 2 steps"};
}

// Hallo's own inference size: 512x512, 16 frames per clip, 2 motion frames; one step (Hallo runs 40).
Setup sd15FullSetup()
{
    Setup s = sd15Setup();
    s.name = "sd15-512";
    s.width = s.height = 512;
    s.frames = 16;
    s.steps = 1;
    s.note = "SD1.5-sized modules at Hallo's 512x512 (latents 64x64), 16 frames/clip, 2 motion frames, 1 step";
    return s;
}

HalloConfigs configsOf(const Json& c)
{
    HalloConfigs h;
    h.reference_unet = UNetConfig::fromJson(c.at("reference_unet"));
    h.denoising_unet = UNetConfig::fromJson(c.at("denoising_unet"));
    h.vae = AutoencoderKLConfig::fromJson(c.at("vae"));
    h.face_locator = FaceLocatorConfig::fromJson(c.at("face_locator"));
    h.imageproj = ImageProjConfig::fromJson(c.at("imageproj"));
    h.audioproj = AudioProjConfig::fromJson(c.at("audioproj"));
    h.scheduler = DdimConfig::fromJson(c.at("scheduler"));
    return h;
}

template <typename M>
std::int64_t paramCount(const M& m)
{
    std::int64_t n = 0;
    for (const auto& p : m->parameters())
        n += p.numel();
    return n;
}

// EMOTE_BENCH_DTYPE=bfloat16 (or float16, CUDA only) runs the generative modules in that dtype (as --dtype does);
// default float32.
torch::ScalarType benchDtype()
{
    const char* env = std::getenv("EMOTE_BENCH_DTYPE");
    const std::string v = env ? env : "";
    return v == "bfloat16" ? torch::kBFloat16 : v == "float16" ? torch::kHalf : torch::kFloat32;
}

const char* dtypeName(torch::ScalarType dt)
{
    return dt == torch::kBFloat16 ? "bfloat16" : dt == torch::kHalf ? "float16" : "float32";
}

// EMOTE_BENCH_STEPS overrides a configuration's number of denoising steps (e.g. Hallo's 40 on a GPU).
std::int64_t benchSteps(std::int64_t fallback)
{
    const char* env = std::getenv("EMOTE_BENCH_STEPS");
    return env && std::atoi(env) > 0 ? std::atoi(env) : fallback;
}

// Runs STEP once under libtorch's profiler (the one torch.autograd.profiler wraps in Python) and prints the ROWS
// operators with the most self time, by name and input shapes: the C++ side of a module-by-module comparison
// with Hallo's Python step (EMOTE_BENCH_PROFILE=ROWS).
template <class Step>
void profileStep(Step step, int rows)
{
    namespace prof = torch::autograd::profiler;
    prof::enableProfilerLegacy(torch::profiler::impl::ProfilerConfig(torch::profiler::impl::ProfilerState::CPU,
                                                                     /*report_input_shapes=*/true));
    step();
    const auto lists = prof::disableProfilerLegacy();
    struct Row {
        double self_us = 0, total_us = 0;
        long calls = 0;
    };
    std::map<std::string, Row> table;
    double top_us = 0;
    for (const auto& list : lists) {
        struct Open {
            const prof::LegacyEvent* push;
            double child_us;
        };
        std::vector<Open> stack;
        for (const auto& e : list) {
            if (e.kind() == prof::EventKind::PushRange) {
                stack.push_back({&e, 0.0});
            } else if (e.kind() == prof::EventKind::PopRange && !stack.empty()) {
                const Open o = stack.back();
                stack.pop_back();
                const double us = o.push->cpuElapsedUs(e);
                std::string key = o.push->name();
                for (const auto& shape : o.push->shapes()) {
                    key += " [";
                    for (std::size_t i = 0; i < shape.size(); ++i)
                        key += (i ? "," : "") + std::to_string(shape[i]);
                    key += "]";
                }
                auto& r = table[key];
                r.self_us += us - o.child_us;
                r.total_us += us;
                ++r.calls;
                if (stack.empty())
                    top_us += us;
                else
                    stack.back().child_us += us;
            }
        }
    }
    std::vector<std::pair<std::string, Row>> sorted(table.begin(), table.end());
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.self_us > b.second.self_us; });
    std::printf("   profile of one step (%.0f ms in operators, profiler overhead included):\n", top_us / 1000.0);
    for (int i = 0; i < rows && std::size_t(i) < sorted.size(); ++i)
        std::printf("   %9.1f ms self %9.1f ms total %7ld x  %s\n", sorted[i].second.self_us / 1000.0,
                    sorted[i].second.total_us / 1000.0, sorted[i].second.calls, sorted[i].first.c_str());
}

// Each stage on its own, with its module built just before and freed just after.
void benchStages(const Setup& s)
{
    torch::manual_seed(7);
    const HalloConfigs c = configsOf(s.config);
    const auto F = s.frames, nm = s.motion_frames;
    const auto factor = c.vae.scaleFactor();
    const auto h = s.height / factor, w = s.width / factor;
    const auto levels = std::int64_t(c.denoising_unet.block_out_channels.size());
    const double fps = 25.0;
    const auto dt = benchDtype(); // the generative modules' dtype; wav2vec2 stays float32 as in the engine
    const auto dev = benchDevice();
    const auto steps = benchSteps(s.steps);
    std::map<std::string, Timed> t; // per clip
    std::vector<Timed> each_step;    // denoising steps in order
    std::int64_t params = 0;

    // audio: wav2vec2 over one clip of audio, then the audio projection of its windows.
    {
        auto w2v = std::make_shared<Wav2Vec2>(Wav2Vec2Config::fromJson(s.config.at("wav2vec2")));
        w2v->eval();
        w2v->to(dev);
        params += paramCount(w2v);
        const auto raw = torch::randn({std::int64_t(16000.0 * double(F) / fps)});
        const auto in = prepareHalloAudio(raw, 16000, std::int64_t(fps), F);
        Stopwatch sw;
        const auto hidden = w2v->forward(in.input_values.to(dev), in.seq_len).hidden_states; // [layers, T, hidden]
        t["audio: wav2vec2"] = sw.stop();
        auto proj = std::make_shared<AudioProj>(c.audioproj);
        proj->to(dev, dt);
        params += paramCount(proj);
        auto windows = audioWindows(hidden.transpose(0, 1).contiguous()).slice(0, 0, F).to(dev, dt);
        sw = Stopwatch();
        proj->forward(windows.unsqueeze(0));
        t["audio: projection"] = sw.stop();
    }
    // reference: VAE encode of [source, motion frames], then the reference UNet writing the bank.
    ReferenceBank bank;
    torch::Tensor face_tokens;
    {
        auto imageproj = std::make_shared<ImageProj>(c.imageproj);
        imageproj->to(dev, dt);
        params += paramCount(imageproj);
        const auto emb = torch::randn({1, c.imageproj.clip_embeddings_dim}).to(dev, dt);
        face_tokens = torch::cat({imageproj->forward(torch::zeros_like(emb)), imageproj->forward(emb)});
        auto vae = std::make_shared<AutoencoderKL>(c.vae);
        vae->to(dev, dt);
        params += paramCount(vae);
        Stopwatch sw;
        const auto ref_latents =
            vae->encodeMean((torch::rand({1 + nm, 3, s.height, s.width}) * 2 - 1).to(dev, dt)) * kHalloLatentScale;
        t["reference: VAE encode"] = sw.stop();
        vae.reset();
        auto ref = std::make_shared<HalloUNet>(c.reference_unet, HalloUNet::Kind::Reference);
        ref->to(dev, dt);
        params += paramCount(ref);
        sw = Stopwatch();
        ref->writeBank(ref_latents, face_tokens, bank);
        roundBankToHalf(bank);
        t["reference: UNet (once per clip)"] = sw.stop();
    }
    // denoise: one batched CFG forward [uncond, cond] per step.
    {
        auto locator = std::make_shared<FaceLocator>(c.face_locator);
        locator->to(dev, dt);
        params += paramCount(locator);
        const auto feats = locator->forward(torch::rand({1, 3, F, s.height, s.width}).to(dev, dt));
        auto den = std::make_shared<HalloUNet>(c.denoising_unet, HalloUNet::Kind::Denoising);
        den->to(dev, dt);
        params += paramCount(den);
        DenoiseInputs in;
        in.encoder_hidden_states = face_tokens;
        in.mask_cond_fea = torch::cat({torch::zeros_like(feats), feats});
        const auto ctx = c.audioproj.context_tokens, dim = c.audioproj.output_dim;
        const auto tokens = torch::randn({1, F, ctx, dim}).to(dev, dt);
        in.audio_embedding = torch::cat({torch::zeros_like(tokens), tokens});
        for (std::int64_t l = 0; l < levels; ++l) {
            const auto n = (h >> l) * (w >> l);
            in.masks.full.push_back(torch::ones({2 * F, n}).to(dev, dt));
            in.masks.face.push_back((torch::rand({2 * F, n}) > 0.5).to(dev, dt));
            in.masks.lip.push_back((torch::rand({2 * F, n}) > 0.8).to(dev, dt));
        }
        in.motion_scale = {1.0, 1.0, 1.0};
        DdimScheduler scheduler(c.scheduler);
        scheduler.setTimesteps(steps);
        auto latents = torch::randn({1, c.vae.latent_channels, F, h, w}).to(dev);
        Stopwatch sw;
        for (auto ts : scheduler.timesteps()) {
            Stopwatch one;
            in.sample_BCFHW = torch::cat({latents, latents}).to(dev, dt);
            in.timestep = ts;
            const auto pred = den->denoise(in, bank).to(torch::kFloat32).chunk(2);
            latents = scheduler.step(pred[0] + 3.5 * (pred[1] - pred[0]), ts, latents);
            each_step.push_back(one.stop());
        }
        t["denoise: 3D UNet, CFG batched"] = sw.stop();
        // EMOTE_BENCH_PROFILE=FILE: one more step under libtorch's profiler, written as a Chrome trace (op names,
        // shapes, times) to compare with torch.autograd.profiler on Hallo's Python step.
        if (const char* rows = std::getenv("EMOTE_BENCH_PROFILE"); rows && std::atoi(rows) > 0) {
            in.sample_BCFHW = torch::cat({latents, latents}).to(dev, dt);
            profileStep([&] { den->denoise(in, bank); }, std::atoi(rows));
        }
    }
    {
        auto vae = std::make_shared<AutoencoderKL>(c.vae);
        vae->to(dev, dt);
        Stopwatch sw;
        for (std::int64_t f = 0; f < F; ++f)
            vae->decode(torch::randn({1, c.vae.latent_channels, h, w}).to(dev, dt));
        t["VAE decode (each frame)"] = sw.stop();
    }
    Timed total;
    for (const auto& [k, v] : t) {
        total.wall += v.wall;
        total.cpu += v.cpu;
    }
    const Timed den = t["denoise: 3D UNet, CFG batched"];
    std::printf("\n== %s: %s; %s on %s, %lld steps; %.1f M parameters, peak RSS so far %.2f GB\n", s.name.c_str(),
                s.note.c_str(), dtypeName(dt), dev.is_cuda() ? "CUDA" : "CPU", (long long)steps, double(params) / 1e6,
                double(bench::peakRssKb()) / 1048576.0);
    std::printf("   per denoising step (batch 2 = CFG): %.3f s wall, %.3f s CPU\n", den.wall / double(steps),
                den.cpu / double(steps));
    // The steps after the first (warm: the caching allocator holds the step's blocks), as Hallo's Python step is
    // timed (hallo_step_bench.py drops its first call): median wall and its CPU.
    if (each_step.size() >= 2) {
        std::vector<Timed> warm(each_step.begin() + 1, each_step.end());
        std::sort(warm.begin(), warm.end(), [](const Timed& a, const Timed& b) { return a.wall < b.wall; });
        const Timed& m = warm[warm.size() / 2];
        std::printf("   warm step (median of the %zu after the first): %.3f s wall, %.3f s CPU; first step %.3f s wall\n",
                    warm.size(), m.wall, m.cpu, each_step[0].wall);
    }
    std::printf("   per clip: %.3f s wall, %.3f s CPU;  per frame: %.3f s wall, %.3f s CPU\n", total.wall, total.cpu,
                total.wall / double(F), total.cpu / double(F));
    for (const auto& [k, v] : t)
        std::printf("   %-34s %9.3f s wall %9.3f s CPU  %5.1f %% of CPU\n", k.c_str(), v.wall, v.cpu,
                    100.0 * v.cpu / total.cpu);
}

// The attention shapes of one `small` and one `sd15` step, each through the fused CPU kernel (what
// multiHeadAttention runs in float32 on the CPU) and through libtorch's matmul-softmax-matmul (the reference
// formula, as the sliced path computes it): milliseconds per call and the largest difference.
void benchAttention()
{
    struct Shape {
        const char* what;
        std::int64_t B, Tq, Tk, heads, D;
    };
    const Shape shapes[] = {
        {"small: spatial self, 256 tokens (uncond half)", 16, 256, 256, 8, 8},
        {"small: spatial + reference, 256+256 keys", 16, 256, 512, 8, 8},
        {"small: audio self, 256 tokens", 32, 256, 256, 8, 8},
        {"small: audio cross, 16 tokens", 32, 256, 16, 8, 8},
        {"small: temporal, 18 frames", 2 * 256, 18, 18, 8, 8},
        {"small: temporal level 2, 18 frames", 2 * 16, 18, 18, 8, 16},
        {"sd15: spatial + reference, 1024+1024 keys", 4, 1024, 2048, 8, 40},
        {"sd15: cross, 4 tokens", 8, 1024, 4, 8, 40},
        {"sd15: temporal, 6 frames", 2 * 1024, 6, 6, 8, 40},
    };
    std::printf("\n== attention, float32, %d threads: fused CPU kernel vs matmul-softmax-matmul\n", at::get_num_threads());
    for (const auto& s : shapes) {
        torch::manual_seed(1);
        const auto q = torch::randn({s.B, s.Tq, s.heads * s.D}), k = torch::randn({s.B, s.Tk, s.heads * s.D}),
                   v = torch::randn({s.B, s.Tk, s.heads * s.D});
        auto reference = [&] {
            auto split = [&](const torch::Tensor& x, std::int64_t T) {
                return x.reshape({s.B, T, s.heads, s.D}).permute({0, 2, 1, 3});
            };
            auto scores = torch::matmul(split(q, s.Tq), split(k, s.Tk).transpose(-1, -2)).mul_(1.0 / std::sqrt(double(s.D)));
            return torch::matmul(scores.softmax(-1), split(v, s.Tk)).permute({0, 2, 1, 3}).reshape({s.B, s.Tq, -1});
        };
        auto time = [](auto f) { // wall and CPU milliseconds per call
            f(); // warm
            const int n = 5;
            Stopwatch sw;
            for (int i = 0; i < n; ++i)
                f();
            const Timed t = sw.stop();
            return Timed{t.wall / n * 1000.0, t.cpu / n * 1000.0};
        };
        const Timed fused = time([&] { return nn::multiHeadAttention(q, k, v, s.heads); });
        const Timed matmul = time(reference);
        const double diff = (nn::multiHeadAttention(q, k, v, s.heads) - reference()).abs().max().item<double>();
        std::printf("   %-46s fused %7.2f ms wall %7.2f ms CPU | matmul %7.2f ms wall %7.2f ms CPU (%4.1fx CPU)  max |diff| "
                    "%.2g\n", s.what, fused.wall, fused.cpu, matmul.wall, matmul.cpu, matmul.cpu / fused.cpu, diff);
    }
}

// Long run through the real clip loop (tiny config): memory after clip 1 and at the end.
void benchLong(double seconds)
{
    torch::manual_seed(7);
    Setup s = tinySetup();
    const HalloConfigs c = configsOf(s.config);
    HalloModels models(c);
    for (auto* m : std::initializer_list<torch::nn::Module*>{models.reference_unet.get(), models.denoising_unet.get(),
                                                             models.vae.get(), models.face_locator.get(),
                                                             models.imageproj.get(), models.audioproj.get()})
        m->eval();
    auto w2v = std::make_shared<Wav2Vec2>(Wav2Vec2Config::fromJson(s.config.at("wav2vec2")));
    w2v->eval();
    const auto F = s.frames;
    const auto t_start = Clock::now();
    // EMOTE_BENCH_FPS / EMOTE_BENCH_STEPS thin the long run on a slow machine (fewer frames and clips, fewer steps
    // per clip); the clip loop, motion frames and memory behaviour are the same.
    const char* fps_env = std::getenv("EMOTE_BENCH_FPS");
    const char* steps_env = std::getenv("EMOTE_BENCH_STEPS");
    const std::int64_t fps = fps_env ? std::max(1, std::atoi(fps_env)) : 25;
    if (steps_env)
        s.steps = std::max(1, std::atoi(steps_env));
    std::printf("   long run at %lld fps, %lld steps per clip\n", (long long)fps, (long long)s.steps);
    const auto audio = prepareHalloAudio(torch::randn({std::int64_t(16000 * seconds)}) * 0.1, 16000, fps, F);
    const auto hidden = w2v->forward(audio.input_values, audio.seq_len).hidden_states;
    const double audio_s = since(t_start);

    HalloRequest req;
    req.source_image_CHW = torch::rand({3, s.height, s.width}) * 2 - 1;
    req.face_region_CHW = torch::zeros({3, s.height, s.width});
    req.face_region_CHW.slice(1, s.height / 4, 3 * s.height / 4).slice(2, s.width / 4, 3 * s.width / 4).fill_(1);
    req.face_emb = torch::zeros({1, c.imageproj.clip_embeddings_dim});
    req.audio_emb = hidden.transpose(0, 1).contiguous();
    const auto h = s.height / c.vae.scaleFactor();
    for (std::size_t l = 0; l < c.denoising_unet.block_out_channels.size(); ++l) {
        const auto n = (h >> l) * (h >> l);
        req.full_mask.push_back(torch::ones({1, n}));
        req.face_mask.push_back(torch::ones({1, n}));
        req.lip_mask.push_back(torch::ones({1, n}));
    }
    req.clip_length = F;
    req.n_motion_frames = s.motion_frames;
    req.inference_steps = s.steps;
    req.audio_length = audio.audio_length;
    HalloRun run = planHalloRun(models, req);
    auto gen = at::detail::createCPUGenerator(42);
    torch::Tensor previous;
    long rss1 = 0, hwm1 = 0;
    std::int64_t steps = 0;
    const auto t0 = Clock::now();
    const double cpu0 = cpuSeconds();
    double t_prepare = 0, t_sample = 0, t_decode = 0;
    for (std::int64_t k = 0; k < run.clips; ++k) {
        auto ta = Clock::now();
        HalloClip clip = prepareClip(models, run, k, previous);
        t_prepare += since(ta);
        ta = Clock::now();
        const auto noise = torch::randn({1, c.vae.latent_channels, F, h, h}, gen, torch::kFloat32);
        sampleClip(models, run, clip, noise, [&](std::int64_t, std::int64_t) {
            ++steps;
            return true;
        });
        t_sample += since(ta);
        ta = Clock::now();
        previous = decodeClip(models, clip);
        t_decode += since(ta);
        if (k == 0) {
            rss1 = rssKb();
            hwm1 = bench::peakRssKb();
        }
        if (k == 0 || (k + 1) % 10 == 0)
            std::printf("   clip %lld/%lld: VmRSS %.1f MB, VmHWM %.1f MB\n", (long long)(k + 1), (long long)run.clips,
                        double(rssKb()) / 1024.0, double(bench::peakRssKb()) / 1024.0);
    }
    const double total = since(t0);
    const double total_cpu = cpuSeconds() - cpu0;
    std::printf("\n== long run: %.0f s of audio = %lld frames = %lld clips of %lld (tiny config, %lld steps)\n", seconds,
                (long long)audio.audio_length, (long long)run.clips, (long long)F, (long long)s.steps);
    std::printf("   wav2vec2 over the whole audio %.2f s; clips: prepare %.2f s, sample %.2f s (%lld steps, %.3f s/step), "
                "decode %.2f s (wall); %.3f s wall, %.3f s CPU per frame\n",
                audio_s, t_prepare, t_sample, (long long)steps, t_sample / double(steps), t_decode,
                total / double(run.clips * F), total_cpu / double(run.clips * F));
    std::printf("   reference UNet runs: %lld (= clips); denoising forwards: %lld (= steps, batch 2 each)\n",
                (long long)run.clips, (long long)steps);
    std::printf("   VmRSS after clip 1: %.1f MB, at the end: %.1f MB; VmHWM after clip 1: %.1f MB, at the end: %.1f MB\n",
                double(rss1) / 1024.0, double(rssKb()) / 1024.0, double(hwm1) / 1024.0,
                double(bench::peakRssKb()) / 1024.0);
}

// One configuration under three runtimes, each in a child process of this binary (the BLAS is chosen when the
// process loads and the allocator once per process): Debian's reference BLAS (the library the alternatives pick
// when no other is installed, forced with LD_LIBRARY_PATH) without the caching allocator, OpenBLAS without it,
// and OpenBLAS with it (the default). Prints each one's time per denoising step and the ratios. Attention is
// sliced in all three.
struct StepTime {
    double wall = -1, cpu = -1, rss_gb = -1;
    double warm_wall = -1, warm_cpu = -1; // median of the steps after the first
};

// User + system CPU seconds of the waited-for child processes so far (getrusage), to state a child's whole CPU.
double childrenCpuSeconds()
{
    rusage r{};
    getrusage(RUSAGE_CHILDREN, &r);
    auto sec = [](const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return sec(r.ru_utime) + sec(r.ru_stime);
}

// One child process's wall and CPU (user + system) seconds, from start to exit.
struct ChildProcess {
    double wall = -1, cpu = -1;
};

StepTime runChild(const std::string& self, const std::string& config, const std::string& env,
                  ChildProcess* process = nullptr)
{
    const std::string cmd = env + " '" + self + "' " + config + " 2>&1";
    StepTime t;
    const auto t0 = Clock::now();
    const double c0 = childrenCpuSeconds();
    std::FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return t;
    char line[512];
    while (std::fgets(line, sizeof line, p)) {
        if (std::sscanf(line, "   per denoising step (batch 2 = CFG): %lf s wall, %lf s CPU", &t.wall, &t.cpu) == 2)
            continue;
        if (std::sscanf(line, "   warm step (median of the %*d after the first): %lf s wall, %lf s CPU", &t.warm_wall,
                        &t.warm_cpu) == 2)
            continue;
        if (const char* at = std::strstr(line, "peak RSS so far "))
            t.rss_gb = std::atof(at + 16);
    }
    pclose(p);
    if (process)
        *process = {since(t0), childrenCpuSeconds() - c0};
    return t;
}

void benchCompare(const std::string& self, const std::string& config)
{
    const std::string reference_dir = "/usr/lib/x86_64-linux-gnu/blas"; // Debian's libblas3
    struct Variant {
        const char* name;
        std::string env;
    };
    std::vector<Variant> variants;
    if (std::ifstream(reference_dir + "/libblas.so.3").good())
        variants.push_back({"reference BLAS, no cache", "LD_LIBRARY_PATH=" + reference_dir + " EMOTE_CPU_CACHE_MB=0"});
    else
        std::printf("   (no %s/libblas.so.3: the reference BLAS variant is left out)\n", reference_dir.c_str());
    variants.push_back({"OpenBLAS, no cache", "EMOTE_CPU_CACHE_MB=0"});
    variants.push_back({"OpenBLAS + cache (default)", ""});
    std::printf("\n== compare %s: per denoising step, each variant in its own process\n", config.c_str());
    std::vector<StepTime> times;
    for (const auto& v : variants) {
        times.push_back(runChild(self, config, v.env));
        const auto& t = times.back();
        std::printf("   %-28s %8.3f s wall %8.3f s CPU   peak RSS %.2f GB\n", v.name, t.wall, t.cpu, t.rss_gb);
    }
    const auto& last = times.back();
    for (std::size_t i = 0; i + 1 < times.size(); ++i)
        if (times[i].wall > 0 && last.wall > 0)
            std::printf("   default vs %-26s %5.2fx faster (wall), %5.2fx less CPU\n", variants[i].name,
                        times[i].wall / last.wall, times[i].cpu / last.cpu);
}

// Hallo's own Python step (../shared/reference/hallo_step_bench.py, README beside it) against this engine's, on
// the same configuration, in one run: C++ and Python child processes alternate (EMOTE_BENCH_PAIRS pairs, default
// 3) so that a machine whose load changes treats both alike; prints every pair, the medians and the ratio.
std::string referenceScript()
{
    if (const char* env = std::getenv("EMOTE_REFERENCE_SCRIPT"))
        return env;
    return std::string(EMOTE_SOURCE_DIR) + "/../shared/reference/hallo_step_bench.py";
}

// hallo_step_bench.py's flags for the denoising step of S: the same widths, layers, heads, latent size, frames,
// motion frames, cross/audio dims and audio tokens, taken from S itself so that both sides always run one
// configuration. Empty (with WHY set) when the script cannot express it.
std::string referenceFlags(const Setup& s, std::string* why)
{
    const HalloConfigs c = configsOf(s.config);
    const auto& u = c.denoising_unet;
    const auto latent_h = s.height / c.vae.scaleFactor(), latent_w = s.width / c.vae.scaleFactor();
    if (latent_h != latent_w) {
        *why = "the script takes square latents only";
        return {};
    }
    if (std::any_of(u.heads.begin(), u.heads.end(), [&](std::int64_t h) { return h != u.heads[0]; })) {
        *why = "the script takes one head count for every level";
        return {};
    }
    std::string channels;
    for (std::size_t i = 0; i < u.block_out_channels.size(); ++i)
        channels += (i ? "," : "") + std::to_string(u.block_out_channels[i]);
    return "--channels " + channels + " --layers " + std::to_string(u.layers_per_block) + " --heads " +
           std::to_string(u.heads[0]) + " --latent " + std::to_string(latent_h) + " --frames " +
           std::to_string(s.frames) + " --motion " + std::to_string(s.motion_frames) + " --cross-dim " +
           std::to_string(u.cross_attention_dim) + " --audio-dim " + std::to_string(u.audio_attention_dim) +
           " --audio-tokens " + std::to_string(c.audioproj.context_tokens);
}

double pythonStepSeconds(const std::string& script, const std::string& flags, std::string* line_out,
                         ChildProcess* process)
{
    const auto t0 = Clock::now();
    const double c0 = childrenCpuSeconds();
    const char* py = std::getenv("EMOTE_REFERENCE_PYTHON");
    const std::string cmd = std::string(py ? py : "/usr/bin/python3") + " '" + script + "' " + flags +
                            " --threads " + std::to_string(at::get_num_threads()) + " 2>&1";
    std::FILE* p = popen(cmd.c_str(), "r");
    if (!p)
        return -1;
    char line[1024];
    double ms = -1;
    std::string last;
    while (std::fgets(line, sizeof line, p)) {
        last = line;
        if (const char* at = std::strstr(line, "median "))
            ms = std::atof(at + 7);
    }
    const int rc = pclose(p);
    *process = {since(t0), childrenCpuSeconds() - c0};
    if (line_out)
        *line_out = last;
    return rc == 0 && ms > 0 ? ms / 1000.0 : -1;
}

void benchCompareReference(const std::string& self, const Setup& setup)
{
    const std::string& config = setup.name;
    const std::string script = referenceScript();
    const char* hallo = std::getenv("HALLO_SRC");
    const std::string hallo_dir = hallo ? hallo : "/tmp/reference-env/hallo";
    if (!std::ifstream(script).good() || !std::filesystem::exists(hallo_dir + "/hallo")) {
        std::printf("\n== compare-reference %s: the Python reference is not set up here (script %s, Hallo sources %s).\n"
                    "   Set it up as ../shared/reference/README.md says (Debian's python3-torch and friends, then git\n"
                    "   snapshots of hallo, diffusers, einops and huggingface_hub under /tmp/reference-env), or point\n"
                    "   EMOTE_REFERENCE_SCRIPT, HALLO_SRC and REFERENCE_PYPATH at them.\n",
                    config.c_str(), script.c_str(), hallo_dir.c_str());
        return;
    }
    std::string why;
    const std::string flags = referenceFlags(setup, &why);
    if (flags.empty()) {
        std::printf("\n== compare-reference %s: not comparable (%s)\n", config.c_str(), why.c_str());
        return;
    }
    const char* pairs_env = std::getenv("EMOTE_BENCH_PAIRS");
    const int pairs = pairs_env && std::atoi(pairs_env) > 0 ? std::atoi(pairs_env) : 3;
    std::printf("\n== compare-reference %s: one CFG-batched denoising step, C++ (bench_diffusion %s) vs Python "
                "(Hallo + diffusers, hallo_step_bench.py %s), %d threads, float32, %d alternating pairs\n",
                config.c_str(), config.c_str(), flags.c_str(), at::get_num_threads(), pairs);
    std::printf("   (C++: the median of its steps after the first, as Python's median after a warm-up call; "
                "process = the whole child, set-up included, wall and user+sys CPU)\n");
    std::vector<double> cxx, py;
    for (int i = 0; i < pairs; ++i) {
        double load[1] = {-1};
        getloadavg(load, 1);
        ChildProcess cp, pp;
        const StepTime c = runChild(self, config, "EMOTE_BENCH_DTYPE=float32 EMOTE_BENCH_DEVICE=cpu", &cp);
        std::string line;
        const double p = pythonStepSeconds(script, flags, &line, &pp);
        std::printf("   pair %d (load %.2f): C++ step %.3f s wall, %.3f s CPU (mean with the first step %.3f s; process "
                    "%.1f s wall, %.1f s CPU) | Python step %.3f s wall (process %.1f s wall, %.1f s CPU)\n",
                    i + 1, load[0], c.warm_wall, c.warm_cpu, c.wall, cp.wall, cp.cpu, p, pp.wall, pp.cpu);
        if (p < 0)
            std::printf("   Python failed: %s", line.c_str());
        if (c.warm_wall > 0)
            cxx.push_back(c.warm_wall);
        if (p > 0)
            py.push_back(p);
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.empty() ? -1.0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    const double mc = median(cxx), mp = median(py);
    if (mc > 0 && mp > 0)
        std::printf("   median per step: C++ %.3f s, Python %.3f s: C++ / Python = %.2f (goal <= 0.5)\n", mc, mp, mc / mp);
}

} // namespace

int main(int argc, char** argv)
{
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures appear as they are measured
    const auto rt = nn::configureRuntime();
    c10::InferenceMode guard;
    std::set<std::string> want;
    for (int i = 1; i < argc; ++i)
        want.insert(argv[i]);
    const bool all = want.empty();
    std::printf("bench_diffusion: %s, %d intra-op threads (= cores), %s, random weights, libtorch %s\n",
                benchDevice().is_cuda() ? "CUDA (EMOTE_BENCH_DEVICE)" : "CPU", at::get_num_threads(),
                dtypeName(benchDtype()), rt.torch_version.c_str());
    std::printf("   attention: %s\n", nn::attentionKernel(benchDevice().is_cuda()).c_str());
    std::printf("   BLAS: %s%s\n   caching CPU allocator: %s\n", rt.blas.c_str(),
                rt.blas_is_reference ? "  <- the unoptimised reference; apt-get install libopenblas0-openmp" : "",
                rt.cpu_cache ? "on" : "off (EMOTE_CPU_CACHE_MB=0 or sanitizer build)");
    if (all || want.count("tiny"))
        benchStages(tinySetup());
    if (all || want.count("small"))
        benchStages(smallSetup());
    if (all || want.count("sd15"))
        benchStages(sd15Setup());
    if (want.count("attention"))
        benchAttention();
    if (want.count("sd15-512")) // not in the default set: about a quarter of an hour on 2 cores
        benchStages(sd15FullSetup());
    for (const char* cfg : {"tiny", "small"})
        if (want.count(std::string("compare-") + cfg))
            benchCompare(std::filesystem::read_symlink("/proc/self/exe").string(), cfg);
    if (want.count("compare-reference"))
        benchCompareReference(std::filesystem::read_symlink("/proc/self/exe").string(), smallSetup());
    if (want.count("compare-reference-sd15"))
        benchCompareReference(std::filesystem::read_symlink("/proc/self/exe").string(), sd15Setup());
    if (all || want.count("long")) {
        const char* env = std::getenv("EMOTE_BENCH_SECONDS");
        benchLong(env ? std::atof(env) : 120.0);
    }
    return 0;
}
