// Shared by the libFuzzer targets: entry points that take a path get the fuzz input through a file in a private
// temporary folder (on /dev/shm when there is one), rewritten on every iteration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace emote::fuzz {

// Writes DATA to NAME inside this process's scratch folder and returns the path.
std::string writeScratch(const std::string& name, const uint8_t* data, size_t size);
// Removes NAME from the scratch folder (no error if absent).
void removeScratch(const std::string& name);

} // namespace emote::fuzz
