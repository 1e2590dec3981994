#pragma once
// Host and port syntax shared by listen addresses and upstream URLs.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmgw::config {

bool is_ipv4_literal(std::string_view text);

/// An IPv6 address without brackets, e.g. "::1".
bool is_ipv6_literal(std::string_view text);

/// A DNS name: dot-separated labels of letters, digits, '-' and '_' (container names use
/// '_'), each 1-63 characters, 253 in all.
bool is_hostname(std::string_view text);

/// Decimal 0-65535 without sign or spaces.
std::optional<std::uint16_t> parse_port(std::string_view text);

/// Text as lower case ASCII; hosts are compared and stored this way.
std::string to_lower_ascii(std::string_view text);

}  // namespace llmgw::config
