#include "providers/openai/chat_encoder.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/config_builders.hpp"

namespace llmgw::providers::openai {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Json;
using canonical::Message;
using canonical::Role;

struct Fixture {
  config::ProviderConfig provider;
  config::Deployment deployment = ::llmgw::testing::deployment("openai", "gpt-4o-2024-08-06");
  config::ModelConfig model;
  Headers client_headers;

  Fixture() {
    provider.name = "openai";
    provider.kind = config::ProviderKind::openai;
    provider.origin.base_path = "/v1";
    provider.api_key = "sk-secret";
    model.name = "public";
  }
  TranslateTarget target() const { return {deployment, provider, model, client_headers, {}}; }
  Json body(const ChatRequest& request) const {
    auto encoded = encode_chat_body(request, target());
    EXPECT_TRUE(encoded.ok()) << encoded.error().message;
    return encoded.ok() ? Json::parse(encoded.value()) : Json();
  }
};

ContentPart text(std::string value) {
  ContentPart part;
  part.text = std::move(value);
  return part;
}

ContentPart inline_image() {
  ContentPart part;
  part.kind = ContentPart::Kind::image;
  part.image.media_type = "image/png";
  part.image.data = "iVBORw0KGgo=";
  return part;
}

Message user(std::vector<ContentPart> parts) {
  Message message;
  message.content = std::move(parts);
  return message;
}

TEST(OpenAiChatEncoderTest, FullConversation) {
  Fixture f;
  ChatRequest request;
  request.model = "public";
  request.system = {"Be brief.", "Use metric units."};
  ContentPart url_image;
  url_image.kind = ContentPart::Kind::image;
  url_image.image.url = "https://ex.com/a.png";
  url_image.image.detail = "low";
  request.messages.push_back(user({text("Weather?"), inline_image(), url_image}));
  Message assistant;
  assistant.role = Role::assistant;
  assistant.reasoning = "the user wants weather";
  assistant.tool_calls.push_back({"toolu_1", "get_weather", "{\"city\":\"Oslo\"}"});
  request.messages.push_back(assistant);
  Message tool;
  tool.role = Role::tool;
  tool.tool_call_id = "toolu_1";
  tool.tool_name = "get_weather";
  tool.content = {text("3°C, "), text("snow")};
  request.messages.push_back(tool);
  Message named = user({text("thanks")});
  named.name = "bob";
  request.messages.push_back(named);

  EXPECT_EQ(f.body(request), Json::parse(R"({
    "model":"gpt-4o-2024-08-06",
    "messages":[
      {"role":"system","content":"Be brief.\n\nUse metric units."},
      {"role":"user","content":[
        {"type":"text","text":"Weather?"},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
        {"type":"image_url","image_url":{"url":"https://ex.com/a.png","detail":"low"}}]},
      {"role":"assistant","content":null,"tool_calls":[
        {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
      {"role":"tool","tool_call_id":"toolu_1","content":"3°C, snow"},
      {"role":"user","content":"thanks","name":"bob"}]})"));
}

TEST(OpenAiChatEncoderTest, ToolsChoiceAndParameters) {
  Fixture f;
  ChatRequest request;
  request.messages.push_back(user({text("hi")}));
  canonical::ToolDefinition tool;
  tool.name = "get_weather";
  tool.description = "Weather by city";
  tool.parameters = Json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})");
  tool.strict = true;
  request.tools.push_back(tool);
  canonical::ToolDefinition bare;
  bare.name = "ping";
  request.tools.push_back(bare);
  request.tool_choice.mode = canonical::ToolChoice::Mode::named;
  request.tool_choice.name = "get_weather";
  request.parallel_tool_calls = false;
  request.max_tokens = 100;
  request.temperature = 0.5;
  request.top_p = 0.9;
  request.n = 2;
  request.stop = {"END"};
  request.seed = 7;
  request.presence_penalty = 0.1;
  request.frequency_penalty = -0.2;
  request.response_format.kind = canonical::ResponseFormat::Kind::json_schema;
  request.response_format.name = "w";
  request.response_format.schema = Json::parse(R"({"type":"object"})");
  request.response_format.strict = true;
  request.user = "u-1";
  request.extra.push_back({"logprobs", true});
  request.extra.push_back({"model", "never-overrides"});

  EXPECT_EQ(f.body(request), Json::parse(R"({
    "model":"gpt-4o-2024-08-06",
    "messages":[{"role":"user","content":"hi"}],
    "tools":[
      {"type":"function","function":{"name":"get_weather","description":"Weather by city",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}},
      {"type":"function","function":{"name":"ping"}}],
    "tool_choice":{"type":"function","function":{"name":"get_weather"}},
    "parallel_tool_calls":false,
    "max_completion_tokens":100,"temperature":0.5,"top_p":0.9,"n":2,"stop":["END"],"seed":7,
    "presence_penalty":0.1,"frequency_penalty":-0.2,
    "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"},"strict":true}},
    "user":"u-1","logprobs":true})"));
}

TEST(OpenAiChatEncoderTest, ToolChoiceModes) {
  Fixture f;
  using Mode = canonical::ToolChoice::Mode;
  for (auto [mode, expected] : std::vector<std::pair<Mode, std::string>>{
           {Mode::auto_, "auto"}, {Mode::none, "none"}, {Mode::required, "required"}}) {
    ChatRequest request;
    request.tool_choice.mode = mode;
    EXPECT_EQ(f.body(request)["tool_choice"], expected);
  }
  EXPECT_FALSE(f.body(ChatRequest{}).contains("tool_choice"));
  ChatRequest json_object;
  json_object.response_format.kind = canonical::ResponseFormat::Kind::json_object;
  EXPECT_EQ(f.body(json_object)["response_format"], Json::parse(R"({"type":"json_object"})"));
}

TEST(OpenAiChatEncoderTest, CompatibleServersGetMaxTokensAndTopK) {
  Fixture f;
  ChatRequest request;
  request.max_tokens = 64;
  request.top_k = 40;
  auto rejected = encode_chat_body(request, f.target());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().http_status, 400);
  EXPECT_EQ(rejected.error().param, "top_k");

  f.model.drop_unsupported = true;
  Json dropped = f.body(request);
  EXPECT_FALSE(dropped.contains("top_k"));
  EXPECT_EQ(dropped["max_completion_tokens"], 64);

  f.model.drop_unsupported = false;
  f.provider.kind = config::ProviderKind::openai_compatible;
  Json compatible = f.body(request);
  EXPECT_EQ(compatible["max_tokens"], 64);
  EXPECT_EQ(compatible["top_k"], 40);
  EXPECT_FALSE(compatible.contains("max_completion_tokens"));
}

TEST(OpenAiChatEncoderTest, StreamingAsksForUsageUnlessTheProviderRejectsIt) {
  Fixture f;
  ChatRequest request;
  request.stream = true;
  Json body = f.body(request);
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["stream_options"], Json::parse(R"({"include_usage":true})"));
  f.provider.stream_usage = false;
  body = f.body(request);
  EXPECT_EQ(body["stream"], true);
  EXPECT_FALSE(body.contains("stream_options"));
  request.stream = false;
  EXPECT_FALSE(f.body(request).contains("stream"));
}

TEST(OpenAiChatEncoderTest, ImagesWhereOpenAiTakesNoneAreUnsupported) {
  Fixture f;
  ChatRequest request;
  Message tool;
  tool.role = Role::tool;
  tool.tool_call_id = "t";
  tool.content = {text("see image"), inline_image()};
  request.messages.push_back(tool);
  auto rejected = encode_chat_body(request, f.target());
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().param, "messages[0].content (image)");
  f.model.drop_unsupported = true;
  EXPECT_EQ(f.body(request)["messages"][0]["content"], "see image");
}

TEST(OpenAiChatEncoderTest, InvalidUtf8NeverThrows) {
  Fixture f;
  ChatRequest request;
  request.messages.push_back(user({text("bad \xff byte")}));
  Json body = f.body(request);
  EXPECT_EQ(body["messages"][0]["content"], "bad \xEF\xBF\xBD byte");
}

TEST(OpenAiChatEncoderTest, RequestCarriesRouteAndFastPathHeaders) {
  Fixture f;
  f.client_headers = {{"OpenAI-Organization", "org-1"}, {"Authorization", "Bearer client"}};
  ChatRequest request;
  request.stream = true;
  auto encoded = encode_chat_request(request, f.target(),
                                     openai_route(f.provider, Endpoint::chat_completions));
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->target, "/v1/chat/completions");
  EXPECT_EQ(find_header(encoded->headers, "authorization"), "Bearer sk-secret");
  EXPECT_EQ(find_header(encoded->headers, "accept"), "text/event-stream");
  EXPECT_EQ(find_header(encoded->headers, "content-type"), "application/json");
  EXPECT_EQ(find_header(encoded->headers, "openai-organization"), "org-1");

  f.provider.api_key = "sk-\r\nX: y";
  auto refused = encode_chat_request(request, f.target(), UpstreamRoute{"/x", AuthScheme::api_key});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.find("sk-"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::openai
