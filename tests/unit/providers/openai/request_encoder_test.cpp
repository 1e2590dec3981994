#include "providers/openai/request_encoder.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/config_builders.hpp"

namespace llmgw::providers::openai {
namespace {

using Json = nlohmann::json;

struct Fixture {
  config::ProviderConfig provider;
  config::Deployment deployment = ::llmgw::testing::deployment("openai", "gpt-4o-2024-08-06");
  Headers client_headers;

  Fixture() {
    provider.name = "openai";
    provider.origin.base_path = "/v1";
    provider.api_key = "sk-secret";
  }

  Result<EncodedRequest> encode(std::string raw, Endpoint endpoint = Endpoint::chat_completions) {
    auto body = parse_request_body(endpoint, std::move(raw));
    EXPECT_TRUE(body.ok()) << body.error().message;
    body_ = std::move(body).value();
    return encode_request({endpoint, body_, deployment, provider, client_headers});
  }

 private:
  RequestBody body_;
};

std::string_view header(const EncodedRequest& encoded, std::string_view name) {
  return find_header(encoded.request.headers, name);
}

std::size_t header_count(const EncodedRequest& encoded, std::string_view name) {
  std::size_t n = 0;
  for (const auto& [key, value] : encoded.request.headers) n += iequals(key, name) ? 1 : 0;
  return n;
}

TEST(OpenAiRequestEncoderTest, SplicesOnlyTheModel) {
  Fixture f;
  const std::string raw =
      "{ \"messages\" : [{\"role\":\"user\",\"content\":\"keep  \\u00e9 spacing\"}],\n"
      "  \"model\" :\t\"public-name\" , \"temperature\":0.70, \"x-new\":{\"a\":[1,2]} }";
  auto encoded = f.encode(raw);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  std::string expected = raw;
  expected.replace(expected.find("\"public-name\""), 13, "\"gpt-4o-2024-08-06\"");
  EXPECT_EQ(encoded->request.body, expected);
  EXPECT_EQ(encoded->request.target, "/v1/chat/completions");
  EXPECT_FALSE(encoded->strip_usage_chunk);
}

TEST(OpenAiRequestEncoderTest, UpstreamModelIsJsonEscaped) {
  Fixture f;
  f.deployment.upstream_model = "org/model \"v2\"\\\n";
  auto encoded = f.encode(R"({"model":"m","messages":[1]})");
  ASSERT_TRUE(encoded.ok());
  Json body = Json::parse(encoded->request.body);
  EXPECT_EQ(body["model"], "org/model \"v2\"\\\n");
}

TEST(OpenAiRequestEncoderTest, TargetsPerEndpoint) {
  Fixture f;
  f.provider.origin.base_path = "/api/v1";
  EXPECT_EQ(f.encode(R"({"model":"m","prompt":"p"})", Endpoint::completions)->request.target,
            "/api/v1/completions");
  EXPECT_EQ(f.encode(R"({"model":"m","input":"p"})", Endpoint::embeddings)->request.target,
            "/api/v1/embeddings");
  f.provider.origin.base_path = "";
  EXPECT_EQ(f.encode(R"({"model":"m","messages":[1]})")->request.target, "/chat/completions");
}

TEST(OpenAiRequestEncoderTest, StreamWithoutOptionsGetsIncludeUsageInserted) {
  Fixture f;
  auto encoded = f.encode(R"({"model":"m","stream":true,"messages":[1]})");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(
      encoded->request.body,
      R"({"stream_options":{"include_usage":true},"model":"gpt-4o-2024-08-06","stream":true,"messages":[1]})");
  EXPECT_TRUE(encoded->strip_usage_chunk);
  EXPECT_EQ(header(*encoded, "Accept"), "text/event-stream");
}

TEST(OpenAiRequestEncoderTest, ExistingOptionsAreRewrittenKeepingOtherFields) {
  Fixture f;
  for (std::string_view options :
       {R"({"include_obfuscation":false})",
        R"({"include_usage":false,"include_obfuscation":false})", R"(null)"}) {
    std::string raw = R"({"model":"m","stream":true,"stream_options" : )" + std::string(options) +
                      R"(,"messages":[1]})";
    auto encoded = f.encode(raw);
    ASSERT_TRUE(encoded.ok()) << options;
    EXPECT_TRUE(encoded->strip_usage_chunk);
    Json body = Json::parse(encoded->request.body);
    EXPECT_EQ(body["stream_options"]["include_usage"], true) << options;
    if (options != "null") {
      EXPECT_EQ(body["stream_options"]["include_obfuscation"], false);
    }
    EXPECT_EQ(body["model"], "gpt-4o-2024-08-06");
    EXPECT_EQ(body["messages"], Json::array({1}));
    EXPECT_EQ(body.size(), 4u);
  }
}

TEST(OpenAiRequestEncoderTest, OptionsRewriteIsByteExact) {
  Fixture f;
  struct Case {
    std::string_view before;
    std::string_view after;
  };
  const Case cases[] = {
      {R"({"include_obfuscation":false})", R"({"include_usage":true,"include_obfuscation":false})"},
      {R"({ "include_usage" : false , "x":1})", R"({ "include_usage" : true , "x":1})"},
      {R"({"include_usage":null,"include_usage":false})",
       R"({"include_usage":true,"include_usage":true})"},
      {R"({ })", R"({"include_usage":true })"},
      {"null", R"({"include_usage":true})"},
      // nlohmann cannot represent 1e999; the splice never needs to.
      {R"({"x":1e999})", R"({"include_usage":true,"x":1e999})"},
  };
  for (const auto& c : cases) {
    const std::string prefix = R"({"model":"m","stream":true,"stream_options": )";
    auto encoded = f.encode(prefix + std::string(c.before) + R"(,"messages":[1]})");
    ASSERT_TRUE(encoded.ok()) << c.before;
    EXPECT_EQ(encoded->request.body,
              R"({"model":"gpt-4o-2024-08-06","stream":true,"stream_options": )" +
                  std::string(c.after) + R"(,"messages":[1]})")
        << c.before;
  }
}

TEST(OpenAiRequestEncoderTest, ClientThatAskedForUsageIsLeftAlone) {
  Fixture f;
  const std::string raw =
      R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[1]})";
  auto encoded = f.encode(raw);
  ASSERT_TRUE(encoded.ok());
  EXPECT_FALSE(encoded->strip_usage_chunk);
  EXPECT_NE(encoded->request.body.find(R"("stream_options":{"include_usage":true})"),
            std::string::npos);
}

TEST(OpenAiRequestEncoderTest, NoUsageInjectionWhenDisabledOrNotStreaming) {
  Fixture f;
  auto not_streaming = f.encode(R"({"model":"m","messages":[1]})");
  EXPECT_EQ(not_streaming->request.body.find("stream_options"), std::string::npos);
  EXPECT_EQ(header(*not_streaming, "Accept"), "application/json");
  f.provider.stream_usage = false;
  auto disabled = f.encode(R"({"model":"m","stream":true,"messages":[1]})");
  EXPECT_EQ(disabled->request.body.find("stream_options"), std::string::npos);
  EXPECT_FALSE(disabled->strip_usage_chunk);
}

TEST(OpenAiRequestEncoderTest, EscapedStreamOptionsKeyIsRewrittenToo) {
  Fixture f;
  auto encoded = f.encode(R"({"model":"m","stream":true,"stream\u005foptions":{},"messages":[1]})");
  ASSERT_TRUE(encoded.ok());
  Json body = Json::parse(encoded->request.body);
  EXPECT_EQ(body["stream_options"]["include_usage"], true);
  EXPECT_EQ(body.size(), 4u);
}

TEST(OpenAiRequestEncoderTest, GatewayHeaders) {
  Fixture f;
  f.provider.extra_headers = {{"X-Title", "llmgw"}, {"HTTP-Referer", "https://example.com"}};
  auto encoded = f.encode(R"({"model":"m","messages":[1]})");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(header(*encoded, "Content-Type"), "application/json");
  EXPECT_EQ(header(*encoded, "Authorization"), "Bearer sk-secret");
  EXPECT_EQ(header(*encoded, "X-Title"), "llmgw");
  EXPECT_EQ(header(*encoded, "HTTP-Referer"), "https://example.com");

  f.provider.api_key.clear();  // e.g. a local Ollama
  auto keyless = f.encode(R"({"model":"m","messages":[1]})");
  EXPECT_EQ(header_count(*keyless, "Authorization"), 0u);
}

TEST(OpenAiRequestEncoderTest, ClientHeadersAreAllowListed) {
  Fixture f;
  f.provider.forward_headers = {"X-Custom-Trace"};
  f.client_headers = {{"Authorization", "Bearer client-gateway-key"},
                      {"x-api-key", "k"},
                      {"Connection", "keep-alive"},
                      {"Transfer-Encoding", "chunked"},
                      {"Accept-Encoding", "gzip"},
                      {"Host", "gateway.local"},
                      {"Cookie", "a=b"},
                      {"openai-organization", "org_1"},
                      {"OpenAI-Beta", "assistants=v2"},
                      {"OpenAI-Project", "proj_1"},
                      {"x-custom-trace", "t-1"},
                      {"X-Other", "dropped"},
                      {"OpenAI-Beta", "injected\r\nX-Evil: 1"}};
  auto encoded = f.encode(R"({"model":"m","messages":[1]})");
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(header(*encoded, "Authorization"), "Bearer sk-secret");
  EXPECT_EQ(header_count(*encoded, "Authorization"), 1u);
  for (std::string_view dropped : {"x-api-key", "connection", "transfer-encoding",
                                   "accept-encoding", "host", "cookie", "x-other", "x-evil"}) {
    EXPECT_EQ(header_count(*encoded, dropped), 0u) << dropped;
  }
  EXPECT_EQ(header(*encoded, "OpenAI-Organization"), "org_1");
  EXPECT_EQ(header(*encoded, "OpenAI-Project"), "proj_1");
  EXPECT_EQ(header_count(*encoded, "OpenAI-Beta"), 1u);
  EXPECT_EQ(header(*encoded, "X-Custom-Trace"), "t-1");
}

TEST(OpenAiRequestEncoderTest, ForwardHeadersCannotUnlockCredentials) {
  config::ProviderConfig provider;
  provider.forward_headers = {"Authorization", "x-api-key", "Connection", "X-Ok"};
  EXPECT_FALSE(forwardable_client_header("authorization", provider));
  EXPECT_FALSE(forwardable_client_header("X-API-KEY", provider));
  EXPECT_FALSE(forwardable_client_header("connection", provider));
  EXPECT_TRUE(forwardable_client_header("x-ok", provider));
}

TEST(OpenAiRequestEncoderTest, NoUsageInjectionForEmbeddings) {
  Fixture f;
  auto encoded = f.encode(R"({"model":"m","input":"x","stream":true})", Endpoint::embeddings);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->request.body.find("stream_options"), std::string::npos);
  EXPECT_EQ(header(*encoded, "Accept"), "application/json");
}

TEST(OpenAiRequestEncoderTest, UnparsedBodyIsRefused) {
  Fixture f;
  RequestBody body;
  body.raw = "{}";
  auto encoded = encode_request({Endpoint::chat_completions, body, f.deployment, f.provider, {}});
  EXPECT_FALSE(encoded.ok());
}

}  // namespace
}  // namespace llmgw::providers::openai
