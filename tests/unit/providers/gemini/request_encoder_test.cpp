#include "providers/gemini/request_encoder.hpp"

#include <gtest/gtest.h>

#include "gemini_test_support.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::ChatRequest;
using canonical::Json;
using canonical::ToolChoice;
using testing::TargetFixture;

ChatRequest hello() {
  ChatRequest request;
  request.model = "public-model";
  canonical::Message message;
  canonical::ContentPart part;
  part.text = "Hello";
  message.content.push_back(part);
  request.messages.push_back(message);
  return request;
}

TEST(GeminiRequestEncoderTest, MinimalRequest) {
  TargetFixture f;
  auto request = encode_chat_request(hello(), f.target());
  ASSERT_TRUE(request.ok()) << request.error().message;
  EXPECT_EQ(request->method, boost::beast::http::verb::post);
  EXPECT_EQ(request->target, "/v1beta/models/gemini-2.5-flash:generateContent");
  EXPECT_EQ(find_header(request->headers, "x-goog-api-key"), "secret-key");
  EXPECT_EQ(request->body, R"({"contents":[{"role":"user","parts":[{"text":"Hello"}]}]})");
}

TEST(GeminiRequestEncoderTest, StreamingTarget) {
  TargetFixture f;
  ChatRequest chat = hello();
  chat.stream = true;
  chat.include_usage = true;
  auto request = encode_chat_request(chat, f.target()).value();
  EXPECT_EQ(request.target, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  EXPECT_EQ(find_header(request.headers, "accept"), "text/event-stream");
}

TEST(GeminiRequestEncoderTest, GenerationConfig) {
  TargetFixture f;
  ChatRequest chat = hello();
  chat.max_tokens = 256;
  chat.temperature = 0.5;
  chat.top_p = 0.9;
  chat.top_k = 40;
  chat.stop = {"END", "STOP"};
  chat.n = 2;
  chat.seed = 7;
  chat.presence_penalty = 0.25;
  chat.frequency_penalty = -0.5;
  chat.response_format.kind = canonical::ResponseFormat::Kind::json_object;
  Json body = encode_chat_body(chat, f.target()).value();
  EXPECT_EQ(body["generationConfig"], Json::parse(R"({
    "maxOutputTokens":256,"temperature":0.5,"topP":0.9,"topK":40,"stopSequences":["END","STOP"],
    "candidateCount":2,"seed":7,"presencePenalty":0.25,"frequencyPenalty":-0.5,
    "responseMimeType":"application/json"})"));
}

TEST(GeminiRequestEncoderTest, NoMaxTokensIsInvented) {
  TargetFixture f;
  f.model.default_max_tokens = 1000;
  Json body = encode_chat_body(hello(), f.target()).value();
  EXPECT_FALSE(body.contains("generationConfig"));
}

TEST(GeminiRequestEncoderTest, JsonSchemaBecomesFilteredResponseSchema) {
  TargetFixture f;
  ChatRequest chat = hello();
  chat.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
  chat.response_format.name = "answer";
  chat.response_format.strict = true;
  chat.response_format.schema = Json::parse(
      R"({"type":"object","properties":{"a":{"type":["string","null"]}},"required":["a"],"additionalProperties":false})");
  Json body = encode_chat_body(chat, f.target()).value();
  EXPECT_EQ(body["generationConfig"], Json::parse(R"({"responseMimeType":"application/json",
    "responseSchema":{"type":"object","properties":{"a":{"type":"string","nullable":true}},"required":["a"]}})"));
}

TEST(GeminiRequestEncoderTest, ToolsAndToolChoice) {
  TargetFixture f;
  ChatRequest chat = hello();
  canonical::ToolDefinition weather;
  weather.name = "get_weather";
  weather.description = "Current weather";
  weather.strict = true;
  weather.parameters = Json::parse(
      R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false})");
  canonical::ToolDefinition now;
  now.name = "now";
  now.parameters = Json::parse(R"({"type":"object","properties":{}})");
  chat.tools = {weather, now};
  chat.tool_choice.mode = ToolChoice::Mode::named;
  chat.tool_choice.name = "get_weather";
  Json body = encode_chat_body(chat, f.target()).value();
  EXPECT_EQ(body["tools"], Json::parse(R"([{"functionDeclarations":[
    {"name":"get_weather","description":"Current weather",
     "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
    {"name":"now"}]}])"));
  EXPECT_EQ(
      body["toolConfig"],
      Json::parse(
          R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}})"));
}

TEST(GeminiRequestEncoderTest, ToolChoiceModes) {
  TargetFixture f;
  const std::pair<ToolChoice::Mode, const char*> cases[] = {
      {ToolChoice::Mode::auto_, "AUTO"},
      {ToolChoice::Mode::none, "NONE"},
      {ToolChoice::Mode::required, "ANY"},
  };
  for (const auto& [mode, expected] : cases) {
    ChatRequest chat = hello();
    chat.tool_choice.mode = mode;
    Json body = encode_chat_body(chat, f.target()).value();
    EXPECT_EQ(body["toolConfig"]["functionCallingConfig"],
              Json::parse(std::string(R"({"mode":")") + expected + "\"}"));
  }
  EXPECT_FALSE(encode_chat_body(hello(), f.target()).value().contains("toolConfig"));
}

TEST(GeminiRequestEncoderTest, ExtraParametersAreRejectedOrDropped) {
  TargetFixture f;
  ChatRequest chat = hello();
  chat.extra.push_back({"logprobs", Json(true)});
  auto rejected = encode_chat_request(chat, f.target());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().http_status, 400);
  EXPECT_EQ(rejected.error().param, "logprobs");
  f.model.drop_unsupported = true;
  auto dropped = encode_chat_request(chat, f.target());
  ASSERT_TRUE(dropped.ok());
  EXPECT_EQ(dropped->body.find("logprobs"), std::string::npos);
}

TEST(GeminiRequestEncoderTest, ParallelToolCallsFalseIsUnsupported) {
  TargetFixture f;
  ChatRequest chat = hello();
  chat.parallel_tool_calls = true;
  EXPECT_TRUE(encode_chat_request(chat, f.target()).ok());
  chat.parallel_tool_calls = false;
  auto rejected = encode_chat_request(chat, f.target());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().param, "parallel_tool_calls");
}

TEST(GeminiRequestEncoderTest, ContentErrorsPropagate) {
  TargetFixture f;
  ChatRequest chat = hello();
  canonical::Message call;
  call.role = canonical::Role::assistant;
  call.tool_calls.push_back({"call_1", "f", "{oops"});
  chat.messages.push_back(call);
  auto rejected = encode_chat_request(chat, f.target());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().http_status, 400);
}

TEST(GeminiRequestEncoderTest, VertexRequest) {
  TargetFixture f;
  f.provider.gemini = {true, "proj", "europe-west4"};
  auto request = encode_chat_request(hello(), f.target()).value();
  EXPECT_EQ(request.target,
            "/v1/projects/proj/locations/europe-west4/publishers/google/models/"
            "gemini-2.5-flash:generateContent");
  EXPECT_EQ(find_header(request.headers, "authorization"), "Bearer secret-key");
}

TEST(GeminiRequestEncoderTest, InvalidUtf8NeverThrows) {
  TargetFixture f;
  ChatRequest chat = hello();
  chat.messages[0].content[0].text = "bad \xFF byte";
  auto request = encode_chat_request(chat, f.target());
  ASSERT_TRUE(request.ok());
  EXPECT_NE(request->body.find("bad \xEF\xBF\xBD byte"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::gemini
