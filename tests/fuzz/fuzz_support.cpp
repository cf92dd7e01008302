#include "fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace emote::fuzz {

namespace {

const std::string& scratchDir()
{
    static const std::string dir = [] {
        const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : "/tmp";
        std::string templ = std::string(base) + "/emote-fuzz-XXXXXX";
        if (!::mkdtemp(templ.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        // Best effort: the folder goes when the fuzzer exits normally.
        static const std::string keep = templ;
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(keep, ec);
        });
        return templ;
    }();
    return dir;
}

} // namespace

std::string writeScratch(const std::string& name, const uint8_t* data, size_t size)
{
    const std::string path = scratchDir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    out.close();
    if (!out) {
        std::perror(path.c_str());
        std::abort();
    }
    return path;
}

void removeScratch(const std::string& name)
{
    std::error_code ec;
    std::filesystem::remove(scratchDir() + "/" + name, ec);
}

} // namespace emote::fuzz
