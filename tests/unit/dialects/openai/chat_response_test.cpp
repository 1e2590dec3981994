#include "dialects/openai/chat_response.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::openai {
namespace {

using canonical::ChatResponse;
using canonical::Choice;
using canonical::FinishReason;
using canonical::Json;

const canonical::RenderContext kContext{"req1", "public-model", 1700000000, false};

Json render(const ChatResponse& response) {
  return Json::parse(render_chat_response(response, kContext));
}

TEST(OpenAiChatResponseTest, TextResponseWithUsage) {
  ChatResponse response;
  response.model = "upstream-model";
  Choice choice;
  choice.text = "Hello";
  choice.finish = FinishReason::stop;
  response.choices.push_back(choice);
  Usage usage;
  usage.prompt_tokens = 10;
  usage.completion_tokens = 5;
  usage.total_tokens = 15;
  usage.cached_tokens = 4;
  response.usage = usage;
  EXPECT_EQ(render_chat_response(response, kContext),
            R"({"id":"chatcmpl-req1","object":"chat.completion","created":1700000000,)"
            R"("model":"public-model","choices":[{"index":0,"message":{"role":"assistant",)"
            R"("content":"Hello","refusal":null},"logprobs":null,"finish_reason":"stop"}],)"
            R"("usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,)"
            R"("prompt_tokens_details":{"cached_tokens":4},)"
            R"("completion_tokens_details":{"reasoning_tokens":0}}})");
}

TEST(OpenAiChatResponseTest, ProviderIdIsKeptAndCacheWritesShown) {
  ChatResponse response;
  response.id = "msg_abc";
  response.choices.push_back(Choice{});
  Usage usage;
  usage.cache_write_tokens = 7;
  usage.reasoning_tokens = 3;
  response.usage = usage;
  const Json json = render(response);
  EXPECT_EQ(json["id"], "msg_abc");
  EXPECT_EQ(json["usage"]["prompt_tokens_details"]["cache_write_tokens"], 7);
  EXPECT_EQ(json["usage"]["completion_tokens_details"]["reasoning_tokens"], 3);
  EXPECT_EQ(json["choices"][0]["message"]["content"], "");
  EXPECT_EQ(json["choices"][0]["finish_reason"], "stop");  // none → stop
}

TEST(OpenAiChatResponseTest, ToolCallsWithoutTextHaveNullContent) {
  ChatResponse response;
  Choice choice;
  choice.finish = FinishReason::tool_calls;
  choice.reasoning = "let me see";
  choice.tool_calls.push_back({"call_1", "get", "{\"a\":1}"});
  choice.tool_calls.push_back({"call_2", "put", "not json"});
  response.choices.push_back(choice);
  const Json json = render(response);
  const Json& message = json["choices"][0]["message"];
  EXPECT_TRUE(message["content"].is_null());
  EXPECT_EQ(message["reasoning_content"], "let me see");
  EXPECT_EQ(message["tool_calls"], Json::parse(R"([
    {"id":"call_1","type":"function","function":{"name":"get","arguments":"{\"a\":1}"}},
    {"id":"call_2","type":"function","function":{"name":"put","arguments":"not json"}}])"));
  EXPECT_EQ(json["choices"][0]["finish_reason"], "tool_calls");
  EXPECT_FALSE(json.contains("usage"));
}

TEST(OpenAiChatResponseTest, TextNextToToolCallsIsKept) {
  ChatResponse response;
  Choice choice;
  choice.text = "Calling.";
  choice.tool_calls.push_back({"call_1", "get", "{}"});
  response.choices.push_back(choice);
  const Json json = render(response);
  EXPECT_EQ(json["choices"][0]["message"]["content"], "Calling.");
  EXPECT_FALSE(json["choices"][0]["message"].contains("reasoning_content"));
}

TEST(OpenAiChatResponseTest, FinishReasonsAndChoiceIndexes) {
  const std::pair<FinishReason, const char*> cases[] = {
      {FinishReason::stop, "stop"},
      {FinishReason::stop_sequence, "stop"},
      {FinishReason::length, "length"},
      {FinishReason::tool_calls, "tool_calls"},
      {FinishReason::content_filter, "content_filter"},
      {FinishReason::none, "stop"}};
  ChatResponse response;
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    Choice choice;
    choice.index = static_cast<std::int64_t>(i);
    choice.finish = cases[i].first;
    response.choices.push_back(choice);
  }
  const Json json = render(response);
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    EXPECT_EQ(json["choices"][i]["index"], i);
    EXPECT_EQ(json["choices"][i]["finish_reason"], cases[i].second);
  }
}

TEST(OpenAiChatResponseTest, InvalidUtf8FromTheProviderDoesNotThrow) {
  ChatResponse response;
  Choice choice;
  choice.text = "bad \xff byte";
  response.choices.push_back(choice);
  std::string body;
  EXPECT_NO_THROW(body = render_chat_response(response, kContext));
  EXPECT_EQ(render(response)["choices"][0]["message"]["content"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace llmgw::dialects::openai
