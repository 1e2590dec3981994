#pragma once
// Test helper: an EventSink that writes every canonical event as one line of text, so a
// whole decoded stream compares with EXPECT_EQ and split-invariance is a string equality.

#include <string>
#include <string_view>

#include "llmgw/canonical/events.hpp"

namespace llmgw::providers::testing {

inline std::string_view finish_name(canonical::FinishReason reason) {
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

class RecordingSink final : public canonical::EventSink {
 public:
  std::string log;
  std::optional<Error> last_error;

  void message_start(std::string_view id, std::string_view model) override {
    line("start " + std::string(id) + " " + std::string(model));
  }
  void text_delta(int choice, std::string_view text) override {
    line("text " + std::to_string(choice) + " " + std::string(text));
  }
  void reasoning_delta(int choice, std::string_view text) override {
    line("reasoning " + std::to_string(choice) + " " + std::string(text));
  }
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override {
    line("tool_start " + std::to_string(choice) + " " + std::to_string(tool_index) + " " +
         std::string(id) + " " + std::string(name));
  }
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override {
    line("tool_delta " + std::to_string(choice) + " " + std::to_string(tool_index) + " " +
         std::string(arguments));
  }
  void choice_finish(int choice, canonical::FinishReason reason,
                     std::string_view stop_sequence) override {
    line("finish " + std::to_string(choice) + " " + std::string(finish_name(reason)) +
         (stop_sequence.empty() ? "" : " " + std::string(stop_sequence)));
  }
  void usage(const Usage& u) override {
    line("usage " + std::to_string(u.prompt_tokens) + " " + std::to_string(u.completion_tokens) +
         " " + std::to_string(u.total_tokens) + " cached=" + std::to_string(u.cached_tokens) +
         " write=" + std::to_string(u.cache_write_tokens) +
         " reasoning=" + std::to_string(u.reasoning_tokens));
  }
  void message_end() override { line("end"); }
  void error(const Error& e) override {
    last_error = e;
    line("error " + std::to_string(e.http_status) + " " + std::string(to_string(e.kind)) + " " +
         e.message);
  }

 private:
  void line(std::string text) {
    log += text;
    log += '\n';
  }
};

}  // namespace llmgw::providers::testing
