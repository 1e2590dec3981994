#include "providers/azure/azure_adapter.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "providers/openai/recording_sink.hpp"
#include "support/config_builders.hpp"

namespace llmgw::providers::azure {
namespace {

using Json = nlohmann::json;

struct Fixture {
  AzureOpenAiAdapter adapter;
  config::ProviderConfig provider;
  config::Deployment deployment = ::llmgw::testing::deployment("az", "gpt4o-prod");
  config::ModelConfig model;
  Headers client_headers{{"Authorization", "Bearer gateway-key"}, {"OpenAI-Beta", "x"}};

  Fixture() {
    provider.name = "az";
    provider.kind = config::ProviderKind::azure_openai;
    provider.api_key = "az-secret";
    model.name = "gpt-4o";
  }

  Result<EncodedRequest> encode(std::string raw, Endpoint endpoint) {
    auto body = parse_request_body(endpoint, std::move(raw));
    EXPECT_TRUE(body.ok()) << body.error().message;
    body_ = std::move(body).value();
    return adapter.encode({endpoint, body_, deployment, provider, client_headers});
  }

 private:
  RequestBody body_;
};

std::size_t count(const Headers& headers, std::string_view name) {
  std::size_t n = 0;
  for (const auto& [key, value] : headers) n += iequals(key, name) ? 1 : 0;
  return n;
}

TEST(AzureOpenAiAdapterTest, FastPathChatGoesToTheDeploymentWithApiKey) {
  Fixture f;
  EXPECT_EQ(f.adapter.native_dialect(), Dialect::openai);
  auto encoded =
      f.encode(R"({"model":"gpt-4o","stream":true,"messages":[1]})", Endpoint::chat_completions);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  EXPECT_EQ(encoded->request.target,
            "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(find_header(encoded->request.headers, "api-key"), "az-secret");
  EXPECT_EQ(count(encoded->request.headers, "authorization"), 0u);
  EXPECT_EQ(find_header(encoded->request.headers, "openai-beta"), "x");
  EXPECT_TRUE(encoded->strip_usage_chunk);
  EXPECT_EQ(Json::parse(encoded->request.body)["model"], "gpt4o-prod");
}

TEST(AzureOpenAiAdapterTest, EmbeddingsForwardTheBodyToTheEmbeddingsDeployment) {
  Fixture f;
  f.deployment.upstream_model = "emb-3-small";
  const std::string raw = R"({"model":"e","input":["a","b"],"encoding_format":"base64"})";
  auto encoded = f.encode(raw, Endpoint::embeddings);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->request.target,
            "/openai/deployments/emb-3-small/embeddings?api-version=2024-10-21");
  EXPECT_EQ(encoded->request.body,
            R"({"model":"emb-3-small","input":["a","b"],"encoding_format":"base64"})");
  EXPECT_FALSE(encoded->strip_usage_chunk);
  auto decoded = f.adapter.decode(
      Endpoint::embeddings,
      R"({"object":"list","data":[],"model":"x","usage":{"prompt_tokens":4,"total_tokens":4}})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->usage->prompt_tokens, 4);
}

TEST(AzureOpenAiAdapterTest, V1RoutesWithBearerAuth) {
  Fixture f;
  f.provider.azure.v1_routes = true;
  f.provider.azure.bearer_auth = true;
  auto encoded = f.encode(R"({"model":"gpt-4o","messages":[1]})", Endpoint::chat_completions);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->request.target, "/openai/v1/chat/completions");
  EXPECT_EQ(find_header(encoded->request.headers, "authorization"), "Bearer az-secret");
  EXPECT_EQ(count(encoded->request.headers, "api-key"), 0u);
}

TEST(AzureOpenAiAdapterTest, TranslatedChatUsesTheSameRouteAndOpenAiRules) {
  Fixture f;
  canonical::ChatRequest request;
  request.system = {"sys"};
  canonical::Message user;
  user.content.push_back({canonical::ContentPart::Kind::text, "hi", {}});
  request.messages.push_back(user);
  request.max_tokens = 50;
  request.stream = true;
  const TranslateTarget target{f.deployment, f.provider, f.model, f.client_headers, {}};
  auto encoded = f.adapter.encode_chat(request, target);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  EXPECT_EQ(encoded->target,
            "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
  EXPECT_EQ(find_header(encoded->headers, "api-key"), "az-secret");
  EXPECT_EQ(count(encoded->headers, "authorization"), 0u);
  EXPECT_EQ(Json::parse(encoded->body), Json::parse(R"({"model":"gpt4o-prod",
      "messages":[{"role":"system","content":"sys"},{"role":"user","content":"hi"}],
      "max_completion_tokens":50,"stream":true,"stream_options":{"include_usage":true}})"));
  request.top_k = 5;  // Azure is OpenAI: no top_k
  EXPECT_FALSE(f.adapter.encode_chat(request, target).ok());
}

TEST(AzureOpenAiAdapterTest, StreamedFilterChunksAndContentFilterFinish) {
  Fixture f;
  const std::string stream =
      R"(data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"sexual":{"filtered":false,"severity":"safe"}}}]})"
      "\n\n"
      R"(data: {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"delta":{"content":"Par"},"finish_reason":null,"index":0}],"id":"chatcmpl-1","model":"gpt-4o"})"
      "\n\n"
      R"(data: {"choices":[{"content_filter_results":{"violence":{"filtered":true,"severity":"high"}},"delta":{},"finish_reason":"content_filter","index":0}],"id":"chatcmpl-1","model":"gpt-4o"})"
      "\n\ndata: [DONE]\n\n";
  auto decoder = f.adapter.make_event_decoder("rid");
  testing::RecordingSink sink;
  for (char c : stream) decoder->feed(std::string(1, c), sink);
  decoder->finish(sink);
  EXPECT_EQ(sink.log, "start chatcmpl-1 gpt-4o\ntext 0 Par\nfinish 0 content_filter\nend\n");
}

TEST(AzureOpenAiAdapterTest, FastPathStreamDropsTheFilterOnlyFirstChunkAtAnySplit) {
  Fixture f;
  auto encoded =
      f.encode(R"({"model":"gpt-4o","stream":true,"messages":[1]})", Endpoint::chat_completions);
  ASSERT_TRUE(encoded.ok()) << encoded.error().message;
  ASSERT_TRUE(encoded->strip_usage_chunk);
  const std::string filter_chunk =
      R"(data: {"id":"","object":"","created":0,"model":"","choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"sexual":{"filtered":false,"severity":"safe"}}}]})"
      "\n\n";
  const std::string content_chunk =
      R"(data: {"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"delta":{"content":"Par"},"finish_reason":null,"index":0}],"created":1,"id":"chatcmpl-1","model":"gpt-4o","object":"chat.completion.chunk"})"
      "\n\n";
  const std::string finish_chunk =
      R"(data: {"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"stop","index":0}],"created":1,"id":"chatcmpl-1","model":"gpt-4o","object":"chat.completion.chunk"})"
      "\n\n";
  const std::string usage_chunk =
      R"(data: {"choices":[],"created":1,"id":"chatcmpl-1","model":"gpt-4o","object":"chat.completion.chunk","usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})"
      "\n\n";
  const std::string stream =
      filter_chunk + content_chunk + finish_chunk + usage_chunk + "data: [DONE]\n\n";

  for (bool client_asked_usage : {false, true}) {
    EncodedRequest request = encoded.value();
    request.strip_usage_chunk = !client_asked_usage;
    const std::string expected =
        content_chunk + finish_chunk + (client_asked_usage ? usage_chunk : "") + "data: [DONE]\n\n";
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
      auto decoder = f.adapter.make_stream_decoder(request);
      std::string client;
      std::optional<Usage> usage;
      bool done = false;
      bool errored = false;
      StreamOutput out;
      for (std::string_view piece :
           {std::string_view(stream).substr(0, cut), std::string_view(stream).substr(cut)}) {
        out.clear();
        decoder->feed(piece, out);
        client += out.client_bytes;
        if (out.usage) usage = out.usage;
        done = done || out.done;
        errored = errored || out.error.has_value();
      }
      out.clear();
      decoder->finish(out);
      client += out.client_bytes;
      errored = errored || out.error.has_value();
      ASSERT_EQ(client, expected) << "cut " << cut << ", usage asked " << client_asked_usage;
      ASSERT_TRUE(usage.has_value());
      EXPECT_EQ(usage->total_tokens, 11);
      EXPECT_TRUE(done);
      EXPECT_FALSE(errored);
    }
  }
}

TEST(AzureOpenAiAdapterTest, AzureErrorShapes) {
  Fixture f;
  Error filtered = f.adapter.map_error(
      400,
      R"({"error":{"code":"content_filter","message":"The response was filtered","param":"prompt","status":400,"innererror":{"code":"ResponsibleAIPolicyViolation"}}})",
      {});
  EXPECT_EQ(filtered.http_status, 400);
  EXPECT_EQ(filtered.code, "content_filter");
  EXPECT_EQ(filtered.message, "The response was filtered");
  EXPECT_FALSE(filtered.retryable);

  Error limited = f.adapter.map_error(429, R"({"error":{"code":"429","message":"Rate limit"}})",
                                      {{"retry-after-ms", "1500"}});
  EXPECT_EQ(limited.http_status, 429);
  EXPECT_TRUE(limited.retryable);
  EXPECT_EQ(limited.retry_after, "2");

  Error denied = f.adapter.map_error(
      401, R"({"error":{"code":"401","message":"Access denied due to invalid subscription key"}})",
      {});
  EXPECT_EQ(denied.http_status, 502);
  EXPECT_EQ(denied.message.find("subscription"), std::string::npos);
}

TEST(AzureOpenAiAdapterTest, NonStreamDecodeKeepsTheBodyAndTranslatedDecodeReadsIt) {
  Fixture f;
  const std::string body =
      R"({"id":"chatcmpl-2","model":"gpt-4o","prompt_filter_results":[],"choices":[{"index":0,"finish_reason":"content_filter","message":{"role":"assistant","content":null},"content_filter_results":{"hate":{"filtered":true,"severity":"high"}}}],"usage":{"prompt_tokens":5,"completion_tokens":0,"total_tokens":5}})";
  auto decoded = f.adapter.decode(Endpoint::chat_completions, body);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->body, body);
  auto chat = f.adapter.decode_chat(body);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->choices[0].finish, canonical::FinishReason::content_filter);
  EXPECT_EQ(chat->usage->total_tokens, 5);
}

}  // namespace
}  // namespace llmgw::providers::azure
