#include "app/cli/diffusion_notice.h"

#include "app/cli/cli_args.h"
#include "core/common/error.h"
#include "core/diffusion/run_estimate.h"
#include "core/media/audio_decoder.h"

#include <cstdio>

namespace emote::cli {

void announceDiffusionRun(const GenerationRequest& request, bool yes, bool json, bool quiet)
{
    double duration_s = 0;
    try {
        duration_s = media::probeAudio(request.audio).duration_s;
    } catch (const Error&) {
        return; // the job says what is wrong with the audio
    }
    const diffusion::RunEstimate e = diffusion::estimateRun(request.settings, duration_s);
    const auto seconds = [](double s) { return s >= 0 ? num(s, 0) : std::string("null"); };
    if (json)
        std::fprintf(stderr,
                     "{\"stage\":\"estimate\",\"device\":\"%s\",\"threads\":%d,\"measured\":%s,\"run_s\":%s,"
                     "\"ten_second_clip_s\":%s,\"cpu_gflops\":%s,\"reference_gflops\":%s,\"long\":%s,\"message\":%s}\n",
                     e.gpu ? "cuda" : "cpu", e.cpu_threads, e.measured ? "true" : "false", seconds(e.run_s).c_str(),
                     seconds(e.ten_second_clip_s).c_str(), num(e.cpu_gflops, 1).c_str(),
                     num(e.reference_gflops, 1).c_str(), e.long_run ? "true" : "false", jsonString(e.summary).c_str());
    else if (!quiet)
        std::fprintf(stderr, "%s\n", e.summary.c_str());
    if (e.long_run && !yes)
        throwUsage("this Diffusion run would take about " + num(e.run_s / 3600, 1) + " hours on this CPU (no GPU runs "
                   "it). Add --yes to run it anyway, or use a CUDA GPU (README, GPU) or the Live engine.");
}

} // namespace emote::cli
