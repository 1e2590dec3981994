#pragma once
// Anthropic Messages SSE → canonical stream events (the translated streaming path).
//
// message_start → message_start (+ input usage); content_block_start of a tool_use → a new
// tool call numbered per response (block indexes also count text and thinking blocks, so
// they are mapped); text_delta / thinking_delta / input_json_delta → text / reasoning /
// arguments deltas; message_delta → the stop reason and cumulative usage; message_stop →
// choice_finish + message_end; `event: error` → error. Pings, signature and citation deltas,
// server-tool blocks and unknown event types are ignored.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "llmgw/canonical/events.hpp"
#include "providers/anthropic/usage.hpp"
#include "providers/anthropic/wire_json.hpp"
#include "sse/sse_parser.hpp"

namespace llmgw::providers::anthropic {

class AnthropicEventDecoder final : public canonical::EventDecoder {
 public:
  /// `id_seed` names tool calls that come without an id: "call_<seed>_<tool index>".
  explicit AnthropicEventDecoder(std::string id_seed,
                                 std::size_t max_event_bytes = sse::kDefaultMaxEventBytes);

  void feed(std::string_view bytes, canonical::EventSink& sink) override;
  void finish(canonical::EventSink& sink) override;

 private:
  enum class BlockKind : std::uint8_t { text, thinking, tool, json_text, ignored };
  struct Block {
    BlockKind kind = BlockKind::ignored;
    int tool_index = 0;
  };

  void drain(canonical::EventSink& sink);
  void on_event(const sse::Event& event, canonical::EventSink& sink);
  void dispatch(std::string_view type, const Json& data, canonical::EventSink& sink);
  void on_message_start(const Json& data, canonical::EventSink& sink);
  void on_block_start(const Json& data, canonical::EventSink& sink);
  void on_block_delta(const Json& data, canonical::EventSink& sink);
  void on_message_delta(const Json& data, canonical::EventSink& sink);
  void on_message_stop(canonical::EventSink& sink);
  void start_once(canonical::EventSink& sink);
  void fail(canonical::EventSink& sink, const Error& error);
  std::optional<std::int64_t> block_index(const Json& data, canonical::EventSink& sink);

  sse::Parser parser_;
  std::string id_seed_;
  std::map<std::int64_t, Block> blocks_;  ///< Anthropic content-block index → what it is.
  int tool_count_ = 0;
  bool real_tool_call_ = false;  ///< A tool call other than the JSON-response tool.
  bool started_ = false;
  bool over_ = false;  ///< message_stop or an error: nothing more is reported.
  std::string stop_reason_;
  std::string stop_sequence_;
  UsageAccumulator usage_;
};

}  // namespace llmgw::providers::anthropic
