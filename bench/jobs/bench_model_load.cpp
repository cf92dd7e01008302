// Models load once: the model-load time of the first and the second job in one GenerationContext (the app's
// worker, `emote batch`), measured in one run, against a job in a context of its own (each Generate before
// load-once). Live engine on the bundled speech by default; the Diffusion engine with --model PACKAGE.
//
//   build/bench/jobs/bench_model_load [--jobs 3] [--model PACKAGE [--steps 2]] [--audio FILE]
#include "bench/bench_util.h"
#include "core/common/error.h"
#include "core/jobs/generation_context.h"
#include "core/jobs/job.h"
#include "core/nn/runtime.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace emote;

namespace {

void print(const char* what, const GenerationResult& r)
{
    std::printf("  %-30s model load %9.3f ms (%lld model%s read), whole job %7.2f s (%lld frames)\n", what,
                r.model_load_s * 1e3, (long long)r.models_loaded, r.models_loaded == 1 ? "" : "s", r.elapsed_s,
                (long long)r.frames);
}

} // namespace

int main(int argc, char** argv)
{
    int jobs = 3;
    int steps = 2;
    std::string model;
    fs::path audio = fs::path(EMOTE_SOURCE_DIR) / "resources/samples/speech.wav";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--jobs" && i + 1 < argc)
            jobs = std::max(2, std::atoi(argv[++i]));
        else if (a == "--model" && i + 1 < argc)
            model = argv[++i];
        else if (a == "--steps" && i + 1 < argc)
            steps = std::atoi(argv[++i]);
        else if (a == "--audio" && i + 1 < argc)
            audio = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_model_load [--jobs N] [--model PACKAGE [--steps N]] [--audio FILE]\n");
            return 2;
        }
    }
    nn::configureRuntime();
    const fs::path work = fs::temp_directory_path() / ("bench_model_load." + std::to_string(::getpid()));
    fs::create_directories(work);
    GenerationRequest req;
    req.portrait = fs::path(EMOTE_SOURCE_DIR) / "resources/samples/astronaut.png";
    req.audio = audio;
    req.overwrite = true;
    if (!model.empty()) {
        req.settings.engine = EngineKind::Diffusion;
        req.settings.model_path = model;
        req.settings.steps = steps;
    }
    std::printf("%s engine, %s, %d jobs in one context, then one job in a context of its own\n",
                engineName(req.settings.engine).c_str(), audio.filename().c_str(), jobs);
    int rc = 0;
    try {
        CancelToken cancel;
        GenerationContext context;
        double first_load = 0, later_load_max = 0;
        for (int j = 1; j <= jobs; ++j) {
            req.output = work / ("job" + std::to_string(j) + ".mp4");
            req.settings.seed = uint64_t(j);
            const GenerationResult r = runGeneration(context, req, {}, cancel);
            const std::string what = "job " + std::to_string(j) + (j == 1 ? " (loads)" : " (same context)");
            print(what.c_str(), r);
            if (j == 1)
                first_load = r.model_load_s;
            else
                later_load_max = std::max(later_load_max, r.model_load_s);
        }
        req.output = work / "alone.mp4";
        const GenerationResult alone = runGeneration(req, {}, cancel);
        print("job in a context of its own", alone);
        std::printf("  later jobs' model load / first job's: %.5f (at most %.3f ms against %.3f ms); a job of its own "
                    "loads again: %.3f ms\n",
                    first_load > 0 ? later_load_max / first_load : 0.0, later_load_max * 1e3, first_load * 1e3,
                    alone.model_load_s * 1e3);
        std::printf("  peak RSS %.0f MiB\n", double(bench::peakRssKb()) / 1024.0);
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_model_load: %s\n", e.what());
        rc = 1;
    }
    std::error_code ec;
    fs::remove_all(work, ec);
    return rc;
}
