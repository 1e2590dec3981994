#include "translation/translating_stream_decoder.hpp"

#include <gtest/gtest.h>

#include "app/builtin_components.hpp"

namespace llmgw::translation {
namespace {

const std::string kOpenAiStream =
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
    "\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,"
    "\"total_tokens\":3}}\n\n"
    "data: [DONE]\n\n";

canonical::RenderContext context() {
  return {"rid", "public-model", 1700000000, false};
}

// Counts text events and upper-cases them before passing them on.
class Shouting final : public canonical::EventSink {
 public:
  explicit Shouting(canonical::EventSink& next) : next_(next) {}
  int texts = 0;
  void message_start(std::string_view id, std::string_view model) override {
    next_.message_start(id, model);
  }
  void text_delta(int choice, std::string_view text) override {
    ++texts;
    std::string loud(text);
    for (char& c : loud) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    next_.text_delta(choice, loud);
  }
  void reasoning_delta(int choice, std::string_view text) override {
    next_.reasoning_delta(choice, text);
  }
  void tool_call_start(int c, int t, std::string_view id, std::string_view name) override {
    next_.tool_call_start(c, t, id, name);
  }
  void tool_call_delta(int c, int t, std::string_view arguments) override {
    next_.tool_call_delta(c, t, arguments);
  }
  void choice_finish(int c, canonical::FinishReason r, std::string_view s) override {
    next_.choice_finish(c, r, s);
  }
  void usage(const Usage& usage) override { next_.usage(usage); }
  void message_end() override { next_.message_end(); }
  void error(const Error& error) override { next_.error(error); }

 private:
  canonical::EventSink& next_;
};

std::string run(TranslatingStreamDecoder& decoder, std::string_view bytes,
                providers::StreamOutput& out) {
  std::string client;
  for (std::size_t i = 0; i < bytes.size(); i += 5) {
    out.clear();
    decoder.feed(bytes.substr(i, 5), out);
    client += out.client_bytes;
  }
  out.clear();
  decoder.finish(out);
  client += out.client_bytes;
  return client;
}

TEST(TranslatingStreamDecoderTest, OpenAiEventsBecomeAnthropicEvents) {
  app::BuiltinComponents built;
  TranslatingStreamDecoder decoder(built.openai_adapter.make_event_decoder("rid"),
                                   built.anthropic_dialect.stream_encoder(context()));
  providers::StreamOutput out;
  std::string client = run(decoder, kOpenAiStream, out);
  EXPECT_NE(client.find("event: message_start"), std::string::npos);
  EXPECT_NE(client.find("\"text\":\"Hel\""), std::string::npos);
  EXPECT_NE(client.find("event: message_stop"), std::string::npos);
  EXPECT_NE(client.find("\"model\":\"public-model\""), std::string::npos);
}

TEST(TranslatingStreamDecoderTest, AFilterSeesEveryEventFirstAndMayRewriteIt) {
  app::BuiltinComponents built;
  TranslatingStreamDecoder decoder(built.openai_adapter.make_event_decoder("rid"),
                                   built.openai_dialect.stream_encoder(context()));
  Shouting filter(decoder.encoder());
  decoder.route_events_through(&filter);
  providers::StreamOutput out;
  std::string client = run(decoder, kOpenAiStream, out);
  EXPECT_EQ(filter.texts, 2);
  EXPECT_NE(client.find("\"content\":\"HEL\""), std::string::npos);
  EXPECT_NE(client.find("\"content\":\"LO\""), std::string::npos);
  EXPECT_EQ(client.find("Hel"), std::string::npos);
  EXPECT_NE(client.find("data: [DONE]"), std::string::npos);
}

TEST(TranslatingStreamDecoderTest, AStreamCutShortIsAnError) {
  app::BuiltinComponents built;
  TranslatingStreamDecoder decoder(built.openai_adapter.make_event_decoder("rid"),
                                   built.openai_dialect.stream_encoder(context()));
  providers::StreamOutput out;
  run(decoder, kOpenAiStream.substr(0, kOpenAiStream.find("data: {\"id\":\"c\",\"choices\":[]")),
      out);
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->kind, ErrorKind::upstream_protocol);
}

}  // namespace
}  // namespace llmgw::translation
