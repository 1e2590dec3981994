#include "dialects/anthropic/messages_request.hpp"

#include <gtest/gtest.h>

#include <string>

namespace llmgw::dialects::anthropic {
namespace {

using canonical::ContentPart;
using canonical::Role;
using canonical::ToolChoice;

Result<canonical::ChatRequest> parse(const std::string& body) {
  return parse_messages_request(body);
}

/// Parses a body that must be rejected and returns its error.
Error rejected(const std::string& body) {
  auto result = parse(body);
  EXPECT_FALSE(result.ok()) << body;
  if (result.ok()) return Error::internal("parsed");
  return result.error();
}

constexpr const char* kMinimal =
    R"({"model":"claude-x","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})";

TEST(AnthropicMessagesRequest, MinimalRequest) {
  auto request = parse(kMinimal);
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->model, "claude-x");
  EXPECT_EQ(request->max_tokens, 64);
  ASSERT_EQ(request->messages.size(), 1u);
  EXPECT_EQ(request->messages[0].role, Role::user);
  ASSERT_EQ(request->messages[0].content.size(), 1u);
  EXPECT_EQ(request->messages[0].content[0].text, "hi");
  EXPECT_FALSE(request->stream);
  EXPECT_FALSE(request->include_usage);
  EXPECT_TRUE(request->extra.empty());
}

TEST(AnthropicMessagesRequest, ScalarParameters) {
  auto request = parse(R"({"model":"m","max_tokens":10,"messages":[{"role":"user","content":"x"}],
    "stop_sequences":["END","\n\n"],"temperature":0.5,"top_p":0.9,"top_k":40,"stream":true,
    "metadata":{"user_id":"u-1"}})");
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->stop, (std::vector<std::string>{"END", "\n\n"}));
  EXPECT_DOUBLE_EQ(*request->temperature, 0.5);
  EXPECT_DOUBLE_EQ(*request->top_p, 0.9);
  EXPECT_EQ(request->top_k, 40);
  EXPECT_TRUE(request->stream);
  EXPECT_TRUE(request->include_usage);  // Anthropic streams always carry usage
  EXPECT_EQ(request->user, "u-1");
}

TEST(AnthropicMessagesRequest, SystemAsStringOrTextBlocks) {
  auto as_string = parse(R"({"model":"m","max_tokens":1,"system":"Be terse.",
    "messages":[{"role":"user","content":"x"}]})");
  ASSERT_TRUE(as_string.ok());
  EXPECT_EQ(as_string->system, (std::vector<std::string>{"Be terse."}));

  auto as_blocks = parse(R"({"model":"m","max_tokens":1,"system":[
    {"type":"text","text":"One.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"Two."}],
    "messages":[{"role":"user","content":"x"}]})");
  ASSERT_TRUE(as_blocks.ok()) << as_blocks.error().message;
  EXPECT_EQ(as_blocks->system, (std::vector<std::string>{"One.", "Two."}));

  EXPECT_EQ(rejected(R"({"model":"m","max_tokens":1,"system":[{"type":"image"}],
    "messages":[{"role":"user","content":"x"}]})")
                .param,
            "system[0].type");
}

TEST(AnthropicMessagesRequest, ToolsAndToolChoice) {
  auto request = parse(R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],
    "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object",
      "properties":{"city":{"type":"string"}}},"cache_control":{"type":"ephemeral"}},
      {"type":"custom","name":"noop","input_schema":{"type":"object"},"strict":true}],
    "tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}})");
  ASSERT_TRUE(request.ok()) << request.error().message;
  ASSERT_EQ(request->tools.size(), 2u);
  EXPECT_EQ(request->tools[0].name, "get_weather");
  EXPECT_EQ(request->tools[0].description, "Weather");
  EXPECT_EQ(request->tools[0].parameters.dump(),
            R"({"type":"object","properties":{"city":{"type":"string"}}})");
  EXPECT_FALSE(request->tools[0].strict);
  EXPECT_TRUE(request->tools[1].strict);
  EXPECT_EQ(request->tool_choice.mode, ToolChoice::Mode::named);
  EXPECT_EQ(request->tool_choice.name, "get_weather");
  EXPECT_EQ(request->parallel_tool_calls, false);
}

TEST(AnthropicMessagesRequest, ToolChoiceModes) {
  const std::string prefix =
      R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":)";
  auto with = [&](const std::string& choice) { return parse(prefix + choice + "}"); };
  EXPECT_EQ(with(R"({"type":"auto"})")->tool_choice.mode, ToolChoice::Mode::auto_);
  EXPECT_EQ(with(R"({"type":"any"})")->tool_choice.mode, ToolChoice::Mode::required);
  EXPECT_EQ(with(R"({"type":"none"})")->tool_choice.mode, ToolChoice::Mode::none);
  EXPECT_FALSE(with(R"({"type":"auto","disable_parallel_tool_use":false})")
                   ->parallel_tool_calls.has_value());
  EXPECT_EQ(rejected(prefix + R"({"type":"sometimes"}})").param, "tool_choice.type");
  EXPECT_EQ(rejected(prefix + R"({"type":"tool"}})").param, "tool_choice.name");
  EXPECT_EQ(rejected(prefix + R"("auto"})").param, "tool_choice");
}

TEST(AnthropicMessagesRequest, ServerToolsAreRejected) {
  Error error = rejected(R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],
    "tools":[{"type":"web_search_20250305","name":"web_search"}]})");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.param, "tools[0].type");
  EXPECT_NE(error.message.find("web_search_20250305"), std::string::npos);
}

TEST(AnthropicMessagesRequest, UnknownAndProviderOnlyKeysGoToExtra) {
  auto request = parse(R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],
    "thinking":{"type":"enabled","budget_tokens":2048},"service_tier":"auto",
    "container":"c1","mcp_servers":[],"brand_new":{"a":1},"cache_control":{"type":"ephemeral"},
    "temperature":null})");
  ASSERT_TRUE(request.ok()) << request.error().message;
  std::vector<std::string> names;
  for (const auto& extra : request->extra) names.push_back(extra.name);
  EXPECT_EQ(names, (std::vector<std::string>{"thinking", "service_tier", "container", "mcp_servers",
                                             "brand_new"}));
  EXPECT_EQ(request->extra[0].value["budget_tokens"], 2048);
  EXPECT_FALSE(request->temperature.has_value());  // explicit null = absent
}

TEST(AnthropicMessagesRequest, DisabledThinkingAsksForNothing) {
  auto request = parse(R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],
    "thinking":{"type":"disabled"}})");
  ASSERT_TRUE(request.ok());
  EXPECT_TRUE(request->extra.empty());
}

TEST(AnthropicMessagesRequest, RequiredFields) {
  Error no_max = rejected(R"({"model":"m","messages":[{"role":"user","content":"x"}]})");
  EXPECT_EQ(no_max.http_status, 400);
  EXPECT_EQ(no_max.param, "max_tokens");
  EXPECT_EQ(no_max.message, "max_tokens: Field required");
  EXPECT_EQ(rejected(R"({"max_tokens":1,"messages":[{"role":"user","content":"x"}]})").param,
            "model");
  EXPECT_EQ(rejected(R"({"model":"m","max_tokens":1})").param, "messages");
  EXPECT_EQ(rejected(R"({"model":"m","max_tokens":1,"messages":[]})").param, "messages");
  EXPECT_EQ(
      rejected(R"({"model":"","max_tokens":1,"messages":[{"role":"user","content":"x"}]})").param,
      "model");
}

TEST(AnthropicMessagesRequest, MaxTokensMustBeAPositiveInteger) {
  const std::string tail = R"(,"model":"m","messages":[{"role":"user","content":"x"}]})";
  EXPECT_EQ(rejected(R"({"max_tokens":0)" + tail).param, "max_tokens");
  EXPECT_EQ(rejected(R"({"max_tokens":-5)" + tail).param, "max_tokens");
  EXPECT_EQ(rejected(R"({"max_tokens":1.5)" + tail).param, "max_tokens");
  EXPECT_EQ(rejected(R"({"max_tokens":"100")" + tail).param, "max_tokens");
  EXPECT_EQ(rejected(R"({"max_tokens":18446744073709551615)" + tail).param, "max_tokens");
  EXPECT_TRUE(parse(R"({"max_tokens":9223372036854775807)" + tail).ok());
}

TEST(AnthropicMessagesRequest, TypeErrorsNameThePath) {
  const std::string head =
      R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],)";
  EXPECT_EQ(rejected(head + R"("temperature":"hot"})").param, "temperature");
  EXPECT_EQ(rejected(head + R"("top_k":0.5})").param, "top_k");
  EXPECT_EQ(rejected(head + R"("stream":"yes"})").param, "stream");
  EXPECT_EQ(rejected(head + R"("stop_sequences":"END"})").param, "stop_sequences");
  EXPECT_EQ(rejected(head + R"("stop_sequences":["a",1]})").param, "stop_sequences[1]");
  EXPECT_EQ(rejected(head + R"("metadata":{"user_id":7}})").param, "metadata.user_id");
  EXPECT_EQ(rejected(head + R"("metadata":{"other":"x"}})").param, "metadata.other");
  EXPECT_EQ(rejected(head + R"("tools":[{"name":"t"}]})").param, "tools[0].input_schema");
  EXPECT_EQ(rejected(head + R"("tools":[{"name":"t","input_schema":[]}]})").param,
            "tools[0].input_schema");
  Error wrong = rejected(head + R"("temperature":"hot"})");
  EXPECT_EQ(wrong.message, "temperature: expected a number, got a string.");
}

TEST(AnthropicMessagesRequest, MalformedBodies) {
  EXPECT_EQ(rejected("").http_status, 400);
  EXPECT_EQ(rejected("[1,2]").http_status, 400);
  EXPECT_EQ(rejected(R"({"model":"m",)").http_status, 400);
  EXPECT_EQ(rejected(std::string(R"({"model":"m"})") + '\0' + "junk").http_status, 400);
  EXPECT_EQ(rejected(R"({"model":"m","max_tokens":1e999})").http_status, 400);
  std::string deep = R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[)"
                     R"({"type":"tool_use","id":"t","name":"n","input":{"a":)";
  for (int i = 0; i < 5000; ++i) deep += '[';
  for (int i = 0; i < 5000; ++i) deep += ']';
  deep += "}}]}]}";
  Error too_deep = rejected(deep);
  EXPECT_EQ(too_deep.http_status, 400);
  EXPECT_NE(too_deep.message.find("deeper"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
