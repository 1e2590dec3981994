#pragma once
// HTTP/1.1 client to providers. One UpstreamClient per worker: it owns that worker's
// keep-alive pools (one per origin) and is used only from that worker's thread.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http/verb.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/cancel_signal.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::upstream {

struct UpstreamRequest {
  boost::beast::http::verb method = boost::beast::http::verb::post;
  std::string target;  ///< Path and query, e.g. "/v1/chat/completions".
  Headers headers;     ///< Complete set to send (auth included); Host/Content-Length are added.
  std::string body;
};

/// A response whose headers have arrived; the body is read piece by piece.
/// Destroying it returns the connection to the pool only when the body was read to the
/// end and the server allowed keep-alive; otherwise the connection is closed.
class UpstreamExchange {
 public:
  virtual ~UpstreamExchange() = default;
  virtual int status() const noexcept = 0;
  virtual const Headers& headers() const noexcept = 0;

  /// Next piece of the (de-chunked) body. An empty view means the body ended cleanly.
  /// The view stays valid until the next call. Enforces the idle and total deadlines and
  /// the max_response_bytes cap (errors: upstream_timeout, upstream_protocol,
  /// upstream_connect for a reset).
  virtual boost::asio::awaitable<Result<std::string_view>> read_some() = 0;

  /// Reads the whole body, at most `limit` bytes (upstream_protocol error past that).
  virtual boost::asio::awaitable<Result<std::string>> read_all(std::size_t limit) = 0;

  /// Aborts at once: closes the connection so any pending read completes with an error.
  virtual void cancel() noexcept = 0;
};

class UpstreamClient {
 public:
  virtual ~UpstreamClient() = default;

  /// Sends `request` to `provider.origin` and waits for the response headers.
  /// Reuses an idle pooled connection when one is alive, else resolves (async), connects
  /// and (for https) does a verified TLS handshake with SNI, all within
  /// provider.timeouts.connect; headers must arrive within timeouts.first_byte.
  /// `cancel` aborts the exchange when emitted (client gone, drain deadline); the exchange
  /// installs its handler there and clears it when destroyed.
  /// Errors: upstream_connect (502), upstream_timeout (504), upstream_protocol (502).
  virtual boost::asio::awaitable<Result<std::unique_ptr<UpstreamExchange>>> send(
      const config::ProviderConfig& provider, UpstreamRequest request, CancelSignal& cancel) = 0;
};

/// The Beast-based implementation for the worker running `ioc`.
std::unique_ptr<UpstreamClient> make_upstream_client(boost::asio::io_context& ioc);

}  // namespace llmgw::upstream
