#include "providers/gemini/embeddings.hpp"

#include <gtest/gtest.h>

#include "gemini_test_support.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::Json;
using testing::TargetFixture;

TEST(GeminiEmbeddingsTest, EncodesBatchEmbedContents) {
  TargetFixture f;
  f.deployment.upstream_model = "models/text-embedding-004";
  canonical::EmbeddingRequest request;
  request.inputs = {"first", "second"};
  request.dimensions = 256;
  request.user = "u1";
  auto encoded = encode_embeddings_request(request, f.target());
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  EXPECT_EQ(encoded->target, "/v1beta/models/text-embedding-004:batchEmbedContents");
  EXPECT_EQ(find_header(encoded->headers, "x-goog-api-key"), "secret-key");
  EXPECT_EQ(Json::parse(encoded->body), Json::parse(R"({"requests":[
    {"model":"models/text-embedding-004","content":{"parts":[{"text":"first"}]},"outputDimensionality":256},
    {"model":"models/text-embedding-004","content":{"parts":[{"text":"second"}]},"outputDimensionality":256}]})"));
}

TEST(GeminiEmbeddingsTest, VertexAndEmptyInputAreRejected) {
  TargetFixture f;
  canonical::EmbeddingRequest request;
  auto empty = encode_embeddings_request(request, f.target());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().param, "input");
  request.inputs = {"x"};
  f.provider.gemini = {true, "p", "global"};
  auto vertex = encode_embeddings_request(request, f.target());
  ASSERT_FALSE(vertex.ok());
  EXPECT_EQ(vertex.error().http_status, 400);
  EXPECT_EQ(vertex.error().code, "unsupported_endpoint");
  EXPECT_NE(vertex.error().message.find("Vertex AI"), std::string::npos);
}

TEST(GeminiEmbeddingsTest, DecodesVectors) {
  auto response =
      decode_embeddings_response(R"({"embeddings":[{"values":[0.5,-1,2e-3]},{"values":[]}]})");
  ASSERT_TRUE(response.ok());
  ASSERT_EQ(response->vectors.size(), 2u);
  EXPECT_EQ(response->vectors[0], (std::vector<float>{0.5f, -1.0f, 0.002f}));
  EXPECT_TRUE(response->vectors[1].empty());
  EXPECT_FALSE(response->usage);
}

TEST(GeminiEmbeddingsTest, BadBodiesAreProtocolErrors) {
  for (const char* body :
       {"", "[]", "{}", R"({"embeddings":{}})", R"({"embeddings":[1]})", R"({"embeddings":[{}]})",
        R"({"embeddings":[{"values":["1"]}]})", R"({"embeddings":[{"values":[1e300]}]})"}) {
    auto response = decode_embeddings_response(body);
    ASSERT_FALSE(response.ok()) << body;
    EXPECT_EQ(response.error().kind, ErrorKind::upstream_protocol) << body;
  }
}

}  // namespace
}  // namespace llmgw::providers::gemini
