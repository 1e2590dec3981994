#include "providers/gemini/content_encoder.hpp"

#include <gtest/gtest.h>

#include "providers/gemini/thought_signature.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::ChatRequest;
using canonical::ContentPart;
using canonical::Json;
using canonical::Message;
using canonical::Role;

Message text_message(Role role, std::string text) {
  Message message;
  message.role = role;
  ContentPart part;
  part.text = std::move(text);
  message.content.push_back(std::move(part));
  return message;
}

Message tool_result(std::string id, std::string text) {
  Message message = text_message(Role::tool, std::move(text));
  message.tool_call_id = std::move(id);
  return message;
}

Message assistant_calls(std::vector<canonical::ToolCall> calls) {
  Message message;
  message.role = Role::assistant;
  message.tool_calls = std::move(calls);
  return message;
}

TEST(GeminiContentEncoderTest, RolesSystemAndMerging) {
  ChatRequest request;
  request.system = {"Be terse.", "", "Answer in English."};
  request.messages.push_back(text_message(Role::user, "Hi"));
  request.messages.push_back(text_message(Role::user, "there"));
  request.messages.push_back(text_message(Role::assistant, "Hello"));
  request.messages.push_back(text_message(Role::assistant, ""));
  request.messages.push_back(text_message(Role::user, "Bye"));
  EncodedContents out = encode_contents(request).value();
  EXPECT_EQ(out.system_instruction,
            Json::parse(R"({"parts":[{"text":"Be terse."},{"text":"Answer in English."}]})"));
  EXPECT_EQ(out.contents, Json::parse(R"([
    {"role":"user","parts":[{"text":"Hi"},{"text":"there"}]},
    {"role":"model","parts":[{"text":"Hello"}]},
    {"role":"user","parts":[{"text":"Bye"}]}])"));
}

TEST(GeminiContentEncoderTest, NoSystemGivesNull) {
  ChatRequest request;
  request.messages.push_back(text_message(Role::user, "Hi"));
  EXPECT_TRUE(encode_contents(request).value().system_instruction.is_null());
}

TEST(GeminiContentEncoderTest, ToolCallsAndResultsWithNameLookup) {
  ChatRequest request;
  request.messages.push_back(text_message(Role::user, "Weather?"));
  Message calls = assistant_calls(
      {{"call_1", "get_weather", R"({"city":"Oslo"})"}, {"call_2", "get_time", ""}});
  ContentPart thinking_text;
  thinking_text.text = "Checking.";
  calls.content.push_back(thinking_text);
  calls.reasoning = "dropped";
  request.messages.push_back(calls);
  request.messages.push_back(tool_result("call_1", R"({"temp":3})"));
  Message named = tool_result("unknown-id", "12:00");
  named.tool_name = "get_time";
  request.messages.push_back(named);
  Message failed = tool_result("call_2", "[1,2");
  failed.tool_error = true;
  request.messages.push_back(failed);
  EncodedContents out = encode_contents(request).value();
  EXPECT_EQ(out.contents, Json::parse(R"([
    {"role":"user","parts":[{"text":"Weather?"}]},
    {"role":"model","parts":[{"text":"Checking."},
      {"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}},
      {"functionCall":{"name":"get_time","args":{}}}]},
    {"role":"user","parts":[
      {"functionResponse":{"name":"get_weather","response":{"output":{"temp":3}}}},
      {"functionResponse":{"name":"get_time","response":{"output":"12:00"}}},
      {"functionResponse":{"name":"get_time","response":{"error":"[1,2"}}}]}])"));
}

TEST(GeminiContentEncoderTest, ThoughtSignatureComesBackFromTheToolCallId) {
  const std::string signed_id = id_with_signature("call_0", "Cq8B+/9zAA==");
  const std::string opaque_id = id_with_signature("call_1", "c2ln-x");
  ChatRequest request;
  request.messages.push_back(text_message(Role::user, "Weather?"));
  request.messages.push_back(assistant_calls({{signed_id, "get_weather", R"({"city":"Oslo"})"},
                                              {opaque_id, "get_time", "{}"},
                                              {"call_2", "get_date", "{}"},
                                              {"call_3__llmgw_ts__A+B", "get_zone", "{}"}}));
  request.messages.push_back(tool_result(signed_id, "3"));
  request.messages.push_back(tool_result(opaque_id, "12:00"));
  request.messages.push_back(tool_result("call_2", "today"));
  request.messages.push_back(tool_result("call_3__llmgw_ts__A+B", "UTC"));
  EncodedContents out = encode_contents(request).value();
  EXPECT_EQ(out.contents, Json::parse(R"([
    {"role":"user","parts":[{"text":"Weather?"}]},
    {"role":"model","parts":[
      {"functionCall":{"name":"get_weather","args":{"city":"Oslo"}},"thoughtSignature":"Cq8B+/9zAA=="},
      {"functionCall":{"name":"get_time","args":{}},"thoughtSignature":"c2ln-x"},
      {"functionCall":{"name":"get_date","args":{}}},
      {"functionCall":{"name":"get_zone","args":{}}}]},
    {"role":"user","parts":[
      {"functionResponse":{"name":"get_weather","response":{"output":"3"}}},
      {"functionResponse":{"name":"get_time","response":{"output":"12:00"}}},
      {"functionResponse":{"name":"get_date","response":{"output":"today"}}},
      {"functionResponse":{"name":"get_zone","response":{"output":"UTC"}}}]}])"));
  // The signature is the part's sibling of functionCall, right after it.
  const Json& signed_part = out.contents[1]["parts"][0];
  ASSERT_EQ(signed_part.size(), 2u);
  EXPECT_EQ(std::next(signed_part.begin()).key(), "thoughtSignature");
}

TEST(GeminiContentEncoderTest, LatestCallWithAReusedIdWins) {
  ChatRequest request;
  request.messages.push_back(assistant_calls({{"call_0", "first", "{}"}}));
  request.messages.push_back(tool_result("call_0", "a"));
  request.messages.push_back(assistant_calls({{"call_0", "second", "{}"}}));
  request.messages.push_back(tool_result("call_0", "b"));
  EncodedContents out = encode_contents(request).value();
  EXPECT_EQ(out.contents[3]["parts"][0]["functionResponse"]["name"], "second");
  EXPECT_EQ(out.contents[1]["parts"][0]["functionResponse"]["name"], "first");
}

TEST(GeminiContentEncoderTest, InvalidArgumentsAreA400) {
  for (const char* arguments : {"{not json", "[1,2]", "\"text\""}) {
    ChatRequest request;
    request.messages.push_back(assistant_calls({{"call_9", "f", arguments}}));
    auto out = encode_contents(request);
    ASSERT_FALSE(out.ok()) << arguments;
    EXPECT_EQ(out.error().http_status, 400);
    EXPECT_NE(out.error().message.find("call_9"), std::string::npos);
  }
}

TEST(GeminiContentEncoderTest, UnknownToolCallIdIsA400) {
  ChatRequest request;
  request.messages.push_back(tool_result("nope", "x"));
  auto out = encode_contents(request);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.error().message.find("'nope'"), std::string::npos);
}

TEST(GeminiContentEncoderTest, ImageInToolResultIsA400) {
  ChatRequest request;
  request.messages.push_back(assistant_calls({{"c", "f", "{}"}}));
  Message result = tool_result("c", "x");
  ContentPart image;
  image.kind = ContentPart::Kind::image;
  image.image.url = "https://x/y.png";
  result.content.push_back(image);
  request.messages.push_back(result);
  EXPECT_FALSE(encode_contents(request).ok());
}

TEST(GeminiContentEncoderTest, Images) {
  canonical::Image inline_image;
  inline_image.media_type = "image/png";
  inline_image.data = "iVBOR";
  EXPECT_EQ(image_part(inline_image),
            Json::parse(R"({"inlineData":{"mimeType":"image/png","data":"iVBOR"}})"));
  canonical::Image data_url;
  data_url.url = "data:image/webp;base64,UklG";
  EXPECT_EQ(image_part(data_url),
            Json::parse(R"({"inlineData":{"mimeType":"image/webp","data":"UklG"}})"));
  canonical::Image remote;
  remote.url = "https://example.com/cat.PNG?size=large#x";
  EXPECT_EQ(
      image_part(remote),
      Json::parse(
          R"({"fileData":{"mimeType":"image/png","fileUri":"https://example.com/cat.PNG?size=large#x"}})"));
}

TEST(GeminiContentEncoderTest, MimeGuessing) {
  EXPECT_EQ(guess_mime_type("https://x/a.jpg"), "image/jpeg");
  EXPECT_EQ(guess_mime_type("https://x/a.gif"), "image/gif");
  EXPECT_EQ(guess_mime_type("gs://bucket/doc.pdf"), "application/pdf");
  EXPECT_EQ(guess_mime_type("https://x.com/image"), "image/jpeg");
  EXPECT_EQ(guess_mime_type("https://x.png/image"), "image/jpeg");
  EXPECT_EQ(guess_mime_type("https://x/a.unknown"), "image/jpeg");
  EXPECT_EQ(guess_mime_type(""), "image/jpeg");
}

}  // namespace
}  // namespace llmgw::providers::gemini
