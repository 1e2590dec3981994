#pragma once
// Fixtures shared by the Gemini adapter tests: a provider/model/deployment target and an
// EventSink that records every call as one line of text.

#include <string>
#include <vector>

#include "llmgw/canonical/events.hpp"
#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::gemini::testing {

struct TargetFixture {
  config::ProviderConfig provider;
  config::Deployment deployment;
  config::ModelConfig model;
  Headers client_headers;

  TargetFixture() {
    provider.name = "gem";
    provider.kind = config::ProviderKind::gemini;
    provider.api_key = "secret-key";
    provider.origin.host = "generativelanguage.googleapis.com";
    deployment.provider = "gem";
    deployment.upstream_model = "gemini-2.5-flash";
    model.name = "public-model";
  }

  TranslateTarget target() const {
    return TranslateTarget{deployment, provider, model, client_headers, {}};
  }
};

/// Records events as "start id model", "text 0 hi", "call 0 0 id name", "args 0 0 {...}",
/// "finish 0 <reason>", "usage p c t cached reasoning", "end", "error <kind> <status> <msg>".
class RecordingSink final : public canonical::EventSink {
 public:
  std::vector<std::string> events;

  void message_start(std::string_view id, std::string_view model) override {
    add("start " + std::string(id) + " " + std::string(model));
  }
  void text_delta(int choice, std::string_view text) override {
    add("text " + std::to_string(choice) + " " + std::string(text));
  }
  void reasoning_delta(int choice, std::string_view text) override {
    add("reasoning " + std::to_string(choice) + " " + std::string(text));
  }
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override {
    add("call " + std::to_string(choice) + " " + std::to_string(tool_index) + " " +
        std::string(id) + " " + std::string(name));
  }
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override {
    add("args " + std::to_string(choice) + " " + std::to_string(tool_index) + " " +
        std::string(arguments));
  }
  void choice_finish(int choice, canonical::FinishReason reason,
                     std::string_view /*stop_sequence*/) override {
    add("finish " + std::to_string(choice) + " " + reason_name(reason));
  }
  void usage(const Usage& u) override {
    add("usage " + std::to_string(u.prompt_tokens) + " " + std::to_string(u.completion_tokens) +
        " " + std::to_string(u.total_tokens) + " " + std::to_string(u.cached_tokens) + " " +
        std::to_string(u.reasoning_tokens));
  }
  void message_end() override { add("end"); }
  void error(const Error& e) override {
    add("error " + std::string(to_string(e.kind)) + " " + std::to_string(e.http_status) + " " +
        e.message);
  }

  static std::string reason_name(canonical::FinishReason reason) {
    switch (reason) {
      case canonical::FinishReason::none: return "none";
      case canonical::FinishReason::stop: return "stop";
      case canonical::FinishReason::stop_sequence: return "stop_sequence";
      case canonical::FinishReason::length: return "length";
      case canonical::FinishReason::tool_calls: return "tool_calls";
      case canonical::FinishReason::content_filter: return "content_filter";
    }
    return "?";
  }

 private:
  void add(std::string line) { events.push_back(std::move(line)); }
};

}  // namespace llmgw::providers::gemini::testing
