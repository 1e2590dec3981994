// One client connection against the real session: keep-alive, malformed requests, limits.

#include "server/http_session.hpp"

#include <gtest/gtest.h>

#include "app/default_chain.hpp"
#include "support/gateway_harness.hpp"
#include "support/test_chain.hpp"

namespace llmgw::server {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Writes raw bytes and reads until the server closes (bounded by a receive timeout).
std::string exchange_raw(std::uint16_t port, std::string_view bytes) {
  asio::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  struct timeval tv {
    5, 0
  };
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  asio::write(socket, asio::buffer(bytes));
  std::string received;
  char buf[4096];
  boost::system::error_code ec;
  for (;;) {
    std::size_t n = socket.read_some(asio::buffer(buf), ec);
    if (ec) break;
    received.append(buf, n);
  }
  return received;
}

struct Served {
  testing::FakeOpenAiUpstream upstream;
  testing::GatewayHarness gateway{upstream.port(), [] { return testing::default_test_chain(); }};
};

TEST(HttpSessionTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Served s;
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  std::string received = exchange_raw(s.gateway.port(), two);
  std::size_t first = received.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(received.find("HTTP/1.1 200", first + 1), std::string::npos);
}

TEST(HttpSessionTest, AMalformedRequestLineIs400) {
  Served s;
  std::string received = exchange_raw(s.gateway.port(), "NOT A REQUEST\r\n\r\n");
  EXPECT_EQ(received.rfind("HTTP/1.1 400", 0), 0u) << received;
  EXPECT_NE(received.find("x-request-id"), std::string::npos);
}

TEST(HttpSessionTest, ATransferEncodingThatDoesNotEndInChunkedIsRefused) {
  Served s;
  std::string received = exchange_raw(
      s.gateway.port(),
      "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n");
  EXPECT_EQ(received.rfind("HTTP/1.1 400", 0), 0u) << received;
}

TEST(HttpSessionTest, StreamsAreChunkedEventStreams) {
  Served s;
  std::string body = R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})";
  std::string request =
      "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
      "Authorization: Bearer sk-test\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string received = exchange_raw(s.gateway.port(), request);
  EXPECT_EQ(received.rfind("HTTP/1.1 200", 0), 0u) << received;
  EXPECT_NE(received.find("Content-Type: text/event-stream"), std::string::npos);
  EXPECT_NE(received.find("Transfer-Encoding: chunked"), std::string::npos);
  EXPECT_NE(received.find("data: [DONE]"), std::string::npos);
  EXPECT_NE(received.find("\r\n0\r\n\r\n"), std::string::npos);  // the last chunk
}

}  // namespace
}  // namespace llmgw::server
