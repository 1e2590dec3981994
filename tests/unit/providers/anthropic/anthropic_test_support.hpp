#pragma once
// Shared pieces of the Anthropic adapter tests: a provider/target fixture and an EventSink
// that records calls as text and checks the canonical stream contract as it goes.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "llmgw/canonical/events.hpp"
#include "llmgw/providers/provider.hpp"
#include "support/config_builders.hpp"

namespace llmgw::providers::anthropic::testing {

struct TargetFixture {
  config::ProviderConfig provider;
  config::Deployment deployment = ::llmgw::testing::deployment("claude", "claude-up-1");
  config::ModelConfig model;
  Headers client_headers;

  TargetFixture() {
    provider.name = "claude";
    provider.kind = config::ProviderKind::anthropic;
    provider.api_key = "sk-ant-secret";
    model.name = "public-claude";
  }
  TranslateTarget target() const {
    return {deployment, provider, model, client_headers, std::chrono::system_clock::time_point{}};
  }
};

inline std::string finish_name(canonical::FinishReason reason) {
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

/// Records events; adjacent text/reasoning/argument deltas are merged so a test's expectation
/// does not depend on how the input was split. Contract violations are test failures.
class RecordingSink final : public canonical::EventSink {
 public:
  std::vector<std::string> events;
  std::optional<Error> last_error;
  std::optional<Usage> last_usage;

  void message_start(std::string_view id, std::string_view model) override {
    EXPECT_TRUE(events.empty()) << "message_start must come first";
    add("start(" + std::string(id) + "," + std::string(model) + ")");
  }
  void text_delta(int choice, std::string_view text) override {
    merge("text(" + std::to_string(choice) + "):", text);
  }
  void reasoning_delta(int choice, std::string_view text) override {
    merge("reasoning(" + std::to_string(choice) + "):", text);
  }
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override {
    EXPECT_FALSE(id.empty());
    EXPECT_EQ(tool_index, static_cast<int>(started_tools_.size())) << "tool indexes count from 0";
    started_tools_.insert(tool_index);
    add("tool_start(" + std::to_string(choice) + "," + std::to_string(tool_index) + "," +
        std::string(id) + "," + std::string(name) + ")");
  }
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override {
    EXPECT_TRUE(started_tools_.count(tool_index)) << "delta before tool_call_start";
    merge("args(" + std::to_string(choice) + "," + std::to_string(tool_index) + "):", arguments);
  }
  void choice_finish(int choice, canonical::FinishReason reason,
                     std::string_view stop_sequence) override {
    add("finish(" + std::to_string(choice) + "," + finish_name(reason) + "," +
        std::string(stop_sequence) + ")");
  }
  void usage(const Usage& usage) override {
    last_usage = usage;
    add("usage(" + std::to_string(usage.prompt_tokens) + "," +
        std::to_string(usage.completion_tokens) + "," + std::to_string(usage.total_tokens) + "," +
        std::to_string(usage.cached_tokens) + "," + std::to_string(usage.cache_write_tokens) + ")");
  }
  void message_end() override { add("end"); }
  void error(const Error& error) override {
    last_error = error;
    add("error(" + std::string(to_string(error.kind)) + "," + std::to_string(error.http_status) +
        "," + error.code + ")");
  }

 private:
  void add(std::string event) {
    EXPECT_FALSE(over_) << "event after the end of the stream: " << event;
    if (event == "end" || event.starts_with("error(")) over_ = true;
    events.push_back(std::move(event));
  }
  void merge(const std::string& prefix, std::string_view text) {
    if (!events.empty() && events.back().starts_with(prefix) && !over_) {
      events.back().append(text);
      return;
    }
    add(prefix + std::string(text));
  }

  std::set<int> started_tools_;
  bool over_ = false;
};

}  // namespace llmgw::providers::anthropic::testing
