#include "core/common/message.h"

#include <charconv>

namespace emote {

std::string messageNumber(double value)
{
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 3);
    std::string s = ec == std::errc() ? std::string(buf, end) : std::string("0");
    if (s.find('.') != std::string::npos) {
        s.erase(s.find_last_not_of('0') + 1);
        if (s.back() == '.')
            s.pop_back();
    }
    return s;
}

} // namespace emote
