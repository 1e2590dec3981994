#include "llmgw/core/request_body.hpp"

#include <gtest/gtest.h>

namespace llmgw {
namespace {

constexpr std::string_view kChat =
    R"({"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]})";

Error expect_error(Endpoint endpoint, std::string raw) {
  auto result = parse_request_body(endpoint, std::move(raw));
  EXPECT_FALSE(result.ok());
  if (result.ok()) return Error{};
  EXPECT_EQ(result.error().http_status, 400);
  EXPECT_EQ(result.error().kind, ErrorKind::invalid_request);
  return result.error();
}

TEST(RequestBodyTest, ParsesAMinimalChatRequest) {
  auto result = parse_request_body(Endpoint::chat_completions, std::string(kChat));
  ASSERT_TRUE(result.ok()) << result.error().message;
  const RequestBody& body = result.value();
  EXPECT_EQ(body.raw, kChat);
  EXPECT_EQ(body.model, "gpt-4o");
  EXPECT_EQ(body.raw.substr(body.model_value.begin, body.model_value.end - body.model_value.begin),
            "\"gpt-4o\"");
  EXPECT_FALSE(body.stream);
  EXPECT_FALSE(body.include_usage);
  EXPECT_TRUE(body.stream_options_member.empty());
  EXPECT_EQ(body.object_open, 0u);
}

TEST(RequestBodyTest, DecodesAnEscapedModelAndKeepsItsRawSpan) {
  const std::string raw = " \n{\"messages\":[1],\"model\" : \"a\\u00e9\\\"b\"}";
  auto result = parse_request_body(Endpoint::chat_completions, raw);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->model, "a\xc3\xa9\"b");
  EXPECT_EQ(result->object_open, 2u);
  EXPECT_EQ(
      raw.substr(result->model_value.begin, result->model_value.end - result->model_value.begin),
      "\"a\\u00e9\\\"b\"");
}

TEST(RequestBodyTest, MalformedJsonReportsLineAndColumn) {
  Error error = expect_error(Endpoint::chat_completions, "{\"model\":\"m\",\n  \"x\": }");
  EXPECT_NE(error.message.find("We could not parse the JSON body of your request"),
            std::string::npos);
  EXPECT_NE(error.message.find("line 2, column 8"), std::string::npos) << error.message;
  EXPECT_EQ(error.param, "");

  Error first_line = expect_error(Endpoint::chat_completions, R"({"model":"gpt-4o", })");
  EXPECT_NE(first_line.message.find("line 1, column 20"), std::string::npos) << first_line.message;
}

TEST(RequestBodyTest, MalformedJsonMessagesAreBounded) {
  Error error =
      expect_error(Endpoint::chat_completions, "{\"model\":\"" + std::string(100000, 'x'));
  EXPECT_LT(error.message.size(), 400u) << error.message;
  expect_error(Endpoint::chat_completions, "");
  expect_error(Endpoint::chat_completions, std::string("{\"model\":\"\xff\"}"));
  expect_error(Endpoint::chat_completions, R"({"model":"m","messages":[1]} trailing)");
  // nlohmann alone would stop at the NUL and accept this; the gateway must not.
  const std::string nul_smuggle("{\"model\":\"m\",\"messages\":[1]}\0{\"model\":\"x\"}", 42);
  Error nul = expect_error(Endpoint::chat_completions, nul_smuggle);
  EXPECT_NE(nul.message.find("column 29"), std::string::npos) << nul.message;
}

TEST(RequestBodyTest, BodyMustBeAnObject) {
  Error error = expect_error(Endpoint::chat_completions, R"([{"model":"m"}])");
  EXPECT_NE(error.message.find("must be a JSON object"), std::string::npos);
}

TEST(RequestBodyTest, TooDeepNestingIsA400) {
  std::string deep =
      R"({"model":"m","messages":[)" + std::string(600, '[') + std::string(600, ']') + "]}";
  Error error = expect_error(Endpoint::chat_completions, deep);
  EXPECT_NE(error.message.find("nesting"), std::string::npos);
}

TEST(RequestBodyTest, ModelIsRequiredNonEmptyString) {
  Error missing = expect_error(Endpoint::chat_completions, R"({"messages":[1]})");
  EXPECT_EQ(missing.message, "you must provide a model parameter");
  EXPECT_EQ(missing.param, "model");
  EXPECT_EQ(expect_error(Endpoint::chat_completions, R"({"model":null,"messages":[1]})").param,
            "model");
  Error wrong_type = expect_error(Endpoint::chat_completions, R"({"model":4,"messages":[1]})");
  EXPECT_EQ(wrong_type.param, "model");
  EXPECT_EQ(wrong_type.message,
            "Invalid type for 'model': expected a string, but got a number instead.");
  Error empty = expect_error(Endpoint::chat_completions, R"({"model":"","messages":[1]})");
  EXPECT_EQ(empty.param, "model");
  EXPECT_NE(empty.message.find("empty string"), std::string::npos);
}

TEST(RequestBodyTest, DuplicateFieldsTheGatewayActsOnAreRejected) {
  EXPECT_EQ(
      expect_error(Endpoint::chat_completions, R"({"model":"a","model":"b","messages":[1]})").param,
      "model");
  EXPECT_EQ(expect_error(Endpoint::chat_completions,
                         R"({"model":"a","stream":true,"stream":false,"messages":[1]})")
                .param,
            "stream");
  // Unknown fields may repeat: they are forwarded verbatim.
  EXPECT_TRUE(
      parse_request_body(Endpoint::chat_completions, R"({"model":"a","x":1,"x":2,"messages":[1]})")
          .ok());
}

TEST(RequestBodyTest, ChatNeedsANonEmptyMessagesArray) {
  Error missing = expect_error(Endpoint::chat_completions, R"({"model":"m"})");
  EXPECT_EQ(missing.message, "Missing required parameter: 'messages'.");
  EXPECT_EQ(missing.param, "messages");
  Error wrong = expect_error(Endpoint::chat_completions, R"({"model":"m","messages":{}})");
  EXPECT_EQ(wrong.param, "messages");
  EXPECT_EQ(wrong.message,
            "Invalid type for 'messages': expected an array, but got an object instead.");
  Error empty = expect_error(Endpoint::chat_completions, R"({"model":"m","messages":[ ]})");
  EXPECT_EQ(empty.param, "messages");
  EXPECT_NE(empty.message.find("empty array"), std::string::npos);
}

TEST(RequestBodyTest, CompletionsNeedPromptAndEmbeddingsNeedInput) {
  EXPECT_EQ(expect_error(Endpoint::completions, R"({"model":"m"})").param, "prompt");
  EXPECT_EQ(expect_error(Endpoint::completions, R"({"model":"m","prompt":3})").param, "prompt");
  EXPECT_TRUE(parse_request_body(Endpoint::completions, R"({"model":"m","prompt":"hi"})").ok());
  EXPECT_TRUE(parse_request_body(Endpoint::completions, R"({"model":"m","prompt":[1,2]})").ok());
  EXPECT_EQ(expect_error(Endpoint::embeddings, R"({"model":"m"})").message,
            "Missing required parameter: 'input'.");
  EXPECT_TRUE(parse_request_body(Endpoint::embeddings, R"({"model":"m","input":["a"]})").ok());
  // messages is not required outside chat.
  EXPECT_TRUE(parse_request_body(Endpoint::embeddings, R"({"model":"m","input":"a"})").ok());
}

TEST(RequestBodyTest, AnthropicMessagesNeedAModelAndAMessagesArray) {
  EXPECT_EQ(expect_error(Endpoint::messages, R"({"messages":[]})").param, "model");
  EXPECT_EQ(expect_error(Endpoint::messages, R"({"model":"m"})").param, "messages");
  EXPECT_EQ(expect_error(Endpoint::count_tokens, R"({"model":"m","messages":"x"})").param,
            "messages");
  auto result = parse_request_body(
      Endpoint::messages, R"({"model":"claude","max_tokens":5,"messages":[],"stream":true})");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->model, "claude");
  EXPECT_TRUE(result->stream);
  EXPECT_EQ(dialect_of(Endpoint::messages), Dialect::anthropic);
  EXPECT_EQ(dialect_of(Endpoint::count_tokens), Dialect::anthropic);
  EXPECT_EQ(dialect_of(Endpoint::chat_completions), Dialect::openai);
}

TEST(RequestBodyTest, StreamAndIncludeUsagePermutations) {
  struct Case {
    std::string_view fields;
    bool stream;
    bool include_usage;
    bool has_options;
  };
  const Case cases[] = {
      {R"("stream":true)", true, false, false},
      {R"("stream":false)", false, false, false},
      {R"("stream":null)", false, false, false},
      {R"("stream":true,"stream_options":{"include_usage":true})", true, true, true},
      {R"("stream":true,"stream_options":{"include_usage":false})", true, false, true},
      {R"("stream":true,"stream_options":{"include_usage":null})", true, false, true},
      {R"("stream":true,"stream_options":{})", true, false, true},
      {R"("stream":true,"stream_options":null)", true, false, true},
      {R"("stream_options":{"include_usage":true})", false, true, true},
  };
  for (const auto& c : cases) {
    std::string raw = R"({"model":"m","messages":[1],)" + std::string(c.fields) + "}";
    auto result = parse_request_body(Endpoint::chat_completions, raw);
    ASSERT_TRUE(result.ok()) << c.fields << ": " << result.error().message;
    EXPECT_EQ(result->stream, c.stream) << c.fields;
    EXPECT_EQ(result->include_usage, c.include_usage) << c.fields;
    EXPECT_EQ(!result->stream_options_member.empty(), c.has_options) << c.fields;
    if (c.has_options) {
      const auto& span = result->stream_options_member;
      std::string_view member(raw.data() + span.begin, span.end - span.begin);
      EXPECT_TRUE(member.starts_with("\"stream_options\"")) << member;
      EXPECT_TRUE(member.ends_with("}") || member.ends_with("null")) << member;
    }
  }
}

TEST(RequestBodyTest, IllTypedStreamFieldsAreRejectedWithTheirParam) {
  EXPECT_EQ(
      expect_error(Endpoint::chat_completions, R"({"model":"m","messages":[1],"stream":"yes"})")
          .param,
      "stream");
  EXPECT_EQ(expect_error(Endpoint::chat_completions,
                         R"({"model":"m","messages":[1],"stream_options":true})")
                .param,
            "stream_options");
  EXPECT_EQ(expect_error(Endpoint::chat_completions,
                         R"({"model":"m","messages":[1],"stream_options":{"include_usage":1}})")
                .param,
            "stream_options.include_usage");
}

TEST(RequestBodyTest, EndpointNames) {
  EXPECT_EQ(to_string(Endpoint::chat_completions), "chat_completions");
  EXPECT_EQ(to_string(Endpoint::completions), "completions");
  EXPECT_EQ(to_string(Endpoint::embeddings), "embeddings");
}

}  // namespace
}  // namespace llmgw
