// Deadlines, cancellation and resets of an exchange, observed from both ends of a real
// loopback connection.
#include "upstream/exchange.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/loopback_test_support.hpp"
#include "upstream/upstream_client_options.hpp"
#include "upstream/upstream_test_fixture.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using asio::awaitable;
using Clock = std::chrono::steady_clock;

const std::string kChunkedHeader = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

void expect_timeout(const Error& error, std::string_view which) {
  EXPECT_EQ(error.kind, ErrorKind::upstream_timeout);
  EXPECT_EQ(error.http_status, 504);
  EXPECT_NE(error.message.find(which), std::string::npos) << error.message;
}

// A server that reads one request, optionally writes `reply`, signals `replied`, and then
// reports whether (and when) the client closed the connection.
struct StallingServer {
  explicit StallingServer(asio::io_context& ioc, std::string reply = {})
      : listener(ioc), replied(ioc), client_closed(ioc) {
    spawn(ioc, [this, reply = std::move(reply)]() -> awaitable<void> {
      tcp::socket socket = co_await listener.accept();
      boost::beast::flat_buffer buffer;
      if (!co_await read_request(socket, buffer)) co_return;
      if (!reply.empty()) co_await write_raw(socket, reply);
      replied.notify();
      saw_close = co_await wait_for_peer_close(socket);
      closed_at = Clock::now();
      client_closed.notify();
    });
  }

  LoopbackListener listener;
  Event replied;
  Event client_closed;
  bool saw_close = false;
  Clock::time_point closed_at;
};

TEST(UpstreamExchangeDeadlinesTest, NoResponseHeadersIsFirstByteTimeout) {
  asio::io_context ioc;
  StallingServer server(ioc);
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(server.listener.port());
  provider.timeouts.first_byte = std::chrono::milliseconds(100);
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    const auto start = Clock::now();
    auto result = co_await client->send(provider, chat_request(), cancel);
    const auto elapsed = Clock::now() - start;
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    expect_timeout(result.error(), "first byte timeout (100 ms)");
    EXPECT_GE(elapsed, std::chrono::milliseconds(90));
    EXPECT_LT(elapsed, std::chrono::milliseconds(900));
    co_await server.client_closed.wait();
  });
  EXPECT_TRUE(server.saw_close);
}

TEST(UpstreamExchangeDeadlinesTest, SilenceMidBodyIsIdleTimeout) {
  asio::io_context ioc;
  StallingServer server(ioc, kChunkedHeader + http_chunk("partial"));
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(server.listener.port());
  provider.timeouts.idle = std::chrono::milliseconds(100);
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    auto first = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_OK(first);
    EXPECT_EQ(*first, "partial");
    auto stalled = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_TRUE(!stalled.ok());
    expect_timeout(stalled.error(), "idle timeout (100 ms)");
    co_await server.client_closed.wait();
  });
  EXPECT_TRUE(server.saw_close);
}

TEST(UpstreamExchangeDeadlinesTest, SlowTrickleHitsTotalTimeout) {
  asio::io_context ioc;
  LoopbackListener listener(ioc);
  spawn(ioc, [&]() -> awaitable<void> {
    tcp::socket socket = co_await listener.accept();
    boost::beast::flat_buffer buffer;
    if (!co_await read_request(socket, buffer)) co_return;
    co_await write_raw(socket, kChunkedHeader);
    asio::steady_timer pace(ioc);
    // Never idle for long, never finished: only the total deadline can end this.
    for (int i = 0; i < 200; ++i) {
      pace.expires_after(std::chrono::milliseconds(20));
      co_await pace.async_wait(kNoThrow);
      if (!co_await write_raw(socket, http_chunk("tick"))) co_return;
    }
  });
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(listener.port());
  provider.timeouts.idle = std::chrono::milliseconds(1'000);
  provider.timeouts.total = std::chrono::milliseconds(250);
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    const auto start = Clock::now();
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    auto body = co_await (*exchange)->read_all(1 << 20);
    const auto elapsed = Clock::now() - start;
    LLMGW_CO_ASSERT_TRUE(!body.ok());
    expect_timeout(body.error(), "total timeout (250 ms)");
    EXPECT_GE(elapsed, std::chrono::milliseconds(240));
    EXPECT_LT(elapsed, std::chrono::milliseconds(900));
  });
}

TEST(UpstreamExchangeDeadlinesTest, TotalDeadlineCapsTheFirstByteWait) {
  asio::io_context ioc;
  StallingServer server(ioc);
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(server.listener.port());
  provider.timeouts.first_byte = std::chrono::milliseconds(2'000);
  provider.timeouts.total = std::chrono::milliseconds(120);
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto result = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    expect_timeout(result.error(), "total timeout (120 ms)");
  });
}

TEST(UpstreamExchangeDeadlinesTest, CancelWhileAwaitingHeadersClosesTheUpstreamConnection) {
  asio::io_context ioc;
  StallingServer server(ioc);
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.listener.port());
  CancelSignal cancel;
  Clock::time_point cancelled_at;
  spawn(ioc, [&]() -> awaitable<void> {
    co_await server.replied.wait();  // the request is in; the client awaits headers
    cancelled_at = Clock::now();
    cancel.emit();
  });
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto result = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    EXPECT_NE(result.error().message.find("cancelled"), std::string::npos);
    EXPECT_FALSE(result.error().retryable);
    co_await server.client_closed.wait();
  });
  EXPECT_TRUE(server.saw_close);
  EXPECT_LT(server.closed_at - cancelled_at, std::chrono::milliseconds(200));
}

TEST(UpstreamExchangeDeadlinesTest, CancelDuringBodyReadAbortsThePendingRead) {
  asio::io_context ioc;
  StallingServer server(ioc, kChunkedHeader + http_chunk("first"));
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.listener.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    auto first = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_OK(first);

    bool reading = false;
    Event read_done(ioc);
    std::optional<Result<std::string_view>> pending;
    spawn(ioc, [&]() -> awaitable<void> {
      reading = true;
      pending = co_await (*exchange)->read_some();
      read_done.notify();
    });
    // The reader suspends inside read_some as soon as it has run once.
    while (!reading) co_await asio::post(ioc, asio::use_awaitable);
    EXPECT_FALSE(read_done.fired());
    const auto cancelled_at = Clock::now();
    cancel.emit();
    co_await read_done.wait();
    LLMGW_CO_ASSERT_TRUE(pending && !pending->ok());
    EXPECT_NE(pending->error().message.find("cancelled"), std::string::npos);
    co_await server.client_closed.wait();
    EXPECT_LT(server.closed_at - cancelled_at, std::chrono::milliseconds(200));
  });
  EXPECT_TRUE(server.saw_close);
}

TEST(UpstreamExchangeDeadlinesTest, ResetMidBodyIsUpstreamConnectError) {
  asio::io_context ioc;
  LoopbackListener listener(ioc);
  Event first_piece_read(ioc);
  spawn(ioc, [&]() -> awaitable<void> {
    tcp::socket socket = co_await listener.accept();
    boost::beast::flat_buffer buffer;
    if (!co_await read_request(socket, buffer)) co_return;
    co_await write_raw(socket, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    co_await first_piece_read.wait();
    reset_connection(socket);
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(listener.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    auto first = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_OK(first);
    EXPECT_EQ(*first, "0123456789");
    first_piece_read.notify();
    auto next = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_TRUE(!next.ok());
    EXPECT_EQ(next.error().kind, ErrorKind::upstream_connect);
    EXPECT_NE(next.error().message.find("connection reset while reading the response"),
              std::string::npos);
  });
}

}  // namespace
}  // namespace llmgw::upstream
