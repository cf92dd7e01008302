// `emote faces PHOTO [--json] [--draw OUT.png] [--detector ssd|tiny] [--overwrite]`: list every face in a photo.
//
//   return emote::cli::cmdFaces({"me.jpg", "--json"});   // ARGS: the arguments after `faces`
#pragma once

#include <string>
#include <vector>

namespace emote::cli {

// Prints one line per face (or JSON with --json) on stdout; --draw writes the photo with boxes and landmarks.
// Throws emote::Error: Usage for bad arguments, Input for an unreadable photo or no face, Output when OUT.png
// exists (without --overwrite) or cannot be written. Returns the exit code (0).
int cmdFaces(const std::vector<std::string>& args);

// The usage text of the command, for `emote help`.
extern const char* const kFacesUsage;

} // namespace emote::cli
