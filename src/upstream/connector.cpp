#include "upstream/connector.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <string>

#include "upstream/request_builder.hpp"
#include "upstream/tls_context.hpp"

namespace llmgw::upstream {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string authority(const std::string& host, std::uint16_t port) {
  return host + ":" + std::to_string(port);
}

}  // namespace

asio::awaitable<Result<std::unique_ptr<Connection>>> open_connection(
    asio::any_io_executor executor, asio::ssl::context& tls, const config::ProviderConfig& provider,
    DnsCache& dns, ConnectDeadline deadline, AbortSwitch& abort) {
  const std::string& name = provider.name;
  const config::UpstreamOrigin& origin = provider.origin;
  const std::string host = host_name(origin);
  if (abort.aborted()) co_return cancelled_error(name);

  std::optional<Endpoints> endpoints = dns.lookup(std::chrono::steady_clock::now());
  if (!endpoints) {
    ResolveResult resolved = co_await resolve_host(executor, host, origin.port, deadline.at, abort);
    if (abort.aborted()) co_return cancelled_error(name);
    if (resolved.ec == boost::beast::error::timeout) {
      co_return timeout_error(name, deadline.kind, deadline.limit);
    }
    if (resolved.ec)
      co_return connect_error(name, "DNS lookup of '" + host + "' failed", resolved.ec);
    dns.store(resolved.endpoints, std::chrono::steady_clock::now());
    endpoints = std::move(resolved.endpoints);
  }

  auto connection = origin.tls ? std::make_unique<Connection>(executor, tls)
                               : std::make_unique<Connection>(executor);
  ScopedInterrupt interrupt(abort, [raw = connection.get()] { raw->close(); });

  connection->tcp().expires_at(deadline.at);
  auto [connect_ec, endpoint] = co_await connection->tcp().async_connect(*endpoints, kNoThrow);
  if (abort.aborted()) co_return cancelled_error(name);
  if (connect_ec == boost::beast::error::timeout) {
    co_return timeout_error(name, deadline.kind, deadline.limit);
  }
  if (connect_ec) {
    // The addresses may be stale: look the name up again next time.
    dns.forget();
    co_return connect_error(name, "connect to " + authority(host, origin.port) + " failed",
                            connect_ec);
  }
  error_code option_ec;
  connection->tcp().socket().set_option(asio::ip::tcp::no_delay(true), option_ec);

  if (TlsStream* stream = connection->tls()) {
    if (error_code ec = prepare_client_stream(*stream, host, provider.verify_tls)) {
      co_return connect_error(name, "TLS set-up for '" + host + "' failed", ec);
    }
    auto [handshake_ec] =
        co_await stream->async_handshake(asio::ssl::stream_base::client, kNoThrow);
    if (abort.aborted()) co_return cancelled_error(name);
    if (handshake_ec == boost::beast::error::timeout) {
      co_return timeout_error(name, deadline.kind, deadline.limit);
    }
    if (handshake_ec) {
      std::string what = "TLS handshake with '" + host + "' failed";
      if (provider.verify_tls) {
        const std::string reason = certificate_verify_failure(*stream);
        if (!reason.empty()) what += " (certificate: " + reason + ")";
      }
      co_return connect_error(name, what, handshake_ec);
    }
  }
  connection->tcp().expires_never();
  co_return connection;
}

}  // namespace llmgw::upstream
