// Project files (`.emote`, JSON): the inputs by path and SHA-256, every GenerationSettings field (crop and face
// choice included) and the output path, so a piece of work can be saved, reopened, shared and re-rendered.
//
//   emote::Project p;
//   p.portrait = {"/home/me/me.jpg", emote::sha256OfFile("/home/me/me.jpg")};
//   p.settings.seed = 42;
//   emote::writeProject(p, "/home/me/song.emote");          // atomic (temp file + rename)
//   emote::LoadedProject l = emote::readProject("/home/me/song.emote");
//   for (const auto& issue : l.issues) warn(issue.message); // missing or changed inputs: the project still opens
//
// parseProject() is pure (bytes in, no file-system access), so it can be fuzzed alone; checkProjectInputs()
// looks at the disk. Paths are written relative to the project file (and also absolute), and read back
// absolute. Format, field by field: README "Project files".
#pragma once

#include "core/engine/settings.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace emote {

struct ProjectInput {
    std::filesystem::path path; // absolute once read; empty = not chosen yet
    std::string sha256;         // lower-case hex of the file when the project was saved; empty = unknown
    bool empty() const { return path.empty(); }
};

// One video made from the project (a take). Takes are never written over: each Generate adds one, and the
// project lists them so a reopened project shows every render. Only the settings that tell takes apart are
// stored (engine, seed, fps, size, aspect, steps, guidance, motion_speed, expression, crf); the rest keep
// their defaults when read back.
struct ProjectTake {
    std::filesystem::path path; // the MP4 (absolute once read)
    std::string created_utc;    // ISO 8601, e.g. "2026-12-07T00:40:12Z"; empty = unknown
    GenerationSettings settings;
};

struct Project {
    static constexpr int kFormatVersion = 1;
    ProjectInput portrait;
    ProjectInput audio;
    GenerationSettings settings; // crop_* and face_index included
    std::filesystem::path output; // the MP4 to write; empty = ask
    std::vector<ProjectTake> takes; // oldest first (field "takes", optional)
};

enum class ProjectIssueKind {
    MissingInput,  // the file named in the project is not there (moved, renamed, on an unplugged drive)
    ChangedInput,  // the file is there but its SHA-256 differs from the one saved
};

struct ProjectIssue {
    ProjectIssueKind kind;
    std::string role;             // "portrait" or "audio"
    std::filesystem::path path;   // the file the project names
    std::string message;          // says which file, what is wrong, what to do
};

struct LoadedProject {
    Project project;
    std::vector<ProjectIssue> issues;
};

// Largest project file read (a real one is a few KB).
inline constexpr uint64_t kMaxProjectBytes = 1 << 20;

// Parses and validates BYTES as a project file stored at PROJECT_FILE (used to resolve relative paths and in
// messages). Touches no file. Throws emote::Error(Input) naming the file, the field and what to do.
Project parseProject(std::string_view bytes, const std::filesystem::path& project_file);
// Checks that each input exists and still has the saved SHA-256.
std::vector<ProjectIssue> checkProjectInputs(const Project& project);
// Reads, parses and checks PROJECT_FILE.
LoadedProject readProject(const std::filesystem::path& project_file);

// The JSON text of PROJECT as it would be stored at PROJECT_FILE (paths made relative to its folder).
std::string serializeProject(const Project& project, const std::filesystem::path& project_file);
// Writes atomically: a temporary file in the same folder, flushed, then renamed over PROJECT_FILE, so a crash
// leaves either the old or the new project. Throws emote::Error(Output).
void writeProject(const Project& project, const std::filesystem::path& project_file);

// Lower-case hex SHA-256 of FILE. Throws emote::Error(Input) when unreadable.
std::string fileSha256(const std::filesystem::path& file);

} // namespace emote
