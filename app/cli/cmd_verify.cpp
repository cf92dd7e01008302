#include "app/cli/cmd_verify.h"

#include "app/cli/cli_args.h"
#include "core/common/error.h"
#include "core/common/fs_util.h"
#include "core/media/video_reader.h"
#include "core/provenance/embedded_manifest.h"
#include "core/provenance/provenance_record.h"
#include "core/provenance/watermark.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

namespace emote::cli {

const char* const kVerifyUsage = R"(  emote verify VIDEO [--json] [--max-seconds 10]

verify: looks for Emote Studio's invisible watermark (it survives re-encoding, rescaling, cropping and
frame-rate changes) and shows the video's AI-generated tags and the provenance manifest inside the file. Exit
code 0 = marked, 1 = not marked, 3 = unreadable or shorter than one second (too short to decide).
      --json               one JSON object on stdout
      --max-seconds S      read at most S seconds of video (default 10; 2–3 s usually suffice)
)";

namespace {

std::string hex(uint64_t v, int digits)
{
    char b[24];
    std::snprintf(b, sizeof b, "%0*llx", digits, static_cast<unsigned long long>(v));
    return b;
}

constexpr int kExitMarked = 0;
constexpr int kExitNotMarked = 1;
constexpr int kExitUndecidable = 3;

int undecidable(const std::string& file, const std::string& why, bool json)
{
    if (json)
        std::printf("{\"file\":%s,\"readable\":false,\"marked\":null,\"message\":%s}\n", jsonString(file).c_str(),
                    jsonString(why).c_str());
    else
        std::fprintf(stderr, "emote: cannot verify: %s\n", why.c_str());
    return kExitUndecidable;
}

} // namespace

int cmdVerify(const std::vector<std::string>& argv)
{
    const Args args(argv, {{"json", 0, false}, {"max-seconds"}});
    if (args.positional().size() != 1)
        throwUsage("usage: emote verify VIDEO [--json] [--max-seconds 10]");
    const std::string file = args.positional().front();
    const bool json = args.has("json");
    const double max_s = args.getDouble("max-seconds", 10.0);
    if (!(max_s >= 1.0))
        throwUsage("--max-seconds must be at least 1, got '" + args.get("max-seconds", "") + "'.");

    provenance::WatermarkDetector detector;
    std::map<std::string, std::string> tags;
    double fps = 0, seconds = 0;
    int width = 0, height = 0;
    int64_t frames = 0;
    std::string codec;
    try {
        media::VideoReader reader(file);
        tags = reader.metadata();
        fps = reader.fps();
        width = reader.width();
        height = reader.height();
        codec = reader.codec();
        Image frame;
        const double rate = fps > 0 ? fps : 25.0;
        while (double(frames) / rate < max_s && reader.next(frame)) {
            detector.addFrame(frame);
            ++frames;
        }
        seconds = double(frames) / rate;
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Input)
            throw;
        return undecidable(file, e.what(), json);
    }
    if (frames == 0)
        return undecidable(file, "no video frame of " + emote::quoted(std::filesystem::path(file)) +
                                     " could be decoded; the file is damaged or not a video.", json);
    if (seconds < 1.0 || detector.framesAdded() == 0)
        return undecidable(file, emote::quoted(std::filesystem::path(file)) + " has only " + std::to_string(frames) + " frame" +
                                     (frames == 1 ? "" : "s") + " (" + num(seconds, 2) +
                                     " s) of video: too short to decide (at least 1 s is needed).", json);

    const provenance::WatermarkDetection r = detector.detect();
    const auto payload = r.payload ? provenance::WatermarkPayload::unpack(*r.payload) : provenance::WatermarkPayload{};
    auto tagSays = [&](const char* key) {
        const auto it = tags.find(key);
        return it != tags.end() && it->second.find("AI-generated") != std::string::npos;
    };
    const bool ai_tagged = tagSays("comment") || tagSays("description");
    const provenance::EmbeddedManifest manifest = provenance::readEmbeddedManifest(file);
    std::error_code ec;
    const bool sidecar = std::filesystem::is_regular_file(provenance::manifestPathFor(file), ec);
    if (json) {
        std::string o = "{\"file\":" + jsonString(file) + ",\"readable\":true,\"marked\":" +
                        (r.marked ? "true" : "false") + ",\"confidence\":" + num(r.confidence, 6) +
                        ",\"sync_score\":" + num(r.sync_score, 2);
        if (r.marked)
            o += std::string(",\"payload_read\":") + (r.payload ? "true" : "false") + ",\"period_px\":" +
                 num(r.period_px, 1) + ",\"scheme\":\"" + provenance::kWatermarkScheme + "\"";
        if (r.payload)
            o += ",\"payload\":\"" + hex(*r.payload, 16) + "\",\"install_id\":\"" + hex(payload.install_id, 10) +
                 "\",\"job_hash\":\"" + hex(payload.job_hash, 6) + "\",\"raw_bit_accuracy\":" +
                 num(r.raw_bit_accuracy, 4);
        o += ",\"frames_used\":" + std::to_string(r.frames_used) + ",\"seconds_read\":" + num(seconds, 2) +
             ",\"width\":" + std::to_string(width) + ",\"height\":" + std::to_string(height) + ",\"codec\":" +
             jsonString(codec) + ",\"ai_generated_tag\":" + (ai_tagged ? "true" : "false") + ",\"metadata\":{";
        bool first = true;
        for (const auto& [k, v] : tags) {
            o += (first ? "" : ",") + jsonString(k) + ":" + jsonString(v);
            first = false;
        }
        o += "},\"manifest\":{\"embedded\":" + std::string(manifest.present ? "true" : "false");
        if (manifest.present) {
            o += ",\"bound_to_file\":" + std::string(manifest.hash_matches ? "true" : "false");
            if (!manifest.problem.empty())
                o += ",\"problem\":" + jsonString(manifest.problem);
            else
                o += ",\"content\":" + manifest.json;
        }
        o += ",\"sidecar\":" + std::string(sidecar ? "true" : "false") + "}}";
        std::printf("%s\n", o.c_str());
    } else {
        std::printf("%s: %dx%d %s, %.1f s read (%d frames)\n", file.c_str(), width, height, codec.c_str(), seconds,
                    r.frames_used);
        if (r.marked && r.payload) {
            std::printf("watermark: yes — made with Emote Studio (AI-generated), confidence %.6f (sync %.1f σ, "
                        "%.1f %% of code bits read correctly before error correction)\n",
                        r.confidence, r.sync_score, 100.0 * r.raw_bit_accuracy);
            std::printf("payload:   %s (install id %s, job hash %s)\n", hex(*r.payload, 16).c_str(),
                        hex(payload.install_id, 10).c_str(), hex(payload.job_hash, 6).c_str());
        } else if (r.marked) {
            std::printf("watermark: yes — made with Emote Studio (AI-generated), confidence %.6f (sync %.1f σ); "
                        "the video was changed too much to read which installation and job made it\n",
                        r.confidence, r.sync_score);
        } else {
            std::printf("watermark: none found (sync %.1f σ). A video made by Emote Studio with the watermark on "
                        "is found after re-encoding, scaling, cropping or a frame-rate change; heavy edits may "
                        "remove it.\n",
                        r.sync_score);
        }
        for (const auto& [k, v] : tags)
            std::printf("tag %s: %s\n", k.c_str(), v.c_str());
        if (ai_tagged && !r.marked)
            std::printf("note: the tags say AI-generated, but no watermark was found.\n");
        if (manifest.present && manifest.problem.empty())
            std::printf("manifest:  inside the file (uuid box, %llu bytes); %s\n",
                        static_cast<unsigned long long>(manifest.box_bytes),
                        manifest.hash_matches ? "bound to this file (SHA-256 of the rest of the file matches)"
                                              : "NOT bound to this file: the file changed after the manifest was "
                                                "written");
        else if (manifest.present)
            std::printf("manifest:  inside the file, unreadable: %s\n", manifest.problem.c_str());
        else
            std::printf("manifest:  none inside the file%s\n", sidecar ? " (a sidecar .json is beside it)" : "");
        if (manifest.present && sidecar)
            std::printf("sidecar:   %s\n", provenance::manifestPathFor(file).string().c_str());
    }
    return r.marked ? kExitMarked : kExitNotMarked;
}

} // namespace emote::cli
