// Invisible, robust watermark in the luma of every exported frame, and its detector.
//
// The mark is a square tile whose period is half the frame's height, defined in the 2-D DFT domain: about 850
// coefficients between 6 and 24 cycles per period, each with a secret pseudo-random phase; half of them are a
// fixed sync pattern, the rest carry the 258 code bits of payload_code.h (±1 spread spectrum, interleaved).
// Because the period follows the height, the mark is the same picture relative to the frame at every export
// size, and stays so when a platform rescales the video. The tile is rendered once per size, tiled over the
// frame and added to R, G and B alike (= luma only), scaled by a perceptual mask (local contrast: more in
// texture, less in flat areas) and capped at a target RMS so PSNR stays above 40 dB. The same tile is in every
// frame. The mark is "informed" by the first frame: where the picture itself would push a code bit the wrong
// way, or turn a sync coefficient's phase away from the pattern's, as the detector will see it, the mark pushes
// back (inform()); the sync within its energy share, cheapest coefficients first. The amplitude under the cap
// is held from frame to frame (lowered at once when a frame needs it, raised only past a margin of about 1 %),
// so the frames of a talking head share one amplitude and a frame that changed only in part is marked only
// there (embedUpdate).
//
// The detector sums the high-passed, contrast-normalised luma of the frames (at most 768 px on the long side),
// then looks for the period: first half the height (any aspect-preserving rescale, crops of the width such as
// 9:16 out of 16:9), then 0.40–0.84 of the height (crops of the height, a video inside a larger frame) in steps
// fine enough to keep the finest wave in phase across the frame. At each period the sum is resampled so that one
// period spans 128 pixels and folded modulo 128; a crop anywhere only shifts the tile cyclically, which phase
// correlation with the sync pattern finds (all 128² shifts at once through the FFT). The best period's code
// bits are read at that shift, weighted per frequency band by how much of the sync survived there, and
// Viterbi-decoded. The video counts as marked when the sync peak stands far above what unmarked video gives
// (6σ around half the height, where few periods are tried; 7σ anywhere), or a little above it (5.5σ) with a
// payload whose CRC holds.
//
//   emote::provenance::WatermarkEmbedder mark(payload);   // once per job (~1 ms per 512² frame after that)
//   mark.embed(frame);                                      // in place, before encoding
//
//   emote::provenance::WatermarkDetector det;
//   while (reader.next(frame)) det.addFrame(frame);
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

    void embed(Image& frame); // any size; not thread-safe (reuses buffers)

    // Frames that change only in part (a face pasted into a still photo): after embed() of a whole frame,
    // the next frames of the same size can be marked region by region, with the same result pixel for pixel.
    // reach() is the part of the frame whose marked pixels can change when the unmarked ones changed only
    // inside CHANGED (CHANGED grown by the perceptual mask's reach, about 12 pixels). embedUpdate() expects
    // FRAME to hold the unmarked pixels inside reach(CHANGED) and, outside it, the marked pixels of the previous
    // call, over content that did not change; it marks reach(CHANGED) and returns true. It returns false, and
    // must be followed by embed() of the whole unmarked frame, when the new content moved the mark's global
    // amplitude (set by the texture of the whole frame) or no whole frame of this size was marked before.
    ImageRect reach(const ImageRect& changed, int width, int height) const;
    bool embedUpdate(Image& frame, const ImageRect& changed);

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

    void addFrame(const Image& frame); // frames smaller than 16×16 are ignored
    int framesAdded() const;
    WatermarkDetection detect() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace emote::provenance
