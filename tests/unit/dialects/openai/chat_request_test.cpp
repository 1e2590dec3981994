#include "dialects/openai/chat_request.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::openai {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Json;
using canonical::Role;

ChatRequest parse_ok(const std::string& body) {
  auto result = parse_chat_request(body);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? std::move(result).value() : ChatRequest{};
}

Error parse_error(const std::string& body) {
  auto result = parse_chat_request(body);
  EXPECT_FALSE(result.ok()) << "expected a 400 for " << body;
  return result.ok() ? Error::internal("parsed") : result.error();
}

std::string with_messages(const std::string& messages, const std::string& rest = "") {
  return R"({"model":"m","messages":)" + messages + rest + "}";
}

TEST(OpenAiChatRequestTest, ReadsEveryCanonicalParameter) {
  const ChatRequest request = parse_ok(R"({
    "model":"gpt-x","messages":[{"role":"user","content":"hi"}],
    "tools":[{"type":"function","function":{"name":"f","description":"d",
      "parameters":{"type":"object","properties":{"b":{},"a":{}}},"strict":true}}],
    "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false,
    "max_tokens":10,"max_completion_tokens":20,"temperature":0.5,"top_p":1,"top_k":40,
    "stop":["x","y"],"seed":7,"presence_penalty":-1,"frequency_penalty":0.25,
    "response_format":{"type":"json_schema","json_schema":{"name":"s","description":"sd",
      "schema":{"type":"object"},"strict":true}},
    "n":2,"stream":true,"stream_options":{"include_usage":true,"include_obfuscation":false},
    "user":"u1"})");
  EXPECT_EQ(request.model, "gpt-x");
  ASSERT_EQ(request.tools.size(), 1u);
  EXPECT_EQ(request.tools[0].name, "f");
  EXPECT_EQ(request.tools[0].description, "d");
  EXPECT_TRUE(request.tools[0].strict);
  EXPECT_EQ(request.tools[0].parameters.dump(),
            R"({"type":"object","properties":{"b":{},"a":{}}})");  // order kept
  EXPECT_EQ(request.tool_choice.mode, canonical::ToolChoice::Mode::named);
  EXPECT_EQ(request.tool_choice.name, "f");
  EXPECT_EQ(request.parallel_tool_calls, false);
  EXPECT_EQ(request.max_tokens, 20);  // max_completion_tokens wins even when it comes later
  EXPECT_EQ(request.temperature, 0.5);
  EXPECT_EQ(request.top_p, 1.0);
  EXPECT_EQ(request.top_k, 40);
  EXPECT_EQ(request.stop, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(request.seed, 7);
  EXPECT_EQ(request.presence_penalty, -1.0);
  EXPECT_EQ(request.frequency_penalty, 0.25);
  EXPECT_EQ(request.response_format.kind, canonical::ResponseFormat::Kind::json_schema);
  EXPECT_EQ(request.response_format.name, "s");
  EXPECT_EQ(request.response_format.description, "sd");
  EXPECT_EQ(request.response_format.schema, Json::parse(R"({"type":"object"})"));
  EXPECT_TRUE(request.response_format.strict);
  EXPECT_EQ(request.n, 2);
  EXPECT_TRUE(request.stream);
  EXPECT_TRUE(request.include_usage);
  EXPECT_EQ(request.user, "u1");
  EXPECT_TRUE(request.extra.empty());
}

TEST(OpenAiChatRequestTest, MaxTokensAloneAndStopAsString) {
  const ChatRequest request = parse_ok(
      with_messages(R"([{"role":"user","content":"x"}])", R"(,"max_tokens":5,"stop":"END")"));
  EXPECT_EQ(request.max_tokens, 5);
  EXPECT_EQ(request.stop, (std::vector<std::string>{"END"}));
  EXPECT_EQ(request.n, 1);
  EXPECT_FALSE(request.stream);
}

TEST(OpenAiChatRequestTest, ToolChoiceStrings) {
  using Mode = canonical::ToolChoice::Mode;
  const std::vector<std::pair<std::string, Mode>> cases = {
      {"auto", Mode::auto_}, {"none", Mode::none}, {"required", Mode::required}};
  for (const auto& [text, mode] : cases) {
    const ChatRequest request = parse_ok(
        with_messages(R"([{"role":"user","content":"x"}])", R"(,"tool_choice":")" + text + "\""));
    EXPECT_EQ(request.tool_choice.mode, mode) << text;
  }
  EXPECT_EQ(
      parse_error(with_messages(R"([{"role":"user","content":"x"}])", R"(,"tool_choice":"always")"))
          .param,
      "tool_choice");
}

TEST(OpenAiChatRequestTest, SystemAndDeveloperTextsInOrder) {
  const ChatRequest request = parse_ok(with_messages(R"([
    {"role":"system","content":"one"},
    {"role":"user","content":"q"},
    {"role":"developer","content":[{"type":"text","text":"two"},{"type":"text","text":"three"}]},
    {"role":"system","content":""}])"));
  EXPECT_EQ(request.system, (std::vector<std::string>{"one", "two", "three"}));
  ASSERT_EQ(request.messages.size(), 1u);
  EXPECT_EQ(request.messages[0].role, Role::user);
}

TEST(OpenAiChatRequestTest, UserPartsWithInlineAndLinkedImages) {
  const ChatRequest request = parse_ok(with_messages(R"([{"role":"user","name":"ann","content":[
    {"type":"text","text":"look"},
    {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
    {"type":"image_url","image_url":{"url":"https://ex.com/a.jpg"}}]}])"));
  ASSERT_EQ(request.messages.size(), 1u);
  const auto& message = request.messages[0];
  EXPECT_EQ(message.name, "ann");
  ASSERT_EQ(message.content.size(), 3u);
  EXPECT_EQ(message.content[0].text, "look");
  EXPECT_EQ(message.content[1].kind, ContentPart::Kind::image);
  EXPECT_EQ(message.content[1].image.media_type, "image/png");
  EXPECT_EQ(message.content[1].image.data, "iVBORw0KGgo=");
  EXPECT_EQ(message.content[1].image.detail, "high");
  EXPECT_TRUE(message.content[1].image.url.empty());
  EXPECT_EQ(message.content[2].image.url, "https://ex.com/a.jpg");
  EXPECT_TRUE(message.content[2].image.data.empty());
}

TEST(OpenAiChatRequestTest, BadImageUrlsAreNamed) {
  for (const char* url :
       {"data:image/png,abc", "data:;base64,abc", "ftp://x/y", "data:image/png"}) {
    const Error error = parse_error(with_messages(
        std::string(R"([{"role":"user","content":[{"type":"image_url","image_url":{"url":")") +
        url + R"("}}]}])"));
    EXPECT_EQ(error.param, "messages[0].content[0].image_url.url") << url;
    EXPECT_EQ(error.http_status, 400);
  }
}

TEST(OpenAiChatRequestTest, AudioAndFilePartsAreNotTranslatable) {
  for (const char* part : {R"({"type":"input_audio","input_audio":{"data":"x","format":"wav"}})",
                           R"({"type":"file","file":{"file_id":"file-1"}})"}) {
    const Error error = parse_error(with_messages(
        std::string(
            R"([{"role":"user","content":"a"},{"role":"user","content":[{"type":"text","text":"t"},)") +
        part + "]}]"));
    EXPECT_EQ(error.param, "messages[1].content[1]");
    EXPECT_NE(error.message.find("not supported through translation"), std::string::npos);
    EXPECT_NE(error.message.find("messages[1].content[1]"), std::string::npos);
  }
}

TEST(OpenAiChatRequestTest, AssistantToolCallsAndToolResults) {
  const ChatRequest request = parse_ok(with_messages(R"([
    {"role":"user","content":"weather?"},
    {"role":"assistant","content":null,"refusal":null,"reasoning_content":"think",
     "tool_calls":[{"id":"call_1","type":"function","function":{"name":"get","arguments":"{\"c\":1"}}]},
    {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"3C"}]},
    {"role":"assistant","content":[{"type":"text","text":"It is "},{"type":"refusal","refusal":"no"},
      {"type":"text","text":"cold"}]}])"));
  ASSERT_EQ(request.messages.size(), 4u);
  const auto& call_turn = request.messages[1];
  EXPECT_EQ(call_turn.role, Role::assistant);
  EXPECT_TRUE(call_turn.content.empty());
  EXPECT_EQ(call_turn.reasoning, "think");
  ASSERT_EQ(call_turn.tool_calls.size(), 1u);
  EXPECT_EQ(call_turn.tool_calls[0].id, "call_1");
  EXPECT_EQ(call_turn.tool_calls[0].name, "get");
  EXPECT_EQ(call_turn.tool_calls[0].arguments, "{\"c\":1");  // passed on unrepaired
  const auto& result = request.messages[2];
  EXPECT_EQ(result.role, Role::tool);
  EXPECT_EQ(result.tool_call_id, "call_1");
  EXPECT_EQ(result.tool_name, "get");  // looked up from the call
  ASSERT_EQ(result.content.size(), 1u);
  EXPECT_EQ(result.content[0].text, "3C");
  ASSERT_EQ(request.messages[3].content.size(), 2u);  // refusal part skipped
  EXPECT_EQ(request.messages[3].content[1].text, "cold");
}

TEST(OpenAiChatRequestTest, MessageErrorsNameTheirPath) {
  struct Case {
    const char* messages;
    const char* param;
  };
  const Case cases[] = {
      {R"([{"role":"tool","content":"x"}])", "messages[0].tool_call_id"},
      {R"([{"role":"tool","tool_call_id":"","content":"x"}])", "messages[0].tool_call_id"},
      {R"([{"role":"tool","tool_call_id":"c"}])", "messages[0].content"},
      {R"([{"role":"function","name":"f","content":"x"}])", "messages[0].role"},
      {R"([{"role":"wizard","content":"x"}])", "messages[0].role"},
      {R"([{"content":"x"}])", "messages[0].role"},
      {R"([{"role":"user","content":5}])", "messages[0].content"},
      {R"([{"role":"user"}])", "messages[0].content"},
      {R"([{"role":"user","content":[{"type":"video"}]}])", "messages[0].content[0].type"},
      {R"([{"role":"system","content":[{"type":"image_url","image_url":{"url":"https://a/b"}}]}])",
       "messages[0].content[0].type"},
      {R"([{"role":"user","content":[{"type":"text","text":3}]}])", "messages[0].content[0].text"},
      {R"([{"role":"assistant","tool_calls":[{"id":"c","type":"custom","custom":{}}]}])",
       "messages[0].tool_calls[0].type"},
      {R"([{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}])",
       "messages[0].tool_calls[0].id"},
      {R"([{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":{}}}]}])",
       "messages[0].tool_calls[0].function.arguments"},
      {R"([{"role":"assistant","function_call":{"name":"f","arguments":"{}"}}])",
       "messages[0].function_call"},
      {R"([1])", "messages[0]"},
      {R"([])", "messages"},
      {R"({})", "messages"},
  };
  for (const Case& c : cases) {
    const Error error = parse_error(with_messages(c.messages));
    EXPECT_EQ(error.param, c.param) << c.messages << ": " << error.message;
    EXPECT_EQ(error.kind, ErrorKind::invalid_request);
    EXPECT_NE(error.message.find(c.param), std::string::npos) << error.message;
  }
}

TEST(OpenAiChatRequestTest, ParameterTypeErrorsNameTheParameter) {
  const std::pair<const char*, const char*> cases[] = {
      {R"("temperature":"hot")", "temperature"},
      {R"("max_tokens":1.5)", "max_tokens"},
      {R"("max_completion_tokens":-1)", "max_completion_tokens"},
      {R"("n":0)", "n"},
      {R"("stream":"yes")", "stream"},
      {R"("stop":[1])", "stop[0]"},
      {R"("seed":18446744073709551615)", "seed"},
      {R"("tools":{})", "tools"},
      {R"("tools":[{"type":"web_search"}])", "tools[0].type"},
      {R"("tools":[{"type":"function","function":{"description":"no name"}}])",
       "tools[0].function.name"},
      {R"("tool_choice":{"type":"allowed_tools"})", "tool_choice.type"},
      {R"("response_format":{"type":"yaml"})", "response_format.type"},
      {R"("response_format":{"type":"json_schema","json_schema":{}})",
       "response_format.json_schema.name"},
      {R"("stream_options":{"include_usage":1})", "stream_options.include_usage"},
      {R"("user":42)", "user"},
      {R"("model":7)", "model"},
  };
  for (const auto& [member, param] : cases) {
    const Error error =
        parse_error(with_messages(R"([{"role":"user","content":"x"}])", std::string(",") + member));
    EXPECT_EQ(error.param, param) << member << ": " << error.message;
    EXPECT_EQ(error.http_status, 400);
  }
  const Error type_error =
      parse_error(with_messages(R"([{"role":"user","content":"x"}])", R"(,"temperature":"hot")"));
  EXPECT_EQ(type_error.message,
            "Invalid type for 'temperature': expected a number, but got a string instead.");
  EXPECT_EQ(type_error.code, "invalid_type");
}

TEST(OpenAiChatRequestTest, NullMeansUnset) {
  const ChatRequest request = parse_ok(with_messages(
      R"([{"role":"user","content":"x"}])",
      R"(,"temperature":null,"tools":null,"stop":null,"logit_bias":null,"stream_options":null,)"
      R"("response_format":null,"n":null,"user":null,"max_tokens":null)"));
  EXPECT_FALSE(request.temperature);
  EXPECT_FALSE(request.max_tokens);
  EXPECT_TRUE(request.tools.empty());
  EXPECT_TRUE(request.extra.empty());
  EXPECT_EQ(request.n, 1);
}

TEST(OpenAiChatRequestTest, UnmappedParametersBecomeExtraAndMetadataIsDropped) {
  const ChatRequest request = parse_ok(with_messages(
      R"([{"role":"user","content":"x"}])",
      R"(,"store":true,"metadata":{"a":"b"},"service_tier":"auto","safety_identifier":"s",)"
      R"("prompt_cache_key":"k","prompt_cache_retention":"24h",)"
      R"("logprobs":true,"top_logprobs":3,"logit_bias":{"1":-100},"reasoning_effort":"low",)"
      R"("modalities":["text"],"functions":[],"brand_new":{"x":1})"));
  std::vector<std::string> names;
  for (const auto& extra : request.extra) names.push_back(extra.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"logprobs", "top_logprobs", "logit_bias", "reasoning_effort",
                                      "modalities", "functions", "brand_new"}));
  EXPECT_EQ(request.extra[2].value, Json::parse(R"({"1":-100})"));
  EXPECT_EQ(request.extra.back().value, Json::parse(R"({"x":1})"));
}

TEST(OpenAiChatRequestTest, LogprobsFalseIsTheDefaultAndNotAnExtra) {
  const ChatRequest request =
      parse_ok(with_messages(R"([{"role":"user","content":"x"}])", R"(,"logprobs":false)"));
  EXPECT_TRUE(request.extra.empty());
}

TEST(OpenAiChatRequestTest, BodiesThatAreNotRequestsAreRefused) {
  for (const char* body :
       {"", "{", "[]", "null", "{\"model\":\"m\"}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\"}]}"}) {
    const Error error = parse_error(body);
    EXPECT_EQ(error.http_status, 400) << body;
  }
  // Nesting deep enough to exhaust the stack if the DOM were built blindly.
  const std::string deep =
      with_messages(R"([{"role":"user","content":"x"}])",
                    ",\"x\":" + std::string(100000, '[') + std::string(100000, ']'));
  EXPECT_EQ(parse_error(deep).code, "invalid_json");
}

}  // namespace
}  // namespace llmgw::dialects::openai
