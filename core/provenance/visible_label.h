// The visible "AI-generated" label: small white text on a dark translucent box in the bottom-right corner.
// The text is rendered once per output size; applying it blends a precomputed patch.
//
//   emote::provenance::VisibleLabel label(512, 512);
//   label.apply(frame);   // frame must be 512×512
#pragma once

#include "core/common/image.h"

#include <string>
#include <vector>

namespace emote::provenance {

class VisibleLabel {
public:
    VisibleLabel(int width, int height, const std::string& text = "AI-generated");
    void apply(Image& frame) const; // frames of another size are left alone
    // Only the label's pixels inside CLIP (the rest of the frame is left as it is).
    void apply(Image& frame, const ImageRect& clip) const;
    // Where the label sits (for tests).
    int x() const { return m_x; }
    int y() const { return m_y; }
    int width() const { return m_w; }
    int height() const { return m_h; }

private:
    int m_frame_w = 0, m_frame_h = 0;
    int m_x = 0, m_y = 0, m_w = 0, m_h = 0;
    std::vector<uint8_t> m_box_alpha;  // 0..255: how much the box darkens
    std::vector<uint8_t> m_text_alpha; // 0..255: how much the text whitens
};

} // namespace emote::provenance
