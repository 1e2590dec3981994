#include "dialects/anthropic/message_response.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::anthropic {
namespace {

using canonical::ChatResponse;
using canonical::Choice;
using canonical::FinishReason;
using canonical::Json;

canonical::RenderContext context() {
  canonical::RenderContext ctx;
  ctx.request_id = "req42";
  ctx.public_model = "claude-public";
  ctx.created = 1700000000;
  return ctx;
}

Json render(const ChatResponse& response) {
  return Json::parse(render_message(response, context()));
}

TEST(AnthropicMessageResponse, TextAnswer) {
  ChatResponse response;
  response.id = "chatcmpl-9";
  response.model = "gpt-4o-2024";
  Choice choice;
  choice.text = "Hello!";
  choice.finish = FinishReason::stop;
  response.choices.push_back(choice);
  Usage usage;
  usage.prompt_tokens = 12;
  usage.completion_tokens = 3;
  usage.total_tokens = 15;
  response.usage = usage;
  EXPECT_EQ(render(response), Json::parse(R"({"id":"msg_req42","type":"message","role":"assistant",
    "model":"claude-public","content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn",
    "stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,
    "cache_read_input_tokens":0,"output_tokens":3}})"));
}

TEST(AnthropicMessageResponse, ThinkingTextAndToolUseInOrder) {
  ChatResponse response;
  response.id = "msg_upstream";
  Choice choice;
  choice.reasoning = "Need weather.";
  choice.text = "Checking.";
  choice.tool_calls.push_back({"call_1", "get_weather", R"({"city":"Oslo"})"});
  choice.tool_calls.push_back({"call_2", "broken", R"({"city":)"});
  choice.finish = FinishReason::tool_calls;
  response.choices.push_back(choice);
  const Json message = render(response);
  EXPECT_EQ(message["id"], "msg_upstream");
  EXPECT_EQ(message["stop_reason"], "tool_use");
  EXPECT_EQ(message["content"], Json::parse(R"([
    {"type":"thinking","thinking":"Need weather.","signature":""},
    {"type":"text","text":"Checking."},
    {"type":"tool_use","id":"call_1","name":"get_weather","input":{"city":"Oslo"}},
    {"type":"tool_use","id":"call_2","name":"broken","input":{}}])"));
  EXPECT_EQ(message["usage"]["output_tokens"], 0);  // no usage reported: zeros
}

TEST(AnthropicMessageResponse, StopSequenceAndCachedUsage) {
  ChatResponse response;
  Choice choice;
  choice.text = "Done";
  choice.finish = FinishReason::stop_sequence;
  choice.stop_sequence = "END";
  response.choices.push_back(choice);
  Usage usage;
  usage.prompt_tokens = 1000;
  usage.cached_tokens = 900;
  usage.completion_tokens = 5;
  response.usage = usage;
  const Json message = render(response);
  EXPECT_EQ(message["stop_reason"], "stop_sequence");
  EXPECT_EQ(message["stop_sequence"], "END");
  EXPECT_EQ(message["usage"]["input_tokens"], 100);
  EXPECT_EQ(message["usage"]["cache_read_input_tokens"], 900);
}

TEST(AnthropicMessageResponse, OnlyChoiceZeroAndLengthAndRefusal) {
  ChatResponse response;
  Choice other;
  other.index = 1;
  other.text = "second";
  Choice first;
  first.index = 0;
  first.text = "first";
  first.finish = FinishReason::length;
  response.choices = {other, first};
  Json message = render(response);
  EXPECT_EQ(message["content"].size(), 1u);
  EXPECT_EQ(message["content"][0]["text"], "first");
  EXPECT_EQ(message["stop_reason"], "max_tokens");

  response.choices = {first};
  response.choices[0].finish = FinishReason::content_filter;
  EXPECT_EQ(render(response)["stop_reason"], "refusal");
}

TEST(AnthropicMessageResponse, EmptyAnswersStillHaveATextBlock) {
  ChatResponse response;
  Json message = render(response);
  EXPECT_EQ(message["content"], Json::parse(R"([{"type":"text","text":""}])"));
  EXPECT_EQ(message["stop_reason"], "end_turn");
}

TEST(AnthropicMessageResponse, InvalidUtf8IsReplacedNotThrown) {
  ChatResponse response;
  Choice choice;
  choice.text = "bad \xff byte";
  response.choices.push_back(choice);
  const Json message = render(response);
  EXPECT_EQ(message["content"][0]["text"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
