// Crash-safe temporary outputs. A writer records each partial file (or folder) before creating it; when the
// writer dies without cleaning up (SIGKILL, power loss, crash), the next emote or emote-studio start removes
// every recorded partial whose writer process is gone.
//
//   emote::PartialFileRecord record("out.mp4.partial"); // before the partial exists
//   ... write out.mp4.partial, rename it to out.mp4 (or remove it) ...
//   record.release();                                   // the destructor does this too
//
//   emote::cleanStalePartialFiles();                    // once at start-up
//
// Records live in partialRegistryDir(): $EMOTE_RUNTIME_DIR if set, else $XDG_RUNTIME_DIR/emote-studio, else
// $XDG_CACHE_HOME (or ~/.cache)/emote-studio/partials. A record names its writer by pid and process start time
// (so a recycled pid is not mistaken for the writer), and only paths ending in ".partial" are ever removed.
#pragma once

#include <filesystem>

namespace emote {

std::filesystem::path partialRegistryDir();

class PartialFileRecord {
public:
    PartialFileRecord() = default;
    // Records PATH (made absolute). Never throws: without a usable registry the record is simply not kept.
    explicit PartialFileRecord(const std::filesystem::path& path);
    ~PartialFileRecord();
    PartialFileRecord(PartialFileRecord&& other) noexcept;
    PartialFileRecord& operator=(PartialFileRecord&& other) noexcept;
    PartialFileRecord(const PartialFileRecord&) = delete;
    PartialFileRecord& operator=(const PartialFileRecord&) = delete;

    // Drops the record (the partial itself is the writer's business).
    void release() noexcept;
    bool active() const { return !m_record.empty(); }

private:
    std::filesystem::path m_record;
};

// Removes the partial files and folders of writers that are no longer running, and their records.
// Returns how many partials were removed. Never throws.
int cleanStalePartialFiles() noexcept;

} // namespace emote
