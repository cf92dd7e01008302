// `emote verify VIDEO [--json] [--max-seconds S]`: does a video carry Emote Studio's invisible watermark?
//
//   return emote::cli::cmdVerify({"clip.mp4", "--json"});   // ARGS: the arguments after `verify`
#pragma once

#include <string>
#include <vector>

namespace emote::cli {

// Reads up to --max-seconds of frames (default 10), decodes the watermark and prints the verdict, the
// payload (install id, job hash), the confidence and the container's tags; with --json one JSON object on
// stdout. Returns 0 when marked, 1 when not marked, 3 when the file cannot be read as video or is shorter than
// one second (too short to decide). Throws emote::Error(Usage) for bad arguments.
int cmdVerify(const std::vector<std::string>& args);

// The usage text of the command, for `emote help`.
extern const char* const kVerifyUsage;

} // namespace emote::cli
