// The version of Emote Studio, from one place: the CMake project version (project(EmoteStudio VERSION ...)),
// compiled into version.cpp alone. The app's About box and --version, `emote version` and every video's
// manifest report this.
//
//   std::printf("emote %s\n", emote::projectVersion()); // "emote 0.1.0"
#pragma once

namespace emote {

// "MAJOR.MINOR.PATCH" as the top-level CMakeLists.txt's project() declares it.
const char* projectVersion();

} // namespace emote
