// File-system helpers with user-facing error messages.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace emote {

// Quote a path for messages: 'name' (the path as given).
std::string quoted(const std::filesystem::path& path);

// Check that PATH names a readable regular file with content; throws Input errors that say what to do.
// ROLE is the word used in messages ("portrait", "audio file", "model file").
void requireReadableFile(const std::filesystem::path& path, const std::string& role);

// Read a whole file (at most max_bytes; larger files are an Input error naming the cap).
std::vector<uint8_t> readFileBytes(const std::filesystem::path& path, const std::string& role, uint64_t max_bytes);

// Bytes free for an unprivileged writer on the file system holding DIR; -1 when unknown.
int64_t freeBytes(const std::filesystem::path& dir);

// Human-readable size: "1.5 MB".
std::string humanBytes(double bytes);

// Whether P is a relative path that stays inside the folder it is relative to (no root, no ".."): for paths read
// from manifests.
bool isSafeRelativePath(const std::string& p);
// Whether S is a SHA-256 in lower-case hex (64 digits).
bool isSha256Hex(const std::string& s);

} // namespace emote
