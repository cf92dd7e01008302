// Getting a model in one step: download a pinned release (resumable), check every file, import it into a model
// package. Used by `emote fetch hallo` and the app's "Get the Hallo model…". The network is used only here.
//
//   emote::fetch::ModelFetchParams p;
//   p.release = emote::fetch::halloRelease();
//   p.package = emote::fetch::defaultModelsFolder() / "hallo";
//   const auto plan = emote::fetch::planModelFetch(p);        // sizes and free space, no network
//   emote::fetch::fetchModel(p, onEvent, cancel);              // download, verify, import
//
// Files arrive in PACKAGE.download/ (Hallo's pretrained_models layout, partial files as NAME.part) and stay there
// when a run fails or is cancelled, so the next run resumes; the package appears under its own name only when
// the import is complete (import-hallo's PACKAGE.partial rename); the download folder goes once it has.
#pragma once

#include "core/common/cancel_token.h"
#include "core/fetch/downloader.h"
#include "core/fetch/release.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace emote::fetch {

struct ModelFetchParams {
    Release release;
    std::filesystem::path package; // the model package folder to create
    std::string base_url;          // replaces release.base_url for relative file URLs when not empty
    bool overwrite = false;        // replace an existing package
    DownloadOptions download;
};

struct FetchPlan {
    std::filesystem::path staging;   // PACKAGE.download
    int files = 0;                   // files to download (pinned), all told
    std::int64_t download_bytes = 0; // their pinned sizes, all told
    std::int64_t present_bytes = 0;  // already in the staging folder (complete or partial) from an earlier run
    std::int64_t package_bytes = 0;  // what the package will take (about the weights' size)
    std::int64_t needed_bytes = 0;   // free space needed now: what is left to download + the package + a reserve
    std::int64_t free_bytes = -1;    // free on the disk of the package's folder (-1 unknown)
    bool enough_space() const { return free_bytes < 0 || free_bytes >= needed_bytes; }
};

// What a fetch would download and need, from the pins and the staging folder only (no network, no hashing).
FetchPlan planModelFetch(const ModelFetchParams& params);

struct FetchEvent {
    enum class Stage { Download, Verify, Import, Done };
    Stage stage = Stage::Download;
    std::string file;       // the release file being downloaded or checked (empty for Import / Done)
    int file_index = 0;     // 1-based, of file_count
    int file_count = 0;
    std::int64_t done = 0;  // bytes: downloaded of all files (Download, Verify) or written (Import)
    std::int64_t total = 0;
    double bytes_per_s = 0; // Download: the rate over the last seconds
    double eta_s = -1;      // Download: the time left at that rate, -1 while unknown
};

// Downloads what is missing, checks each file's size and SHA-256, imports the release into PARAMS.package and
// removes the download folder. Throws emote::Error (one message: which file, what went wrong, what to do):
// Output when the package exists (without overwrite) or the disk is (or gets) too full, Input for the
// server's side (404, redirect loop, wrong size or hash, repeated failures) and a bad release, Cancelled. No
// package is left behind on any of them. Returns the package folder.
std::filesystem::path fetchModel(const ModelFetchParams& params, const std::function<void(const FetchEvent&)>& on_event,
                                 CancelToken& cancel);

// The Hallo release to fetch and where its package goes by default (defaultModelsFolder() / its name), with the
// overrides mirrors and tests use: MANIFEST (else $EMOTE_FETCH_MANIFEST, else the built-in pins) and BASE_URL
// (else $EMOTE_FETCH_BASE_URL, else the release's own). Throws emote::Error(Input) for a bad manifest.
ModelFetchParams halloFetchParams(const std::string& manifest = {}, const std::string& base_url = {});

// Where downloaded models go by default: $XDG_DATA_HOME (or ~/.local/share)/Emote/Emote Studio/models — the
// app's own data folder, so the CLI and the app find the same packages.
std::filesystem::path defaultModelsFolder();

} // namespace emote::fetch
