#include "providers/anthropic/message_encoder.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

using canonical::ContentPart;
using canonical::Json;
using canonical::Message;
using canonical::Role;

Message text(Role role, std::string value) {
  Message m;
  m.role = role;
  m.content.push_back({ContentPart::Kind::text, std::move(value), {}});
  return m;
}

Message tool_result(std::string id, std::string value) {
  Message m = text(Role::tool, std::move(value));
  m.tool_call_id = std::move(id);
  return m;
}

Message assistant_calls(std::vector<canonical::ToolCall> calls, std::string value = {}) {
  Message m;
  m.role = Role::assistant;
  if (!value.empty()) m.content.push_back({ContentPart::Kind::text, std::move(value), {}});
  m.tool_calls = std::move(calls);
  return m;
}

TEST(AnthropicMessageEncoderTest, ToolRoundTripWithMergedResultsAndImage) {
  Message user = text(Role::user, "What is this, and the weather in Oslo and Bergen?");
  ContentPart image;
  image.kind = ContentPart::Kind::image;
  image.image.media_type = "image/png";
  image.image.data = "iVBORw0KGgo=";
  image.image.detail = "high";
  user.content.push_back(image);
  Message error_result = tool_result("toolu_2", "city unknown");
  error_result.tool_error = true;
  Message follow_up = text(Role::user, "Thanks");
  ContentPart url_image;
  url_image.kind = ContentPart::Kind::image;
  url_image.image.url = "https://example.com/cat.jpg";
  follow_up.content.push_back(url_image);

  auto messages = encode_messages(
      {user,
       assistant_calls({{"toolu_1", "get_weather", R"({"city":"Oslo"})"},
                        {"toolu_2", "get_weather", R"( {"city":"Bergen","n":[1,2]})"}},
                       "A cat."),
       tool_result("toolu_1", "3°C"), error_result, follow_up});
  ASSERT_TRUE(messages.ok()) << messages.error().message;
  EXPECT_EQ(*messages, Json::parse(R"([
    {"role":"user","content":[
      {"type":"text","text":"What is this, and the weather in Oslo and Bergen?"},
      {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},
    {"role":"assistant","content":[
      {"type":"text","text":"A cat."},
      {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}},
      {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Bergen","n":[1,2]}}]},
    {"role":"user","content":[
      {"type":"tool_result","tool_use_id":"toolu_1","content":"3°C"},
      {"type":"tool_result","tool_use_id":"toolu_2","content":"city unknown","is_error":true},
      {"type":"text","text":"Thanks"},
      {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]}
  ])"));
}

TEST(AnthropicMessageEncoderTest, SameRoleTurnsMergeAndEmptyTextIsDropped) {
  auto messages = encode_messages({text(Role::user, "a"), text(Role::user, ""),
                                   text(Role::user, "b"), text(Role::assistant, ""),
                                   text(Role::assistant, "c"), text(Role::assistant, "d")});
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ(*messages, Json::parse(R"([
    {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
    {"role":"assistant","content":[{"type":"text","text":"c"},{"type":"text","text":"d"}]}])"));
}

TEST(AnthropicMessageEncoderTest, ToolResultsLeadTheirUserTurn) {
  auto messages = encode_messages({assistant_calls({{"t1", "f", "{}"}}),
                                   text(Role::user, "by the way"), tool_result("t1", "ok")});
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ((*messages)[1]["content"], Json::parse(R"([
      {"type":"tool_result","tool_use_id":"t1","content":"ok"},
      {"type":"text","text":"by the way"}])"));
}

TEST(AnthropicMessageEncoderTest, ToolResultWithPartsOrNothing) {
  Message parts = tool_result("t1", "line one");
  parts.content.push_back({ContentPart::Kind::text, "line two", {}});
  Message empty;
  empty.role = Role::tool;
  empty.tool_call_id = "t2";
  auto messages = encode_messages({parts, empty});
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ(*messages, Json::parse(R"([{"role":"user","content":[
      {"type":"tool_result","tool_use_id":"t1","content":[
          {"type":"text","text":"line one"},{"type":"text","text":"line two"}]},
      {"type":"tool_result","tool_use_id":"t2"}]}])"));
}

TEST(AnthropicMessageEncoderTest, EmptyArgumentsMeanNoArguments) {
  auto messages = encode_messages({assistant_calls({{"t1", "f", ""}, {"t2", "g", "  "}})});
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ((*messages)[0]["content"][0]["input"], Json::object());
  EXPECT_EQ((*messages)[0]["content"][1]["input"], Json::object());
}

TEST(AnthropicMessageEncoderTest, ArgumentsThatAreNotAnObjectAreA400) {
  for (const char* arguments : {"{\"city\":", "[1,2]", "\"text\"", "{} {}"}) {
    auto messages = encode_messages(
        {text(Role::user, "hi"), assistant_calls({{"t1", "f", "{}"}, {"t2", "f", arguments}})});
    ASSERT_FALSE(messages.ok()) << arguments;
    EXPECT_EQ(messages.error().http_status, 400);
    EXPECT_EQ(messages.error().param, "messages[1].tool_calls[1].function.arguments");
  }
}

TEST(AnthropicMessageEncoderTest, UnsupportedImageTypeIsA400) {
  Message user = text(Role::user, "look");
  ContentPart image;
  image.kind = ContentPart::Kind::image;
  image.image.media_type = "image/tiff";
  image.image.data = "AAAA";
  user.content.push_back(image);
  auto messages = encode_messages({user});
  ASSERT_FALSE(messages.ok());
  EXPECT_EQ(messages.error().param, "messages[0].content[1]");
  EXPECT_NE(messages.error().message.find("image/tiff"), std::string::npos);
}

TEST(AnthropicMessageEncoderTest, ReasoningIsNotSentBack) {
  Message assistant = text(Role::assistant, "answer");
  assistant.reasoning = "thoughts";
  auto messages = encode_messages({text(Role::user, "q"), assistant});
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ((*messages)[1]["content"], Json::parse(R"([{"type":"text","text":"answer"}])"));
}

}  // namespace
}  // namespace llmgw::providers::anthropic
