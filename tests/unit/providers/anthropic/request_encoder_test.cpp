#include "providers/anthropic/request_encoder.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"

namespace llmgw::providers::anthropic {
namespace {

struct Fixture {
  config::ProviderConfig provider;
  config::Deployment deployment =
      ::llmgw::testing::deployment("claude", "claude-sonnet-4-5-20250929");
  Headers client_headers;

  Fixture() {
    provider.name = "claude";
    provider.kind = config::ProviderKind::anthropic;
    provider.api_key = "sk-ant-secret";
  }

  Result<EncodedRequest> encode(std::string raw, Endpoint endpoint = Endpoint::messages) {
    auto body = parse_request_body(endpoint, std::move(raw));
    EXPECT_TRUE(body.ok()) << body.error().message;
    body_ = std::move(body).value();
    return encode_request({endpoint, body_, deployment, provider, client_headers});
  }

 private:
  RequestBody body_;
};

TEST(AnthropicRequestEncoderTest, SplicesOnlyTheModel) {
  Fixture f;
  const std::string raw =
      "{ \"max_tokens\" : 10,\n \"model\" :\t\"public\" , \"messages\":[{\"role\":\"user\","
      "\"content\":\"keep  \\u00e9\"}], "
      "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}";
  auto encoded = f.encode(raw);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  std::string expected = raw;
  expected.replace(expected.find("\"public\""), 8, "\"claude-sonnet-4-5-20250929\"");
  EXPECT_EQ(encoded->request.body, expected);
  EXPECT_EQ(encoded->request.target, "/v1/messages");
  EXPECT_EQ(encoded->request.method, boost::beast::http::verb::post);
  EXPECT_EQ(find_header(encoded->request.headers, "accept"), "application/json");
  EXPECT_EQ(find_header(encoded->request.headers, "x-api-key"), "sk-ant-secret");
  EXPECT_FALSE(encoded->strip_usage_chunk);
}

TEST(AnthropicRequestEncoderTest, UpstreamModelIsEscaped) {
  Fixture f;
  f.deployment.upstream_model = "we\"ird\\";
  auto encoded = f.encode(R"({"model":"m","max_tokens":1,"messages":[]})");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->request.body, R"({"model":"we\"ird\\","max_tokens":1,"messages":[]})");
}

TEST(AnthropicRequestEncoderTest, StreamingAndBasePath) {
  Fixture f;
  f.provider.origin.base_path = "/anthropic";
  f.client_headers = {{"anthropic-beta", "interleaved-thinking-2025-05-14"}};
  auto encoded = f.encode(R"({"model":"m","max_tokens":1,"stream":true,"messages":[]})");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->request.target, "/anthropic/v1/messages");
  EXPECT_EQ(find_header(encoded->request.headers, "accept"), "text/event-stream");
  EXPECT_EQ(find_header(encoded->request.headers, "anthropic-beta"),
            "interleaved-thinking-2025-05-14");
}

TEST(AnthropicRequestEncoderTest, CountTokens) {
  Fixture f;
  auto encoded = f.encode(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})",
                          Endpoint::count_tokens);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  EXPECT_EQ(encoded->request.target, "/v1/messages/count_tokens");
  EXPECT_EQ(find_header(encoded->request.headers, "accept"), "application/json");
  EXPECT_EQ(
      encoded->request.body,
      R"({"model":"claude-sonnet-4-5-20250929","messages":[{"role":"user","content":"hi"}]})");
}

TEST(AnthropicRequestEncoderTest, OpenAiEndpointsAreNotNative) {
  Fixture f;
  auto body = parse_request_body(Endpoint::embeddings, R"({"model":"m","input":"x"})");
  ASSERT_TRUE(body.ok());
  auto encoded = encode_request({Endpoint::embeddings, *body, f.deployment, f.provider, {}});
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.error().http_status, 400);
}

TEST(AnthropicRequestEncoderTest, UnparsedBodyIsAnInternalError) {
  Fixture f;
  RequestBody body;
  body.raw = "{}";
  auto encoded = encode_request({Endpoint::messages, body, f.deployment, f.provider, {}});
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.error().kind, ErrorKind::internal);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
