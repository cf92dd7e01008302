#include "core/common/partial_files.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace emote {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRecordSuffix = ".record";

// Field 22 of /proc/PID/stat (start time in clock ticks since boot): with the pid it names one process for
// the machine's uptime. Empty when the process does not exist.
std::string processStartTime(long pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line))
        return {};
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream rest(line.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22 && rest >> field; ++i)
        if (i == 22)
            return field;
    return {};
}

std::string selfId()
{
    static const std::string id = std::to_string(long(::getpid())) + "-" + processStartTime(long(::getpid()));
    return id;
}

bool removablePartial(const fs::path& p)
{
    const std::string s = p.string();
    return p.is_absolute() && s.size() > 8 && s.compare(s.size() - 8, 8, ".partial") == 0;
}

} // namespace

fs::path partialRegistryDir()
{
    if (const char* d = std::getenv("EMOTE_RUNTIME_DIR"); d && *d)
        return fs::path(d);
    if (const char* d = std::getenv("XDG_RUNTIME_DIR"); d && *d)
        return fs::path(d) / "emote-studio";
    if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d)
        return fs::path(d) / "emote-studio" / "partials";
    if (const char* d = std::getenv("HOME"); d && *d)
        return fs::path(d) / ".cache" / "emote-studio" / "partials";
    return {};
}

PartialFileRecord::PartialFileRecord(const fs::path& path)
{
    static std::atomic<unsigned> counter{0};
    const fs::path dir = partialRegistryDir();
    if (dir.empty())
        return;
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path abs = fs::absolute(path, ec);
    if (ec)
        return;
    const fs::path record = dir / (selfId() + "-" + std::to_string(counter++) + kRecordSuffix);
    const fs::path tmp = fs::path(record.string() + ".tmp");
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << abs.string() << '\n';
        out.flush();
        if (!out) {
            fs::remove(tmp, ec);
            return;
        }
    }
    // Renamed into place so a crash never leaves a half-written record.
    fs::rename(tmp, record, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return;
    }
    m_record = record;
}

PartialFileRecord::~PartialFileRecord() { release(); }

PartialFileRecord::PartialFileRecord(PartialFileRecord&& other) noexcept : m_record(std::move(other.m_record))
{
    other.m_record.clear();
}

PartialFileRecord& PartialFileRecord::operator=(PartialFileRecord&& other) noexcept
{
    if (this != &other) {
        release();
        m_record = std::move(other.m_record);
        other.m_record.clear();
    }
    return *this;
}

void PartialFileRecord::release() noexcept
{
    if (m_record.empty())
        return;
    std::error_code ec;
    fs::remove(m_record, ec);
    m_record.clear();
}

int cleanStalePartialFiles() noexcept
{
    int removed = 0;
    try {
        const fs::path dir = partialRegistryDir();
        std::error_code ec;
        if (dir.empty() || !fs::is_directory(dir, ec))
            return 0;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            const bool tmp = name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0;
            if (name.find(kRecordSuffix) == std::string::npos)
                continue;
            // NAME = PID-STARTTIME-N.record[.tmp]
            const auto dash1 = name.find('-');
            const auto dash2 = dash1 == std::string::npos ? dash1 : name.find('-', dash1 + 1);
            if (dash2 == std::string::npos)
                continue;
            char* end = nullptr;
            const long pid = std::strtol(name.c_str(), &end, 10);
            if (end != name.c_str() + dash1 || pid <= 0)
                continue;
            const std::string start = name.substr(dash1 + 1, dash2 - dash1 - 1);
            const bool alive = start.empty() ? (::kill(pid_t(pid), 0) == 0 || errno == EPERM) // no /proc
                                             : processStartTime(pid) == start;
            if (alive)
                continue; // the writer is still running
            if (!tmp) {
                std::ifstream in(entry.path());
                std::string line;
                std::getline(in, line);
                const fs::path partial(line);
                if (removablePartial(partial)) {
                    const auto st = fs::symlink_status(partial, ec);
                    if (fs::is_regular_file(st) && fs::remove(partial, ec))
                        ++removed;
                    else if (fs::is_directory(st) && fs::remove_all(partial, ec) > 0)
                        ++removed;
                }
            }
            fs::remove(entry.path(), ec);
        }
    } catch (...) {
        // Clean-up is best effort; start-up must never fail because of it.
    }
    return removed;
}

} // namespace emote
