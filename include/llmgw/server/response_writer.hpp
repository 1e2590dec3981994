#pragma once
// How handlers and the proxy answer the client, independent of plain TCP or TLS.
// Used from the connection's worker thread only.

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/core/cancel_signal.hpp"
#include "llmgw/core/clock.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::server {

class ResponseWriter {
 public:
  virtual ~ResponseWriter() = default;

  /// Writes one complete response. `headers` are added after the gateway's own
  /// (Content-Type, Content-Length, x-request-id), then `formatted` as it is (lines the
  /// gateway formatted itself: FormattedHeaders::lines()). Returns false when the client is
  /// gone or the write timed out.
  virtual boost::asio::awaitable<bool> send(int status, std::string_view content_type,
                                            std::string body, const Headers& headers,
                                            std::string_view formatted = {}) = 0;

  /// Starts a chunked `text/event-stream` response; each send_chunk() is written and
  /// flushed at once (no buffering); end_stream() writes the last chunk. The head may be held
  /// back until the first send_chunk() or end_stream(), so call one of them right after.
  virtual boost::asio::awaitable<bool> begin_stream(int status, const Headers& headers,
                                                    std::string_view formatted = {}) = 0;
  virtual boost::asio::awaitable<bool> send_chunk(std::string_view bytes) = 0;
  virtual boost::asio::awaitable<bool> end_stream() = 0;

  /// Whether any response byte went out (after that, errors must go in-stream).
  virtual bool started() const noexcept = 0;
  virtual std::uint64_t bytes_written() const noexcept = 0;
  virtual std::optional<TimePoint> first_byte_time() const noexcept = 0;

  /// Watches the client socket while the response is produced and emits `signal` when the
  /// client closes it. stop_watching() must be called before the connection is reused.
  virtual void watch_disconnect(CancelSignal& signal) = 0;
  virtual void stop_watching() noexcept = 0;
};

}  // namespace llmgw::server
