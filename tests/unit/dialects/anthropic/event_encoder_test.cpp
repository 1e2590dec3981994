#include "dialects/anthropic/event_encoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace llmgw::dialects::anthropic {
namespace {

using canonical::FinishReason;
using canonical::Json;

struct Event {
  std::string type;
  Json data;
};

/// Splits encoder output into events, checking the framing on the way.
std::vector<Event> events_of(const std::string& bytes) {
  std::vector<Event> events;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t end = bytes.find("\n\n", pos);
    EXPECT_NE(end, std::string::npos) << "unterminated event";
    if (end == std::string::npos) break;
    const std::string event = bytes.substr(pos, end - pos);
    const std::size_t newline = event.find('\n');
    EXPECT_EQ(event.rfind("event: ", 0), 0u);
    EXPECT_EQ(event.compare(newline + 1, 6, "data: "), 0);
    Event parsed{event.substr(7, newline - 7), Json::parse(event.substr(newline + 7))};
    // Anthropic repeats the event name as the data's type.
    EXPECT_EQ(parsed.data["type"], parsed.type);
    events.push_back(std::move(parsed));
    pos = end + 2;
  }
  return events;
}

std::vector<std::string> types_of(const std::vector<Event>& events) {
  std::vector<std::string> types;
  for (const auto& event : events) types.push_back(event.type);
  return types;
}

class AnthropicEventEncoderTest : public ::testing::Test {
 protected:
  AnthropicEventEncoderTest() : encoder_(context()) { encoder_.bind(out_); }

  static canonical::RenderContext context() {
    canonical::RenderContext ctx;
    ctx.request_id = "req7";
    ctx.public_model = "claude-public";
    return ctx;
  }

  std::vector<Event> events() const { return events_of(out_.client_bytes); }

  EventEncoder encoder_;
  providers::StreamOutput out_;
};

TEST_F(AnthropicEventEncoderTest, TextStreamExactBytes) {
  encoder_.message_start("chatcmpl-1", "gpt-x");
  encoder_.text_delta(0, "Hel");
  encoder_.text_delta(0, "lo");
  encoder_.choice_finish(0, FinishReason::stop, "");
  Usage usage;
  usage.prompt_tokens = 9;
  usage.completion_tokens = 2;
  usage.total_tokens = 11;
  encoder_.usage(usage);
  encoder_.message_end();
  EXPECT_EQ(
      out_.client_bytes,
      "event: message_start\n"
      R"(data: {"type":"message_start","message":{"id":"msg_req7","type":"message",)"
      R"("role":"assistant","model":"claude-public","content":[],"stop_reason":null,)"
      R"("stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,)"
      R"("cache_read_input_tokens":0,"output_tokens":0}}})"
      "\n\n"
      "event: content_block_start\n"
      R"(data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"
      "\n\n"
      "event: content_block_delta\n"
      R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})"
      "\n\n"
      "event: content_block_delta\n"
      R"(data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}})"
      "\n\n"
      "event: content_block_stop\n"
      R"(data: {"type":"content_block_stop","index":0})"
      "\n\n"
      "event: message_delta\n"
      R"(data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},)"
      R"("usage":{"input_tokens":9,"cache_creation_input_tokens":0,)"
      R"("cache_read_input_tokens":0,"output_tokens":2}})"
      "\n\n"
      "event: message_stop\n"
      R"(data: {"type":"message_stop"})"
      "\n\n");
  EXPECT_TRUE(out_.done);
  EXPECT_TRUE(out_.saw_content);
  ASSERT_TRUE(out_.usage.has_value());
  EXPECT_EQ(out_.usage->prompt_tokens, 9);
  EXPECT_FALSE(out_.error.has_value());
}

TEST_F(AnthropicEventEncoderTest, UsageKnownAtStartGoesInMessageStart) {
  Usage usage;
  usage.prompt_tokens = 30;
  usage.cached_tokens = 10;
  usage.completion_tokens = 1;
  encoder_.usage(usage);
  encoder_.message_start("msg_up", "");
  const auto all = events();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].data["message"]["id"], "msg_up");
  EXPECT_EQ(all[0].data["message"]["usage"]["input_tokens"], 20);
  EXPECT_EQ(all[0].data["message"]["usage"]["cache_read_input_tokens"], 10);
  EXPECT_EQ(all[0].data["message"]["usage"]["output_tokens"], 0);
}

TEST_F(AnthropicEventEncoderTest, ThinkingTextAndToolCallsAreSequentialBlocks) {
  encoder_.message_start("", "");
  encoder_.reasoning_delta(0, "Hmm.");
  encoder_.text_delta(0, "Let me check.");
  encoder_.tool_call_start(0, 0, "call_a", "get_weather");
  encoder_.tool_call_delta(0, 0, "");
  encoder_.tool_call_delta(0, 0, R"({"city":)");
  encoder_.tool_call_delta(0, 0, R"("Oslo"})");
  encoder_.tool_call_start(0, 1, "call_b", "get_time");  // no arguments at all
  encoder_.text_delta(0, "And more.");
  encoder_.choice_finish(0, FinishReason::tool_calls, "");
  encoder_.message_end();

  const auto all = events();
  EXPECT_EQ(
      types_of(all),
      (std::vector<std::string>{
          "message_start", "content_block_start", "content_block_delta", "content_block_stop",
          "content_block_start", "content_block_delta", "content_block_stop", "content_block_start",
          "content_block_delta", "content_block_delta", "content_block_stop", "content_block_start",
          "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
          "content_block_stop", "message_delta", "message_stop"}));
  EXPECT_EQ(all[1].data["content_block"],
            Json::parse(R"({"type":"thinking","thinking":"","signature":""})"));
  EXPECT_EQ(all[2].data["delta"], Json::parse(R"({"type":"thinking_delta","thinking":"Hmm."})"));
  EXPECT_EQ(all[4].data["index"], 1);
  EXPECT_EQ(all[7].data["index"], 2);
  EXPECT_EQ(all[7].data["content_block"],
            Json::parse(R"({"type":"tool_use","id":"call_a","name":"get_weather","input":{}})"));
  EXPECT_EQ(all[8].data["delta"],
            Json::parse(R"({"type":"input_json_delta","partial_json":"{\"city\":"})"));
  EXPECT_EQ(all[9].data["delta"]["partial_json"], R"("Oslo"})");
  // The call without argument text still gets an object.
  EXPECT_EQ(all[11].data["content_block"]["name"], "get_time");
  EXPECT_EQ(all[12].data["delta"]["partial_json"], "{}");
  EXPECT_EQ(all[13].data["index"], 3);
  EXPECT_EQ(all[14].data["index"], 4);
  EXPECT_EQ(all[17].data["delta"]["stop_reason"], "tool_use");
  EXPECT_EQ(all[17].data["usage"], Json::parse(R"({"output_tokens":0})"));
}

TEST_F(AnthropicEventEncoderTest, StopSequenceAndLength) {
  encoder_.message_start("", "");
  encoder_.text_delta(0, "x");
  encoder_.choice_finish(0, FinishReason::stop_sequence, "END");
  encoder_.message_end();
  auto all = events();
  EXPECT_EQ(all[all.size() - 2].data["delta"],
            Json::parse(R"({"stop_reason":"stop_sequence","stop_sequence":"END"})"));

  providers::StreamOutput other;
  EventEncoder length(context());
  length.bind(other);
  length.message_start("", "");
  length.choice_finish(0, FinishReason::length, "");
  length.message_end();
  all = events_of(other.client_bytes);
  EXPECT_EQ(types_of(all),
            (std::vector<std::string>{"message_start", "message_delta", "message_stop"}));
  EXPECT_EQ(all[1].data["delta"]["stop_reason"], "max_tokens");
  EXPECT_FALSE(other.saw_content);
}

TEST_F(AnthropicEventEncoderTest, OtherChoicesAndEmptyDeltasAreIgnored) {
  encoder_.message_start("", "");
  encoder_.text_delta(1, "other");
  encoder_.tool_call_start(1, 0, "c", "n");
  encoder_.text_delta(0, "");
  encoder_.reasoning_delta(0, "");
  encoder_.choice_finish(1, FinishReason::length, "");
  EXPECT_EQ(types_of(events()), (std::vector<std::string>{"message_start"}));
  EXPECT_FALSE(out_.saw_content);
  encoder_.message_end();
  EXPECT_EQ(events()[1].data["delta"]["stop_reason"], "end_turn");
}

TEST_F(AnthropicEventEncoderTest, MissingMessageStartIsSynthesized) {
  encoder_.text_delta(0, "hi");
  encoder_.message_end();
  const auto all = events();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].type, "message_start");
  EXPECT_EQ(all[0].data["message"]["id"], "msg_req7");
  EXPECT_EQ(all.back().type, "message_stop");
}

TEST_F(AnthropicEventEncoderTest, ErrorMidStreamEndsTheStream) {
  encoder_.message_start("", "");
  encoder_.text_delta(0, "partial");
  out_.clear();  // the relay clears between feeds
  Error overloaded = Error::unavailable("Overloaded");
  encoder_.error(overloaded);
  EXPECT_EQ(out_.client_bytes,
            "event: error\ndata: "
            R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"
            "\n\n");
  ASSERT_TRUE(out_.error.has_value());
  EXPECT_EQ(out_.error->http_status, 503);
  EXPECT_TRUE(out_.error_forwarded);
  EXPECT_FALSE(out_.done);

  out_.clear();
  encoder_.text_delta(0, "late");
  encoder_.choice_finish(0, FinishReason::stop, "");
  encoder_.message_end();
  encoder_.error(overloaded);
  EXPECT_TRUE(out_.client_bytes.empty());
  EXPECT_FALSE(out_.done);
}

TEST_F(AnthropicEventEncoderTest, ErrorBeforeAnythingIsJustTheErrorEvent) {
  encoder_.error(Error::upstream_protocol("cut short"));
  const auto all = events();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].data["error"]["type"], "api_error");
}

TEST_F(AnthropicEventEncoderTest, InterleavedToolArgumentsAreAProtocolError) {
  encoder_.message_start("", "");
  encoder_.tool_call_start(0, 0, "a", "first");
  encoder_.tool_call_delta(0, 0, "{");
  encoder_.tool_call_start(0, 1, "b", "second");
  encoder_.tool_call_delta(0, 0, "}");
  const auto all = events();
  EXPECT_EQ(all.back().type, "error");
  ASSERT_TRUE(out_.error.has_value());
  EXPECT_EQ(out_.error->kind, ErrorKind::upstream_protocol);
  EXPECT_TRUE(out_.error_forwarded);
}

TEST_F(AnthropicEventEncoderTest, DeltaWithoutStartIsAProtocolError) {
  encoder_.message_start("", "");
  encoder_.tool_call_delta(0, 0, "{}");
  ASSERT_TRUE(out_.error.has_value());
  EXPECT_EQ(events().back().type, "error");
}

TEST_F(AnthropicEventEncoderTest, RepeatedStartOfTheOpenCallIsHarmless) {
  encoder_.message_start("", "");
  encoder_.tool_call_start(0, 0, "a", "f");
  encoder_.tool_call_start(0, 0, "a", "f");
  encoder_.tool_call_delta(0, 0, "{}");
  encoder_.message_end();
  EXPECT_FALSE(out_.error.has_value());
  EXPECT_EQ(types_of(events()),
            (std::vector<std::string>{"message_start", "content_block_start", "content_block_delta",
                                      "content_block_stop", "message_delta", "message_stop"}));
  EXPECT_EQ(events()[4].data["delta"]["stop_reason"], "tool_use");
}

TEST_F(AnthropicEventEncoderTest, RestartingAClosedCallIsAProtocolError) {
  encoder_.message_start("", "");
  encoder_.tool_call_start(0, 0, "a", "f");
  encoder_.text_delta(0, "x");
  encoder_.tool_call_start(0, 0, "a", "f");
  ASSERT_TRUE(out_.error.has_value());
  EXPECT_EQ(out_.error->kind, ErrorKind::upstream_protocol);
}

TEST_F(AnthropicEventEncoderTest, CachedUsageAtTheEnd) {
  encoder_.message_start("", "");
  encoder_.text_delta(0, "ok");
  Usage usage;
  usage.prompt_tokens = 2000;
  usage.cached_tokens = 1500;
  usage.cache_write_tokens = 300;
  usage.completion_tokens = 7;
  encoder_.usage(usage);
  encoder_.message_end();
  const auto all = events();
  EXPECT_EQ(all[all.size() - 2].data["usage"],
            Json::parse(R"({"input_tokens":200,"cache_creation_input_tokens":300,
                            "cache_read_input_tokens":1500,"output_tokens":7})"));
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
