// Invisible, robust watermark in the luma of every exported frame, and its detector.
//
// The mark is a square tile whose period is half the frame's height, defined in the 2-D DFT domain: about 850
// coefficients between 6 and 24 cycles per period, each with a secret pseudo-random phase; half of them are a
// fixed sync pattern, the rest carry the 258 code bits of payload_code.h (±1 spread spectrum, interleaved).
// Because the period follows the height, the mark is the same picture relative to the frame at every export
// size, and stays so when a platform rescales the video. The tile is rendered once per size, tiled over the
// frame and added to R, G and B alike (= luma only), scaled by a perceptual mask (local contrast: more in
// texture, less in flat areas) and capped at a target RMS so PSNR stays above 40 dB. The sync half of the tile
// is the same in every frame; the code half is added with a sign that follows the frame's time (a square wave
// of period 2 s, + − − + by half seconds, hard changes), so that the detector, weighting the frames by that sign
// less its mean, sees the code bits add up while whatever stays the same in every frame (a still picture)
// cancels. The whole tile is "informed" by the first frame, at the code bits' first sign: where the picture
// itself would turn a sync coefficient's phase away from the pattern's, or push a code bit the wrong way, as the
// detector's plain sum will see it, the mark turns it back (inform()), each half within its energy share. That
// keeps the payload where an encoder skipped the sign's changes (x264's P-frames on a small rescaled video keep
// the first sign wherever the picture stands still). The amplitude under the cap is held from frame to frame
// (lowered at once when a frame needs it, raised only past a margin of about 1 %), so the frames of a talking
// head share one amplitude and a frame that changed only in part is marked only there (embedUpdate), between
// the sign's changes.
//
// The detector sums the high-passed, contrast-normalised luma of the frames (at most 768 px on the long side),
// then looks for the period: first half the height (any aspect-preserving rescale, crops of the width such as
// 9:16 out of 16:9), then 0.40–0.84 of the height (crops of the height, a video inside a larger frame) in steps
// fine enough to keep the finest wave in phase across the frame. At each period the sum is resampled so that one
// period spans 128 pixels and folded modulo 128; a crop anywhere only shifts the tile cyclically, which phase
// correlation with the sync pattern finds (all 128² shifts at once through the FFT). The best period's code
// bits are read at that shift from the sign-weighted sum, then from that and the plain sum together, then (what
// an encoder kept of the first sign, and videos marked before the sign, scheme emote-wm2) from the plain sum,
// weighted per frequency band by how much of the sync survived there, and Viterbi-decoded. Time is counted from
// the first frame read: a video cut at its start keeps its sync, but its payload is read from the sign-weighted
// sum only when the cut falls on a whole period of the sign (2 s). The video counts as marked when the sync peak
// stands far above what unmarked video gives (6σ around half the height, where few periods are tried; 7σ
// anywhere), or a little above it (5.5σ) with a payload whose CRC holds.
//
//   emote::provenance::WatermarkEmbedder mark(payload);   // once per job (~1 ms per 512² frame after that)
//   mark.embed(frame, index / fps);                         // in place, before encoding
//
//   emote::provenance::WatermarkDetector det;
//   for (int i = 0; reader.next(frame); ++i) det.addFrame(frame, i / fps);
//   emote::provenance::WatermarkDetection r = det.detect();   // r.marked, r.payload, r.confidence
#pragma once

#include "core/common/image.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace emote::provenance {

// The 64 payload bits: a random id of the installation (40 bits) and a hash of the job (24 bits).
constexpr int kInstallIdBits = 40;
constexpr int kJobHashBits = 24;

struct WatermarkPayload {
    uint64_t install_id = 0; // low kInstallIdBits used
    uint32_t job_hash = 0;   // low kJobHashBits used

    uint64_t packed() const;
    static WatermarkPayload unpack(uint64_t bits);
};

// The period (pixels) of the mark's tile in a frame of WIDTH × HEIGHT: half the height (at least 64).
int watermarkPeriod(int width, int height);

class WatermarkEmbedder {
public:
    // STRENGTH scales the mark (1 = the tested default); the RMS cap keeps PSNR ≥ 40 dB whatever the strength.
    explicit WatermarkEmbedder(uint64_t payload_bits, double strength = 1.0);
    ~WatermarkEmbedder();
    WatermarkEmbedder(const WatermarkEmbedder&) = delete;
    WatermarkEmbedder& operator=(const WatermarkEmbedder&) = delete;

    // TIME_S: the frame's time from the start of the video (the code bits' sign follows it). Any size; not
    // thread-safe (reuses buffers).
    void embed(Image& frame, double time_s);

    // Frames that change only in part (a face pasted into a still photo): after embed() of a whole frame,
    // the next frames of the same size can be marked region by region, with the same result pixel for pixel.
    // reach() is the part of the frame whose marked pixels can change when the unmarked ones changed only
    // inside CHANGED (CHANGED grown by the perceptual mask's reach, about 12 pixels). embedUpdate() expects
    // FRAME to hold the unmarked pixels inside reach(CHANGED) and, outside it, the marked pixels of the previous
    // call, over content that did not change; it marks reach(CHANGED) and returns true. It returns false, and
    // must be followed by embed() of the whole unmarked frame, when the new content moved the mark's global
    // amplitude (set by the texture of the whole frame), when the code bits' sign at TIME_S differs from the last
    // whole frame's (around each of its changes, once a second), or no whole frame of this size was marked before.
    ImageRect reach(const ImageRect& changed, int width, int height) const;
    bool embedUpdate(Image& frame, const ImageRect& changed, double time_s);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

struct WatermarkDetection {
    bool marked = false;              // the mark is there (see the header comment for the rule)
    std::optional<uint64_t> payload;  // set when marked and the payload could be read (its CRC holds)
    double sync_score = 0.0;          // sync peak in standard deviations of the correlation surface
    double sync_at_half_height = 0.0; // the same, best of the periods around half the height (the first look)
    double confidence = 0.0;          // 0..1: how sure "marked" is (0 when not marked)
    double raw_bit_accuracy = 0.0;    // code bits read correctly before error correction (when marked)
    double period_px = 0;             // the tile's period found in the video (pixels; scaling changes it)
    int shift_x = 0, shift_y = 0;     // where the tile origin was found (video pixels; a crop moves it)
    int frames_used = 0;
};

class WatermarkDetector {
public:
    WatermarkDetector();
    ~WatermarkDetector();
    WatermarkDetector(const WatermarkDetector&) = delete;
    WatermarkDetector& operator=(const WatermarkDetector&) = delete;

    // TIME_S: the frame's time from the start of the video (frame index / frame rate). Frames smaller than
    // 16×16 are ignored.
    void addFrame(const Image& frame, double time_s);
    int framesAdded() const;
    WatermarkDetection detect() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::provenance
