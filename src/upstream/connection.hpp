#pragma once
// One upstream HTTP/1.1 connection, plain or TLS, with the read buffer every request sent
// over it reuses. Owned by exactly one party at a time: its pool while idle, one exchange while
// busy. Lives on one worker's io_context; not thread-safe.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <utility>
#include <variant>

#include "upstream/tls_context.hpp"

namespace llmgw::upstream {

class Connection {
 public:
  using Clock = std::chrono::steady_clock;
  using PlainStream = boost::beast::tcp_stream;

  /// Response headers may take up to this much; the read buffer allows a little more so
  /// the parser, not the buffer, reports an oversized header.
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
  static constexpr std::size_t kReadBufferLimit = kMaxHeaderBytes + 16 * 1024;
  /// Room reserved in the read buffer when a response starts: typical response headers plus a
  /// small JSON body arrive in one read, and an open stream holds no more than this.
  static constexpr std::size_t kInitialReadBytes = 2 * 1024;

  /// An unconnected plain connection.
  explicit Connection(const boost::asio::any_io_executor& executor);
  /// An unconnected TLS connection using `tls` (which only needs to outlive the handshake
  /// set-up: OpenSSL keeps its own reference to the context).
  Connection(const boost::asio::any_io_executor& executor, boost::asio::ssl::context& tls);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool is_tls() const noexcept { return stream_.index() == 1; }
  /// The TCP layer: connect, deadlines (expires_at), close.
  PlainStream& tcp() noexcept;
  /// The TLS layer, or nullptr for a plain connection.
  TlsStream* tls() noexcept { return std::get_if<TlsStream>(&stream_); }

  /// Calls `fn` with the top stream layer (PlainStream& or TlsStream&) so one code path
  /// serves both; `fn` must return the same type for either.
  template <class Fn>
  decltype(auto) with_stream(Fn&& fn) {
    return std::visit(std::forward<Fn>(fn), stream_);
  }

  /// Bytes read from the socket and not yet parsed. Body pieces handed out are views into
  /// it, valid until the next read.
  boost::beast::flat_buffer& read_buffer() noexcept { return read_buffer_; }

  /// Whether an idle connection may carry another request: still open, the peer has not
  /// closed it and has sent nothing unsolicited (a 408, a TLS close_notify). Never blocks.
  bool idle_and_quiet() noexcept;

  /// Closes the socket at once; pending operations complete with operation_aborted.
  void close() noexcept;
  bool is_open() const noexcept;

  /// Requests sent over this connection so far; more than one means it was reused.
  std::size_t requests_sent() const noexcept { return requests_sent_; }
  void count_request() noexcept { ++requests_sent_; }

  Clock::time_point idle_since() const noexcept { return idle_since_; }
  void mark_idle(Clock::time_point now) noexcept { idle_since_ = now; }

 private:
  std::variant<PlainStream, TlsStream> stream_;
  boost::beast::flat_buffer read_buffer_{kReadBufferLimit};
  std::size_t requests_sent_ = 0;
  Clock::time_point idle_since_{};
};

}  // namespace llmgw::upstream
