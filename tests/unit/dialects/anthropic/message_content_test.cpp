#include "dialects/anthropic/message_content.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::anthropic {
namespace {

using canonical::ContentPart;
using canonical::Message;
using canonical::Role;

struct Converted {
  std::vector<Message> messages;
  std::optional<Error> error;
};

/// Converts the messages of a JSON array with one converter, as the request parser does.
Converted convert(const char* messages_json) {
  Converted out;
  const Json messages = Json::parse(messages_json);
  MessageConverter converter;
  for (std::size_t i = 0; i < messages.size() && !out.error; ++i) {
    out.error = converter.append(messages[i], i, out.messages);
  }
  return out;
}

std::string error_param(const char* messages_json) {
  Converted out = convert(messages_json);
  EXPECT_TRUE(out.error.has_value()) << messages_json;
  return out.error ? out.error->param : std::string();
}

TEST(AnthropicMessageContent, UserTextAndImages) {
  Converted out = convert(R"([{"role":"user","content":[
    {"type":"text","text":"What is this?","cache_control":{"type":"ephemeral"}},
    {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
    {"type":"image","source":{"type":"url","url":"https://ex.com/a.jpg"}}]}])");
  ASSERT_FALSE(out.error) << out.error->message;
  ASSERT_EQ(out.messages.size(), 1u);
  const Message& user = out.messages[0];
  EXPECT_EQ(user.role, Role::user);
  ASSERT_EQ(user.content.size(), 3u);
  EXPECT_EQ(user.content[0].kind, ContentPart::Kind::text);
  EXPECT_EQ(user.content[0].text, "What is this?");
  EXPECT_EQ(user.content[1].kind, ContentPart::Kind::image);
  EXPECT_EQ(user.content[1].image.media_type, "image/png");
  EXPECT_EQ(user.content[1].image.data, "iVBOR");
  EXPECT_TRUE(user.content[1].image.url.empty());
  EXPECT_EQ(user.content[2].image.url, "https://ex.com/a.jpg");
  EXPECT_TRUE(user.content[2].image.data.empty());
}

TEST(AnthropicMessageContent, AssistantToolUseThinkingAndText) {
  Converted out = convert(R"([{"role":"assistant","content":[
    {"type":"thinking","thinking":"Let me think.","signature":"sig=="},
    {"type":"redacted_thinking","data":"opaque"},
    {"type":"text","text":"Checking."},
    {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Oslo","n":[1,2]}},
    {"type":"tool_use","id":"toolu_02","name":"now","input":{}}]}])");
  ASSERT_FALSE(out.error) << out.error->message;
  ASSERT_EQ(out.messages.size(), 1u);
  const Message& assistant = out.messages[0];
  EXPECT_EQ(assistant.role, Role::assistant);
  EXPECT_EQ(assistant.reasoning, "Let me think.");
  ASSERT_EQ(assistant.content.size(), 1u);
  EXPECT_EQ(assistant.content[0].text, "Checking.");
  ASSERT_EQ(assistant.tool_calls.size(), 2u);
  EXPECT_EQ(assistant.tool_calls[0].id, "toolu_01");
  EXPECT_EQ(assistant.tool_calls[0].name, "get_weather");
  EXPECT_EQ(assistant.tool_calls[0].arguments, R"({"city":"Oslo","n":[1,2]})");
  EXPECT_EQ(assistant.tool_calls[1].arguments, "{}");
}

TEST(AnthropicMessageContent, ToolResultsComeFirstAsToolMessages) {
  Converted out = convert(R"([
    {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}},
                                   {"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}]},
    {"role":"user","content":[
      {"type":"text","text":"Thanks."},
      {"type":"tool_result","tool_use_id":"toolu_01","content":"3°C"},
      {"type":"tool_result","tool_use_id":"toolu_02","is_error":true,
       "content":[{"type":"text","text":"clock broken"},
                  {"type":"image","source":{"type":"url","url":"https://ex.com/c.png"}}]},
      {"type":"tool_result","tool_use_id":"toolu_unknown"}]}])");
  ASSERT_FALSE(out.error) << out.error->message;
  ASSERT_EQ(out.messages.size(), 5u);
  const Message& first = out.messages[1];
  EXPECT_EQ(first.role, Role::tool);
  EXPECT_EQ(first.tool_call_id, "toolu_01");
  EXPECT_EQ(first.tool_name, "get_weather");
  EXPECT_FALSE(first.tool_error);
  ASSERT_EQ(first.content.size(), 1u);
  EXPECT_EQ(first.content[0].text, "3°C");
  const Message& second = out.messages[2];
  EXPECT_EQ(second.tool_name, "get_time");
  EXPECT_TRUE(second.tool_error);
  ASSERT_EQ(second.content.size(), 2u);
  EXPECT_EQ(second.content[1].image.url, "https://ex.com/c.png");
  const Message& third = out.messages[3];
  EXPECT_EQ(third.tool_call_id, "toolu_unknown");
  EXPECT_TRUE(third.tool_name.empty());
  EXPECT_TRUE(third.content.empty());
  // The user's own text follows the tool messages, though it came first in the turn.
  EXPECT_EQ(out.messages[4].role, Role::user);
  ASSERT_EQ(out.messages[4].content.size(), 1u);
  EXPECT_EQ(out.messages[4].content[0].text, "Thanks.");
}

TEST(AnthropicMessageContent, TurnOfOnlyToolResultsAddsNoUserMessage) {
  Converted out = convert(
      R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"a","content":"ok"}]}])");
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_EQ(out.messages[0].role, Role::tool);
}

TEST(AnthropicMessageContent, StringContentForBothRoles) {
  Converted out =
      convert(R"([{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}])");
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.messages.size(), 2u);
  EXPECT_EQ(out.messages[1].role, Role::assistant);
  EXPECT_EQ(out.messages[1].content[0].text, "hello");
}

TEST(AnthropicMessageContent, DocumentBlocksAreNotSupportedThroughTranslation) {
  Converted out = convert(R"([{"role":"user","content":[{"type":"text","text":"read"},
    {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]}])");
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->http_status, 400);
  EXPECT_EQ(out.error->param, "messages[0].content[1]");
  EXPECT_NE(out.error->message.find("not supported through translation"), std::string::npos);
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"a",
    "content":[{"type":"document","source":{}}]}]}])"),
            "messages[0].content[0].content[0]");
}

TEST(AnthropicMessageContent, BadShapesNameThePath) {
  EXPECT_EQ(error_param(R"(["hi"])"), "messages[0]");
  EXPECT_EQ(error_param(R"([{"role":"system","content":"x"}])"), "messages[0].role");
  EXPECT_EQ(error_param(R"([{"content":"x"}])"), "messages[0].role");
  EXPECT_EQ(error_param(R"([{"role":"user"}])"), "messages[0].content");
  EXPECT_EQ(error_param(R"([{"role":"user","content":5}])"), "messages[0].content");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"text":"x"}]}])"),
            "messages[0].content[0].type");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"text","text":3}]}])"),
            "messages[0].content[0].text");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"image"}]}])"),
            "messages[0].content[0].source");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"image","source":
    {"type":"base64","media_type":"image/png"}}]}])"),
            "messages[0].content[0].source.data");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"image","source":
    {"type":"file","file_id":"f"}}]}])"),
            "messages[0].content[0].source.type");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"tool_use","id":"a","name":"b",
    "input":{}}]}])"),
            "messages[0].content[0]");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"tool_result"}]}])"),
            "messages[0].content[0].tool_use_id");
  EXPECT_EQ(error_param(R"([{"role":"user","content":[{"type":"tool_result","tool_use_id":"a",
    "is_error":"yes"}]}])"),
            "messages[0].content[0].is_error");
  EXPECT_EQ(error_param(R"([{"role":"assistant","content":[{"type":"tool_use","id":"a",
    "name":"b","input":"{}"}]}])"),
            "messages[0].content[0].input");
  EXPECT_EQ(error_param(R"([{"role":"assistant","content":[{"type":"tool_use","name":"b",
    "input":{}}]}])"),
            "messages[0].content[0].id");
  EXPECT_EQ(error_param(R"([{"role":"assistant","content":[{"type":"image",
    "source":{"type":"url","url":"u"}}]}])"),
            "messages[0].content[0]");
  EXPECT_EQ(error_param(R"([{"role":"assistant","content":[{"type":"thinking"}]}])"),
            "messages[0].content[0].thinking");
}

TEST(AnthropicMessageContent, LongClientTextIsCutInMessages) {
  const std::string role(5000, 'r');
  Converted out = convert(("[{\"role\":\"" + role + "\",\"content\":\"x\"}]").c_str());
  ASSERT_TRUE(out.error);
  EXPECT_LT(out.error->message.size(), 200u);
}

}  // namespace
}  // namespace llmgw::dialects::anthropic
