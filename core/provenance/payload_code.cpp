#include "core/provenance/payload_code.h"

#include <array>
#include <limits>
#include <stdexcept>

namespace emote::provenance {

namespace {

constexpr int kInfoBits = kPayloadBits + kCrcBits;
constexpr int kStates = 1 << (kConstraintLength - 1);
// Generator polynomials (octal 171, 133, 165): the standard K = 7 rate-1/3 set, free distance 15.
constexpr std::array<unsigned, 3> kPolys = {0171, 0133, 0165};

int parity(unsigned v) { return __builtin_parity(v); }

// The info bits, most significant first: payload then CRC.
std::array<uint8_t, kInfoBits> infoBits(uint64_t payload)
{
    std::array<uint8_t, kInfoBits> bits{};
    for (int i = 0; i < kPayloadBits; ++i)
        bits[size_t(i)] = uint8_t((payload >> (kPayloadBits - 1 - i)) & 1u);
    const uint16_t crc = payloadCrc(payload);
    for (int i = 0; i < kCrcBits; ++i)
        bits[size_t(kPayloadBits + i)] = uint8_t((crc >> (kCrcBits - 1 - i)) & 1u);
    return bits;
}

} // namespace

uint16_t payloadCrc(uint64_t payload)
{
    uint16_t crc = 0xFFFF;
    for (int byte = 7; byte >= 0; --byte) {
        crc ^= uint16_t(((payload >> (8 * byte)) & 0xFF) << 8);
        for (int b = 0; b < 8; ++b)
            crc = (crc & 0x8000) ? uint16_t((crc << 1) ^ 0x1021) : uint16_t(crc << 1);
    }
    return crc;
}

std::vector<uint8_t> encodePayload(uint64_t payload)
{
    const auto info = infoBits(payload);
    std::vector<uint8_t> out;
    out.reserve(kCodedBits);
    unsigned reg = 0; // newest bit in bit 6
    for (int i = 0; i < kInfoBits + kConstraintLength - 1; ++i) {
        const unsigned in = i < kInfoBits ? info[size_t(i)] : 0u;
        reg = (reg >> 1) | (in << (kConstraintLength - 1));
        for (const unsigned g : kPolys)
            out.push_back(uint8_t(parity(reg & g)));
    }
    return out;
}

std::optional<uint64_t> decodePayload(const std::vector<float>& soft)
{
    if (soft.size() != size_t(kCodedBits))
        throw std::invalid_argument("decodePayload: expected " + std::to_string(kCodedBits) + " soft bits");
    constexpr int kSteps = kInfoBits + kConstraintLength - 1;
    constexpr float kNone = -std::numeric_limits<float>::infinity();
    // State = the 6 most recent input bits (newest in bit 5), as the encoder register without its oldest bit.
    std::array<float, kStates> metric;
    metric.fill(kNone);
    metric[0] = 0.0f;
    std::vector<std::array<uint8_t, kStates>> from(kSteps); // predecessor state's dropped bit
    for (int t = 0; t < kSteps; ++t) {
        std::array<float, kStates> next;
        next.fill(kNone);
        const float* s = soft.data() + 3 * t;
        const int max_in = t < kInfoBits ? 1 : 0; // the tail feeds zeros
        for (int st = 0; st < kStates; ++st) {
            if (metric[size_t(st)] == kNone)
                continue;
            for (int in = 0; in <= max_in; ++in) {
                // The encoder's register after this step: new input at bit 6, the state's bits below.
                const unsigned reg = unsigned(st) | (unsigned(in) << (kConstraintLength - 1));
                float m = metric[size_t(st)];
                for (int j = 0; j < 3; ++j) {
                    const int c = parity(reg & kPolys[size_t(j)]);
                    m += c ? -s[j] : s[j];
                }
                const int ns = int(reg >> 1);
                if (m > next[size_t(ns)]) {
                    next[size_t(ns)] = m;
                    from[size_t(t)][size_t(ns)] = uint8_t(st & 1);
                }
            }
        }
        metric = next;
    }
    // Terminated code: the path ends in state 0. Trace back.
    std::array<uint8_t, kSteps> bits{};
    int st = 0;
    for (int t = kSteps - 1; t >= 0; --t) {
        bits[size_t(t)] = uint8_t((st >> (kConstraintLength - 2)) & 1); // the input that entered at step t
        st = ((st << 1) & (kStates - 1)) | from[size_t(t)][size_t(st)];
    }
    uint64_t payload = 0;
    for (int i = 0; i < kPayloadBits; ++i)
        payload = (payload << 1) | bits[size_t(i)];
    uint16_t crc = 0;
    for (int i = 0; i < kCrcBits; ++i)
        crc = uint16_t((crc << 1) | bits[size_t(kPayloadBits + i)]);
    if (crc != payloadCrc(payload))
        return std::nullopt;
    return payload;
}

} // namespace emote::provenance
