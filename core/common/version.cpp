#include "core/common/version.h"

// Only this file is compiled with the definition, so a new version rebuilds one object file.
#ifndef EMOTE_PROJECT_VERSION
#error "EMOTE_PROJECT_VERSION must be defined by the build (the CMake project version)"
#endif

namespace emote {

const char* projectVersion() { return EMOTE_PROJECT_VERSION; }

} // namespace emote
