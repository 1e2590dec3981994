#include "server/http_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include "io/eager_write.hpp"
#include "io/parse_buffered.hpp"
#include "llmgw/core/request_id.hpp"
#include "server/disconnect_watch.hpp"
#include "server/request_handler.hpp"
#include "server/response_head.hpp"

namespace llmgw::server {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
constexpr auto kTuple = net::as_tuple(net::use_awaitable);

// What one connection may hold in its read buffer beyond the current message.
constexpr std::size_t kMaxBufferedBytes = 1024 * 1024;
// A closing connection reads and discards what the client still sends (e.g. the rest of
// a rejected body) so the response is not destroyed by a TCP reset.
constexpr std::size_t kLingerMaxBytes = 256 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(1);

template <class Stream>
constexpr bool kIsTls = !std::is_same_v<Stream, beast::tcp_stream>;

Error error_for_status(int status, std::string_view message) {
  if (status == 413) return Error::payload_too_large(std::string(message));
  Error error = Error::invalid_request(std::string(message));
  error.http_status = status;
  return error;
}

}  // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(Stream stream, WorkerContext& worker, ListenerRole role)
    : stream_(std::move(stream)), worker_(worker), role_(role), buffer_(kMaxBufferedBytes) {
  registry_handle_ = worker_.sessions.add(this);
  worker_.shared.connections.fetch_add(1, std::memory_order_relaxed);
  worker_.shared.metrics.connection_opened();
}

template <class Stream>
HttpSession<Stream>::~HttpSession() {
  stop_watching();
  worker_.sessions.remove(registry_handle_);
  worker_.shared.connections.fetch_sub(1, std::memory_order_relaxed);
  worker_.shared.metrics.connection_closed();
}

template <class Stream>
beast::tcp_stream& HttpSession<Stream>::tcp() noexcept {
  return beast::get_lowest_layer(stream_);
}

template <class Stream>
net::awaitable<void> HttpSession<Stream>::run() {
  snapshot_ = worker_.shared.config.current();
  if constexpr (kIsTls<Stream>) {
    tcp().expires_after(snapshot_->config().server.timeouts.header_read);
    auto [ec] = co_await stream_.async_handshake(net::ssl::stream_base::server, kTuple);
    if (ec) {
      tcp().close();
      co_return;
    }
  }
  co_await serve();
  co_await close();
}

template <class Stream>
net::awaitable<void> HttpSession<Stream>::serve() {
  bool first = true;
  for (;;) {
    snapshot_ = worker_.shared.config.current();
    const config::ServerConfig& server = snapshot_->config().server;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(server.limits.max_header_bytes));
    parser.body_limit(server.limits.max_body_bytes);

    if (worker_.shared.draining.load(std::memory_order_relaxed) && buffer_.size() == 0) co_return;
    idle_ = true;
    tcp().expires_after(first ? server.timeouts.header_read : server.timeouts.idle_keep_alive);
    auto [ec, n] = co_await http::async_read_header(stream_, buffer_, parser, kTuple);
    idle_ = false;
    first = false;
    if (ec) {
      keep_alive_ = false;
      if (ec == http::error::header_limit) {
        co_await write_status_only(431, "Request header fields are too large.");
      } else if (ec == http::error::body_limit) {
        // Beast checks Content-Length against the body limit while parsing the header.
        co_await write_status_only(413, "Request body exceeds the limit of " +
                                            std::to_string(server.limits.max_body_bytes) +
                                            " bytes.");
      } else if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
                 ec != http::error::end_of_stream && ec != http::error::partial_message) {
        co_await write_status_only(400, "Malformed HTTP request.");
      }
      co_return;
    }

    if (parser.get().count(http::field::transfer_encoding) > 0 && !parser.chunked()) {
      // RFC 9112 §6.3: a request body framed by anything but a final "chunked" cannot be
      // delimited; serving what follows as another request would allow request smuggling.
      keep_alive_ = false;
      co_await write_status_only(400, "Transfer-Encoding must end with chunked.");
      co_return;
    }
    if (iequals(parser.get()[http::field::expect], "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      tcp().expires_after(server.timeouts.write);
      auto [wec, wn] = co_await net::async_write(stream_, net::buffer(kContinue), kTuple);
      if (wec) co_return;
    }
    if (!parser.is_done()) {
      // A small body usually came in with the header: parse it from the buffer rather than
      // through an asynchronous read that would complete at once.
      boost::system::error_code bec = io::parse_buffered(parser, buffer_);
      if (!bec && !parser.is_done()) {
        tcp().expires_after(server.timeouts.body_read);
        std::tie(bec, std::ignore) = co_await http::async_read(stream_, buffer_, parser, kTuple);
      }
      if (bec) {
        keep_alive_ = false;
        if (bec == http::error::body_limit) {
          co_await write_status_only(413, "Request body exceeds the limit of " +
                                              std::to_string(server.limits.max_body_bytes) +
                                              " bytes.");
        }
        // A body_read timeout closes the socket (beast::tcp_stream), like nginx's
        // client_body_timeout: nothing is sent to a client still writing its request.
        co_return;
      }
    }
    tcp().expires_never();

    keep_alive_ =
        parser.get().keep_alive() && !worker_.shared.draining.load(std::memory_order_relaxed);
    started_ = false;
    bytes_written_ = 0;
    first_byte_.reset();
    HttpRequest request = parser.release();
    co_await handle_request(worker_, role_, snapshot_, request, *this);
    if (!keep_alive_) co_return;
  }
}

template <class Stream>
net::awaitable<bool> HttpSession<Stream>::write_status_only(int status, std::string_view message) {
  // These requests never reach the pipeline, but the client still gets an id to report.
  Headers headers{{"x-request-id", generate_request_id()}};
  co_return co_await send(status, "application/json",
                          to_openai_json(error_for_status(status, message)), headers);
}

template <class Stream>
void HttpSession<Stream>::begin_response() noexcept {
  started_ = true;
  if (!first_byte_) first_byte_ = Clock::now();
}

template <class Stream>
void HttpSession<Stream>::note_written(std::size_t bytes) noexcept {
  bytes_written_ += bytes;
}

template <class Stream>
net::awaitable<bool> HttpSession<Stream>::write_out(const io::ConstBuffers& buffers) {
  const io::WriteResult result =
      co_await io::eager_write(stream_, buffers, snapshot_->config().server.timeouts.write);
  note_written(result.bytes);
  if (result.error) keep_alive_ = false;
  co_return !result.error;
}

template <class Stream>
net::awaitable<bool> HttpSession<Stream>::send(int status, std::string_view content_type,
                                               std::string body, const Headers& headers,
                                               std::string_view formatted) {
  // Formatted per thread: eager_write copies whatever it cannot write at once.
  thread_local std::string head;
  head.clear();
  append_response_head(head, {.status = status,
                              .fixed = {{"Server", "llmgw"}, {"Content-Type", content_type}},
                              .extra = &headers,
                              .formatted = formatted,
                              .content_length = body.size(),
                              .keep_alive = keep_alive_});
  begin_response();
  const std::array<net::const_buffer, 2> buffers{net::buffer(head), net::buffer(body)};
  co_return co_await write_out(buffers);
}

template <class Stream>
net::awaitable<bool> HttpSession<Stream>::begin_stream(int status, const Headers& headers,
                                                       std::string_view formatted) {
  // Held back and sent with the first chunk (or the end of the stream): one write instead of
  // two for the first event, which is what time-to-first-token waits for.
  stream_head_.clear();
  append_response_head(stream_head_,
                       {.status = status,
                        .fixed = {{"Server", "llmgw"},
                                  {"Content-Type", "text/event-stream"},
                                  {"Cache-Control", "no-cache"},
                                  // Tells nginx-style proxies in front of us not to buffer.
                                  {"X-Accel-Buffering", "no"}},
                        .extra = &headers,
                        .formatted = formatted,
                        .content_length = std::nullopt,
                        .keep_alive = keep_alive_});
  begin_response();
  co_return true;
}

template <class Stream>
net::awaitable<bool> HttpSession<Stream>::send_chunk(std::string_view bytes) {
  if (bytes.empty()) co_return true;  // An empty chunk would end the chunked body.
  char size_line[20];
  const std::array<net::const_buffer, 4> buffers{
      net::buffer(stream_head_), net::buffer(chunk_size_line(bytes.size(), size_line)),
      net::buffer(bytes), net::buffer(kChunkEnd)};
  const bool ok = co_await write_out(buffers);
  release_stream_head();
  co_return ok;
}

template <class Stream>
net::awaitable<bool> HttpSession<Stream>::end_stream() {
  const std::array<net::const_buffer, 2> buffers{net::buffer(stream_head_),
                                                 net::buffer(kLastChunk)};
  const bool ok = co_await write_out(buffers);
  release_stream_head();
  co_return ok;
}

template <class Stream>
void HttpSession<Stream>::release_stream_head() noexcept {
  // Only the first write of a stream carries the head; an open stream keeps no buffer.
  if (stream_head_.capacity() != 0) std::string().swap(stream_head_);
}

template <class Stream>
void HttpSession<Stream>::watch_disconnect(CancelSignal& signal) {
  stop_watching();
  watch_ = std::make_shared<DisconnectWatch>();
  watch_->signal = &signal;
  start_disconnect_watch(tcp().socket(), watch_);
}

template <class Stream>
void HttpSession<Stream>::stop_watching() noexcept {
  if (!watch_) return;
  // The wait stays pending and ends harmlessly when the next request arrives (it checks
  // `active` first). Cancelling it would cost a completion and a trip through the event loop
  // per request; leaving it costs nothing, as the read of the next request waits for the same
  // readiness anyway.
  watch_->active = false;
  watch_->signal = nullptr;
  watch_.reset();
}

template <class Stream>
void HttpSession<Stream>::begin_drain() noexcept {
  keep_alive_ = false;
  if (idle_) tcp().cancel();
}

template <class Stream>
void HttpSession<Stream>::abort() noexcept {
  keep_alive_ = false;
  if (watch_ && watch_->signal != nullptr) {
    CancelSignal* signal = watch_->signal;
    watch_->active = false;
    signal->emit();
  }
  tcp().close();
}

template <class Stream>
net::awaitable<void> HttpSession<Stream>::close() {
  if (!tcp().socket().is_open()) co_return;
  if constexpr (kIsTls<Stream>) {
    tcp().expires_after(kLingerTime);
    co_await stream_.async_shutdown(kTuple);
  } else {
    boost::system::error_code ignored;
    tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    std::array<char, 4096> scratch{};
    std::size_t discarded = 0;
    tcp().expires_after(kLingerTime);
    while (discarded < kLingerMaxBytes) {
      auto [ec, n] = co_await tcp().async_read_some(net::buffer(scratch), kTuple);
      if (ec) break;
      discarded += n;
    }
  }
  tcp().close();
}

template class HttpSession<beast::tcp_stream>;
template class HttpSession<beast::ssl_stream<beast::tcp_stream>>;

}  // namespace llmgw::server
