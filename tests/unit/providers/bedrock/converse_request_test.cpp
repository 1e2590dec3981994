#include "providers/bedrock/converse_request.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bedrock_test_support.hpp"

namespace llmgw::providers::bedrock {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Json;
using canonical::Message;
using canonical::Role;
using canonical::ToolChoice;
using testing::TargetFixture;

Message text_message(Role role, std::string text) {
  Message message;
  message.role = role;
  message.content.push_back({ContentPart::Kind::text, std::move(text), {}});
  return message;
}

Message image_message(canonical::Image image) {
  Message message;
  message.role = Role::user;
  message.content.push_back({ContentPart::Kind::image, {}, std::move(image)});
  return message;
}

ChatRequest hello() {
  ChatRequest request;
  request.messages.push_back(text_message(Role::user, "Hi"));
  return request;
}

Json body_of(const ChatRequest& request, const TargetFixture& fixture = {}) {
  Result<Json> body = build_converse_body(request, fixture.target());
  EXPECT_TRUE(body.ok()) << (body.ok() ? "" : body.error().message);
  return body.ok() ? body.value() : Json();
}

Error error_of(const ChatRequest& request, const TargetFixture& fixture = {}) {
  Result<Json> body = build_converse_body(request, fixture.target());
  EXPECT_FALSE(body.ok()) << body->dump();
  return body.ok() ? Error{} : body.error();
}

TEST(BedrockConverseRequest, MinimalRequestHasMessagesAndDefaultMaxTokens) {
  ChatRequest request = hello();
  request.system = {"Be terse.", "", "Answer in English."};
  EXPECT_EQ(body_of(request), Json::parse(R"({
    "system":[{"text":"Be terse."},{"text":"Answer in English."}],
    "messages":[{"role":"user","content":[{"text":"Hi"}]}],
    "inferenceConfig":{"maxTokens":4096}})"));
}

TEST(BedrockConverseRequest, MaxTokensComesFromRequestThenModelDefault) {
  TargetFixture fixture;
  fixture.model.default_max_tokens = 777;
  ChatRequest request = hello();
  EXPECT_EQ(body_of(request, fixture)["inferenceConfig"]["maxTokens"], 777);
  request.max_tokens = 12;
  EXPECT_EQ(body_of(request, fixture)["inferenceConfig"]["maxTokens"], 12);
}

TEST(BedrockConverseRequest, SamplingParametersMapToInferenceConfigAndTopK) {
  ChatRequest request = hello();
  request.temperature = 0.5;
  request.top_p = 0.25;
  request.stop = {"END", "STOP"};
  request.top_k = 40;
  const Json body = body_of(request);
  EXPECT_EQ(body["inferenceConfig"], Json::parse(R"({"maxTokens":4096,"temperature":0.5,
            "topP":0.25,"stopSequences":["END","STOP"]})"));
  EXPECT_EQ(body["additionalModelRequestFields"], Json::parse(R"({"top_k":40})"));
}

TEST(BedrockConverseRequest, InlineImagesBecomeByteSources) {
  ChatRequest request;
  request.messages.push_back(image_message({"", "image/jpeg", "AAAA", "high"}));
  EXPECT_EQ(body_of(request)["messages"][0]["content"][0],
            Json::parse(R"({"image":{"format":"jpeg","source":{"bytes":"AAAA"}}})"));
  EXPECT_EQ(image_format("image/PNG"), "png");
  EXPECT_EQ(image_format("image/webp"), "webp");
  EXPECT_EQ(image_format("image/gif"), "gif");
  EXPECT_EQ(image_format("image/bmp"), "");
}

TEST(BedrockConverseRequest, UnsupportedImageTypeIsA400NamingImageUrl) {
  ChatRequest request;
  request.messages.push_back(image_message({"", "image/tiff", "AAAA", ""}));
  const Error error = error_of(request);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.param, "image_url");
  EXPECT_NE(error.message.find("image/tiff"), std::string::npos);
}

TEST(BedrockConverseRequest, UrlImagesAreRejectedUnlessTheModelDropsThem) {
  ChatRequest request = hello();
  request.messages[0].content.push_back(
      {ContentPart::Kind::image, {}, {"https://example.com/cat.png", "", "", ""}});
  const Error error = error_of(request);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.param, "image_url");
  EXPECT_EQ(error.code, "unsupported_parameter");

  TargetFixture dropping;
  dropping.model.drop_unsupported = true;
  EXPECT_EQ(body_of(request, dropping)["messages"][0]["content"],
            Json::parse(R"([{"text":"Hi"}])"));
}

TEST(BedrockConverseRequest, ToolHistoryBecomesToolUseAndMergedToolResults) {
  ChatRequest request = hello();
  Message assistant = text_message(Role::assistant, "Checking.");
  assistant.tool_calls = {{"tooluse_1", "get_weather", R"({"city":"Oslo"})"},
                          {"tooluse_2", "get_time", ""}};
  assistant.reasoning = "dropped: Bedrock wants it signed";
  request.messages.push_back(assistant);
  Message first = text_message(Role::tool, "3°C");
  first.tool_call_id = "tooluse_1";
  Message second = text_message(Role::tool, "no clock");
  second.tool_call_id = "tooluse_2";
  second.tool_error = true;
  request.messages.push_back(first);
  request.messages.push_back(second);
  request.messages.push_back(text_message(Role::user, "Thanks"));
  EXPECT_EQ(body_of(request)["messages"], Json::parse(R"([
    {"role":"user","content":[{"text":"Hi"}]},
    {"role":"assistant","content":[{"text":"Checking."},
      {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Oslo"}}},
      {"toolUse":{"toolUseId":"tooluse_2","name":"get_time","input":{}}}]},
    {"role":"user","content":[
      {"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"3°C"}]}},
      {"toolResult":{"toolUseId":"tooluse_2","content":[{"text":"no clock"}],"status":"error"}},
      {"text":"Thanks"}]}])"));
}

TEST(BedrockConverseRequest, InvalidOrTooDeepToolArgumentsAreA400) {
  for (const std::string& arguments : {std::string("{\"city\":"), std::string(600, '[')}) {
    ChatRequest request = hello();
    Message assistant;
    assistant.role = Role::assistant;
    assistant.tool_calls = {{"tooluse_1", "f", arguments}};
    request.messages.push_back(assistant);
    const Error error = error_of(request);
    EXPECT_EQ(error.http_status, 400);
    EXPECT_NE(error.message.find("tooluse_1"), std::string::npos);
  }
}

TEST(BedrockConverseRequest, ToolsAndToolChoiceMapToToolConfig) {
  ChatRequest request = hello();
  request.tools.push_back({"get_weather", "Current weather",
                           Json::parse(R"({"type":"object","properties":{}})"), false});
  request.tools.push_back({"noop", "", Json(), true});
  const Json tools = Json::parse(R"([
    {"toolSpec":{"name":"get_weather","description":"Current weather",
      "inputSchema":{"json":{"type":"object","properties":{}}}}},
    {"toolSpec":{"name":"noop","inputSchema":{"json":{"type":"object","properties":{}}},
      "strict":true}}])");
  EXPECT_EQ(body_of(request)["toolConfig"], Json({{"tools", tools}}));

  request.tool_choice.mode = ToolChoice::Mode::auto_;
  EXPECT_EQ(body_of(request)["toolConfig"]["toolChoice"], Json::parse(R"({"auto":{}})"));
  request.tool_choice.mode = ToolChoice::Mode::required;
  EXPECT_EQ(body_of(request)["toolConfig"]["toolChoice"], Json::parse(R"({"any":{}})"));
  request.tool_choice = {ToolChoice::Mode::named, "noop"};
  EXPECT_EQ(body_of(request)["toolConfig"]["toolChoice"],
            Json::parse(R"({"tool":{"name":"noop"}})"));
}

TEST(BedrockConverseRequest, ToolChoiceNoneDropsToolsUnlessHistoryNeedsThem) {
  ChatRequest request = hello();
  request.tools.push_back({"f", "", Json(), false});
  request.tool_choice.mode = ToolChoice::Mode::none;
  EXPECT_FALSE(body_of(request).contains("toolConfig"));

  Message assistant;
  assistant.role = Role::assistant;
  assistant.tool_calls = {{"tooluse_1", "f", "{}"}};
  request.messages.push_back(assistant);
  const Json config = body_of(request)["toolConfig"];
  EXPECT_EQ(config["tools"].size(), 1U);
  EXPECT_FALSE(config.contains("toolChoice"));
}

TEST(BedrockConverseRequest, ForcedToolChoiceWithoutToolsIsA400) {
  ChatRequest request = hello();
  request.tool_choice.mode = ToolChoice::Mode::required;
  EXPECT_EQ(error_of(request).param, "tool_choice");
}

TEST(BedrockConverseRequest, UnsupportedParametersAreRejectedOrDropped) {
  struct Case {
    const char* param;
    void (*set)(ChatRequest&);
  };
  const Case cases[] = {
      {"n", [](ChatRequest& r) { r.n = 2; }},
      {"seed", [](ChatRequest& r) { r.seed = 7; }},
      {"presence_penalty", [](ChatRequest& r) { r.presence_penalty = 0.1; }},
      {"frequency_penalty", [](ChatRequest& r) { r.frequency_penalty = 0.1; }},
      {"response_format",
       [](ChatRequest& r) {
         r.response_format.kind = canonical::ResponseFormat::Kind::json_object;
       }},
      {"parallel_tool_calls", [](ChatRequest& r) { r.parallel_tool_calls = false; }},
      {"logprobs",
       [](ChatRequest& r) {
         r.extra.push_back({"logprobs", true});
       }},
  };
  TargetFixture dropping;
  dropping.model.drop_unsupported = true;
  for (const Case& c : cases) {
    ChatRequest request = hello();
    c.set(request);
    const Error error = error_of(request);
    EXPECT_EQ(error.http_status, 400) << c.param;
    EXPECT_EQ(error.param, c.param);
    EXPECT_NE(error.message.find("golden"), std::string::npos) << error.message;
    EXPECT_EQ(body_of(request, dropping), body_of(hello())) << c.param;
  }
}

TEST(BedrockConverseRequest, NoMessageWithContentIsA400) {
  ChatRequest request;
  request.messages.push_back(text_message(Role::user, ""));
  EXPECT_EQ(error_of(request).param, "messages");
}

TEST(BedrockConverseRequest, ToolMessageWithoutCallIdIsA400) {
  ChatRequest request = hello();
  request.messages.push_back(text_message(Role::tool, "x"));
  EXPECT_EQ(error_of(request).param, "messages");
}

}  // namespace
}  // namespace llmgw::providers::bedrock
