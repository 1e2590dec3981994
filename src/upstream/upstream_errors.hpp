#pragma once
// The errors the upstream client reports. Messages name the provider and the phase that
// failed and never include request headers or bodies (they carry the provider key).

#include <boost/system/error_code.hpp>
#include <chrono>
#include <string_view>

#include "llmgw/core/error.hpp"

namespace llmgw::upstream {

enum class TimeoutKind { connect, first_byte, idle, total };

std::string_view to_string(TimeoutKind kind) noexcept;

/// upstream_connect (502): DNS, connect, TLS, or the connection dropped before a response.
Error connect_error(std::string_view provider, std::string_view what);
/// As connect_error, with the system's description of `ec` appended.
Error connect_error(std::string_view provider, std::string_view what,
                    const boost::system::error_code& ec);
/// upstream_timeout (504) naming which deadline expired and its length.
Error timeout_error(std::string_view provider, TimeoutKind kind, std::chrono::milliseconds limit);
/// upstream_protocol (502): unparsable, oversized or truncated response.
Error protocol_error(std::string_view provider, std::string_view what);
/// The request was aborted through its CancelSignal (client gone, drain deadline).
/// Not retryable: whoever cancelled does not want another attempt.
Error cancelled_error(std::string_view provider);

/// True when `ec` means the peer closed or reset the connection (rather than a timeout,
/// a local abort or a parse error).
bool is_peer_disconnect(const boost::system::error_code& ec) noexcept;

}  // namespace llmgw::upstream
