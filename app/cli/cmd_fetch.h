// `emote fetch hallo`: download Hallo's released weights (pinned by SHA-256, resumable) and make a model package
// of them in one step. The only command that uses the network.
//
//   emote::CancelToken cancel;                       // cancelled by SIGINT / SIGTERM in main()
//   return emote::cli::cmdFetch({"hallo", "--yes"}, cancel);
#pragma once

#include "core/common/cancel_token.h"

#include <string>
#include <vector>

namespace emote::cli {

// Throws emote::Error: Usage for bad arguments (or a download that would need asking, without a terminal or
// --yes), Input for the server's side, Output for the disk, Cancelled. Returns the exit code (0).
int cmdFetch(const std::vector<std::string>& args, CancelToken& cancel);

// The usage text of the command, for `emote help`.
extern const char* const kFetchUsage;

} // namespace emote::cli
