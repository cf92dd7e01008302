// Error-correcting code of the watermark payload: 64 payload bits + CRC-16, convolutional code (K = 7,
// rate 1/3, terminated) decoded by a soft-decision Viterbi decoder. The CRC tells a decoded payload from noise.
//
//   std::vector<uint8_t> coded = emote::provenance::encodePayload(0x0123456789abcdef);  // kCodedBits bits (0/1)
//   std::vector<float> soft = ...;   // > 0 means "bit 0 more likely", magnitude = reliability
//   if (auto p = emote::provenance::decodePayload(soft)) use(*p);
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace emote::provenance {

constexpr int kPayloadBits = 64;
constexpr int kCrcBits = 16;
constexpr int kConstraintLength = 7;
constexpr int kCodedBits = (kPayloadBits + kCrcBits + kConstraintLength - 1) * 3; // 258

// CRC-16/CCITT-FALSE over the 8 bytes of PAYLOAD (big-endian).
uint16_t payloadCrc(uint64_t payload);

// The kCodedBits code bits (each 0 or 1) that carry PAYLOAD.
std::vector<uint8_t> encodePayload(uint64_t payload);

// Soft-decision decoding of kCodedBits values (> 0: bit 0, < 0: bit 1). Returns the payload when the CRC of
// the maximum-likelihood path holds, nothing otherwise. Throws std::invalid_argument on a wrong length.
std::optional<uint64_t> decodePayload(const std::vector<float>& soft);

} // namespace emote::provenance
