#include "core/provenance/visible_label.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace emote::provenance {

VisibleLabel::VisibleLabel(int width, int height, const std::string& text) : m_frame_w(width), m_frame_h(height)
{
    if (width < 32 || height < 32)
        return;
    // About 3.5 % of the frame height for the text: readable on a phone, small enough not to distract.
    const int font = cv::FONT_HERSHEY_SIMPLEX;
    const double scale = std::max(0.3, double(std::min(width, height)) / 900.0);
    const int thickness = std::max(1, int(std::lround(scale * 1.6)));
    int baseline = 0;
    const cv::Size ts = cv::getTextSize(text, font, scale, thickness, &baseline);
    const int pad = std::max(3, ts.height / 3);
    m_w = std::min(width, ts.width + 2 * pad);
    m_h = std::min(height, ts.height + baseline + 2 * pad);
    const int margin = std::max(4, height / 64);
    m_x = std::max(0, width - m_w - margin);
    m_y = std::max(0, height - m_h - margin);
    cv::Mat1b text_mask(m_h, m_w, uchar(0));
    cv::putText(text_mask, text, cv::Point(pad, pad + ts.height), font, scale, cv::Scalar(255), thickness,
                cv::LINE_AA);
    m_text_alpha.assign(text_mask.begin(), text_mask.end());
    m_box_alpha.assign(size_t(m_w) * size_t(m_h), uint8_t(140));
}

void VisibleLabel::apply(Image& frame) const { apply(frame, {0, 0, frame.width, frame.height}); }

void VisibleLabel::apply(Image& frame, const ImageRect& clip) const
{
    if (frame.width != m_frame_w || frame.height != m_frame_h || m_w <= 0)
        return;
    const int x0 = std::max(m_x, clip.x), x1 = std::min(m_x + m_w, clip.x + clip.width);
    const int y0 = std::max(m_y, clip.y), y1 = std::min(m_y + m_h, clip.y + clip.height);
    for (int fy = y0; fy < y1; ++fy) {
        const int y = fy - m_y;
        uint8_t* p = frame.row(fy) + 3 * m_x;
        const uint8_t* ba = m_box_alpha.data() + size_t(y) * size_t(m_w);
        const uint8_t* ta = m_text_alpha.data() + size_t(y) * size_t(m_w);
        for (int x = x0 - m_x; x < x1 - m_x; ++x)
            for (int c = 0; c < 3; ++c) {
                int v = p[3 * x + c];
                v = v * (255 - ba[x]) / 255;               // darken
                v = (v * (255 - ta[x]) + 255 * ta[x]) / 255; // white text
                p[3 * x + c] = uint8_t(v);
            }
    }
}

} // namespace emote::provenance
