// Generated frames kept on disk so the timeline can scrub and play a result before (or without) export.
//
//   emote::FrameCache cache({.dir = "/home/me/.cache/emote-studio/frames", .max_bytes = 2'000'000'000});
//   const auto job = cache.beginJob(250);          // 250 frames expected (0 = unknown)
//   cache.put(job, 0, frame);                       // from the engine's thread, any order
//   emote::Image img;
//   if (cache.get(job, 0, img)) show(img);          // from any thread, random access by index
//
// Layout: DIR/session-XXXXXX/ (one per FrameCache, held by an flock()ed "lock" file for its life) with one
// append-only data file per job, each frame a JPEG blob; the index (offset, size per frame) stays in memory.
// The destructor deletes the session folder; a folder whose lock is free on start belongs to a process that
// died (crash, kill -9) and is deleted then.
//
// Size cap (max_bytes, over every job of this session): before a frame is stored, the oldest other jobs are
// evicted whole until it fits. A single job that would outgrow the cap on its own is stored at reduced JPEG
// quality (stepped down as soon as the projected size — bytes so far per frame × expected frames — passes the
// cap); once even the lowest quality does not fit, put() refuses further frames of that job (returns false,
// status().truncated = true) and the frames already stored stay readable. Nothing is ever half-written.
#pragma once

#include "core/common/image.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace emote {

struct FrameCacheOptions {
    std::filesystem::path dir;              // parent folder; created if missing
    int64_t max_bytes = int64_t(2) << 30;   // cap on the data files of this session
    int quality = 90;                       // JPEG quality of a job that fits
    int min_quality = 30;                   // lowest quality before frames are refused
};

struct FrameCacheJobStatus {
    int64_t frames_stored = 0;
    int64_t bytes = 0;
    int quality = 0;        // quality of the latest stored frame
    bool reduced = false;   // some frames were stored below options.quality to fit the cap
    bool truncated = false; // frames were refused: the job alone does not fit the cap
    bool evicted = false;   // removed to make room for a newer job (or by removeJob)
};

class FrameCache {
public:
    using JobId = int64_t;

    // Throws emote::Error(Output) when the folder cannot be created or written.
    explicit FrameCache(const FrameCacheOptions& options);
    ~FrameCache();
    FrameCache(const FrameCache&) = delete;
    FrameCache& operator=(const FrameCache&) = delete;

    // A new job; EXPECTED_FRAMES (0 = unknown) lets the cap lower the quality early rather than late.
    JobId beginJob(int64_t expected_frames = 0);
    void setExpectedFrames(JobId job, int64_t expected_frames);
    // Stores FRAME as frame INDEX of JOB (replacing an earlier one). False when refused (cap, evicted job).
    // Throws emote::Error(Output) on a write error (disk full).
    bool put(JobId job, int64_t index, const Image& frame);
    // Decodes frame INDEX of JOB into OUT; false when it is not stored. REDUCE 2, 4 or 8 decodes at that
    // fraction of the size, several times faster (JPEG DCT scaling): thumbnails.
    bool get(JobId job, int64_t index, Image& out, int reduce = 1) const;
    bool has(JobId job, int64_t index) const;
    // One past the highest contiguous stored index from 0 (what a player can play without gaps).
    int64_t contiguousFrames(JobId job) const;
    FrameCacheJobStatus status(JobId job) const;
    void removeJob(JobId job);

    int64_t bytesUsed() const;
    int64_t maxBytes() const { return m_options.max_bytes; }
    const std::filesystem::path& sessionDir() const { return m_session; }

    // Deletes session folders under DIR whose owner is gone; returns how many. Called by the constructor.
    static int removeStale(const std::filesystem::path& dir);

private:
    struct Entry {
        int64_t offset = -1;
        int32_t size = 0;
    };
    struct Job {
        JobId id = 0;
        int fd = -1;
        int64_t file_bytes = 0;
        int64_t expected = 0;
        int quality = 0;
        std::vector<Entry> index;
        FrameCacheJobStatus status;
    };
    Job* find(JobId job) const;
    void evictLocked(Job& job);

    FrameCacheOptions m_options;
    std::filesystem::path m_session;
    int m_lockFd = -1;
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Job>> m_jobs; // oldest first
    JobId m_nextId = 1;
    int64_t m_bytes = 0;
};

} // namespace emote
