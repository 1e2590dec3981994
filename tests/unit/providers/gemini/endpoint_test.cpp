#include "providers/gemini/endpoint.hpp"

#include <gtest/gtest.h>

#include "gemini_test_support.hpp"

namespace llmgw::providers::gemini {
namespace {

using testing::TargetFixture;

TEST(GeminiEndpointTest, GenerativeLanguageTargets) {
  TargetFixture f;
  EXPECT_EQ(upstream_target(f.provider, "gemini-2.5-flash", Method::generate_content).value(),
            "/v1beta/models/gemini-2.5-flash:generateContent");
  EXPECT_EQ(
      upstream_target(f.provider, "gemini-2.5-flash", Method::stream_generate_content).value(),
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  EXPECT_EQ(upstream_target(f.provider, "models/text-embedding-004", Method::batch_embed_contents)
                .value(),
            "/v1beta/models/text-embedding-004:batchEmbedContents");
}

TEST(GeminiEndpointTest, BasePathIsKept) {
  TargetFixture f;
  f.provider.origin.base_path = "/proxy/google";
  EXPECT_EQ(upstream_target(f.provider, "m", Method::generate_content).value(),
            "/proxy/google/v1beta/models/m:generateContent");
}

TEST(GeminiEndpointTest, VertexTargets) {
  TargetFixture f;
  f.provider.gemini.vertex = true;
  f.provider.gemini.project = "my-project";
  f.provider.gemini.location = "us-central1";
  EXPECT_EQ(upstream_target(f.provider, "gemini-2.5-pro", Method::stream_generate_content).value(),
            "/v1/projects/my-project/locations/us-central1/publishers/google/models/"
            "gemini-2.5-pro:streamGenerateContent?alt=sse");
  EXPECT_EQ(upstream_target(f.provider, "gemini-2.5-pro", Method::generate_content).value(),
            "/v1/projects/my-project/locations/us-central1/publishers/google/models/"
            "gemini-2.5-pro:generateContent");
}

TEST(GeminiEndpointTest, VertexWithoutProjectIsAConfigError) {
  TargetFixture f;
  f.provider.gemini.vertex = true;
  f.provider.gemini.location = "global";
  auto target = upstream_target(f.provider, "m", Method::generate_content);
  ASSERT_FALSE(target.ok());
  EXPECT_EQ(target.error().kind, ErrorKind::internal);
  EXPECT_NE(target.error().message.find("gemini.project"), std::string::npos);
}

TEST(GeminiEndpointTest, PathSegmentsAreEncoded) {
  TargetFixture f;
  EXPECT_EQ(upstream_target(f.provider, "evil/../x?y#z m:n", Method::generate_content).value(),
            "/v1beta/models/evil%2F..%2Fx%3Fy%23z%20m%3An:generateContent");
  EXPECT_EQ(encode_path_segment("a-b_c.d~E9"), "a-b_c.d~E9");
  EXPECT_EQ(encode_path_segment("\xC3\xA9\r\n"), "%C3%A9%0D%0A");
}

TEST(GeminiEndpointTest, EmptyModelIsAConfigError) {
  TargetFixture f;
  EXPECT_FALSE(upstream_target(f.provider, "", Method::generate_content).ok());
  EXPECT_FALSE(upstream_target(f.provider, "models/", Method::generate_content).ok());
}

TEST(GeminiEndpointTest, ApiKeyHeaderAndExtraHeaders) {
  TargetFixture f;
  f.provider.extra_headers = {{"X-Custom", "1"}, {"accept", "application/x-override"}};
  Headers headers = upstream_headers(f.provider, /*stream=*/true).value();
  EXPECT_EQ(find_header(headers, "x-goog-api-key"), "secret-key");
  EXPECT_EQ(find_header(headers, "authorization"), "");
  EXPECT_EQ(find_header(headers, "content-type"), "application/json");
  EXPECT_EQ(find_header(headers, "accept"), "application/x-override");
  EXPECT_EQ(find_header(headers, "x-custom"), "1");
  EXPECT_EQ(find_header(upstream_headers(TargetFixture().provider, false).value(), "accept"),
            "application/json");
}

TEST(GeminiEndpointTest, VertexUsesBearer) {
  TargetFixture f;
  f.provider.gemini.vertex = true;
  Headers headers = upstream_headers(f.provider, true).value();
  EXPECT_EQ(find_header(headers, "authorization"), "Bearer secret-key");
  EXPECT_EQ(find_header(headers, "x-goog-api-key"), "");
  EXPECT_EQ(find_header(headers, "accept"), "text/event-stream");
}

TEST(GeminiEndpointTest, NoKeyNoAuthHeaderAndBrokenKeyIsRejectedWithoutItsValue) {
  TargetFixture f;
  f.provider.api_key.clear();
  Headers headers = upstream_headers(f.provider, false).value();
  EXPECT_EQ(find_header(headers, "x-goog-api-key"), "");
  f.provider.api_key = "abc\r\nX-Injected: 1";
  auto broken = upstream_headers(f.provider, false);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.find("abc"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::gemini
