#pragma once
// Small HTTP value types shared by the server, the proxy and the upstream client.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmgw {

/// Header list in wire order. Names keep their case; look-ups are case-insensitive.
using Headers = std::vector<std::pair<std::string, std::string>>;

bool iequals(std::string_view a, std::string_view b) noexcept;

/// First value of `name` (case-insensitive), or an empty view.
std::string_view find_header(const Headers& headers, std::string_view name) noexcept;

/// Replaces the value of `name` (case-insensitive), or appends the header.
void set_header(Headers& headers, std::string_view name, std::string value);

/// A header name that is an RFC 9110 token (no separators, controls or spaces).
bool safe_header_name(std::string_view name) noexcept;

/// A header value that cannot split the header block (no CR, LF or NUL).
bool safe_header_value(std::string_view value) noexcept;

}  // namespace llmgw
