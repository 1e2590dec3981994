#include "providers/anthropic/stream_decoder.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

std::string event(std::string_view name, std::string_view data) {
  return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

const std::string kStream =
    event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":1,"cache_creation_input_tokens":7,"cache_read_input_tokens":100}}})") +
    event("content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
    event("ping", R"({"type": "ping"})") +
    event("content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé"}})") +
    event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
    event(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}})") +
    event("message_stop", R"({"type":"message_stop"})");

struct Collected {
  std::string client_bytes;
  std::optional<Usage> usage;
  std::optional<Error> error;
  bool error_forwarded = false;
  bool done = false;
  bool saw_content = false;
  std::size_t first_content_at = 0;  ///< client_bytes size when saw_content first turned on.

  void add(const StreamOutput& out) {
    client_bytes += out.client_bytes;
    if (out.usage) usage = out.usage;
    if (out.error && !error) {
      error = out.error;
      error_forwarded = out.error_forwarded;
    }
    done = done || out.done;
    if (out.saw_content && !saw_content) first_content_at = client_bytes.size();
    saw_content = saw_content || out.saw_content;
  }
};

Collected run(const std::vector<std::string_view>& pieces, std::size_t max_event_bytes = 1 << 20) {
  AnthropicStreamDecoder decoder(max_event_bytes);
  Collected collected;
  StreamOutput out;
  for (std::string_view piece : pieces) {
    out.clear();
    std::string buffer(piece);
    decoder.feed(buffer, out);
    collected.add(out);
  }
  out.clear();
  decoder.finish(out);
  collected.add(out);
  return collected;
}

void expect_whole_stream(const Collected& got) {
  EXPECT_EQ(got.client_bytes, kStream);
  EXPECT_TRUE(got.done);
  EXPECT_TRUE(got.saw_content);
  EXPECT_FALSE(got.error.has_value());
  ASSERT_TRUE(got.usage.has_value());
  EXPECT_EQ(got.usage->prompt_tokens, 137);
  EXPECT_EQ(got.usage->completion_tokens, 12);
  EXPECT_EQ(got.usage->total_tokens, 149);
  EXPECT_EQ(got.usage->cached_tokens, 100);
  EXPECT_EQ(got.usage->cache_write_tokens, 7);
}

TEST(AnthropicStreamDecoderTest, RelaysEveryEventByteForByte) {
  expect_whole_stream(run({kStream}));
}

TEST(AnthropicStreamDecoderTest, SplitAtEveryByteGivesTheSameBytes) {
  const std::string_view bytes = kStream;
  for (std::size_t at = 0; at <= bytes.size(); ++at) {
    SCOPED_TRACE("split at " + std::to_string(at));
    expect_whole_stream(run({bytes.substr(0, at), bytes.substr(at)}));
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(AnthropicStreamDecoderTest, ByteByByte) {
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; i < kStream.size(); ++i)
    pieces.push_back(std::string_view(kStream).substr(i, 1));
  expect_whole_stream(run(pieces));
}

TEST(AnthropicStreamDecoderTest, OnlyCompleteEventsAreRelayed) {
  AnthropicStreamDecoder decoder;
  StreamOutput out;
  const std::size_t second = kStream.find("event: content_block_start");
  decoder.feed(std::string_view(kStream).substr(0, second + 10), out);
  EXPECT_EQ(out.client_bytes, kStream.substr(0, second));
  EXPECT_FALSE(out.saw_content);
  ASSERT_TRUE(out.usage.has_value());  // message_start carries the input counts
  EXPECT_EQ(out.usage->prompt_tokens, 137);
  EXPECT_EQ(out.usage->completion_tokens, 1);
}

TEST(AnthropicStreamDecoderTest, CrlfFramingIsNormalisedToLf) {
  std::string crlf;
  for (char c : kStream) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  expect_whole_stream(run({crlf}));
}

TEST(AnthropicStreamDecoderTest, ErrorEventIsForwardedAndEndsTheStream) {
  const std::string error_event = event(
      "error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
  const std::size_t cut = kStream.find("event: content_block_stop");
  const std::string stream = kStream.substr(0, cut) + error_event + kStream.substr(cut);
  const Collected got = run({stream});
  EXPECT_EQ(got.client_bytes, kStream.substr(0, cut) + error_event);
  ASSERT_TRUE(got.error.has_value());
  EXPECT_TRUE(got.error_forwarded);
  EXPECT_EQ(got.error->kind, ErrorKind::upstream_status);
  EXPECT_EQ(got.error->http_status, 529);
  EXPECT_EQ(got.error->code, "overloaded_error");
  EXPECT_EQ(got.error->message, "Overloaded");
  EXPECT_FALSE(got.done);
}

TEST(AnthropicStreamDecoderTest, TruncatedStreamIsAProtocolError) {
  const std::size_t cut = kStream.find("event: message_stop");
  const Collected got = run({std::string_view(kStream).substr(0, cut + 30)});
  EXPECT_EQ(got.client_bytes, kStream.substr(0, cut));  // the cut-off event is not relayed
  ASSERT_TRUE(got.error.has_value());
  EXPECT_EQ(got.error->kind, ErrorKind::upstream_protocol);
  EXPECT_FALSE(got.error_forwarded);
  EXPECT_FALSE(got.done);
}

TEST(AnthropicStreamDecoderTest, LastEventWithoutBlankLineStillCounts) {
  const Collected got = run({std::string_view(kStream).substr(0, kStream.size() - 1)});
  EXPECT_EQ(got.client_bytes, kStream);
  EXPECT_TRUE(got.done);
  EXPECT_FALSE(got.error.has_value());
}

TEST(AnthropicStreamDecoderTest, NothingAfterMessageStop) {
  const Collected got = run({kStream + event("ping", "{}") + "data: junk\n\n"});
  EXPECT_EQ(got.client_bytes, kStream);
}

TEST(AnthropicStreamDecoderTest, CommentsAndUnknownEventsPassThrough) {
  const std::string extra = ": keep-alive\n\n" + event("future_event", R"({"x":1})");
  const Collected got = run({extra + kStream});
  EXPECT_EQ(got.client_bytes, extra + kStream);
}

TEST(AnthropicStreamDecoderTest, WrongTypedUsageIsIgnored) {
  const std::string stream =
      event(
          "message_start",
          R"({"type":"message_start","message":{"usage":{"input_tokens":"many","output_tokens":-4}}})") +
      event("message_delta", R"({"type":"message_delta","usage":null})") +
      event("message_stop", R"({"type":"message_stop"})");
  const Collected got = run({stream});
  ASSERT_TRUE(got.usage.has_value());
  EXPECT_EQ(got.usage->prompt_tokens, 0);
  EXPECT_EQ(got.usage->completion_tokens, 0);
  EXPECT_TRUE(got.done);
}

TEST(AnthropicStreamDecoderTest, OversizedEventIsAProtocolError) {
  const Collected got = run({kStream}, 64);
  ASSERT_TRUE(got.error.has_value());
  EXPECT_EQ(got.error->kind, ErrorKind::upstream_protocol);
  EXPECT_FALSE(got.done);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
