#include "providers/anthropic/event_decoder.hpp"

#include <gtest/gtest.h>

#include "anthropic_test_support.hpp"

namespace llmgw::providers::anthropic {
namespace {

using testing::RecordingSink;
using Events = std::vector<std::string>;

std::string event(std::string_view name, std::string_view data) {
  return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

const std::string kTextStream =
    event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":1,"cache_creation_input_tokens":5,"cache_read_input_tokens":100}}})") +
    event("content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
    event("ping", R"({"type":"ping"})") +
    event("content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé"}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"llo"}})") +
    event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
    event(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":12}})") +
    event("message_stop", R"({"type":"message_stop"})");

const Events kTextEvents = {"start(msg_1,claude-x)",   "usage(135,1,136,100,5)", "text(0):Héllo",
                            "usage(135,12,147,100,5)", "finish(0,stop,)",        "end"};

/// Two parallel tool calls after a text block, a thinking block first: block indexes 0..3,
/// tool indexes 0..1.
const std::string kToolStream =
    event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_2","model":"claude-x","usage":{"input_tokens":10,"output_tokens":1}}})") +
    event(
        "content_block_start",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Two cities."}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2ln"}})") +
    event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
    event(
        "content_block_start",
        R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":"Checking."}})") +
    event("content_block_stop", R"({"type":"content_block_stop","index":1})") +
    event(
        "content_block_start",
        R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Os"}})") +
    event(
        "content_block_start",
        R"({"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_time","input":{}}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"lo\"}"}})") +
    event(
        "content_block_delta",
        R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{}"}})") +
    event("content_block_stop", R"({"type":"content_block_stop","index":2})") +
    event("content_block_stop", R"({"type":"content_block_stop","index":3})") +
    event(
        "message_delta",
        R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":41}})") +
    event("message_stop", R"({"type":"message_stop"})");

const Events kToolEvents = {"start(msg_2,claude-x)",
                            "usage(10,1,11,0,0)",
                            "reasoning(0):Two cities.",
                            "text(0):Checking.",
                            "tool_start(0,0,toolu_a,get_weather)",
                            "args(0,0):{\"city\": \"Os",
                            "tool_start(0,1,toolu_b,get_time)",
                            "args(0,0):lo\"}",
                            "args(0,1):{}",
                            "usage(10,41,51,0,0)",
                            "finish(0,tool_calls,)",
                            "end"};

Events decode(const std::vector<std::string_view>& pieces, bool finish = true) {
  AnthropicEventDecoder decoder("seed");
  RecordingSink sink;
  for (std::string_view piece : pieces) {
    std::string buffer(piece);  // destroyed after the call: the decoder must not keep views
    decoder.feed(buffer, sink);
  }
  if (finish) decoder.finish(sink);
  return sink.events;
}

TEST(AnthropicEventDecoderTest, TextStream) {
  EXPECT_EQ(decode({kTextStream}), kTextEvents);
}

TEST(AnthropicEventDecoderTest, ParallelToolCallsGetTheirOwnIndexes) {
  EXPECT_EQ(decode({kToolStream}), kToolEvents);
}

TEST(AnthropicEventDecoderTest, SplitAtEveryByteGivesTheSameEvents) {
  for (const auto& [stream, expected] :
       {std::pair{kTextStream, kTextEvents}, std::pair{kToolStream, kToolEvents}}) {
    const std::string_view bytes = stream;
    for (std::size_t at = 0; at <= bytes.size(); ++at) {
      ASSERT_EQ(decode({bytes.substr(0, at), bytes.substr(at)}), expected) << "split at " << at;
    }
  }
}

TEST(AnthropicEventDecoderTest, ByteByByteWithCrlfLineEnds) {
  std::string crlf;
  for (char c : kToolStream) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; i < crlf.size(); ++i)
    pieces.push_back(std::string_view(crlf).substr(i, 1));
  EXPECT_EQ(decode(pieces), kToolEvents);
}

TEST(AnthropicEventDecoderTest, StopSequenceCarriesTheMatchedString) {
  const std::string stream =
      event("message_start", R"({"type":"message_start","message":{"id":"m","model":"c"}})") +
      event(
          "message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":3}})") +
      event("message_stop", R"({"type":"message_stop"})");
  EXPECT_EQ(decode({stream}),
            (Events{"start(m,c)", "usage(0,3,3,0,0)", "finish(0,stop_sequence,END)", "end"}));
}

TEST(AnthropicEventDecoderTest, ErrorEventMidStreamEndsIt) {
  const std::string stream =
      event("message_start", R"({"type":"message_start","message":{"id":"m","model":"c"}})") +
      event(
          "content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
      event(
          "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})") +
      event("error",
            R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})") +
      event("message_stop", R"({"type":"message_stop"})");
  AnthropicEventDecoder decoder("seed");
  RecordingSink sink;
  decoder.feed(stream, sink);
  decoder.finish(sink);
  EXPECT_EQ(sink.events,
            (Events{"start(m,c)", "text(0):Hi", "error(upstream_status,529,overloaded_error)"}));
  ASSERT_TRUE(sink.last_error);
  EXPECT_EQ(sink.last_error->message, "Overloaded");
  EXPECT_TRUE(sink.last_error->retryable);
}

TEST(AnthropicEventDecoderTest, StreamCutShortIsAProtocolError) {
  const std::string_view cut = std::string_view(kTextStream).substr(0, kTextStream.size() - 40);
  const Events events = decode({cut});
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back(), "error(upstream_protocol,502,upstream_protocol_error)");
  EXPECT_EQ(std::count(events.begin(), events.end(), "end"), 0);
}

TEST(AnthropicEventDecoderTest, EmptyStreamIsAProtocolError) {
  EXPECT_EQ(decode({""}), (Events{"error(upstream_protocol,502,upstream_protocol_error)"}));
}

TEST(AnthropicEventDecoderTest, UnknownEventsAndDeltaTypesAreIgnored) {
  const std::string stream =
      event("message_start", R"({"type":"message_start","message":{"id":"m","model":"c"}})") +
      event("brand_new_event", "not even json") + ": a comment\n\n" +
      event(
          "content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}})") +
      event(
          "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"q\":1}"}})") +
      event(
          "content_block_start",
          R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})") +
      event(
          "content_block_delta",
          R"({"type":"content_block_delta","index":1,"delta":{"type":"citations_delta","citation":{}}})") +
      event("content_block_delta",
            R"({"type":"content_block_delta","index":1,"delta":{"type":"future_delta","x":1}})") +
      "data: :ping\n\n" + event("message_stop", R"({"type":"message_stop"})");
  EXPECT_EQ(decode({stream}), (Events{"start(m,c)", "finish(0,stop,)", "end"}));
}

TEST(AnthropicEventDecoderTest, EventsWithoutNamesUseTheDataType) {
  const std::string stream =
      "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\"}}\n\n"
      "data: {\"type\":\"message_stop\"}\n\n";
  EXPECT_EQ(decode({stream}), (Events{"start(m,c)", "finish(0,stop,)", "end"}));
}

TEST(AnthropicEventDecoderTest, BadInputIsAProtocolError) {
  const std::string start =
      event("message_start", R"({"type":"message_start","message":{"id":"m","model":"c"}})");
  const std::vector<std::string> bad = {
      event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{)"),
      event("content_block_delta",
            R"({"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"x"}})"),
      event("content_block_start", R"({"type":"content_block_start","index":"0"})"),
      event("content_block_start", R"({"type":"content_block_start","index":0,"content_block":5})"),
      event("message_start", R"([1,2])"),
  };
  for (const std::string& tail : bad) {
    const Events events = decode({start + tail + event("message_stop", "{}")});
    ASSERT_EQ(events.size(), 2u) << tail;
    EXPECT_EQ(events[1], "error(upstream_protocol,502,upstream_protocol_error)") << tail;
  }
}

TEST(AnthropicEventDecoderTest, BlockStartedTwiceIsAProtocolError) {
  const std::string block = event(
      "content_block_start",
      R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
  const Events events = decode({block + block});
  EXPECT_EQ(events, (Events{"start(,)", "error(upstream_protocol,502,upstream_protocol_error)"}));
}

TEST(AnthropicEventDecoderTest, MissingToolIdIsMadeUpFromTheSeed) {
  const std::string stream =
      event("message_start", R"({"type":"message_start","message":{"id":"m","model":"c"}})") +
      event(
          "content_block_start",
          R"({"type":"content_block_start","index":4,"content_block":{"type":"tool_use","name":"f","input":{"a":1}}})") +
      event("message_stop", R"({"type":"message_stop"})");
  EXPECT_EQ(decode({stream}), (Events{"start(m,c)", "tool_start(0,0,call_seed_0,f)",
                                      "args(0,0):{\"a\":1}", "finish(0,stop,)", "end"}));
}

TEST(AnthropicEventDecoderTest, JsonResponseToolBecomesText) {
  const std::string stream =
      event("message_start", R"({"type":"message_start","message":{"id":"m","model":"c"}})") +
      event(
          "content_block_start",
          R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_j","name":"llmgw_json_response","input":{}}})") +
      event(
          "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"answer\":"}})") +
      event(
          "content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":" 42}"}})") +
      event(
          "message_delta",
          R"({"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":9}})") +
      event("message_stop", R"({"type":"message_stop"})");
  EXPECT_EQ(decode({stream}), (Events{"start(m,c)", "text(0):{\"answer\": 42}", "usage(0,9,9,0,0)",
                                      "finish(0,stop,)", "end"}));
}

TEST(AnthropicEventDecoderTest, NothingIsReportedAfterMessageStop) {
  const std::string more = kTextStream + event("message_start", R"({"message":{}})") + "garbage";
  EXPECT_EQ(decode({more}), kTextEvents);
}

TEST(AnthropicEventDecoderTest, OversizedEventIsAProtocolError) {
  AnthropicEventDecoder decoder("seed", 64);
  RecordingSink sink;
  decoder.feed(kTextStream, sink);
  decoder.finish(sink);
  ASSERT_FALSE(sink.events.empty());
  EXPECT_EQ(sink.events.back(), "error(upstream_protocol,502,upstream_protocol_error)");
}

}  // namespace
}  // namespace llmgw::providers::anthropic
