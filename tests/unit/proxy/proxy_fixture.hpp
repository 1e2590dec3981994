#pragma once
// The proxy against in-memory doubles: two OpenAI-compatible deployments behind model "m",
// a scripted upstream, a recording writer, and an event-observing test stage.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/builtin_components.hpp"
#include "llmgw/pipeline/chain.hpp"
#include "proxy/proxy.hpp"
#include "support/config_builders.hpp"
#include "support/proxy_doubles.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::proxy::testing_support {

using llmgw::testing::NullMetrics;
using llmgw::testing::RecordingWriter;
using llmgw::testing::Script;
using llmgw::testing::ScriptedClient;

struct Fixture {
  Fixture(bool stream) {
    auto cfg = std::make_shared<config::Config>();
    cfg->providers.push_back(testing::provider("first"));
    cfg->providers.push_back(testing::provider("second"));
    cfg->models.push_back(testing::model("m", {0, 1}, *cfg));
    ctx.snapshot = std::make_shared<const config::Snapshot>(cfg);
    ctx.endpoint = Endpoint::chat_completions;
    ctx.dialect = &builtin.dialects.for_endpoint(ctx.endpoint);
    ctx.request_id = "rid";
    std::string raw = std::string(R"({"model":"m","messages":[{"role":"user","content":"hi"}])") +
                      (stream ? R"(,"stream":true})" : "}");
    ctx.body = parse_request_body(Endpoint::chat_completions, raw).value();
    ctx.model = &ctx.config().models[0];
    for (const auto& deployment : ctx.config().models[0].deployments) {
      ctx.route.push_back(&deployment);
    }
  }
  Outcome run(const pipeline::Chain* events = nullptr) {
    Proxy proxy({client, metrics, builtin.providers});
    return testing::sync_wait(proxy.forward(ctx, writer, events));
  }

  app::BuiltinComponents builtin;
  RequestContext ctx;
  ScriptedClient client;
  RecordingWriter writer;
  NullMetrics metrics;
};

inline constexpr std::string_view kCompletion =
    R"({"id":"c","object":"chat.completion","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";

inline constexpr std::string_view kStreamBody =
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
    "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
    "{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n"
    "data: [DONE]\n\n";

class Blocker final : public pipeline::Middleware {
 public:
  mutable std::vector<std::string> texts;
  std::string_view name() const noexcept override { return "blocker"; }
  pipeline::Needs needs() const noexcept override { return pipeline::Needs::events; }
  boost::asio::awaitable<pipeline::Decision> on_request(RequestContext&) const override {
    co_return pipeline::Decision::next();
  }
  pipeline::Verdict on_event(RequestContext&, canonical::StreamEvent& event) const override {
    if (event.kind == canonical::StreamEvent::Kind::text_delta) {
      texts.emplace_back(event.text);
      if (event.text == "secret") return pipeline::Verdict::block(Error::invalid_request("no"));
    }
    return pipeline::Verdict::pass();
  }
};

inline pipeline::Chain blocker_chain(const Blocker*& stage) {
  auto blocker = std::make_unique<Blocker>();
  stage = blocker.get();
  std::vector<std::unique_ptr<pipeline::Middleware>> stages;
  stages.push_back(std::move(blocker));
  return pipeline::Chain(std::move(stages));
}

}  // namespace llmgw::proxy::testing_support
