// Before `emote generate --engine diffusion`: which device runs it and how long it will take here
// (core/diffusion/run_estimate.h), on stderr (a JSON line with --json); a CPU run estimated at more than half an
// hour stops with a usage error unless --yes is given.
//
//   emote::cli::announceDiffusionRun(request, args.has("yes"), json, quiet);
#pragma once

#include "core/jobs/job.h"

namespace emote::cli {

// Throws emote::Error(Usage) for a long CPU run without YES. Prints nothing when QUIET (the check still applies).
void announceDiffusionRun(const GenerationRequest& request, bool yes, bool json, bool quiet);

} // namespace emote::cli
