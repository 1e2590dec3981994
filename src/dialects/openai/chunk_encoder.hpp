#pragma once
// Canonical events → OpenAI `chat.completion.chunk` SSE, ending in `data: [DONE]`.

#include <map>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/dialects/stream_encoder.hpp"

namespace llmgw::dialects::openai {

/// One encoder per response stream. Every chunk carries the same id (the provider's when it
/// gives one, else "chatcmpl-<request id>"), `created` and the public model name; with
/// include_usage every chunk carries "usage":null and one usage chunk precedes [DONE].
class ChunkEncoder final : public StreamEncoder {
 public:
  explicit ChunkEncoder(canonical::RenderContext context);

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
  struct ChoiceState {
    bool finished = false;
    std::map<int, bool> call_has_arguments;  ///< Per tool_index: any argument text sent yet.
  };

  /// The choice's state; the first time, also writes its role chunk.
  ChoiceState& open_choice(int choice);
  void write_delta(int choice, canonical::Json delta, std::string_view finish_reason = {});
  void write_chunk(canonical::Json choices, const canonical::Json* usage);
  void finish_choice(int choice, ChoiceState& state, canonical::FinishReason reason);

  canonical::RenderContext context_;
  std::string id_;
  std::map<int, ChoiceState> choices_;
  Usage usage_;
  bool ended_ = false;  ///< After message_end or error nothing more is written.
};

}  // namespace llmgw::dialects::openai
