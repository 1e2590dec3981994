#pragma once
// streamGenerateContent?alt=sse → canonical events.
//
// Every SSE event is a whole GenerateContentResponse carrying only new text. Gemini has no
// terminal event: the response is complete when the body ends after every candidate that
// started has reported a finishReason. Function calls arrive whole, so each becomes
// tool_call_start plus one tool_call_delta with all of its arguments. usageMetadata is a
// running total and is reported each time it appears.
//
// Errors after the 200 arrive as a bare (often pretty-printed) {"error":{...}} object, or an
// array of one, outside any `data:` line: a line starting with '{' or '[' switches the
// decoder to collecting that JSON value, which it reports as the mapped error.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/canonical/events.hpp"
#include "providers/gemini/response_reader.hpp"
#include "sse/sse_parser.hpp"

namespace llmgw::providers::gemini {

/// A bare error body is small; anything longer is not one.
inline constexpr std::size_t kMaxBareJsonBytes = 1024 * 1024;

class GeminiEventDecoder final : public canonical::EventDecoder {
 public:
  /// `id_seed` names made-up tool call ids: "call_<seed>_<n>", n counting the stream's calls.
  /// A call's thoughtSignature is carried in its id (thought_signature.hpp).
  explicit GeminiEventDecoder(std::string_view id_seed,
                              std::size_t max_event_bytes = sse::kDefaultMaxEventBytes);

  void feed(std::string_view bytes, canonical::EventSink& sink) override;
  void finish(canonical::EventSink& sink) override;

 private:
  struct CandidateState {
    bool started = false;
    bool finished = false;
    bool saw_call = false;
    int tool_count = 0;
  };

  void feed_sse(std::string_view bytes, canonical::EventSink& sink);
  void drain(canonical::EventSink& sink, bool at_end);
  void on_payload(std::string_view data, canonical::EventSink& sink, bool at_end);
  void on_frame(const ResponseFrame& frame, canonical::EventSink& sink);
  void on_candidate(const ResponseCandidate& candidate, canonical::EventSink& sink);
  void feed_bare(std::string_view bytes, canonical::EventSink& sink);
  void end_bare(std::string_view value, canonical::EventSink& sink);
  void fail(canonical::EventSink& sink, const Error& error);

  sse::Parser parser_;
  std::string seed_;
  std::vector<CandidateState> candidates_;
  int next_call_id_ = 0;
  bool started_ = false;
  bool over_ = false;  ///< An error was reported or finish() ran: nothing more is reported.
  bool at_line_start_ = true;

  // The bare JSON value being collected (bracket depth tracked outside strings), so its end
  // is found at the same byte however the input was split.
  bool bare_mode_ = false;
  std::string bare_;
  int bare_depth_ = 0;
  bool bare_in_string_ = false;
  bool bare_escape_ = false;
};

}  // namespace llmgw::providers::gemini
