#pragma once
// Test helpers for the Bedrock adapter: an eventstream frame writer (correct CRCs, string
// headers), a sink that logs canonical events as lines, and a TranslateTarget fixture with
// the golden-file credentials.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/events.hpp"
#include "llmgw/providers/provider.hpp"
#include "providers/bedrock/crc32.hpp"

namespace llmgw::providers::bedrock::testing {

inline void put_be(std::string& out, std::uint64_t value, int width) {
  for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

inline std::string string_header(std::string_view name, std::string_view value) {
  std::string out;
  put_be(out, name.size(), 1);
  out += name;
  put_be(out, 7, 1);
  put_be(out, value.size(), 2);
  out += value;
  return out;
}

inline std::string frame(std::string_view headers, std::string_view payload) {
  std::string out;
  put_be(out, 16 + headers.size() + payload.size(), 4);
  put_be(out, headers.size(), 4);
  put_be(out, crc32(out), 4);
  out += headers;
  out += payload;
  put_be(out, crc32(out), 4);
  return out;
}

/// A normal Bedrock event frame, headers in the order Bedrock sends them.
inline std::string event(std::string_view type, std::string_view payload) {
  return frame(string_header(":event-type", type) +
                   string_header(":content-type", "application/json") +
                   string_header(":message-type", "event"),
               payload);
}

/// A modelled exception frame inside a 200 stream.
inline std::string exception(std::string_view type, std::string_view payload) {
  return frame(string_header(":exception-type", type) +
                   string_header(":content-type", "application/json") +
                   string_header(":message-type", "exception"),
               payload);
}

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

/// Logs every event as one line: a decoded stream compares with one EXPECT_EQ.
class LogSink final : public canonical::EventSink {
 public:
  std::string log;
  std::optional<Error> last_error;

  void message_start(std::string_view id, std::string_view model) override {
    line("start " + std::string(id) + "|" + std::string(model));
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
         " write=" + std::to_string(u.cache_write_tokens));
  }
  void message_end() override { line("end"); }
  void error(const Error& e) override {
    last_error = e;
    line("error " + std::to_string(e.http_status) + " " + std::string(to_string(e.kind)) +
         (e.retryable ? " retryable " : " final ") + e.code + " " + e.message);
  }

 private:
  void line(std::string text) {
    log += text;
    log += '\n';
  }
};

/// Owns everything a TranslateTarget points at. Credentials are the golden-file ones.
struct TargetFixture {
  config::ProviderConfig provider;
  config::ModelConfig model;
  config::Deployment deployment;
  Headers client_headers;
  std::chrono::system_clock::time_point now =
      std::chrono::sys_days{std::chrono::year{2026} / 1 / 1};

  TargetFixture() {
    provider.name = "golden";
    provider.kind = config::ProviderKind::bedrock;
    provider.base_url = "https://bedrock-runtime.us-east-1.amazonaws.com";
    provider.origin = {true, "bedrock-runtime.us-east-1.amazonaws.com", 443, ""};
    provider.bedrock.region = "us-east-1";
    provider.bedrock.access_key_id = "AKIDEXAMPLE";
    provider.bedrock.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    model.name = "claude-public";
    deployment.provider = "golden";
    deployment.upstream_model = "anthropic.claude-3-haiku-20240307-v1:0";
  }
  TranslateTarget target() const { return {deployment, provider, model, client_headers, now}; }
};

}  // namespace llmgw::providers::bedrock::testing
