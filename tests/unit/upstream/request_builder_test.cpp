#include "upstream/request_builder.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace llmgw::upstream {
namespace {

namespace http = boost::beast::http;

config::UpstreamOrigin origin(bool tls, std::string host, std::uint16_t port) {
  config::UpstreamOrigin o;
  o.tls = tls;
  o.host = std::move(host);
  o.port = port;
  return o;
}

UpstreamRequest request_with(Headers headers, std::string body = "{}") {
  UpstreamRequest request;
  request.target = "/v1/chat/completions?x=1";
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

TEST(UpstreamRequestBuilderTest, HostHeaderOmitsOnlyTheSchemesDefaultPort) {
  EXPECT_EQ(host_header(origin(true, "api.openai.com", 443)), "api.openai.com");
  EXPECT_EQ(host_header(origin(true, "api.openai.com", 8443)), "api.openai.com:8443");
  EXPECT_EQ(host_header(origin(false, "localhost", 80)), "localhost");
  EXPECT_EQ(host_header(origin(false, "localhost", 443)), "localhost:443");
  EXPECT_EQ(host_header(origin(false, "::1", 8080)), "[::1]:8080");
  EXPECT_EQ(host_header(origin(false, "[::1]", 80)), "[::1]");
  EXPECT_EQ(host_name(origin(false, "[::1]", 80)), "::1");
  EXPECT_EQ(host_name(origin(false, "example.com", 80)), "example.com");
}

TEST(UpstreamRequestBuilderTest, AddsFramingAndIdentityHeadersThenTheCallers) {
  auto built = build_request(origin(true, "api.example.com", 443),
                             request_with({{"Authorization", "Bearer k"}, {"X-Trace", "t1"}}));
  ASSERT_TRUE(built.ok()) << built.error().message;
  // What exchange.cpp writes: the formatted head, then the body as is.
  std::string wire = "prefix|";
  append_request_head(wire, *built);
  wire.append(built->body());
  std::ostringstream beast_wire;
  beast_wire << *built;
  EXPECT_EQ(wire, "prefix|" + beast_wire.str()) << "same bytes as Beast's serializer";
  EXPECT_EQ(wire,
            "prefix|"
            "POST /v1/chat/completions?x=1 HTTP/1.1\r\n"
            "Host: api.example.com\r\n"
            "User-Agent: llmgw/" LLMGW_VERSION
            "\r\n"
            "Connection: keep-alive\r\n"
            "Authorization: Bearer k\r\n"
            "X-Trace: t1\r\n"
            "Content-Length: 2\r\n"
            "\r\n"
            "{}");
}

TEST(UpstreamRequestBuilderTest, DropsHopByHopHeadersAndLetsCallerSetUserAgent) {
  auto built = build_request(origin(false, "h", 80), request_with({{"Connection", "close"},
                                                                   {"Host", "evil.example"},
                                                                   {"Transfer-Encoding", "chunked"},
                                                                   {"content-length", "999"},
                                                                   {"Keep-Alive", "timeout=5"},
                                                                   {"TE", "trailers"},
                                                                   {"user-agent", "sdk/1.0"}}));
  ASSERT_TRUE(built.ok());
  const OutgoingRequest& message = *built;
  EXPECT_EQ(message[http::field::host], "h");
  EXPECT_EQ(message[http::field::connection], "keep-alive");
  EXPECT_EQ(message[http::field::content_length], "2");
  EXPECT_EQ(message.count(http::field::transfer_encoding), 0u);
  EXPECT_EQ(message.count(http::field::keep_alive), 0u);
  EXPECT_EQ(message.count(http::field::te), 0u);
  EXPECT_EQ(message.count(http::field::user_agent), 1u);
  EXPECT_EQ(message[http::field::user_agent], "sdk/1.0");
}

TEST(UpstreamRequestBuilderTest, BodylessGetHasNoContentLength) {
  UpstreamRequest request = request_with({}, "");
  request.method = http::verb::get;
  request.target = "/v1/models";
  auto built = build_request(origin(false, "h", 80), std::move(request));
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->count(http::field::content_length), 0u);
  EXPECT_EQ(built->method(), http::verb::get);
}

TEST(UpstreamRequestBuilderTest, RejectsValuesThatWouldSplitTheMessageWithoutEchoingThem) {
  for (const std::string& bad :
       std::vector<std::string>{"a\r\nX-Injected: 1", std::string("a\0b", 3), "line\nfeed"}) {
    auto built = build_request(origin(false, "h", 80), request_with({{"X-Secretish", bad}}));
    ASSERT_FALSE(built.ok());
    EXPECT_EQ(built.error().kind, ErrorKind::invalid_request);
    EXPECT_NE(built.error().message.find("X-Secretish"), std::string::npos);
    EXPECT_EQ(built.error().message.find(bad), std::string::npos);
  }
}

TEST(UpstreamRequestBuilderTest, RejectsHeaderNamesThatAreNotTokens) {
  for (std::string bad : {"", "Bad Name", "Colon:", "Line\r\nBreak"}) {
    auto built = build_request(origin(false, "h", 80), request_with({{bad, "v"}}));
    EXPECT_FALSE(built.ok()) << bad;
  }
}

TEST(UpstreamRequestBuilderTest, RejectsTargetsThatAreNotOriginFormPaths) {
  for (std::string bad : {"", "v1/chat", "http://x/v1", "/path with space", "/a\r\nb", "/\x7f"}) {
    UpstreamRequest request = request_with({});
    request.target = bad;
    auto built = build_request(origin(false, "h", 80), std::move(request));
    EXPECT_FALSE(built.ok()) << bad;
  }
}

}  // namespace
}  // namespace llmgw::upstream
