#include "server/response_head.hpp"

#include <gtest/gtest.h>

#include <string>

namespace llmgw::server {
namespace {

std::string head_of(const ResponseHead& head) {
  std::string out = "prefix|";
  append_response_head(out, head);
  return out;
}

TEST(ResponseHeadTest, WholeResponseHasFixedThenExtraHeadersAndContentLength) {
  const Headers extra{{"x-request-id", "abc"}, {"Retry-After", "7"}};
  EXPECT_EQ(head_of({.status = 429,
                     .fixed = {{"Server", "llmgw"}, {"Content-Type", "application/json"}},
                     .extra = &extra,
                     .content_length = 42,
                     .keep_alive = true}),
            "prefix|HTTP/1.1 429 Too Many Requests\r\n"
            "Server: llmgw\r\n"
            "Content-Type: application/json\r\n"
            "x-request-id: abc\r\n"
            "Retry-After: 7\r\n"
            "Content-Length: 42\r\n"
            "\r\n");
}

TEST(ResponseHeadTest, FormattedLinesFollowTheExtraHeadersAsTheyAre) {
  const Headers extra{{"x-request-id", "abc"}};
  FormattedHeaders formatted;
  formatted.add("x-ratelimit-limit-requests", std::int64_t{60});
  formatted.add("x-llmgw-cost", "0.25");
  EXPECT_EQ(head_of({.status = 200,
                     .fixed = {{"Server", "llmgw"}},
                     .extra = &extra,
                     .formatted = formatted.lines(),
                     .content_length = 2,
                     .keep_alive = true}),
            "prefix|HTTP/1.1 200 OK\r\n"
            "Server: llmgw\r\n"
            "x-request-id: abc\r\n"
            "x-ratelimit-limit-requests: 60\r\n"
            "x-llmgw-cost: 0.25\r\n"
            "Content-Length: 2\r\n"
            "\r\n");
}

TEST(ResponseHeadTest, StreamIsChunkedAndClosingConnectionSaysSo) {
  EXPECT_EQ(head_of({.status = 200,
                     .fixed = {{"Content-Type", "text/event-stream"}},
                     .extra = nullptr,
                     .content_length = std::nullopt,
                     .keep_alive = false}),
            "prefix|HTTP/1.1 200 OK\r\n"
            "Content-Type: text/event-stream\r\n"
            "Transfer-Encoding: chunked\r\n"
            "Connection: close\r\n"
            "\r\n");
}

TEST(ResponseHeadTest, HandlerHeadersCannotChangeFramingOrSplitTheHead) {
  const Headers extra{{"Content-Length", "1"},
                      {"transfer-encoding", "identity"},
                      {"Connection", "keep-alive"},
                      {"x-evil", "a\r\nSet-Cookie: b"},
                      {"bad name", "v"},
                      {"x-ok", "fine"}};
  EXPECT_EQ(head_of({.status = 200, .fixed = {}, .extra = &extra, .content_length = 0}),
            "prefix|HTTP/1.1 200 OK\r\n"
            "x-ok: fine\r\n"
            "Content-Length: 0\r\n"
            "\r\n");
}

TEST(ResponseHeadTest, StatusOutsideThreeDigitsBecomes500) {
  const std::string head = head_of({.status = 42, .fixed = {}, .content_length = 0});
  EXPECT_EQ(head.rfind("prefix|HTTP/1.1 500 Internal Server Error\r\n", 0), 0u) << head;
}

TEST(ResponseHeadTest, ChunkSizeLineIsLowercaseHex) {
  char storage[20];
  EXPECT_EQ(chunk_size_line(0, storage), "0\r\n");
  EXPECT_EQ(chunk_size_line(0x1a2b, storage), "1a2b\r\n");
  EXPECT_EQ(chunk_size_line(SIZE_MAX, storage), "ffffffffffffffff\r\n");
}

}  // namespace
}  // namespace llmgw::server
