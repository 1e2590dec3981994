#pragma once
// Test support for socket-level tests on 127.0.0.1: a bounded runner for one io_context, a
// one-shot event to synchronise client and server coroutines without sleeping, and a
// listener with raw HTTP helpers so servers can send exactly the bytes a test needs.

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// ASSERT_* cannot be used in coroutines (it expands to `return`): these fail and co_return.
#define LLMGW_CO_ASSERT_TRUE(condition)                  \
  if (!(condition)) {                                    \
    ADD_FAILURE() << "assertion failed: " << #condition; \
    co_return;                                           \
  }
#define LLMGW_CO_ASSERT_OK(result)                                     \
  if (!(result).ok()) {                                                \
    ADD_FAILURE() << "unexpected error: " << (result).error().message; \
    co_return;                                                         \
  }

namespace llmgw::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

inline constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

/// Reports an exception escaping a spawned coroutine as a test failure.
inline void fail_on_exception(std::exception_ptr error) {
  if (!error) return;
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "coroutine threw: " << e.what();
  }
}

/// Runs the coroutine `body()` on `ioc` until it finishes or `limit` passes: a test that
/// would hang fails instead. Servers still waiting when the body ends are abandoned with
/// the io_context. `body` is kept alive by co_spawn, so lambda captures are safe.
template <class Body>
bool run_bounded(asio::io_context& ioc, Body body, std::chrono::milliseconds limit = 5s) {
  bool finished = false;
  asio::co_spawn(ioc, std::move(body), [&](std::exception_ptr error) {
    finished = true;
    fail_on_exception(error);
    ioc.stop();
  });
  ioc.run_for(limit);
  EXPECT_TRUE(finished) << "test did not finish within " << limit.count() << " ms";
  return finished;
}

/// Starts a helper coroutine (a fake server); exceptions fail the test.
template <class Fn>
void spawn(asio::io_context& ioc, Fn fn) {
  asio::co_spawn(ioc, std::move(fn), fail_on_exception);
}

/// A one-shot event: wait() resumes once notify() has been called (at once if it was).
class Event {
 public:
  explicit Event(asio::io_context& ioc) : timer_(ioc, asio::steady_timer::time_point::max()) {}
  void notify() {
    fired_ = true;
    timer_.cancel();
  }
  bool fired() const noexcept { return fired_; }
  asio::awaitable<void> wait() {
    while (!fired_) co_await timer_.async_wait(kNoThrow);
  }

 private:
  asio::steady_timer timer_;
  bool fired_ = false;
};

class LoopbackListener {
 public:
  explicit LoopbackListener(asio::io_context& ioc)
      : acceptor_(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::size_t accepted() const noexcept { return accepted_; }

  asio::awaitable<tcp::socket> accept() {
    tcp::socket socket = co_await acceptor_.async_accept(asio::use_awaitable);
    ++accepted_;
    co_return socket;
  }

 private:
  tcp::acceptor acceptor_;
  std::size_t accepted_ = 0;
};

using Request = http::request<http::string_body>;

/// One complete request, or nullopt once the peer closed (or sent garbage).
inline asio::awaitable<std::optional<Request>> read_request(tcp::socket& socket,
                                                            boost::beast::flat_buffer& buffer) {
  Request request;
  auto [ec, n] = co_await http::async_read(socket, buffer, request, kNoThrow);
  if (ec) co_return std::nullopt;
  co_return request;
}

inline asio::awaitable<bool> write_raw(tcp::socket& socket, std::string_view bytes) {
  auto [ec, n] = co_await asio::async_write(socket, asio::buffer(bytes), kNoThrow);
  co_return !ec;
}

/// Discards input until the peer closes or resets; true if that happened (not a local error).
inline asio::awaitable<bool> wait_for_peer_close(tcp::socket& socket) {
  char sink[1024];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(sink), kNoThrow);
    if (ec) co_return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
}

/// Closes with an RST instead of a FIN (SO_LINGER 0): how a crashed peer looks.
inline void reset_connection(tcp::socket& socket) {
  boost::system::error_code ignored;
  socket.set_option(asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

/// "HTTP/1.1 200 OK" with a Content-Length body and optional extra header lines
/// (each ending in \r\n).
inline std::string http_response(std::string_view body, std::string_view extra_headers = {},
                                 int status = 200) {
  std::string response = "HTTP/1.1 " + std::to_string(status) + " Status\r\n";
  response += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  response.append(extra_headers);
  response += "\r\n";
  response.append(body);
  return response;
}

/// One chunk of a chunked body; an empty `data` is the last chunk.
inline std::string http_chunk(std::string_view data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  std::string chunk = size;
  chunk.append(data);
  chunk += "\r\n";
  return chunk;
}

}  // namespace llmgw::testing
