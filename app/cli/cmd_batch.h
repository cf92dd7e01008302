// `emote batch JOBS.jsonl | DIR [options]`: many videos in one process, the models loaded once (one
// GenerationContext for every job). A failed job is reported and the others go on.
//
//   CancelToken cancel;                                    // set by SIGINT / SIGTERM
//   return emote::cli::cmdBatch({"jobs.jsonl", "--json"}, cancel);
#pragma once

#include "core/common/cancel_token.h"

#include <string>
#include <vector>

namespace emote::cli {

// Exit codes of a batch beyond those of every command (0 every job done; 2 bad options; 3 the JOBS file or DIR
// cannot be read or holds no job; 5 cancelled).
constexpr int kBatchSomeFailed = 6; // some jobs done, some failed
constexpr int kBatchAllFailed = 7;  // no job done

// Runs the jobs one after the other; CANCEL stops the running job (its output removed, nothing half-written) and
// starts no other. Returns the exit code (above). Throws emote::Error for bad options or an unreadable JOBS file
// or DIR (nothing run).
int cmdBatch(const std::vector<std::string>& args, const CancelToken& cancel);

// The usage text of the command, for `emote help`.
extern const char* const kBatchUsage;

} // namespace emote::cli
