// A downloadable model release: which files, from where, each pinned by size and SHA-256. The built-in one is
// Hallo's (halloRelease(), pins in release.cpp with where each came from); a JSON file of the same form
// replaces it for tests and mirrors (readRelease). Torch-free, Qt Core only.
//
//   {"format": 1, "id": "hallo", "title": "…", "license": "…", "base_url": "https://huggingface.co",
//    "import": {"name": "hallo", "config": {"denoising_unet": {…}}},          // optional, for emote import-hallo
//    "files": [{"path": "hallo/net.pth", "url": "owner/repo/resolve/REV/hallo/net.pth",
//               "bytes": 4850540707, "sha256": "<64 hex>", "source": "where the pin comes from"},
//              {"path": "stable-diffusion-v1-5/unet/config.json", "json": {…}}]}  // written, not downloaded
//
// "path" is where the file goes in the release folder (Hallo's pretrained_models layout, what import-hallo
// reads); "url" is relative to the base URL (or absolute http(s)).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace emote::fetch {

struct ReleaseFile {
    std::string path;       // relative, no "..": where it lands in the release folder
    std::string url;        // relative to Release::base_url, or absolute http(s)://
    std::int64_t bytes = 0; // pinned size
    std::string sha256;     // pinned SHA-256, lower-case hex
    std::string source;     // where the pin was taken from (documentation)
    std::string content;    // non-empty: a small file written from the manifest itself; nothing is downloaded

    bool downloaded() const { return content.empty(); }
};

struct Release {
    std::string id;                 // "hallo"
    std::string title;              // for people: "Hallo (Fudan University), MIT licence"
    std::string license;            // stored in the model package's manifest
    std::string base_url;           // prefix of relative file URLs
    std::string package_name;       // the package manifest's "name"
    std::string import_config_json; // objects that replace import-hallo's defaults; empty: none
    std::vector<ReleaseFile> files;

    std::int64_t downloadBytes() const; // the sum of the downloaded files' pinned sizes
};

// The Hallo release, pinned (see release.cpp for the source of every pin).
Release halloRelease();
// Parses a release manifest; ORIGIN names it in messages. Throws emote::Error(Input) naming the problem.
Release parseRelease(const std::string& json, const std::string& origin);
// Reads and parses FILE (at most 1 MiB).
Release readRelease(const std::filesystem::path& file);

} // namespace emote::fetch
