#include "llmgw/upstream/upstream_client.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/loopback_test_support.hpp"
#include "upstream/upstream_client_options.hpp"
#include "upstream/upstream_test_fixture.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using asio::awaitable;

// Sends one request and reads its whole body; the exchange is destroyed on return, which
// hands its connection back to the pool.
awaitable<Result<std::string>> fetch(UpstreamClient& client, const config::ProviderConfig& provider,
                                     UpstreamRequest request = chat_request()) {
  CancelSignal cancel;
  auto exchange = co_await client.send(provider, std::move(request), cancel);
  if (!exchange) co_return std::move(exchange).error();
  co_return co_await (*exchange)->read_all(1 << 20);
}

ServerReply ok(std::string body, std::string extra_headers = {}) {
  return ServerReply{http_response(body, extra_headers)};
}

TEST(UpstreamClientTest, SendsRequestAndReadsContentLengthResponse) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) {
    return ServerReply{http_response(R"({"ok":true})", "X-Request-Id: abc\r\n", 201)};
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(R"({"model":"gpt"})"), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    EXPECT_EQ((*exchange)->status(), 201);
    EXPECT_EQ(find_header((*exchange)->headers(), "x-request-id"), "abc");
    auto body = co_await (*exchange)->read_all(1024);
    LLMGW_CO_ASSERT_OK(body);
    EXPECT_EQ(*body, R"({"ok":true})");
    auto after_end = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_OK(after_end);
    EXPECT_TRUE(after_end->empty());
  });

  ASSERT_EQ(server.requests().size(), 1u);
  const Request& seen = server.requests()[0];
  EXPECT_EQ(seen.method(), http::verb::post);
  EXPECT_EQ(seen.target(), "/v1/chat/completions");
  EXPECT_EQ(seen[http::field::host], "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(seen[http::field::user_agent], std::string("llmgw/") + LLMGW_VERSION);
  EXPECT_EQ(seen[http::field::connection], "keep-alive");
  EXPECT_EQ(seen[http::field::content_length], "15");
  EXPECT_EQ(seen[http::field::authorization], std::string("Bearer ") + kTestApiKey);
  EXPECT_EQ(seen[http::field::content_type], "application/json");
  EXPECT_EQ(seen.body(), R"({"model":"gpt"})");
}

TEST(UpstreamClientTest, ReusesKeepAliveConnection) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t n) {
    return ok("reply " + std::to_string(n));
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto first = co_await fetch(*client, provider);
    auto second = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(first);
    LLMGW_CO_ASSERT_OK(second);
    EXPECT_EQ(*first, "reply 0");
    EXPECT_EQ(*second, "reply 1");
  });
  EXPECT_EQ(server.connections(), 1u);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(UpstreamClientTest, OpensNewConnectionWhenServerAsksToClose) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) {
    return ok("bye", "Connection: close\r\n");
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto r1 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r1);
    auto r2 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r2);
  });
  EXPECT_EQ(server.connections(), 2u);
}

TEST(UpstreamClientTest, DoesNotPoolConnectionWhoseBodyWasNotRead) {
  asio::io_context ioc;
  ScriptedServer server(
      ioc, [](const Request&, std::size_t, std::size_t) { return ok(std::string(1000, 'x')); });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    {
      CancelSignal cancel;
      auto exchange = co_await client->send(provider, chat_request(), cancel);
      LLMGW_CO_ASSERT_OK(exchange);
    }  // dropped with the body unread
    auto r3 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r3);
  });
  EXPECT_EQ(server.connections(), 2u);
}

TEST(UpstreamClientTest, KeepsNoIdleConnectionsWhenMaxIdleIsZero) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) { return ok("x"); });
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(server.port());
  provider.max_idle_connections = 0;
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto r4 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r4);
    auto r5 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r5);
  });
  EXPECT_EQ(server.connections(), 2u);
}

TEST(UpstreamClientTest, RetriesOnNewConnectionWhenReusedOneDiesBeforeAnswering) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t connection, std::size_t n) {
    if (connection == 0 && n == 1) return ServerReply{"", true};  // the keep-alive race
    return ok("answer from connection " + std::to_string(connection));
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto r6 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r6);
    auto retried = co_await fetch(*client, provider, chat_request("second"));
    LLMGW_CO_ASSERT_OK(retried);
    EXPECT_EQ(*retried, "answer from connection 1");
  });
  EXPECT_EQ(server.connections(), 2u);
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[1].body(), "second");
  EXPECT_EQ(server.requests()[2].body(), "second");
}

TEST(UpstreamClientTest, DoesNotRetryWhenNewConnectionClosesWithoutAnswer) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) {
    return ServerReply{"", true};
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto result = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::upstream_connect);
    EXPECT_EQ(result.error().http_status, 502);
    EXPECT_NE(result.error().message.find("loopback"), std::string::npos);
    EXPECT_NE(result.error().message.find("before the response headers"), std::string::npos);
  });
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(UpstreamClientTest, DiscardsPooledConnectionTheServerClosed) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t connection, std::size_t) {
    return ServerReply{http_response("from " + std::to_string(connection)), connection == 0};
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    // The server answered with keep-alive semantics, then closed the idle connection.
    auto r7 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r7);
    co_await server.first_close().wait();
    auto second = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(second);
    EXPECT_EQ(*second, "from 1");
  });
  EXPECT_EQ(server.connections(), 2u);
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(UpstreamClientTest, ConcurrentRequestsUseSeparateConnectionsThenShareThePool) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) { return ok("hi"); });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel_a;
    CancelSignal cancel_b;
    // Both exchanges are open at once, so the second cannot borrow the first's connection.
    auto a = co_await client->send(provider, chat_request(), cancel_a);
    auto b = co_await client->send(provider, chat_request(), cancel_b);
    LLMGW_CO_ASSERT_OK(a);
    LLMGW_CO_ASSERT_OK(b);
    auto r8 = co_await (*a)->read_all(100);
    LLMGW_CO_ASSERT_OK(r8);
    auto r9 = co_await (*b)->read_all(100);
    LLMGW_CO_ASSERT_OK(r9);
    a->reset();
    b->reset();
    auto r10 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r10);
    auto r11 = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_OK(r11);
  });
  EXPECT_EQ(server.connections(), 2u);
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(UpstreamClientTest, ConnectionRefusedIsUpstreamConnectError) {
  asio::io_context ioc;
  std::uint16_t closed_port = 0;
  {
    LoopbackListener listener(ioc);
    closed_port = listener.port();
  }
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(closed_port);
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto result = co_await fetch(*client, provider);
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::upstream_connect);
    EXPECT_EQ(result.error().http_status, 502);
    EXPECT_TRUE(result.error().retryable);
    EXPECT_NE(result.error().message.find("'loopback'"), std::string::npos);
    EXPECT_NE(result.error().message.find("connect to 127.0.0.1:"), std::string::npos);
    EXPECT_EQ(result.error().message.find(kTestApiKey), std::string::npos);
  });
}

TEST(UpstreamClientTest, AlreadyCancelledRequestIsNotSent) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) { return ok("x"); });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    cancel.emit();
    auto result = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    EXPECT_FALSE(result.error().retryable);
    EXPECT_NE(result.error().message.find("cancelled"), std::string::npos);
  });
  EXPECT_EQ(server.connections(), 0u);
}

TEST(UpstreamClientTest, RejectsHeaderValueThatWouldSplitTheRequest) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) { return ok("x"); });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    auto request = chat_request();
    request.headers.emplace_back("X-Evil", "a\r\nX-Injected: 1");
    auto result = co_await fetch(*client, provider, std::move(request));
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::invalid_request);
    EXPECT_EQ(result.error().message.find("Injected"), std::string::npos);
  });
  EXPECT_EQ(server.connections(), 0u);
}

TEST(UpstreamClientTest, CancelWhileConnectingAbortsPromptly) {
  asio::io_context ioc;
  LoopbackListener listener(ioc);
  Event accepted(ioc);
  Event server_done(ioc);
  bool server_saw_close = false;
  spawn(ioc, [&]() -> awaitable<void> {
    tcp::socket socket = co_await listener.accept();  // TCP only: the TLS handshake stalls
    accepted.notify();
    server_saw_close = co_await wait_for_peer_close(socket);
    server_done.notify();
  });
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(listener.port(), /*tls=*/true);
  provider.verify_tls = false;
  provider.timeouts.connect = std::chrono::milliseconds(3'000);
  CancelSignal cancel;
  spawn(ioc, [&]() -> awaitable<void> {
    co_await accepted.wait();
    cancel.emit();
  });
  run_bounded(ioc, [&]() -> awaitable<void> {
    const auto start = std::chrono::steady_clock::now();
    auto result = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_TRUE(!result.ok());
    EXPECT_NE(result.error().message.find("cancelled"), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1'000));
    co_await server_done.wait();
  });
  EXPECT_TRUE(server_saw_close);
}

TEST(UpstreamClientTest, ExchangeMayOutliveTheClient) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) { return ok("late"); });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    client.reset();  // the pools go; the exchange keeps its connection
    auto body = co_await (*exchange)->read_all(100);
    LLMGW_CO_ASSERT_OK(body);
    EXPECT_EQ(*body, "late");
    exchange->reset();  // nowhere to return the connection: closed
  });
  EXPECT_EQ(server.connections(), 1u);
}

}  // namespace
}  // namespace llmgw::upstream
