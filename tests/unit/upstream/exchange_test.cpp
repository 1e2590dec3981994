#include "upstream/exchange.hpp"

#include <gtest/gtest.h>

#include <string>

#include "support/loopback_test_support.hpp"
#include "upstream/upstream_client_options.hpp"
#include "upstream/upstream_test_fixture.hpp"

namespace llmgw::upstream {
namespace {

using namespace llmgw::testing;
using asio::awaitable;

ServerReply raw(std::string bytes, bool close = false) {
  return ServerReply{std::move(bytes), close};
}

// Sends a request to a server that always answers with `reply`, and returns the result of
// reading the whole body (or the send error).
Result<std::string> exchange_once(ServerReply reply, std::size_t max_response_bytes = 1 << 20,
                                  std::size_t read_limit = 1 << 20) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [&](const Request&, std::size_t, std::size_t) { return reply; });
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(server.port());
  provider.max_response_bytes = max_response_bytes;
  Result<std::string> outcome = Error::internal("not run");
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    if (!exchange) {
      outcome = std::move(exchange).error();
      co_return;
    }
    outcome = co_await (*exchange)->read_all(read_limit);
  });
  return outcome;
}

void expect_protocol_error(const Result<std::string>& result, std::string_view fragment) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::upstream_protocol);
  EXPECT_EQ(result.error().http_status, 502);
  EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
}

TEST(UpstreamExchangeTest, HandsOutChunkedBodyPieceByPieceAsItArrives) {
  asio::io_context ioc;
  LoopbackListener listener(ioc);
  Event first_piece_seen(ioc);
  bool second_piece_sent = false;
  std::size_t requests_on_connection = 0;
  spawn(ioc, [&]() -> awaitable<void> {
    tcp::socket socket = co_await listener.accept();
    boost::beast::flat_buffer buffer;
    while (co_await read_request(socket, buffer)) {
      ++requests_on_connection;
      co_await write_raw(
          socket, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + http_chunk("hello "));
      co_await first_piece_seen.wait();
      second_piece_sent = true;
      co_await write_raw(socket, http_chunk("world") + http_chunk(""));
    }
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(listener.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    {
      CancelSignal cancel;
      auto exchange = co_await client->send(provider, chat_request(), cancel);
      LLMGW_CO_ASSERT_OK(exchange);
      auto first = co_await (*exchange)->read_some();
      LLMGW_CO_ASSERT_OK(first);
      EXPECT_EQ(*first, "hello ");
      EXPECT_FALSE(second_piece_sent);
      first_piece_seen.notify();
      auto second = co_await (*exchange)->read_some();
      LLMGW_CO_ASSERT_OK(second);
      EXPECT_EQ(*second, "world");
      auto end = co_await (*exchange)->read_some();
      LLMGW_CO_ASSERT_OK(end);
      EXPECT_TRUE(end->empty());
    }
    // The fully read chunked response leaves the connection reusable.
    CancelSignal cancel;
    auto again = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(again);
    auto body = co_await (*again)->read_all(100);
    LLMGW_CO_ASSERT_OK(body);
    EXPECT_EQ(*body, "hello world");
  });
  EXPECT_EQ(listener.accepted(), 1u);
  EXPECT_EQ(requests_on_connection, 2u);
}

TEST(UpstreamExchangeTest, SplitsLargeBodiesIntoBoundedPieces) {
  asio::io_context ioc;
  const std::string large(100 * 1024, 'z');
  ScriptedServer server(
      ioc, [&](const Request&, std::size_t, std::size_t) { return raw(http_response(large)); });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    std::size_t total = 0;
    std::size_t pieces = 0;
    for (;;) {
      auto piece = co_await (*exchange)->read_some();
      LLMGW_CO_ASSERT_OK(piece);
      if (piece->empty()) break;
      EXPECT_LE(piece->size(), Connection::kReadBufferLimit);
      EXPECT_EQ(*piece, std::string_view(large).substr(total, piece->size()));
      total += piece->size();
      ++pieces;
    }
    EXPECT_EQ(total, large.size());
    // Pieces are views into the read buffer, which does not grow to the size of the body.
    EXPECT_GT(pieces, 4u);
  });
}

TEST(UpstreamExchangeTest, ReadsCloseDelimitedBodyToEof) {
  auto result = exchange_once(raw("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil eof", true));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(*result, "until eof");
}

TEST(UpstreamExchangeTest, SkipsInterimResponses) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) {
    return raw("HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n" +
               http_response("final", "X-Final: yes\r\n"));
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    EXPECT_EQ((*exchange)->status(), 200);
    EXPECT_EQ(find_header((*exchange)->headers(), "X-Final"), "yes");
    EXPECT_TRUE(find_header((*exchange)->headers(), "Link").empty());
    auto body = co_await (*exchange)->read_all(100);
    LLMGW_CO_ASSERT_OK(body);
    EXPECT_EQ(*body, "final");
  });
}

TEST(UpstreamExchangeTest, HeadResponseHasNoBodyAndKeepsTheConnection) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request& request, std::size_t, std::size_t) {
    if (request.method() == http::verb::head) {
      return raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    }
    return raw(http_response("after"));
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    UpstreamRequest head = chat_request("");
    head.method = http::verb::head;
    {
      CancelSignal cancel;
      auto exchange = co_await client->send(provider, std::move(head), cancel);
      LLMGW_CO_ASSERT_OK(exchange);
      auto body = co_await (*exchange)->read_all(100);
      LLMGW_CO_ASSERT_OK(body);
      EXPECT_TRUE(body->empty());
    }
    CancelSignal cancel;
    auto next = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(next);
    auto body = co_await (*next)->read_all(100);
    LLMGW_CO_ASSERT_OK(body);
    EXPECT_EQ(*body, "after");
  });
  EXPECT_EQ(server.connections(), 1u);
}

TEST(UpstreamExchangeTest, MalformedStatusLineIsProtocolError) {
  expect_protocol_error(exchange_once(raw("NOT-HTTP garbage\r\n\r\n")), "invalid HTTP response");
}

TEST(UpstreamExchangeTest, OversizedResponseHeadersAreProtocolError) {
  const std::string huge = "X-Big: " + std::string(70 * 1024, 'a') + "\r\n";
  expect_protocol_error(exchange_once(raw(http_response("x", huge))), "response headers exceed");
}

TEST(UpstreamExchangeTest, ContentLengthAboveMaxResponseBytesFailsBeforeTheBody) {
  expect_protocol_error(exchange_once(raw(http_response(std::string(11, 'x'))), 10),
                        "response exceeded 10 bytes");
}

TEST(UpstreamExchangeTest, ChunkedBodyAboveMaxResponseBytesFailsWhileReading) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t) {
    return raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + http_chunk("123456") +
               http_chunk("789012") + http_chunk(""));
  });
  auto client = make_upstream_client(ioc);
  auto provider = loopback_provider(server.port());
  provider.max_response_bytes = 10;
  run_bounded(ioc, [&]() -> awaitable<void> {
    CancelSignal cancel;
    auto exchange = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(exchange);
    auto first = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_OK(first);
    EXPECT_EQ(*first, "123456");
    auto second = co_await (*exchange)->read_some();
    LLMGW_CO_ASSERT_TRUE(!second.ok());
    EXPECT_EQ(second.error().kind, ErrorKind::upstream_protocol);
    EXPECT_NE(second.error().message.find("exceeded 10 bytes"), std::string::npos);
    // The failure sticks: the stream is not resumed past the cap.
    auto third = co_await (*exchange)->read_some();
    EXPECT_FALSE(third.ok());
  });
}

TEST(UpstreamExchangeTest, ReadAllEnforcesItsLimit) {
  expect_protocol_error(exchange_once(raw(http_response(std::string(100, 'x'))), 1 << 20, 50),
                        "response exceeded 50 bytes");
}

TEST(UpstreamExchangeTest, BodyCutShortByCloseIsProtocolError) {
  expect_protocol_error(
      exchange_once(raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", true)), "cut short");
}

TEST(UpstreamExchangeTest, InvalidChunkFramingIsProtocolError) {
  expect_protocol_error(
      exchange_once(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n")),
      "invalid response body");
}

TEST(UpstreamExchangeTest, BodylessResponseKeepsTheConnectionEvenIfNotRead) {
  asio::io_context ioc;
  ScriptedServer server(ioc, [](const Request&, std::size_t, std::size_t n) {
    return raw(n == 0 ? "HTTP/1.1 204 No Content\r\n\r\n" : http_response("second"));
  });
  auto client = make_upstream_client(ioc);
  const auto provider = loopback_provider(server.port());
  run_bounded(ioc, [&]() -> awaitable<void> {
    {
      CancelSignal cancel;
      auto exchange = co_await client->send(provider, chat_request(), cancel);
      LLMGW_CO_ASSERT_OK(exchange);
      EXPECT_EQ((*exchange)->status(), 204);
    }
    CancelSignal cancel;
    auto next = co_await client->send(provider, chat_request(), cancel);
    LLMGW_CO_ASSERT_OK(next);
    auto body = co_await (*next)->read_all(100);
    LLMGW_CO_ASSERT_OK(body);
    EXPECT_EQ(*body, "second");
  });
  EXPECT_EQ(server.connections(), 1u);
}

}  // namespace
}  // namespace llmgw::upstream
