#include "providers/anthropic/anthropic_adapter.hpp"

#include <gtest/gtest.h>

#include "anthropic_test_support.hpp"

namespace llmgw::providers::anthropic {
namespace {

using testing::RecordingSink;
using testing::TargetFixture;

TEST(AnthropicAdapterTest, SpeaksAnthropicNatively) {
  EXPECT_EQ(AnthropicAdapter().native_dialect(), Dialect::anthropic);
}

TEST(AnthropicAdapterTest, FastPathRoundTrip) {
  const AnthropicAdapter adapter;
  TargetFixture f;
  auto body = parse_request_body(
      Endpoint::messages, R"({"model":"public","max_tokens":5,"stream":true,"messages":[]})");
  ASSERT_TRUE(body.ok());
  auto encoded =
      adapter.encode({Endpoint::messages, *body, f.deployment, f.provider, f.client_headers});
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->request.body,
            R"({"model":"claude-up-1","max_tokens":5,"stream":true,"messages":[]})");
  auto decoder = adapter.make_stream_decoder(*encoded);
  StreamOutput out;
  decoder->feed("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", out);
  EXPECT_TRUE(out.done);
  auto decoded = adapter.decode(Endpoint::messages, R"({"content":[],"usage":{"input_tokens":3}})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->usage->prompt_tokens, 3);
}

TEST(AnthropicAdapterTest, TranslatedPathRoundTrip) {
  const AnthropicAdapter adapter;
  TargetFixture f;
  canonical::ChatRequest request;
  request.messages.push_back({});
  request.messages[0].content.push_back({canonical::ContentPart::Kind::text, "hi", {}});
  auto encoded = adapter.encode_chat(request, f.target());
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(encoded->target, "/v1/messages");

  auto response =
      adapter.decode_chat(R"({"content":[{"type":"text","text":"yo"}],"stop_reason":"end_turn"})");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->choices[0].text, "yo");

  auto decoder = adapter.make_event_decoder("req-9");
  RecordingSink sink;
  decoder->feed(
      "event: content_block_start\ndata: {\"index\":0,\"content_block\":{\"type\":\"tool_use\","
      "\"name\":\"f\"}}\n\n",
      sink);
  decoder->finish(sink);
  EXPECT_EQ(sink.events,
            (std::vector<std::string>{"start(,)", "tool_start(0,0,call_req-9_0,f)",
                                      "error(upstream_protocol,502,upstream_protocol_error)"}));
}

TEST(AnthropicAdapterTest, MapsErrors) {
  const Error e = AnthropicAdapter().map_error(
      429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow"}})",
      {{"Retry-After", "3"}});
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.retry_after, "3");
  EXPECT_TRUE(e.retryable);
}

TEST(AnthropicAdapterTest, HasNoEmbeddings) {
  TargetFixture f;
  canonical::EmbeddingRequest request;
  auto encoded = AnthropicAdapter().encode_embeddings(request, f.target());
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.error().http_status, 400);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
