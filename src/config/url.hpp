#pragma once
// A provider's base_url split into the pieces the upstream client needs.

#include <optional>
#include <string>
#include <string_view>

#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Parses `http[s]://host[:port][/path]`. The scheme and host are lower-cased, IPv6 hosts are
/// written in brackets and stored without them, the port defaults to 80/443, and trailing
/// slashes are dropped from the path ("/v1/" → "/v1", "/" → ""). Query strings, fragments and
/// user info are rejected: credentials belong in api_key or headers, not in a URL that is
/// printed. On failure returns nullopt and sets `error`.
std::optional<UpstreamOrigin> parse_base_url(std::string_view url, std::string& error);

}  // namespace llmgw::config
