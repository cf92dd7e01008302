// Resumable HTTP(S) download of one pinned file (Qt Network, no torch). Blocking: it runs its own event loop in
// the calling thread, so it works in the CLI (a QCoreApplication must exist) and in the app's worker thread.
//
//   emote::CancelToken cancel;
//   emote::fetch::Downloader d({}, cancel);
//   d.download(file, "https://host/path", "staging/net.pth.part", "staging/net.pth", reserve, onBytes);
//
// What it guarantees: bytes already in PART are kept and the rest is asked for with an HTTP Range request (a
// server that ignores Range restarts the file); sizes are checked against the pin before and while data
// arrives, the SHA-256 when it is complete; only then PART becomes FINAL. A dropped connection, a time-out or an
// HTTP 5xx is retried (resuming) a few times; a 404, a redirect loop, a wrong size or hash, a full disk or a
// cancel is one emote::Error with one clear message (Input for the server side, Output for the disk, Cancelled).
// Redirects are followed by hand (at most max_redirects, never https → http) so that Hugging Face's
// X-Linked-Etag / X-Linked-Size headers can be checked against the pin before anything is transferred.
#pragma once

#include "core/common/cancel_token.h"
#include "core/fetch/release.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace emote::fetch {

struct DownloadOptions {
    int max_redirects = 10;
    int retries = 3;                // per file: dropped connections, time-outs and HTTP 5xx, each resumed
    int retry_delay_ms = 1000;      // doubled after each retry
    int stall_timeout_ms = 60000;   // no byte for this long: the connection counts as dropped
    std::int64_t free_check_bytes = std::int64_t(16) << 20; // free space is checked after every this many bytes
    // Bytes free on the disk holding a path (-1 when unknown); emote::freeBytes unless replaced (tests).
    std::function<std::int64_t(const std::filesystem::path&)> free_bytes;
};

class Downloader {
public:
    Downloader(DownloadOptions options, CancelToken& cancel);
    ~Downloader();
    Downloader(const Downloader&) = delete;
    Downloader& operator=(const Downloader&) = delete;

    // Downloads FILE (its pinned size and SHA-256) from URL into PART, then renames it to FINAL. RESERVE_BYTES
    // must stay free beyond the rest of this file (later files, the package). ON_BYTES gets the bytes of this
    // file on disk so far (resumed bytes included) whenever data arrives.
    void download(const ReleaseFile& file, const std::string& url, const std::filesystem::path& part,
                  const std::filesystem::path& final_path, std::int64_t reserve_bytes,
                  const std::function<void(std::int64_t file_bytes)>& on_bytes);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Lower-case hex SHA-256 of FILE's contents; throws emote::Error(Input) when unreadable, Cancelled when asked.
std::string sha256Of(const std::filesystem::path& file, const CancelToken& cancel);

} // namespace emote::fetch
