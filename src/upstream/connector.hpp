#pragma once
// Opens a new connection to a provider: resolve (through the origin's DNS cache), connect
// to each address in turn, TCP_NODELAY, and for https a verified TLS handshake with SNI.
// The whole sequence shares one deadline and stops promptly when aborted.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "upstream/abort_switch.hpp"
#include "upstream/connection.hpp"
#include "upstream/dns_cache.hpp"
#include "upstream/upstream_errors.hpp"

namespace llmgw::upstream {

struct ConnectDeadline {
  std::chrono::steady_clock::time_point at;
  TimeoutKind kind = TimeoutKind::connect;  ///< Named in the error when `at` passes.
  std::chrono::milliseconds limit{};        ///< Its configured length, for the message.
};

/// Errors: upstream_connect naming the provider and the phase (DNS lookup, connect, TLS
/// handshake), upstream_timeout per `deadline`, cancelled_error once `abort` fired.
boost::asio::awaitable<Result<std::unique_ptr<Connection>>> open_connection(
    boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
    const config::ProviderConfig& provider, DnsCache& dns, ConnectDeadline deadline,
    AbortSwitch& abort);

}  // namespace llmgw::upstream
