#pragma once
// ConverseStream (binary eventstream, providers.md §5.3) → canonical stream events.
//
// Order of the end: Bedrock sends messageStop (the stop reason) and then `metadata` (the
// usage). The decoder holds the stop reason until the usage is in, then reports usage,
// choice_finish and message_end together, so every client encoder sees the usage before
// the finish. A body that ends cleanly after messageStop without metadata still ends the
// message; one that ends before messageStop is a protocol error. Exception and error
// frames become sink.error() with the status Bedrock gives that exception over HTTP.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/events.hpp"
#include "providers/bedrock/event_stream.hpp"

namespace llmgw::providers::bedrock {

class ConverseStreamDecoder final : public canonical::EventDecoder {
 public:
  /// `id_seed` makes up tool-call ids ("call_<seed>_<n>") when a toolUse start has none.
  explicit ConverseStreamDecoder(std::string_view id_seed);

  void feed(std::string_view bytes, canonical::EventSink& sink) override;
  void finish(canonical::EventSink& sink) override;

 private:
  void on_message(const EventStreamMessage& message, canonical::EventSink& sink);
  void on_event(std::string_view type, const canonical::Json& payload, canonical::EventSink& sink);
  void on_block_start(const canonical::Json& payload, canonical::EventSink& sink);
  void on_block_delta(const canonical::Json& payload, canonical::EventSink& sink);
  void on_message_stop(const canonical::Json& payload, canonical::EventSink& sink);
  void on_metadata(const canonical::Json& payload, canonical::EventSink& sink);
  void ensure_started(canonical::EventSink& sink);
  void end_message(canonical::EventSink& sink);
  void fail(const Error& error, canonical::EventSink& sink);

  EventStreamDecoder frames_;
  std::string id_seed_;
  std::map<std::int64_t, int> tool_index_by_block_;
  int next_tool_index_ = 0;
  bool started_ = false;
  std::optional<canonical::FinishReason> pending_finish_;  ///< messageStop seen.
  bool saw_metadata_ = false;
  bool closed_ = false;  ///< message_end or error reported: nothing more is.
};

}  // namespace llmgw::providers::bedrock
