#include "providers/bedrock/sigv4.hpp"

#include <gtest/gtest.h>

#include <string>

namespace llmgw::providers::bedrock {
namespace {

using namespace std::chrono;

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kToken =
    "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

// The AWS SigV4 test suite request: GET / on example.amazonaws.com at 20150830T123600Z.
SigV4Request suite_request() {
  SigV4Request request;
  request.method = "GET";
  request.host = "example.amazonaws.com";
  request.path = "/";
  request.region = "us-east-1";
  request.service = "service";
  request.access_key_id = "AKIDEXAMPLE";
  request.secret_access_key = std::string(kSecret);
  request.time = sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36};
  return request;
}

std::string header(const SigV4Result& result, std::string_view name) {
  for (const auto& [key, value] : result.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

std::string string_to_sign(std::string_view service, std::string_view canonical_request_hash) {
  return "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/" + std::string(service) +
         "/aws4_request\n" + std::string(canonical_request_hash);
}

TEST(BedrockSigV4, GetVanillaMatchesEveryPublishedStep) {
  const auto result = sign(suite_request());
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->canonical_request,
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(result->string_to_sign,
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
  EXPECT_EQ(result->signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(header(result.value(), "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_EQ(header(result.value(), "X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(header(result.value(), "X-Amz-Security-Token"), "<absent>");
}

TEST(BedrockSigV4, PostVanilla) {
  auto request = suite_request();
  request.method = "POST";
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->string_to_sign,
            string_to_sign("service",
                           "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87"));
  EXPECT_EQ(result->signature, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(BedrockSigV4, GetVanillaWithSessionTokenSignsTheToken) {
  auto request = suite_request();
  request.session_token = std::string(kToken);
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->canonical_request.find("\nx-amz-security-token:" + std::string(kToken) +
                                           "\n\nhost;x-amz-date;x-amz-security-token\n"),
            std::string::npos)
      << result->canonical_request;
  EXPECT_EQ(result->string_to_sign,
            string_to_sign("service",
                           "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b"));
  EXPECT_EQ(result->signature, "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
  EXPECT_EQ(header(result.value(), "X-Amz-Security-Token"), kToken);
  EXPECT_NE(header(result.value(), "Authorization")
                .find("SignedHeaders=host;x-amz-date;x-amz-security-token, "),
            std::string::npos);
}

TEST(BedrockSigV4, PostFormUrlencodedSignsContentTypeAndBody) {
  auto request = suite_request();
  request.method = "POST";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "Param1=value1";
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->canonical_request.find("\ncontent-type;host;x-amz-date\n9095672b"),
            std::string::npos)
      << result->canonical_request;
  EXPECT_EQ(result->string_to_sign,
            string_to_sign("service",
                           "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"));
  EXPECT_EQ(result->signature, "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
}

TEST(BedrockSigV4, QueryIsSortedByKey) {
  auto request = suite_request();
  request.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->canonical_request.starts_with("GET\n/\nParam1=value1&Param2=value2\n"));
  EXPECT_EQ(result->string_to_sign,
            string_to_sign("service",
                           "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"));
  EXPECT_EQ(result->signature, "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

TEST(BedrockSigV4, BedrockModelIdColonIsEncodedTwiceInCanonicalUri) {
  auto request = suite_request();
  request.method = "POST";
  request.host = "bedrock-runtime.us-east-1.amazonaws.com";
  request.service = "bedrock";
  request.path =
      "/model/" + encode_path_segment("anthropic.claude-3-haiku-20240307-v1:0") + "/converse";
  EXPECT_EQ(request.path, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
  request.headers = {{"Content-Type", "application/json"}};
  request.body = R"({"messages":[{"role":"user","content":[{"text":"Hi"}]}],)"
                 R"("inferenceConfig":{"maxTokens":64}})";
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->canonical_request,
            "POST\n/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse\n\n"
            "content-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            "9fe85f2d1d832f88fa910da82e4380943a72b2d8f884106428ba8c4588a20b85");
  EXPECT_EQ(result->string_to_sign,
            string_to_sign("bedrock",
                           "08476ac8a4736213d5f3e965c2832b82b904e977f5d98c3e74addbdd38bcc881"));
  EXPECT_EQ(result->signature, "4e695fb0b2a4354d996741d54fc5502cf897a33edb0f41a5a880045bb55a5eca");
}

TEST(BedrockSigV4, HeadersAreTrimmedCollapsedJoinedAndUnsignedOnesSkipped) {
  auto request = suite_request();
  request.headers = {{"X-Custom", "  a   b  "},
                     {"x-custom", "c"},
                     {"User-Agent", "llmgw"},
                     {"Connection", "keep-alive"}};
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->canonical_request.find("\nx-custom:a b,c\n\nhost;x-amz-date;x-custom\n"),
            std::string::npos)
      << result->canonical_request;
}

TEST(BedrockSigV4, EmptyPathAndReservedQueryCharactersAreEncoded) {
  auto request = suite_request();
  request.path.clear();
  request.query = {{"a b", "x/y"}, {"flag", ""}};
  const auto result = sign(request);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->canonical_request.starts_with("GET\n/\na%20b=x%2Fy&flag=\n"));
}

TEST(BedrockSigV4, AmzDateFormatsUtc) {
  EXPECT_EQ(amz_date(sys_days{year{2024} / 1 / 2} + hours{3} + minutes{4} + seconds{5}),
            "20240102T030405Z");
}

TEST(BedrockSigV4, ErrorsNeverQuoteSecrets) {
  auto missing_key = suite_request();
  missing_key.access_key_id.clear();
  auto bad_token = suite_request();
  bad_token.session_token = "secret-token\r\nX-Evil: 1";
  auto bad_header = suite_request();
  bad_header.headers = {{"X-Amz-Date", "19700101T000000Z"}};
  auto bad_value = suite_request();
  bad_value.headers = {{"X-Note", "a\nb"}};
  auto bad_host = suite_request();
  bad_host.host = "example.com\r\nX-Evil: 1";
  for (const auto& request : {missing_key, bad_token, bad_header, bad_value, bad_host}) {
    const auto result = sign(request);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message.find(kSecret), std::string::npos);
    EXPECT_EQ(result.error().message.find("secret-token"), std::string::npos);
  }
}

}  // namespace
}  // namespace llmgw::providers::bedrock
