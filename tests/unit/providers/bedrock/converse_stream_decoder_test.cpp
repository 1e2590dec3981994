#include "providers/bedrock/converse_stream_decoder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bedrock_test_support.hpp"

namespace llmgw::providers::bedrock {
namespace {

using testing::event;
using testing::exception;
using testing::LogSink;

std::string text_stream() {
  return event("messageStart", R"({"role":"assistant","p":"abcdef"})") +
         event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hel"}})") +
         event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"lo ✓"}})") +
         event("contentBlockStop", R"({"contentBlockIndex":0})") +
         event("messageStop", R"({"stopReason":"end_turn"})") +
         event("metadata", R"({"usage":{"inputTokens":5,"outputTokens":2,"totalTokens":7,)"
                           R"("cacheReadInputTokens":3},"metrics":{"latencyMs":90}})");
}

constexpr std::string_view kTextLog =
    "start |\n"
    "text 0 Hel\n"
    "text 0 lo ✓\n"
    "usage 8 2 10 cached=3 write=0\n"
    "finish 0 stop\n"
    "end\n";

std::string tool_stream() {
  return event("messageStart", R"({"role":"assistant"})") +
         event("contentBlockDelta",
               R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"hmm"}}})") +
         event("contentBlockDelta",
               R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"s"}}})") +
         event("contentBlockStop", R"({"contentBlockIndex":0})") +
         event(
             "contentBlockStart",
             R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather"}}})") +
         event("contentBlockDelta",
               R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":\"Ber"}}})") +
         event("contentBlockDelta",
               R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"gen\"}"}}})") +
         event("contentBlockStop", R"({"contentBlockIndex":1})") +
         event("contentBlockStart",
               R"({"contentBlockIndex":2,"start":{"toolUse":{"name":"get_time"}}})") +
         event("contentBlockStop", R"({"contentBlockIndex":2})") +
         event("messageStop", R"({"stopReason":"tool_use","additionalModelResponseFields":{}})") +
         event("metadata", R"({"usage":{"inputTokens":210,"outputTokens":31,"totalTokens":241}})");
}

constexpr std::string_view kToolLog =
    "start |\n"
    "reasoning 0 hmm\n"
    "tool_start 0 0 tooluse_a get_weather\n"
    "tool_delta 0 0 {\"city\":\"Ber\n"
    "tool_delta 0 0 gen\"}\n"
    "tool_start 0 1 call_seed_1 get_time\n"
    "usage 210 31 241 cached=0 write=0\n"
    "finish 0 tool_calls\n"
    "end\n";

std::string decode_whole(std::string_view bytes) {
  ConverseStreamDecoder decoder("seed");
  LogSink sink;
  decoder.feed(bytes, sink);
  decoder.finish(sink);
  return sink.log;
}

std::string decode_bytewise(std::string_view bytes) {
  ConverseStreamDecoder decoder("seed");
  LogSink sink;
  for (char c : bytes) decoder.feed(std::string_view(&c, 1), sink);
  decoder.finish(sink);
  return sink.log;
}

TEST(BedrockConverseStream, TextStreamHoldsTheFinishUntilUsage) {
  EXPECT_EQ(decode_whole(text_stream()), kTextLog);
}

TEST(BedrockConverseStream, EverySplitGivesTheSameEvents) {
  for (const std::string& stream : {text_stream(), tool_stream()}) {
    const std::string whole = decode_whole(stream);
    EXPECT_EQ(decode_bytewise(stream), whole);
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
      ConverseStreamDecoder decoder("seed");
      LogSink sink;
      decoder.feed(std::string_view(stream).substr(0, cut), sink);
      decoder.feed(std::string_view(stream).substr(cut), sink);
      decoder.finish(sink);
      ASSERT_EQ(sink.log, whole) << "cut at " << cut;
    }
  }
}

TEST(BedrockConverseStream, ToolCallsCountFromZeroAndMissingIdsAreMadeUp) {
  EXPECT_EQ(decode_whole(tool_stream()), kToolLog);
}

TEST(BedrockConverseStream, CleanEndAfterMessageStopWithoutMetadataEndsTheMessage) {
  const std::string stream = event("messageStart", "{}") +
                             event("contentBlockDelta", R"({"delta":{"text":"x"}})") +
                             event("messageStop", R"({"stopReason":"max_tokens"})");
  ConverseStreamDecoder decoder("seed");
  LogSink sink;
  decoder.feed(stream, sink);
  EXPECT_EQ(sink.log, "start |\ntext 0 x\n");  // still waiting for metadata
  decoder.finish(sink);
  EXPECT_EQ(sink.log, "start |\ntext 0 x\nfinish 0 length\nend\n");
}

TEST(BedrockConverseStream, MetadataBeforeMessageStopEndsAtMessageStop) {
  const std::string stream = event("metadata", R"({"usage":{"inputTokens":1,"outputTokens":1}})") +
                             event("messageStop", R"({"stopReason":"end_turn"})") +
                             event("contentBlockDelta", R"({"delta":{"text":"late"}})");
  EXPECT_EQ(decode_whole(stream), "start |\nusage 1 1 2 cached=0 write=0\nfinish 0 stop\nend\n");
}

TEST(BedrockConverseStream, EndWithoutMessageStopIsAProtocolError) {
  const std::string stream =
      event("messageStart", "{}") + event("contentBlockDelta", R"({"delta":{"text":"x"}})");
  EXPECT_EQ(decode_whole(stream),
            "start |\ntext 0 x\nerror 502 upstream_protocol retryable upstream_protocol_error "
            "Bedrock stream ended before "
            "messageStop\n");
}

TEST(BedrockConverseStream, TruncatedFrameIsAProtocolError) {
  const std::string stream = text_stream();
  // Cut inside the metadata frame: messageStop came through, but a cut body is an error, never
  // a finished answer.
  EXPECT_EQ(decode_whole(std::string_view(stream).substr(0, stream.size() - 3)),
            "start |\ntext 0 Hel\ntext 0 lo ✓\nerror 502 upstream_protocol retryable "
            "upstream_protocol_error eventstream ended inside a message (203 bytes pending)\n");
}

TEST(BedrockConverseStream, CrcCorruptionIsAProtocolErrorAfterTheGoodFrames) {
  const std::string good =
      event("messageStart", "{}") + event("contentBlockDelta", R"({"delta":{"text":"ok"}})");
  std::string bad = event("contentBlockDelta", R"({"delta":{"text":"bad"}})");
  bad[bad.size() - 10] ^= 0x01;  // payload byte: only the message CRC can notice
  const std::string tail = event("messageStop", R"({"stopReason":"end_turn"})");
  const std::string expected =
      "start |\ntext 0 ok\nerror 502 upstream_protocol retryable upstream_protocol_error "
      "eventstream message CRC mismatch\n";
  EXPECT_EQ(decode_whole(good + bad + tail), expected);
  EXPECT_EQ(decode_bytewise(good + bad + tail), expected);
}

TEST(BedrockConverseStream, ExceptionMidStreamIsTheLastEvent) {
  const std::string stream =
      event("messageStart", "{}") + event("contentBlockDelta", R"({"delta":{"text":"a"}})") +
      exception("throttlingException", R"({"message":"Too many tokens, please wait."})") +
      event("contentBlockDelta", R"({"delta":{"text":"after"}})") +
      event("messageStop", R"({"stopReason":"end_turn"})");
  ConverseStreamDecoder decoder("seed");
  LogSink sink;
  decoder.feed(stream, sink);
  decoder.feed(event("metadata", "{}"), sink);
  decoder.finish(sink);
  EXPECT_EQ(sink.log,
            "start |\ntext 0 a\nerror 429 upstream_status retryable ThrottlingException Too many "
            "tokens, please wait.\n");
  ASSERT_TRUE(sink.last_error.has_value());
  EXPECT_EQ(sink.last_error->type, "rate_limit_error");
}

TEST(BedrockConverseStream, GenericErrorFrameUsesItsHeaders) {
  const std::string frame =
      testing::frame(testing::string_header(":error-code", "InternalFailure") +
                         testing::string_header(":error-message", "boom") +
                         testing::string_header(":message-type", "error"),
                     "");
  EXPECT_EQ(decode_whole(frame), "error 502 upstream_status retryable InternalFailure boom\n");
}

TEST(BedrockConverseStream, MalformedEventsAreProtocolErrors) {
  const std::string cases[] = {
      event("contentBlockDelta", "not json"),
      event("contentBlockDelta", "[1]"),
      event("contentBlockDelta", R"({"contentBlockIndex":0})"),
      event("contentBlockDelta", R"({"contentBlockIndex":4,"delta":{"toolUse":{"input":"{"}}})"),
      event("contentBlockStart", R"({"start":{"toolUse":{"toolUseId":"t"}}})"),
      event("contentBlockStart",
            R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t","name":"f"}}})") +
          event("contentBlockStart",
                R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"u","name":"f"}}})"),
      testing::frame(testing::string_header(":message-type", "surprise"), "{}"),
  };
  for (const std::string& stream : cases) {
    ConverseStreamDecoder decoder("seed");
    LogSink sink;
    decoder.feed(stream, sink);
    decoder.finish(sink);
    ASSERT_TRUE(sink.last_error.has_value()) << sink.log;
    EXPECT_EQ(sink.last_error->kind, ErrorKind::upstream_protocol) << sink.log;
    EXPECT_EQ(("\n" + sink.log).find("\nerror "), ("\n" + sink.log).rfind("\nerror "))
        << "one error only: " << sink.log;
  }
}

TEST(BedrockConverseStream, UnknownEventTypesAreIgnored) {
  const std::string stream = event("messageStart", "{}") + event("somethingNew", R"({"x":1})") +
                             event("messageStop", R"({"stopReason":"end_turn"})") +
                             event("metadata", "{}");
  EXPECT_EQ(decode_whole(stream), "start |\nfinish 0 stop\nend\n");
}

}  // namespace
}  // namespace llmgw::providers::bedrock
