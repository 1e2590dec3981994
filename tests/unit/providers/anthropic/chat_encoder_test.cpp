#include "providers/anthropic/chat_encoder.hpp"

#include <gtest/gtest.h>

#include "anthropic_test_support.hpp"

namespace llmgw::providers::anthropic {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Json;
using canonical::ToolChoice;
using testing::TargetFixture;

ChatRequest hello() {
  ChatRequest request;
  request.model = "public-claude";
  canonical::Message user;
  user.content.push_back({ContentPart::Kind::text, "Hello", {}});
  request.messages.push_back(user);
  return request;
}

canonical::ToolDefinition tool(std::string name, Json parameters = nullptr) {
  std::string description = "Does " + name;
  return {std::move(name), std::move(description), std::move(parameters), false};
}

Json body_of(const Result<upstream::UpstreamRequest>& request) {
  EXPECT_TRUE(request.ok()) << request.error().message;
  return request.ok() ? Json::parse(request->body) : Json();
}

TEST(AnthropicChatEncoderTest, MinimalRequest) {
  TargetFixture f;
  auto request = encode_chat_request(hello(), f.target());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->target, "/v1/messages");
  EXPECT_EQ(request->method, boost::beast::http::verb::post);
  EXPECT_EQ(find_header(request->headers, "x-api-key"), "sk-ant-secret");
  EXPECT_EQ(find_header(request->headers, "anthropic-version"), "2023-06-01");
  EXPECT_EQ(find_header(request->headers, "accept"), "application/json");
  EXPECT_EQ(Json::parse(request->body), Json::parse(R"({"model":"claude-up-1","max_tokens":4096,
      "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}]})"));
}

TEST(AnthropicChatEncoderTest, AllMappedParameters) {
  TargetFixture f;
  f.client_headers = {{"anthropic-beta", "b1"}, {"openai-beta", "x"}};
  ChatRequest request = hello();
  request.system = {"You are terse.", "", "Answer in English."};
  request.max_tokens = 100;
  request.temperature = 0.5;
  request.top_p = 0.9;
  request.top_k = 40;
  request.stop = {"\n\nEND", "STOP"};
  request.user = "user-7";
  request.stream = true;
  request.include_usage = true;
  request.tools = {
      tool("get_weather",
           Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})")),
      tool("ping")};
  request.tools[1].strict = true;
  request.tool_choice.mode = ToolChoice::Mode::auto_;
  request.parallel_tool_calls = false;
  auto encoded = encode_chat_request(request, f.target());
  EXPECT_EQ(body_of(encoded), Json::parse(R"({
    "model":"claude-up-1","max_tokens":100,"system":"You are terse.\n\nAnswer in English.",
    "messages":[{"role":"user","content":[{"type":"text","text":"Hello"}]}],
    "tools":[{"name":"get_weather","description":"Does get_weather",
              "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
             {"name":"ping","description":"Does ping","input_schema":{"type":"object"},"strict":true}],
    "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
    "stop_sequences":["\n\nEND","STOP"],"temperature":0.5,"top_p":0.9,"top_k":40,
    "metadata":{"user_id":"user-7"},"stream":true})"));
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(find_header(encoded->headers, "accept"), "text/event-stream");
  EXPECT_EQ(find_header(encoded->headers, "anthropic-beta"), "b1");
  EXPECT_EQ(find_header(encoded->headers, "openai-beta"), "");
}

TEST(AnthropicChatEncoderTest, MaxTokensFallsBackToTheModelDefault) {
  TargetFixture f;
  f.model.default_max_tokens = 8192;
  EXPECT_EQ(body_of(encode_chat_request(hello(), f.target()))["max_tokens"], 8192);
}

TEST(AnthropicChatEncoderTest, ToolChoiceModes) {
  TargetFixture f;
  const std::vector<std::pair<ToolChoice, const char*>> cases = {
      {{ToolChoice::Mode::unset, ""}, "null"},
      {{ToolChoice::Mode::auto_, ""}, R"({"type":"auto"})"},
      {{ToolChoice::Mode::required, ""}, R"({"type":"any"})"},
      {{ToolChoice::Mode::none, ""}, R"({"type":"none"})"},
      {{ToolChoice::Mode::named, "f"}, R"({"type":"tool","name":"f"})"},
  };
  for (const auto& [choice, expected] : cases) {
    ChatRequest request = hello();
    request.tools = {tool("f")};
    request.tool_choice = choice;
    Json body = body_of(encode_chat_request(request, f.target()));
    EXPECT_EQ(body.contains("tool_choice") ? body["tool_choice"] : Json(), Json::parse(expected))
        << expected;
  }
}

TEST(AnthropicChatEncoderTest, SerialToolCalls) {
  TargetFixture f;
  ChatRequest request = hello();
  request.tools = {tool("f")};
  request.parallel_tool_calls = false;
  EXPECT_EQ(body_of(encode_chat_request(request, f.target()))["tool_choice"],
            Json::parse(R"({"type":"auto","disable_parallel_tool_use":true})"));
  request.tool_choice = {ToolChoice::Mode::required, ""};
  EXPECT_EQ(body_of(encode_chat_request(request, f.target()))["tool_choice"],
            Json::parse(R"({"type":"any","disable_parallel_tool_use":true})"));
  request.tool_choice = {ToolChoice::Mode::none, ""};
  EXPECT_EQ(body_of(encode_chat_request(request, f.target()))["tool_choice"],
            Json::parse(R"({"type":"none"})"));
  request.tools.clear();  // nothing to call: no tool_choice at all
  request.tool_choice = {};
  EXPECT_FALSE(body_of(encode_chat_request(request, f.target())).contains("tool_choice"));
  request.parallel_tool_calls = true;
  request.tools = {tool("f")};
  EXPECT_FALSE(body_of(encode_chat_request(request, f.target())).contains("tool_choice"));
}

TEST(AnthropicChatEncoderTest, JsonSchemaBecomesAForcedTool) {
  TargetFixture f;
  ChatRequest request = hello();
  request.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
  request.response_format.name = "answer";
  request.response_format.schema =
      Json::parse(R"({"type":"object","properties":{"n":{"type":"integer"}}})");
  Json body = body_of(encode_chat_request(request, f.target()));
  EXPECT_EQ(body["tools"], Json::parse(R"([{"name":"llmgw_json_response",
      "description":"Give the answer as JSON that matches the 'answer' schema.",
      "input_schema":{"type":"object","properties":{"n":{"type":"integer"}}}}])"));
  EXPECT_EQ(body["tool_choice"], Json::parse(R"({"type":"tool","name":"llmgw_json_response"})"));

  // With client tools the model may call one of them or answer through the JSON tool.
  request.tools = {tool("f")};
  body = body_of(encode_chat_request(request, f.target()));
  EXPECT_EQ(body["tools"].size(), 2u);
  EXPECT_EQ(body["tools"][1]["name"], "llmgw_json_response");
  EXPECT_EQ(body["tool_choice"], Json::parse(R"({"type":"any"})"));
}

TEST(AnthropicChatEncoderTest, ReservedToolNameIsA400) {
  TargetFixture f;
  ChatRequest request = hello();
  request.tools = {tool("f"), tool("llmgw_json_response")};
  auto encoded = encode_chat_request(request, f.target());
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.error().param, "tools[1].function.name");
}

TEST(AnthropicChatEncoderTest, UnsupportedParametersAre400sUnlessDropped) {
  struct Case {
    const char* param;
    void (*set)(ChatRequest&);
  };
  const std::vector<Case> cases = {
      {"n", [](ChatRequest& r) { r.n = 2; }},
      {"seed", [](ChatRequest& r) { r.seed = 7; }},
      {"presence_penalty", [](ChatRequest& r) { r.presence_penalty = 0.1; }},
      {"frequency_penalty", [](ChatRequest& r) { r.frequency_penalty = 0.1; }},
      {"response_format",
       [](ChatRequest& r) {
         r.response_format.kind = canonical::ResponseFormat::Kind::json_object;
       }},
      {"logprobs",
       [](ChatRequest& r) {
         r.extra.push_back({"logprobs", true});
       }},
  };
  for (const Case& c : cases) {
    TargetFixture f;
    ChatRequest request = hello();
    c.set(request);
    auto rejected = encode_chat_request(request, f.target());
    ASSERT_FALSE(rejected.ok()) << c.param;
    EXPECT_EQ(rejected.error().http_status, 400);
    EXPECT_EQ(rejected.error().param, c.param);
    EXPECT_EQ(rejected.error().code, "unsupported_parameter");

    f.model.drop_unsupported = true;
    EXPECT_EQ(body_of(encode_chat_request(request, f.target())),
              body_of(encode_chat_request(hello(), f.target())))
        << c.param;
  }
}

TEST(AnthropicChatEncoderTest, MessageErrorsPropagate) {
  TargetFixture f;
  ChatRequest request = hello();
  canonical::Message assistant;
  assistant.role = canonical::Role::assistant;
  assistant.tool_calls.push_back({"t", "f", "{oops"});
  request.messages.push_back(assistant);
  auto encoded = encode_chat_request(request, f.target());
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.error().param, "messages[1].tool_calls[0].function.arguments");
}

TEST(AnthropicChatEncoderTest, InvalidUtf8NeverThrows) {
  TargetFixture f;
  ChatRequest request = hello();
  request.system = {std::string("bad \xff byte")};
  auto encoded = encode_chat_request(request, f.target());
  ASSERT_TRUE(encoded.ok());
  EXPECT_NE(encoded->body.find("bad \xef\xbf\xbd byte"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
