// Honest expectations before a Diffusion run: which device runs it and how long it takes on this machine.
// Torch-free header (the measurement runs libtorch inside).
//
//   const auto e = emote::diffusion::estimateRun(settings, audio_duration_s);
//   std::puts(e.summary.c_str());   // "on this CPU a 10 s clip takes about 41 hours (…); on a CUDA GPU: …"
//   if (e.long_run) ask first;
//
// Where the numbers come from (no guesses): the README's measured table for Hallo's SD1.5-sized modules at 512²
// (bench_diffusion sd15-512 on the 2-core reference machine: one 40-step denoising step, the reference UNet and
// VAE per clip, the VAE decode per frame), scaled by a short measurement on this machine — the speed of float32
// matrix products with libtorch's threads, 0.3 s, once per process — against the same measurement on the
// reference machine. Other clip lengths and sizes scale those figures linearly (said so). Models of other
// sizes and GPU runs have no measured figure yet: the estimate says that instead of a number.
#pragma once

#include "core/engine/settings.h"

#include <string>

namespace emote::diffusion {

struct RunEstimate {
    bool gpu = false;              // the run goes to a CUDA device
    int cpu_threads = 0;           // libtorch's threads (CPU runs)
    bool measured = false;         // there is a figure for this model and device
    double run_s = -1;             // the whole run for this audio (-1: no figure)
    double ten_second_clip_s = -1; // a 10 s clip at these settings (-1: no figure)
    double cpu_gflops = 0;         // this machine's measured matrix speed (CPU runs)
    double reference_gflops = 0;   // the same measurement on the machine of the README's table
    bool scaled = false;           // clip length or size differ from the measured 512² × 16+2 frames
    bool long_run = false;         // a CPU run estimated at more than kLongRunSeconds: ask first
    std::string summary;           // one paragraph for people (CLI wording), with where the numbers come from
};

// A CPU run estimated to take longer than this needs a confirmation (app) or --yes (CLI): half an hour.
constexpr double kLongRunSeconds = 30 * 60;

// The estimate for SETTINGS (model package, steps, clip length, device) and AUDIO_DURATION_S of audio. Reads
// the package's manifest only; never throws (an unreadable package gives an estimate without a figure).
RunEstimate estimateRun(const GenerationSettings& settings, double audio_duration_s);

// This machine's float32 matrix-product speed with libtorch's current threads (GFLOP/s), measured once per
// process (about 0.3 s).
double measuredCpuGflops();

} // namespace emote::diffusion
