// The provenance manifest inside the MP4 itself, placed where C2PA places its manifest store: a top-level ISO
// BMFF 'uuid' box (C2PA's layout: version and flags, the purpose "manifest", an 8-byte offset, then the
// manifest), bound to the file by a SHA-256 of every byte outside that box (C2PA's hard binding excludes the
// manifest's own box the same way). The box holds the manifest as JSON, not a signed JUMBF store, so it carries
// Emote Studio's own UUID rather than C2PA's: a C2PA reader skips it instead of reporting a broken store.
// The box goes at the end of the file, after the movie and media data, so no sample offset moves; the file is
// rewritten through a temporary file and renamed, so it is never seen half-written.
//
//   emote::provenance::embedManifest("out.mp4", R"({"claim_generator": ...})");   // a JSON object
//   auto m = emote::provenance::readEmbeddedManifest("out.mp4");
//   if (m.present && m.hash_matches) show(m.json);
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace emote::provenance {

// The box's 16-byte usertype: 8a3f0b5e-6c1d-4e27-9b54-2d7e6f1a0c93 (Emote Studio manifest, JSON).
extern const std::array<uint8_t, 16> kManifestBoxUuid;

struct EmbeddedManifest {
    bool present = false;        // a manifest box was found
    std::string json;            // the manifest, a JSON object (with its "hash_binding")
    bool hash_matches = false;   // the bytes outside the box hash to the bound value
    std::string bound_sha256;    // the value in the manifest
    std::string actual_sha256;   // the value computed now
    uint64_t box_offset = 0;     // where the box starts in the file
    uint64_t box_bytes = 0;
    std::string problem;         // why a box that is there could not be read (empty when fine)
};

// Adds MANIFEST_JSON (a JSON object), with a "hash_binding" added (SHA-256 of the file as it is, which is every
// byte outside the new box), to VIDEO as a top-level uuid box, atomically. A manifest box already in the file
// is replaced. Returns the manifest as written (compact JSON). Throws emote::Error(Output) naming the file when
// it cannot be rewritten, Input when VIDEO is not an ISO BMFF file, std::invalid_argument when MANIFEST_JSON is
// not a JSON object.
std::string embedManifest(const std::filesystem::path& video, const std::string& manifest_json);

// Looks for the manifest box in VIDEO's top-level boxes and checks its binding. A file that cannot be opened
// or is not ISO BMFF gives present = false.
EmbeddedManifest readEmbeddedManifest(const std::filesystem::path& video);

} // namespace emote::provenance
