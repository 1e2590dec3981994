#include "dialects/openai/embeddings.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace llmgw::dialects::openai {
namespace {

using canonical::Json;

const canonical::RenderContext kContext{"r", "embed-pub", 0, false};

TEST(OpenAiEmbeddingsTest, ParsesStringAndArrayInputs) {
  auto single = parse_embedding_request(R"({"model":"e","input":"hello"})");
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->model, "e");
  EXPECT_EQ(single->inputs, (std::vector<std::string>{"hello"}));
  EXPECT_FALSE(single->base64);
  auto many = parse_embedding_request(
      R"({"model":"e","input":["a","b"],"encoding_format":"base64","dimensions":256,"user":"u"})");
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->inputs, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(many->base64);
  EXPECT_EQ(many->dimensions, 256);
  EXPECT_EQ(many->user, "u");
}

TEST(OpenAiEmbeddingsTest, RefusesWhatCannotBeEmbeddedAsText) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"model":"e","input":[1,2,3]})", "input"},
      {R"({"model":"e","input":[[1,2]]})", "input"},
      {R"({"model":"e","input":[]})", "input"},
      {R"({"model":"e","input":["a",3.5]})", "input[1]"},
      {R"({"model":"e","input":true})", "input"},
      {R"({"model":"e"})", "input"},
      {R"({"input":"x"})", "model"},
      {R"({"model":"e","input":"x","encoding_format":"int8"})", "encoding_format"},
      {R"({"model":"e","input":"x","dimensions":0})", "dimensions"},
      {R"({"model":"e","input":"x","truncate":true})", "truncate"},
  };
  for (const auto& [body, param] : cases) {
    auto result = parse_embedding_request(body);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().param, param) << body << ": " << result.error().message;
    EXPECT_EQ(result.error().http_status, 400);
  }
  EXPECT_FALSE(parse_embedding_request("not json").ok());
  std::string too_many = R"({"model":"e","input":[)";
  for (int i = 0; i < 2049; ++i) too_many += i == 0 ? "\"x\"" : ",\"x\"";
  EXPECT_FALSE(parse_embedding_request(too_many + "]}").ok());
}

TEST(OpenAiEmbeddingsTest, RendersShortestFloatsAndUsage) {
  canonical::EmbeddingResponse response;
  response.vectors = {{0.1f, -2.5f}, {}};
  Usage usage;
  usage.prompt_tokens = 4;
  usage.total_tokens = 4;
  response.usage = usage;
  EXPECT_EQ(render_embedding_response(response, kContext, false),
            R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,-2.5]},)"
            R"({"object":"embedding","index":1,"embedding":[]}],"model":"embed-pub",)"
            R"("usage":{"prompt_tokens":4,"total_tokens":4}})");
}

TEST(OpenAiEmbeddingsTest, Base64IsLittleEndianFloat32) {
  canonical::EmbeddingResponse response;
  // 1.0f = 00 00 80 3F, -2.0f = 00 00 00 C0 → AACAPwAAAMA=; one float → AACAPw==.
  response.vectors = {{1.0f, -2.0f}, {1.0f}, {1.0f, -2.0f, 1.0f}};
  const Json json = Json::parse(render_embedding_response(response, kContext, true));
  EXPECT_EQ(json["data"][0]["embedding"], "AACAPwAAAMA=");
  EXPECT_EQ(json["data"][1]["embedding"], "AACAPw==");
  EXPECT_EQ(json["data"][2]["embedding"], "AACAPwAAAMAAAIA/");
  EXPECT_EQ(json["usage"], Json::parse(R"({"prompt_tokens":0,"total_tokens":0})"));
}

TEST(OpenAiEmbeddingsTest, NonFiniteValuesStayValidJson) {
  canonical::EmbeddingResponse response;
  response.vectors = {{std::numeric_limits<float>::quiet_NaN(), 1.0f}};
  const Json json = Json::parse(render_embedding_response(response, kContext, false));
  EXPECT_TRUE(json["data"][0]["embedding"][0].is_null());
}

}  // namespace
}  // namespace llmgw::dialects::openai
