#pragma once
// OpenAI chat.completion.chunk SSE → canonical events (translated path: the client speaks
// another dialect). Handles what OpenAI-wire servers actually send (providers.md §7.3):
// interleaved choices, tool calls keyed by index or marked by a changing id, whole calls in
// one chunk, reasoning_content / reasoning deltas, usage on any chunk, Azure's filter-only
// chunks, keep-alive comments and data-only pings, and errors after HTTP 200.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llmgw/canonical/events.hpp"
#include "sse/sse_parser.hpp"

namespace llmgw::providers::openai {

class OpenAiEventDecoder final : public canonical::EventDecoder {
 public:
  /// Choice indexes at or above this are a protocol error (OpenAI allows n <= 128), so a
  /// hostile index never sizes anything downstream.
  static constexpr std::int64_t kMaxChoices = 128;

  /// `id_seed` makes up tool-call ids the provider leaves out: "call_<seed>_<n>".
  explicit OpenAiEventDecoder(std::string id_seed,
                              std::size_t max_event_bytes = sse::kDefaultMaxEventBytes);

  void feed(std::string_view bytes, canonical::EventSink& sink) override;
  void finish(canonical::EventSink& sink) override;

 private:
  struct ToolSlot {
    std::string provider_id;  ///< The id the provider gave; empty when it gave none.
    int tool_index = 0;
  };
  struct ChoiceState {
    std::map<std::int64_t, ToolSlot> tools;  ///< Keyed by the provider's tool_calls[].index.
    std::int64_t last_key = 0;               ///< For fragments that carry no index.
    int next_tool_index = 0;
    bool finished = false;
  };

  void drain(canonical::EventSink& sink, bool at_end);
  void on_event(const sse::Event& event, canonical::EventSink& sink, bool at_end);
  void on_chunk(const nlohmann::json& chunk, canonical::EventSink& sink);
  bool on_choice(const nlohmann::json& choice, canonical::EventSink& sink);
  bool on_tool_fragment(int choice, ChoiceState& state, const nlohmann::json& fragment,
                        canonical::EventSink& sink);
  void start(const nlohmann::json& chunk, canonical::EventSink& sink);
  void fail(const Error& error, canonical::EventSink& sink);

  sse::Parser parser_;
  std::string id_seed_;
  std::map<int, ChoiceState> choices_;
  int made_up_ids_ = 0;
  bool started_ = false;
  bool done_ = false;
  bool failed_ = false;
  bool finished_ = false;
};

}  // namespace llmgw::providers::openai
