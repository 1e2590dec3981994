#include "providers/bedrock/signed_request.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bedrock_test_support.hpp"
#include "providers/bedrock/sigv4.hpp"

namespace llmgw::providers::bedrock {
namespace {

using testing::TargetFixture;

constexpr std::string_view kBody =
    R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":64}})";

std::string header(const upstream::UpstreamRequest& request, std::string_view name) {
  std::string found = "<absent>";
  int count = 0;
  for (const auto& [key, value] : request.headers) {
    if (iequals(key, name)) {
      found = value;
      ++count;
    }
  }
  return count > 1 ? "<repeated>" : found;
}

upstream::UpstreamRequest build(const TargetFixture& fixture, bool stream = false) {
  auto request = build_signed_request(std::string(kBody), stream, fixture.target());
  EXPECT_TRUE(request.ok()) << (request.ok() ? "" : request.error().message);
  return request.ok() ? request.value() : upstream::UpstreamRequest{};
}

TEST(BedrockSignedRequest, PathEncodesTheModelIdOnce) {
  TargetFixture fixture;
  EXPECT_EQ(build(fixture).target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
  EXPECT_EQ(build(fixture, true).target,
            "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
  fixture.deployment.upstream_model =
      "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.x";
  fixture.provider.origin.base_path = "/proxy";
  EXPECT_EQ(build(fixture).target,
            "/proxy/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile"
            "%2Fus.anthropic.x/converse");
}

// The Bedrock-shaped example of providers.md §5.4: botocore's SigV4Auth signed this exact
// request (time, body, model id, credentials) and produced this signature.
TEST(BedrockSignedRequest, SignatureMatchesTheBotocoreComputedExample) {
  TargetFixture fixture;
  fixture.now = std::chrono::sys_days{std::chrono::year{2015} / 8 / 30} + std::chrono::hours{12} +
                std::chrono::minutes{36};
  const upstream::UpstreamRequest request = build(fixture);
  EXPECT_EQ(header(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=4e695fb0b2a4354d996741d54fc5502cf897a33edb0f41a5a880045bb55a5eca");
  EXPECT_EQ(header(request, "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(header(request, "Content-Type"), "application/json");
  EXPECT_EQ(header(request, "Accept"), "application/json");
  EXPECT_EQ(header(request, "X-Amz-Security-Token"), "<absent>");
  EXPECT_EQ(request.body, kBody);
}

TEST(BedrockSignedRequest, HeadersAreDeterministicAndMatchTheSignerForTheSameInput) {
  TargetFixture fixture;
  fixture.provider.bedrock.session_token = "session-token-value";
  fixture.provider.extra_headers = {{"X-Amzn-Bedrock-Trace", "ENABLED"}};
  const upstream::UpstreamRequest first = build(fixture, true);
  const upstream::UpstreamRequest second = build(fixture, true);
  EXPECT_EQ(first.headers, second.headers);
  EXPECT_EQ(header(first, "Accept"), "application/vnd.amazon.eventstream");
  EXPECT_EQ(header(first, "X-Amz-Date"), "20260101T000000Z");
  EXPECT_EQ(header(first, "X-Amz-Security-Token"), "session-token-value");
  EXPECT_EQ(header(first, "X-Amzn-Bedrock-Trace"), "ENABLED");

  SigV4Request expected;
  expected.method = "POST";
  expected.host = "bedrock-runtime.us-east-1.amazonaws.com";
  expected.path = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream";
  expected.headers = {{"Content-Type", "application/json"}, {"X-Amzn-Bedrock-Trace", "ENABLED"}};
  expected.body = std::string(kBody);
  expected.region = "us-east-1";
  expected.service = "bedrock";
  expected.access_key_id = "AKIDEXAMPLE";
  expected.secret_access_key = fixture.provider.bedrock.secret_access_key;
  expected.session_token = "session-token-value";
  expected.time = fixture.now;
  const auto signature = sign(expected);
  ASSERT_TRUE(signature.ok());
  EXPECT_NE(signature->canonical_request.find("%253A0/converse-stream"), std::string::npos);
  EXPECT_EQ(header(first, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;"
            "x-amzn-bedrock-trace, Signature=" +
                signature->signature);
}

TEST(BedrockSignedRequest, SignedHostFollowsTheOrigin) {
  TargetFixture fixture;
  EXPECT_EQ(signing_host(fixture.provider), "bedrock-runtime.us-east-1.amazonaws.com");
  fixture.provider.origin = {false, "127.0.0.1", 8080, ""};
  EXPECT_EQ(signing_host(fixture.provider), "127.0.0.1:8080");
  fixture.provider.origin = {true, "::1", 443, ""};
  EXPECT_EQ(signing_host(fixture.provider), "[::1]");
  fixture.provider.origin = {true, "", 443, ""};
  fixture.provider.bedrock.region = "eu-west-3";
  EXPECT_EQ(signing_host(fixture.provider), "bedrock-runtime.eu-west-3.amazonaws.com");
}

TEST(BedrockSignedRequest, ApiKeyWithoutAccessKeyIsABearerToken) {
  TargetFixture fixture;
  fixture.provider.bedrock.access_key_id.clear();
  fixture.provider.api_key = "bedrock-api-key";
  const upstream::UpstreamRequest request = build(fixture);
  EXPECT_EQ(header(request, "Authorization"), "Bearer bedrock-api-key");
  EXPECT_EQ(header(request, "X-Amz-Date"), "<absent>");
}

TEST(BedrockSignedRequest, MissingCredentialsOrRegionAreInternalErrorsWithoutSecrets) {
  TargetFixture fixture;
  fixture.provider.bedrock.access_key_id.clear();
  auto no_key = build_signed_request(std::string(kBody), false, fixture.target());
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().http_status, 500);
  EXPECT_EQ(no_key.error().message.find("wJalr"), std::string::npos);

  TargetFixture no_region;
  no_region.provider.bedrock.region.clear();
  EXPECT_FALSE(build_signed_request(std::string(kBody), false, no_region.target()).ok());

  TargetFixture bad_header;
  bad_header.provider.extra_headers = {{"X-Amz-Date", "20000101T000000Z"}};
  auto refused = build_signed_request(std::string(kBody), false, bad_header.target());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("x-amz-date"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::bedrock
