#include "providers/gemini/event_decoder.hpp"

#include <gtest/gtest.h>

#include "gemini_test_support.hpp"
#include "providers/gemini/thought_signature.hpp"

namespace llmgw::providers::gemini {
namespace {

using Events = std::vector<std::string>;
using testing::RecordingSink;

Events decode_pieces(const std::vector<std::string_view>& pieces,
                     std::size_t max_event_bytes = sse::kDefaultMaxEventBytes) {
  GeminiEventDecoder decoder("seed", max_event_bytes);
  RecordingSink sink;
  for (std::string_view piece : pieces) {
    std::string copy(piece);  // the decoder must not keep views into the caller's bytes
    decoder.feed(copy, sink);
  }
  decoder.finish(sink);
  return sink.events;
}

Events decode_whole(std::string_view bytes) {
  return decode_pieces({bytes});
}

/// Decodes whole, byte by byte and split in two at every offset; all must agree.
Events decode_every_split(std::string_view bytes) {
  const Events whole = decode_whole(bytes);
  std::vector<std::string_view> bytewise;
  for (std::size_t i = 0; i < bytes.size(); ++i) bytewise.push_back(bytes.substr(i, 1));
  EXPECT_EQ(decode_pieces(bytewise), whole) << "byte by byte";
  for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
    EXPECT_EQ(decode_pieces({bytes.substr(0, cut), bytes.substr(cut)}), whole) << "cut " << cut;
  }
  return whole;
}

constexpr std::string_view kTextStream =
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}],\"role\":\"model\"},"
    "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"totalTokenCount\":5},"
    "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r-1\"}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"think\",\"thought\":true},"
    "{\"text\":\"lo \xC3\xA9\"}]},\"index\":0}]}\r\n\r\n"
    "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}]},\"finishReason\":\"STOP\","
    "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,"
    "\"thoughtsTokenCount\":2,\"totalTokenCount\":10}}\r\n\r\n";

TEST(GeminiEventDecoderTest, TextStreamWithCrlfAtEverySplit) {
  EXPECT_EQ(
      decode_every_split(kTextStream),
      (Events{"start r-1 gemini-2.5-flash", "text 0 Hel", "usage 5 0 5 0 0", "reasoning 0 think",
              "text 0 lo \xC3\xA9", "finish 0 stop", "usage 5 5 10 0 2", "end"}));
}

TEST(GeminiEventDecoderTest, ToolCallsAreWholeAndNumberedPerChoice) {
  const std::string stream =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Checking.\"}]}}]}\n\n"
      "data: {\"candidates\":[{\"content\":{\"parts\":["
      "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}},"
      "{\"functionCall\":{\"name\":\"get_time\",\"args\":{}},\"thoughtSignature\":\"c2ln\"}]},"
      "\"finishReason\":\"STOP\"}]}\n\n";
  EXPECT_EQ(decode_every_split(stream),
            (Events{"start  ", "text 0 Checking.", "call 0 0 call_seed_0 get_weather",
                    "args 0 0 {\"city\":\"Oslo\"}", "call 0 1 call_seed_1__llmgw_ts__c2ln get_time",
                    "args 0 1 {}", "finish 0 tool_calls", "end"}));
}

TEST(GeminiEventDecoderTest, ThoughtSignaturesRideInToolCallIdsAtEverySplit) {
  const std::string stream =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"plan\",\"thought\":true,"
      "\"thoughtSignature\":\"dGV4dA==\"}]}}]}\n\n"
      "data: {\"candidates\":[{\"content\":{\"parts\":["
      "{\"functionCall\":{\"name\":\"a\",\"args\":{}},\"thoughtSignature\":\"Cq8B+/9zAA==\"},"
      "{\"functionCall\":{\"id\":\"own\",\"name\":\"b\"},\"thoughtSignature\":\"Cq8\"},"
      "{\"functionCall\":{\"name\":\"c\"}}]},\"finishReason\":\"STOP\"}]}\n\n";
  EXPECT_EQ(decode_every_split(stream),
            (Events{"start  ", "reasoning 0 plan", "call 0 0 call_seed_0__llmgw_ts__Cq8B-_9zAA a",
                    "args 0 0 {}", "call 0 1 own__llmgw_tsx__Q3E4 b", "args 0 1 {}",
                    "call 0 2 call_seed_2 c", "args 0 2 {}", "finish 0 tool_calls", "end"}));
  EXPECT_EQ(signature_from_id("call_seed_0__llmgw_ts__Cq8B-_9zAA"), "Cq8B+/9zAA==");
  EXPECT_EQ(signature_from_id("own__llmgw_tsx__Q3E4"), "Cq8");
}

TEST(GeminiEventDecoderTest, OversizedThoughtSignatureIsDropped) {
  const std::string stream =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"c\"},"
      "\"thoughtSignature\":\"" +
      std::string(kMaxThoughtSignatureBytes + 1, 'A') + "\"}]},\"finishReason\":\"STOP\"}]}\n\n";
  const Events expected{"start  ", "call 0 0 call_seed_0 c", "args 0 0 {}", "finish 0 tool_calls",
                        "end"};
  EXPECT_EQ(decode_whole(stream), expected);
  std::vector<std::string_view> bytewise;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    bytewise.push_back(std::string_view(stream).substr(i, 1));
  }
  EXPECT_EQ(decode_pieces(bytewise), expected);
}

TEST(GeminiEventDecoderTest, SeveralCandidatesMustAllFinish) {
  const std::string two =
      "data: {\"candidates\":[{\"index\":0,\"content\":{\"parts\":[{\"text\":\"a\"}]}},"
      "{\"index\":1,\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"f\",\"id\":\"x\"}}]}}]}"
      "\n\n"
      "data: {\"candidates\":[{\"index\":1,\"finishReason\":\"STOP\"}]}\n\n";
  Events cut = decode_whole(two);
  ASSERT_FALSE(cut.empty());
  EXPECT_EQ(cut.back(),
            "error upstream_protocol 502 Gemini stream ended before candidate 0 reported a "
            "finishReason");
  Events done = decode_whole(two +
                             "data: {\"candidates\":[{\"index\":0,\"finishReason\":"
                             "\"MAX_TOKENS\"}]}\n\n");
  EXPECT_EQ(done, (Events{"start  ", "text 0 a", "call 1 0 x f", "args 1 0 {}",
                          "finish 1 tool_calls", "finish 0 length", "end"}));
}

TEST(GeminiEventDecoderTest, ContentAfterFinishIsIgnoredButUsageCounts) {
  Events events = decode_whole(
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":"
      "\"STOP\"}]}\n\n"
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"late\"}]},\"finishReason\":"
      "\"STOP\"}],\"usageMetadata\":{\"totalTokenCount\":9}}\n\n");
  EXPECT_EQ(events, (Events{"start  ", "text 0 a", "finish 0 stop", "usage 0 0 9 0 0", "end"}));
}

TEST(GeminiEventDecoderTest, PromptBlocked) {
  EXPECT_EQ(decode_every_split("data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                               "\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4},"
                               "\"responseId\":\"b\"}\n\n"),
            (Events{"start b ", "finish 0 content_filter", "usage 4 0 4 0 0", "end"}));
}

TEST(GeminiEventDecoderTest, TruncatedStreams) {
  const std::string no_finish =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}]}\n\n";
  EXPECT_EQ(decode_every_split(no_finish).back(),
            "error upstream_protocol 502 Gemini stream ended before candidate 0 reported a "
            "finishReason");
  EXPECT_EQ(decode_whole(""),
            (Events{"error upstream_protocol 502 Gemini stream ended before any finishReason"}));
  // An event cut off by the end of the body is not reported as garbage but as cut short.
  Events cut = decode_whole(no_finish + "data: {\"candidates\":[{\"finishRea");
  EXPECT_EQ(cut.back(),
            "error upstream_protocol 502 Gemini stream ended before candidate 0 reported a "
            "finishReason");
  // The last event without its blank line still counts.
  EXPECT_EQ(decode_whole("data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}").back(), "end");
}

TEST(GeminiEventDecoderTest, InvalidJsonEventIsAProtocolError) {
  Events events = decode_whole(
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n"
      "data: {nope}\n\n"
      "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n");
  EXPECT_EQ(events, (Events{"start  ", "text 0 a",
                            "error upstream_protocol 502 Gemini sent a stream event that is not "
                            "valid JSON"}));
  Events wrong_type = decode_whole("data: {\"candidates\":\"x\"}\n\n");
  EXPECT_EQ(wrong_type, (Events{"error upstream_protocol 502 Gemini response: candidates is not "
                                "an array"}));
}

TEST(GeminiEventDecoderTest, KeepAlivesAndCommentsAreSkipped) {
  EXPECT_EQ(decode_every_split(": ping\n\ndata:\n\ndata: :ping\n\nevent: x\ndata: [DONE]\n\n"
                               "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\r\r"),
            (Events{"start  ", "finish 0 stop", "end"}));
}

TEST(GeminiEventDecoderTest, ErrorEventInData) {
  EXPECT_EQ(
      decode_every_split("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n"
                         "data: {\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":"
                         "\"UNAVAILABLE\"}}\n\n"
                         "data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n"),
      (Events{"start  ", "text 0 a", "error upstream_status 503 overloaded"}));
}

TEST(GeminiEventDecoderTest, BarePrettyPrintedErrorAfterEvents) {
  const std::string stream =
      "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\r\n\r\n"
      "{\n  \"error\": {\n    \"code\": 429,\n    \"message\": \"quota {exceeded}\\\" ]\",\n"
      "    \"status\": \"RESOURCE_EXHAUSTED\"\n  }\n}\ntrailing junk";
  EXPECT_EQ(decode_every_split(stream),
            (Events{"start  ", "text 0 a", "error upstream_status 429 quota {exceeded}\" ]"}));
}

TEST(GeminiEventDecoderTest, BareErrorArrayAsWholeBody) {
  EXPECT_EQ(decode_every_split("[{\"error\":{\"code\":500,\"message\":\"boom\",\"status\":"
                               "\"INTERNAL\"}}]"),
            (Events{"error upstream_status 500 boom"}));
}

TEST(GeminiEventDecoderTest, BareJsonThatIsNotAnError) {
  EXPECT_EQ(decode_whole("[{\"candidates\":[]}]"),
            (Events{"error upstream_protocol 502 Gemini sent JSON outside the SSE stream that is "
                    "not an error object"}));
  EXPECT_EQ(decode_whole("{\"error\": {\"code\": 1"),
            (Events{"error upstream_protocol 502 Gemini stream ended inside a JSON body"}));
}

TEST(GeminiEventDecoderTest, BareJsonIsBounded) {
  GeminiEventDecoder decoder("s");
  RecordingSink sink;
  decoder.feed("{\"error\":\"", sink);
  const std::string chunk(64 * 1024, 'x');
  for (int i = 0; i < 20 && sink.events.empty(); ++i) decoder.feed(chunk, sink);
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_NE(sink.events[0].find("larger than"), std::string::npos);
  decoder.finish(sink);
  EXPECT_EQ(sink.events.size(), 1u);
}

TEST(GeminiEventDecoderTest, OversizedEventFails) {
  Events events = decode_pieces(
      {"data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + std::string(200, 'x')}, 64);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], "error upstream_protocol 502 Gemini sent an SSE event larger than 64 bytes");
}

TEST(GeminiEventDecoderTest, NothingAfterAnError) {
  GeminiEventDecoder decoder("s");
  RecordingSink sink;
  decoder.feed("data: {\"error\":{\"code\":400,\"message\":\"bad\"}}\n\n", sink);
  decoder.feed("data: {\"candidates\":[{\"finishReason\":\"STOP\"}]}\n\n", sink);
  decoder.finish(sink);
  EXPECT_EQ(sink.events, (Events{"error upstream_status 400 bad"}));
}

}  // namespace
}  // namespace llmgw::providers::gemini
