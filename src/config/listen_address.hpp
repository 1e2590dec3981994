#pragma once
// "host:port" and "[v6]:port" listen addresses.

#include <optional>
#include <string>
#include <string_view>

#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// Parses an address to bind. The host must be an IP literal (IPv6 in brackets, stored
/// without them) or "localhost" (stored as 127.0.0.1), so binding never needs DNS. Port 0 asks
/// the OS for a free port. On failure returns nullopt and sets `error`.
std::optional<ListenAddress> parse_listen_address(std::string_view text, std::string& error);

/// "127.0.0.1:8080" or "[::1]:8080".
std::string format_listen_address(const ListenAddress& address);

/// True for 0.0.0.0 and ::, which accept connections on every interface.
bool is_wildcard_host(std::string_view host);

}  // namespace llmgw::config
