#include "core/common/fs_util.h"

#include "core/common/error.h"

#include <sys/statvfs.h>

#include <cstdio>
#include <fstream>
#include <system_error>

namespace emote {

namespace fs = std::filesystem;

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

void requireReadableFile(const fs::path& path, const std::string& role)
{
    std::error_code ec;
    if (path.empty())
        throwUsage("no " + role + " given.");
    const std::string file = role + " " + quoted(path);
    const auto st = fs::status(path, ec);
    if (ec || !fs::exists(st))
        throwInput({MessageCode::FileMissing, {path.string()},
                    "cannot open " + file + ": the file does not exist. Check the path."});
    if (fs::is_directory(st))
        throwInput({MessageCode::FileIsFolder, {path.string()},
                    "cannot open " + file + ": it is a folder, not a file. Choose a file inside it."});
    if (!fs::is_regular_file(st))
        throwInput({MessageCode::FileNotRegular, {path.string()},
                    "cannot open " + file + ": it is not a regular file. Choose a normal file."});
    const auto size = fs::file_size(path, ec);
    if (ec)
        throwInput({MessageCode::FileUnreadable, {path.string()}, "cannot open " + file + ": " + ec.message() + "."});
    if (size == 0)
        throwInput({MessageCode::FileEmpty, {path.string()},
                    "cannot read " + file + ": the file is empty (0 bytes). Choose another file."});
    std::ifstream probe(path, std::ios::binary);
    if (!probe)
        throwInput({MessageCode::FileUnreadable, {path.string()},
                    "cannot open " + file + ": permission denied. Check the file's permissions."});
}

std::vector<uint8_t> readFileBytes(const fs::path& path, const std::string& role, uint64_t max_bytes)
{
    requireReadableFile(path, role);
    const uint64_t size = fs::file_size(path);
    if (size > max_bytes)
        throwInput({MessageCode::FileTooLarge, {path.string(), humanBytes(double(size)), humanBytes(double(max_bytes))},
                    "cannot read " + role + " " + quoted(path) + ": the file is " + humanBytes(double(size)) +
                        ", more than the " + humanBytes(double(max_bytes)) + " allowed. Use a smaller file."});
    std::vector<uint8_t> bytes(size);
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        throwInput({MessageCode::FileUnreadable, {path.string()},
                    "cannot read " + role + " " + quoted(path) + ": read error. Check the disk and the file."});
    return bytes;
}

int64_t freeBytes(const fs::path& dir)
{
    struct statvfs st {};
    if (::statvfs(dir.c_str(), &st) != 0)
        return -1;
    return static_cast<int64_t>(st.f_bavail) * static_cast<int64_t>(st.f_frsize);
}

std::string humanBytes(double bytes)
{
    const char* units[] = {"bytes", "KB", "MB", "GB", "TB"};
    int u = 0;
    while (bytes >= 1000.0 && u < 4) {
        bytes /= 1000.0;
        ++u;
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    return buf;
}

bool isSafeRelativePath(const std::string& p)
{
    if (p.empty())
        return false;
    const fs::path path(p);
    if (path.is_absolute() || path.has_root_name() || path.has_root_directory())
        return false;
    for (const auto& part : path)
        if (part == "..")
            return false;
    return true;
}

bool isSha256Hex(const std::string& s)
{
    if (s.size() != 64)
        return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

} // namespace emote
