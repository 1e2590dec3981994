#pragma once
// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of the AWS eventstream
// framing. Our own table-driven version so the fuzz build needs no zlib.

#include <cstdint>
#include <string_view>

namespace llmgw::providers::bedrock {

/// Continues a CRC-32 over `bytes`; pass a previous result as `crc` to checksum in pieces.
/// Same contract as zlib's crc32(crc, buf, len): crc32(bytes) == crc32(tail, crc32(head)).
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0) noexcept;

}  // namespace llmgw::providers::bedrock
