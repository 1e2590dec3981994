#pragma once
// Canonical events → Anthropic Messages SSE (message_start, content_block_*, message_delta,
// message_stop; `event: error` on failure).

#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/dialects/stream_encoder.hpp"

namespace llmgw::dialects::anthropic {

/// Anthropic has no `n`: events for choices other than 0 are ignored. Content blocks are
/// strictly sequential (one open at a time), so a block is closed before the next opens;
/// tool-call arguments that arrive for a call whose block is already closed cannot be
/// placed and end the stream with an in-stream error. Usage known only at the end (OpenAI,
/// Bedrock, Gemini upstreams) goes in message_delta, input and cache counts included,
/// which the SDK's stream accumulator takes (providers.md §2.3).
class EventEncoder final : public StreamEncoder {
 public:
  explicit EventEncoder(canonical::RenderContext context);

  void message_start(std::string_view id, std::string_view model) override;
  void text_delta(int choice, std::string_view text) override;
  void reasoning_delta(int choice, std::string_view text) override;
  void tool_call_start(int choice, int tool_index, std::string_view id,
                       std::string_view name) override;
  void tool_call_delta(int choice, int tool_index, std::string_view arguments) override;
  void choice_finish(int choice, canonical::FinishReason reason,
                     std::string_view stop_sequence) override;
  void usage(const Usage& usage) override;
  void message_end() override;
  void error(const Error& error) override;

 private:
  enum class Block { none, text, thinking, tool_use };

  /// Writes message_start once, before anything else reaches the client.
  void ensure_started(std::string_view provider_id);
  /// Opens a block of `kind` unless one is already open; closes any other first.
  void open_block(Block kind, const canonical::Json& content_block);
  void close_block();
  void emit(std::string_view type, const canonical::Json& data);
  /// Ignore events after the stream ended or for other choices.
  bool ignored(int choice) const noexcept { return finished_ || choice != 0; }

  canonical::RenderContext context_;
  bool started_ = false;
  bool finished_ = false;  ///< message_stop or error written: nothing more goes out.
  Block open_ = Block::none;
  int block_index_ = -1;  ///< Index of the open (or last) content block.
  int open_tool_ = -1;    ///< tool_index of the open tool_use block.
  int tools_seen_ = 0;    ///< tool_index values below this were opened already.
  bool tool_has_arguments_ = false;
  canonical::FinishReason finish_ = canonical::FinishReason::none;
  std::string stop_sequence_;
  std::optional<Usage> usage_;
};

}  // namespace llmgw::dialects::anthropic
