// libFuzzer target: the project-file parser (core/engine/project), which is pure (bytes in, no file access).
// A project that parses must serialize and parse back to the same text.
#include "core/common/error.h"
#include "core/engine/project.h"

#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::filesystem::path file = "/fuzz/dir/song.emote";
    try {
        const emote::Project p = emote::parseProject(bytes, file);
        const std::string text = emote::serializeProject(p, file);
        const emote::Project again = emote::parseProject(text, file);
        if (emote::serializeProject(again, file) != text)
            std::abort();
    } catch (const emote::Error&) {
    }
    return 0;
}
