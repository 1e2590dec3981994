#include "providers/anthropic/response_decoder.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

using canonical::FinishReason;

const std::string kMessage = R"({
  "id": "msg_01XYZ", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
  "content": [
    {"type":"thinking","thinking":"Bergen, then.","signature":"c2ln"},
    {"type":"text","text":"Checking ","citations":null},
    {"type":"redacted_thinking","data":"abc"},
    {"type":"text","text":"Bergen."},
    {"type":"tool_use","id":"toolu_02","name":"get_weather","input":{"city":"Bergen","days":[1,2]}},
    {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"q":"x"}},
    {"type":"tool_use","id":"toolu_03","name":"get_time","input":{}}
  ],
  "stop_reason": "tool_use", "stop_sequence": null,
  "usage": {"input_tokens": 21, "output_tokens": 40, "cache_creation_input_tokens": 2,
            "cache_read_input_tokens": 1800, "service_tier": "standard"}
})";

TEST(AnthropicResponseDecoderTest, FastPathPassesTheBodyAndReadsUsage) {
  auto decoded = decode_response(Endpoint::messages, kMessage);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->body, kMessage);
  ASSERT_TRUE(decoded->usage.has_value());
  EXPECT_EQ(decoded->usage->prompt_tokens, 1823);
  EXPECT_EQ(decoded->usage->completion_tokens, 40);
  EXPECT_EQ(decoded->usage->total_tokens, 1863);
  EXPECT_EQ(decoded->usage->cached_tokens, 1800);
  EXPECT_EQ(decoded->usage->cache_write_tokens, 2);
}

TEST(AnthropicResponseDecoderTest, FastPathCountTokensHasNoUsage) {
  auto decoded = decode_response(Endpoint::count_tokens, R"({"input_tokens":12})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->body, R"({"input_tokens":12})");
  EXPECT_FALSE(decoded->usage.has_value());
}

TEST(AnthropicResponseDecoderTest, FastPathRejectsWhatIsNotAJsonObject) {
  for (const char* body : {"", "[1]", "{\"id\":", "<html>", "{} {}"}) {
    auto decoded = decode_response(Endpoint::messages, body);
    ASSERT_FALSE(decoded.ok()) << body;
    EXPECT_EQ(decoded.error().kind, ErrorKind::upstream_protocol);
  }
}

TEST(AnthropicResponseDecoderTest, MessageToCanonical) {
  auto decoded = decode_message(kMessage);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->id, "msg_01XYZ");
  EXPECT_EQ(decoded->model, "claude-sonnet-4-5");
  ASSERT_EQ(decoded->choices.size(), 1u);
  const canonical::Choice& choice = decoded->choices[0];
  EXPECT_EQ(choice.index, 0);
  EXPECT_EQ(choice.text, "Checking Bergen.");
  EXPECT_EQ(choice.reasoning, "Bergen, then.");
  ASSERT_EQ(choice.tool_calls.size(), 2u);
  EXPECT_EQ(choice.tool_calls[0].id, "toolu_02");
  EXPECT_EQ(choice.tool_calls[0].name, "get_weather");
  EXPECT_EQ(choice.tool_calls[0].arguments, R"({"city":"Bergen","days":[1,2]})");
  EXPECT_EQ(choice.tool_calls[1].arguments, "{}");
  EXPECT_EQ(choice.finish, FinishReason::tool_calls);
  ASSERT_TRUE(decoded->usage.has_value());
  EXPECT_EQ(decoded->usage->prompt_tokens, 1823);
}

TEST(AnthropicResponseDecoderTest, StopSequenceAndOtherReasons) {
  auto decoded = decode_message(
      R"({"content":[{"type":"text","text":"a"}],"stop_reason":"stop_sequence","stop_sequence":"END"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->choices[0].finish, FinishReason::stop_sequence);
  EXPECT_EQ(decoded->choices[0].stop_sequence, "END");
  EXPECT_FALSE(decoded->usage.has_value());

  decoded = decode_message(R"({"content":[],"stop_reason":"max_tokens","stop_sequence":"X"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->choices[0].finish, FinishReason::length);
  EXPECT_EQ(decoded->choices[0].stop_sequence, "");

  decoded = decode_message(R"({"content":[],"stop_reason":null})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->choices[0].finish, FinishReason::none);
}

TEST(AnthropicResponseDecoderTest, JsonResponseToolBecomesText) {
  auto decoded = decode_message(
      R"({"content":[{"type":"tool_use","id":"toolu_1","name":"llmgw_json_response","input":{"b":1,"a":[true]}}],"stop_reason":"tool_use"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->choices[0].text, R"({"b":1,"a":[true]})");
  EXPECT_TRUE(decoded->choices[0].tool_calls.empty());
  EXPECT_EQ(decoded->choices[0].finish, FinishReason::stop);
}

TEST(AnthropicResponseDecoderTest, WrongShapesAreProtocolErrors) {
  const std::vector<std::string> bad = {
      "",
      "[]",
      R"({"content":"text"})",
      R"({"id":"m"})",
      R"({"content":[5]})",
      R"({"content":[{"text":"no type"}]})",
      R"({"content":[{"type":"text","text":5}]})",
      R"({"content":[{"type":"thinking"}]})",
      R"({"content":[{"type":"tool_use","name":"f","input":{}}]})",
      R"({"content":[{"type":"tool_use","id":"t","input":{}}]})",
      R"({"content":[{"type":"text","text":"a"}])",
      std::string(600, '[') + std::string(600, ']'),
  };
  for (const std::string& body : bad) {
    auto decoded = decode_message(body);
    ASSERT_FALSE(decoded.ok()) << body;
    EXPECT_EQ(decoded.error().kind, ErrorKind::upstream_protocol) << body;
  }
}

TEST(AnthropicResponseDecoderTest, IllTypedOptionalFieldsAreIgnored) {
  auto decoded = decode_message(
      R"({"id":5,"model":null,"content":[{"type":"text","text":"ok"}],"stop_reason":7,"usage":"lots"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->id, "");
  EXPECT_EQ(decoded->choices[0].text, "ok");
  EXPECT_EQ(decoded->choices[0].finish, FinishReason::none);
  EXPECT_FALSE(decoded->usage.has_value());
}

}  // namespace
}  // namespace llmgw::providers::anthropic
