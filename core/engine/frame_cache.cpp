#include "core/engine/frame_cache.h"

#include "core/common/error.h"
#include "core/common/fs_util.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace emote {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSessionPrefix = "session-";
constexpr const char* kLockName = "lock";
constexpr int kQualityStep = 15;

std::string errnoText() { return std::strerror(errno); }

std::vector<uint8_t> encodeJpeg(const Image& frame, int quality)
{
    const cv::Mat rgb(frame.height, frame.width, CV_8UC3, const_cast<uint8_t*>(frame.rgb.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uint8_t> out;
    cv::imencode(".jpg", bgr, out, {cv::IMWRITE_JPEG_QUALITY, quality});
    return out;
}

bool decodeJpeg(const std::vector<uint8_t>& bytes, Image& out, int reduce)
{
    const int mode = reduce >= 8   ? cv::IMREAD_REDUCED_COLOR_8
                     : reduce >= 4 ? cv::IMREAD_REDUCED_COLOR_4
                     : reduce >= 2 ? cv::IMREAD_REDUCED_COLOR_2
                                   : cv::IMREAD_COLOR;
    const cv::Mat bgr = cv::imdecode(bytes, mode);
    if (bgr.empty())
        return false;
    out = Image(bgr.cols, bgr.rows);
    cv::Mat rgb(bgr.rows, bgr.cols, CV_8UC3, out.rgb.data());
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    return true;
}

bool writeAll(int fd, const uint8_t* data, size_t size, int64_t offset)
{
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= size_t(n);
        offset += n;
    }
    return true;
}

} // namespace

int FrameCache::removeStale(const fs::path& dir)
{
    int removed = 0;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(kSessionPrefix, 0) != 0 || !e.is_directory(ec))
            continue;
        // A live session holds an exclusive flock on its lock file; the kernel drops it when the process dies,
        // however it died, so a free lock means nobody will ever clean this folder but us.
        const fs::path lock = e.path() / kLockName;
        const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC);
        if (fd >= 0) {
            const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
            ::close(fd);
            if (!free)
                continue;
        }
        // No lock file at all: a session that died between mkdir and creating it.
        fs::remove_all(e.path(), ec);
        if (!ec)
            ++removed;
    }
    return removed;
}

FrameCache::FrameCache(const FrameCacheOptions& options) : m_options(options)
{
    if (m_options.max_bytes <= 0)
        throwUsage("frame cache size cap must be positive, got " + std::to_string(m_options.max_bytes) + " bytes.");
    m_options.quality = std::clamp(m_options.quality, 1, 100);
    m_options.min_quality = std::clamp(m_options.min_quality, 1, m_options.quality);
    std::error_code ec;
    fs::create_directories(m_options.dir, ec);
    if (ec)
        throwOutput("cannot create the frame cache folder " + quoted(m_options.dir) + ": " + ec.message() +
                    ". Check the permissions of the cache folder or free some disk space.");
    removeStale(m_options.dir);

    std::random_device rd;
    for (int attempt = 0; attempt < 16 && m_session.empty(); ++attempt) {
        char name[32];
        std::snprintf(name, sizeof name, "%s%08x", kSessionPrefix, unsigned(rd()));
        const fs::path candidate = m_options.dir / name;
        if (fs::create_directory(candidate, ec))
            m_session = candidate;
    }
    if (m_session.empty())
        throwOutput("cannot create a session folder in the frame cache " + quoted(m_options.dir) +
                    (ec ? ": " + ec.message() : std::string()) + ". Check that the folder is writable.");
    const fs::path lock = m_session / kLockName;
    m_lockFd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_lockFd < 0 || ::flock(m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        const std::string why = errnoText();
        if (m_lockFd >= 0)
            ::close(m_lockFd);
        fs::remove_all(m_session, ec);
        throwOutput("cannot lock the frame cache session " + quoted(lock) + ": " + why +
                    ". Check that the cache folder is on a local, writable file system.");
    }
}

FrameCache::~FrameCache()
{
    for (auto& job : m_jobs)
        if (job->fd >= 0)
            ::close(job->fd);
    std::error_code ec;
    fs::remove_all(m_session, ec); // the lock goes with it; closing the fd releases the flock
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

FrameCache::Job* FrameCache::find(JobId job) const
{
    for (const auto& j : m_jobs)
        if (j->id == job)
            return j.get();
    return nullptr;
}

FrameCache::JobId FrameCache::beginJob(int64_t expected_frames)
{
    std::lock_guard lock(m_mutex);
    auto job = std::make_unique<Job>();
    job->id = m_nextId++;
    job->expected = std::max<int64_t>(0, expected_frames);
    job->quality = m_options.quality;
    job->status.quality = m_options.quality;
    const fs::path file = m_session / ("job-" + std::to_string(job->id) + ".jpgs");
    job->fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (job->fd < 0)
        throwOutput("cannot create the frame cache file " + quoted(file) + ": " + errnoText() +
                    ". Check that the cache folder is writable and the disk not full.");
    const JobId id = job->id;
    m_jobs.push_back(std::move(job));
    return id;
}

void FrameCache::setExpectedFrames(JobId job, int64_t expected_frames)
{
    std::lock_guard lock(m_mutex);
    if (Job* j = find(job))
        j->expected = std::max<int64_t>(0, expected_frames);
}

void FrameCache::evictLocked(Job& job)
{
    if (job.fd >= 0) {
        ::close(job.fd);
        job.fd = -1;
        std::error_code ec;
        fs::remove(m_session / ("job-" + std::to_string(job.id) + ".jpgs"), ec);
    }
    m_bytes -= job.file_bytes;
    job.file_bytes = 0;
    job.index.clear();
    job.index.shrink_to_fit();
    job.status.frames_stored = 0;
    job.status.bytes = 0;
    job.status.evicted = true;
}

bool FrameCache::put(JobId job, int64_t index, const Image& frame)
{
    if (index < 0 || frame.empty())
        return false;
    int quality = 0;
    {
        std::lock_guard lock(m_mutex);
        Job* j = find(job);
        if (!j || j->status.evicted || j->status.truncated)
            return false;
        // Project this job's final size from what it has cost so far; lower the quality while it would not fit
        // in the whole cap (other jobs can be evicted, this one cannot).
        const int64_t stored = j->status.frames_stored;
        if (stored > 0 && j->expected > stored) {
            const double per_frame = double(j->file_bytes) / double(stored);
            const double projected = double(j->file_bytes) + per_frame * double(j->expected - stored);
            if (projected > double(m_options.max_bytes) && j->quality > m_options.min_quality) {
                // Sizes scale roughly with quality in this range: jump to where the projection fits.
                const double ratio = double(m_options.max_bytes) / projected;
                const int target = int(j->quality * ratio);
                j->quality = std::max(m_options.min_quality, std::min(j->quality - kQualityStep, target));
                j->status.reduced = true;
            }
        }
        quality = j->quality;
    }

    // Encoding is the slow part: done outside the lock so readers (the timeline) never wait for it.
    const std::vector<uint8_t> blob = encodeJpeg(frame, quality);
    const int64_t size = int64_t(blob.size());

    std::lock_guard lock(m_mutex);
    Job* j = find(job);
    if (!j || j->status.evicted || j->status.truncated)
        return false;
    if (size > m_options.max_bytes || j->file_bytes + size > m_options.max_bytes) {
        j->status.truncated = true; // alone beyond the cap even at this quality
        return false;
    }
    // Oldest other jobs go first, whole: a half-evicted job would play with holes.
    for (auto& other : m_jobs) {
        if (m_bytes + size <= m_options.max_bytes)
            break;
        if (other->id != job && !other->status.evicted)
            evictLocked(*other);
    }
    if (m_bytes + size > m_options.max_bytes) {
        j->status.truncated = true;
        return false;
    }
    if (!writeAll(j->fd, blob.data(), blob.size(), j->file_bytes))
        throwOutput("cannot write to the frame cache in " + quoted(m_session) + ": " + errnoText() +
                    ". Free some disk space or choose a smaller cache.");
    if (index >= int64_t(j->index.size()))
        j->index.resize(size_t(index) + 1);
    Entry& e = j->index[size_t(index)];
    if (e.offset < 0)
        ++j->status.frames_stored;
    e.offset = j->file_bytes;
    e.size = int32_t(size);
    j->file_bytes += size;
    m_bytes += size;
    j->status.bytes = j->file_bytes;
    j->status.quality = quality;
    return true;
}

bool FrameCache::get(JobId job, int64_t index, Image& out, int reduce) const
{
    std::vector<uint8_t> blob;
    {
        std::lock_guard lock(m_mutex);
        const Job* j = find(job);
        if (!j || index < 0 || index >= int64_t(j->index.size()) || j->index[size_t(index)].offset < 0)
            return false;
        const Entry e = j->index[size_t(index)];
        blob.resize(size_t(e.size));
        // pread under the lock: eviction closes the fd, so it must not happen mid-read.
        size_t done = 0;
        while (done < blob.size()) {
            const ssize_t n = ::pread(j->fd, blob.data() + done, blob.size() - done, e.offset + int64_t(done));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            done += size_t(n);
        }
    }
    return decodeJpeg(blob, out, reduce);
}

bool FrameCache::has(JobId job, int64_t index) const
{
    std::lock_guard lock(m_mutex);
    const Job* j = find(job);
    return j && index >= 0 && index < int64_t(j->index.size()) && j->index[size_t(index)].offset >= 0;
}

int64_t FrameCache::contiguousFrames(JobId job) const
{
    std::lock_guard lock(m_mutex);
    const Job* j = find(job);
    if (!j)
        return 0;
    int64_t n = 0;
    while (n < int64_t(j->index.size()) && j->index[size_t(n)].offset >= 0)
        ++n;
    return n;
}

FrameCacheJobStatus FrameCache::status(JobId job) const
{
    std::lock_guard lock(m_mutex);
    const Job* j = find(job);
    if (!j) {
        FrameCacheJobStatus gone;
        gone.evicted = true;
        return gone;
    }
    return j->status;
}

void FrameCache::removeJob(JobId job)
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_jobs.begin(); it != m_jobs.end(); ++it) {
        if ((*it)->id == job) {
            evictLocked(**it);
            m_jobs.erase(it);
            return;
        }
    }
}

int64_t FrameCache::bytesUsed() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

} // namespace emote
