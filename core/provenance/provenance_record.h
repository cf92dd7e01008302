// What an export says about itself: MP4 tags (AI-generated, tool, engine, model), the watermark payload's ids,
// and the optional manifest in the spirit of C2PA, inside the MP4 and as the sidecar "OUT.mp4.json" (digitalSourceType
// trainedAlgorithmicMedia, settings hash, watermark payload, consent record).
//
//   emote::provenance::ProvenanceInfo info;  info.engine = "live";  info.settings = {{"fps", "25"}, ...};
//   info.inputs_sha256 = emote::provenance::inputsDigest(portrait, audio);
//   info.payload = {emote::provenance::installId(), emote::provenance::jobHash(info)};
//   writer_params.metadata = emote::provenance::provenanceTags(info);
//   ... after the MP4 is finished:
//   emote::provenance::writeManifest("out.mp4", info);   // into out.mp4 and out.mp4.json, atomically
#pragma once

#include "core/common/audio_buffer.h"
#include "core/common/image.h"
#include "core/provenance/watermark.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace emote::provenance {

// IPTC digital source type for media made by a trained model (what C2PA uses for generative AI).
inline constexpr const char* kTrainedAlgorithmicMedia =
    "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
inline constexpr const char* kWatermarkScheme = "emote-wm2";

// The user's confirmation, before generating, that they may animate the person in the photo (the GUI's
// consent dialog fills it; the CLI has none). Recorded in the manifest only.
struct ConsentRecord {
    bool confirmed = false;
    std::string statement;        // the exact text the user confirmed
    std::string confirmed_at_utc; // ISO 8601, e.g. 2026-11-25T08:00:00Z
    std::string user;             // optional free text (empty = not recorded)
};

struct ProvenanceInfo {
    std::string tool = "Emote Studio";
    std::string tool_version = toolVersion();
    std::string engine;                         // "live", "diffusion", "still"
    std::string model;                          // model / rig name
    std::map<std::string, std::string> settings; // the generation settings, key → value
    std::string inputs_sha256;                  // inputsDigest() of the portrait and audio
    std::string created_utc = nowUtc();
    bool watermark = false;
    WatermarkPayload payload;                   // meaningful when watermark
    bool visible_label = false;
    std::optional<ConsentRecord> consent;

    static std::string toolVersion();
    static std::string nowUtc();
};

// The random id of this installation, kept in $XDG_CONFIG_HOME/emote-studio/install-id (default
// ~/.config/...). Created on first use; when it cannot be stored, a random id for this process is returned
// (marking never fails because of it). Only the low kInstallIdBits are used.
uint64_t installId();

// SHA-256 (hex) of the settings, canonical "key=value\n" in key order.
std::string settingsHash(const std::map<std::string, std::string>& settings);

// SHA-256 (hex) of the decoded portrait pixels and audio samples: names the inputs without revealing them.
std::string inputsDigest(const Image& portrait, const AudioBuffer& audio);

// A kJobHashBits hash of the job: install id, settings and inputs. Deterministic, so the same seed, settings
// and inputs still give the same video on one installation (the watermark is part of the pixels).
uint32_t jobHash(const ProvenanceInfo& info);

// The MP4 container tags (comment, description) that say the video is AI-generated and by what.
std::map<std::string, std::string> provenanceTags(const ProvenanceInfo& info);

// "<video>.json".
std::filesystem::path manifestPathFor(const std::filesystem::path& video);

// Puts the manifest inside VIDEO (embedded_manifest.h: a top-level uuid box bound to the file by a hash) and
// writes it beside it as manifestPathFor(VIDEO), with the SHA-256 of the finished VIDEO; each atomically
// (temporary file + rename). Throws emote::Error(Output) naming the file when either cannot be written.
void writeManifest(const std::filesystem::path& video, const ProvenanceInfo& info, bool overwrite);

} // namespace emote::provenance
