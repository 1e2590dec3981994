#include "upstream/request_builder.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
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
  EXPECT_EQ(built->head,
            "POST /v1/chat/completions?x=1 HTTP/1.1\r\n"
            "Host: api.example.com\r\n"
            "User-Agent: llmgw/" LLMGW_VERSION
            "\r\n"
            "Connection: keep-alive\r\n"
            "Authorization: Bearer k\r\n"
            "X-Trace: t1\r\n"
            "Content-Length: 2\r\n"
            "\r\n");
  EXPECT_EQ(built->body, "{}");
}

TEST(UpstreamRequestBuilderTest, HeadParsesAsTheRequestItDescribes) {
  auto built = build_request(origin(false, "h", 8080), request_with({{"X-A", "1"}}, "{\"k\":1}"));
  ASSERT_TRUE(built.ok());
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  boost::system::error_code ec;
  const std::string wire = built->head + built->body;
  parser.put(boost::asio::buffer(wire), ec);
  ASSERT_FALSE(ec) << ec.message();
  ASSERT_TRUE(parser.is_done());
  const auto& message = parser.get();
  EXPECT_EQ(message.method(), http::verb::post);
  EXPECT_EQ(message.target(), "/v1/chat/completions?x=1");
  EXPECT_EQ(message[http::field::host], "h:8080");
  EXPECT_EQ(message["X-A"], "1");
  EXPECT_EQ(message.body(), "{\"k\":1}");
}

// The header lines of a built request, one per element, without the request line.
std::vector<std::string> header_lines(const OutgoingRequest& request) {
  std::vector<std::string> lines;
  std::string_view head = request.head;
  head.remove_prefix(head.find("\r\n") + 2);
  while (head.size() > 2) {
    const std::size_t end = head.find("\r\n");
    lines.emplace_back(head.substr(0, end));
    head.remove_prefix(end + 2);
  }
  return lines;
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
  EXPECT_EQ(header_lines(*built),
            (std::vector<std::string>{"Host: h", "User-Agent: sdk/1.0", "Connection: keep-alive",
                                      "Content-Length: 2"}));
}

TEST(UpstreamRequestBuilderTest, BodylessGetHasNoContentLengthButEmptyPostHasZero) {
  UpstreamRequest request = request_with({}, "");
  request.method = http::verb::get;
  request.target = "/v1/models";
  auto built = build_request(origin(false, "h", 80), std::move(request));
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->head.rfind("GET /v1/models HTTP/1.1\r\n", 0), 0u) << built->head;
  EXPECT_EQ(built->head.find("Content-Length"), std::string::npos) << built->head;

  auto post = build_request(origin(false, "h", 80), request_with({}, ""));
  ASSERT_TRUE(post.ok());
  EXPECT_NE(post->head.find("\r\nContent-Length: 0\r\n"), std::string::npos) << post->head;
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
