#include "providers/gemini/event_decoder.hpp"

#include "json/json_string.hpp"
#include "providers/gemini/thought_signature.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::EventSink;
using canonical::FinishReason;

std::string_view trim_whitespace(std::string_view text) {
  text.remove_prefix(json::skip_whitespace(text, 0));
  while (!text.empty() && json::is_json_whitespace(text.back())) text.remove_suffix(1);
  return text;
}

bool is_line_break(char c) {
  return c == '\n' || c == '\r';
}

/// No SSE line starts with '{' or '[': such a line is a JSON body outside the event stream.
bool opens_bare_json(char c) {
  return c == '{' || c == '[';
}

}  // namespace

GeminiEventDecoder::GeminiEventDecoder(std::string_view id_seed, std::size_t max_event_bytes)
    : parser_(max_event_bytes), seed_(id_seed) {}

void GeminiEventDecoder::feed(std::string_view bytes, EventSink& sink) {
  if (over_ || bytes.empty()) return;
  if (bare_mode_) {
    feed_bare(bytes, sink);
    return;
  }
  std::size_t bare_at = std::string_view::npos;
  if (at_line_start_ && opens_bare_json(bytes.front())) {
    bare_at = 0;
  } else {
    for (std::size_t i = bytes.find_first_of("\r\n"); i != std::string_view::npos;
         i = bytes.find_first_of("\r\n", i + 1)) {
      if (i + 1 < bytes.size() && opens_bare_json(bytes[i + 1])) {
        bare_at = i + 1;
        break;
      }
    }
  }
  at_line_start_ = is_line_break(bytes.back());
  if (bare_at == std::string_view::npos) {
    feed_sse(bytes, sink);
    return;
  }
  feed_sse(bytes.substr(0, bare_at), sink);
  if (over_) return;
  bare_mode_ = true;
  feed_bare(bytes.substr(bare_at), sink);
}

void GeminiEventDecoder::feed_sse(std::string_view bytes, EventSink& sink) {
  if (bytes.empty()) return;
  parser_.push(bytes);
  drain(sink, /*at_end=*/false);
}

void GeminiEventDecoder::finish(EventSink& sink) {
  if (over_) return;
  if (bare_mode_) {
    fail(sink, Error::upstream_protocol("Gemini stream ended inside a JSON body"));
    return;
  }
  if (!parser_.failed()) {
    parser_.finish();
    drain(sink, /*at_end=*/true);
    if (over_) return;
  }
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    if (candidates_[i].started && !candidates_[i].finished) {
      fail(sink, Error::upstream_protocol("Gemini stream ended before candidate " +
                                          std::to_string(i) + " reported a finishReason"));
      return;
    }
  }
  if (!started_ || candidates_.empty()) {
    fail(sink, Error::upstream_protocol("Gemini stream ended before any finishReason"));
    return;
  }
  over_ = true;
  sink.message_end();
}

void GeminiEventDecoder::drain(EventSink& sink, bool at_end) {
  while (!over_) {
    std::optional<sse::Event> event = parser_.next();
    if (!event) break;
    if (event->is_comment()) continue;
    on_payload(event->data, sink, at_end);
  }
  if (parser_.failed() && !over_) {
    fail(sink, Error::upstream_protocol("Gemini sent an SSE event larger than " +
                                        std::to_string(parser_.max_event_bytes()) + " bytes"));
  }
}

void GeminiEventDecoder::on_payload(std::string_view data, EventSink& sink, bool at_end) {
  const std::string_view payload = trim_whitespace(data);
  // `data:` keep-alives and pings from relays carry no response.
  if (payload.empty() || payload.front() != '{') return;
  std::optional<Json> root = parse_json(payload);
  if (!root) {
    // An event completed only by the end of the body is a cut-off one: the missing
    // finishReason is what finish() reports.
    if (at_end) return;
    fail(sink, Error::upstream_protocol("Gemini sent a stream event that is not valid JSON"));
    return;
  }
  Result<ResponseFrame> frame = read_response(*root);
  if (!frame.ok()) {
    fail(sink, frame.error());
    return;
  }
  if (frame->error) {
    fail(sink, map_stream_error(*frame->error));
    return;
  }
  on_frame(frame.value(), sink);
}

void GeminiEventDecoder::on_frame(const ResponseFrame& frame, EventSink& sink) {
  if (!started_) {
    started_ = true;
    sink.message_start(frame.id, frame.model);
  }
  for (const ResponseCandidate& candidate : frame.candidates) on_candidate(candidate, sink);
  if (frame.candidates.empty() && !frame.block_reason.empty()) {
    // The prompt was refused: one empty, filtered choice.
    ResponseCandidate blocked;
    blocked.finish_reason = "SAFETY";
    on_candidate(blocked, sink);
  }
  if (frame.usage) sink.usage(*frame.usage);
}

void GeminiEventDecoder::on_candidate(const ResponseCandidate& candidate, EventSink& sink) {
  const auto index = static_cast<std::size_t>(candidate.index);
  if (index >= candidates_.size()) candidates_.resize(index + 1);
  CandidateState& state = candidates_[index];
  if (state.finished) return;  // nothing after a finishReason belongs to that answer
  state.started = true;
  for (const ResponsePart& part : candidate.parts) {
    switch (part.kind) {
      case ResponsePart::Kind::text:
        if (!part.text.empty()) sink.text_delta(candidate.index, part.text);
        break;
      case ResponsePart::Kind::reasoning:
        if (!part.text.empty()) sink.reasoning_delta(candidate.index, part.text);
        break;
      case ResponsePart::Kind::function_call: {
        const std::string id = id_with_signature(
            part.call_id.empty() ? "call_" + seed_ + "_" + std::to_string(next_call_id_)
                                 : part.call_id,
            part.thought_signature);
        ++next_call_id_;
        sink.tool_call_start(candidate.index, state.tool_count, id, part.name);
        sink.tool_call_delta(candidate.index, state.tool_count, part.arguments);
        ++state.tool_count;
        state.saw_call = true;
        break;
      }
    }
  }
  if (!candidate.finish_reason.empty()) {
    state.finished = true;
    sink.choice_finish(candidate.index, map_finish_reason(candidate.finish_reason, state.saw_call),
                       "");
  }
}

void GeminiEventDecoder::feed_bare(std::string_view bytes, EventSink& sink) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (bare_in_string_) {
      if (bare_escape_) {
        bare_escape_ = false;
      } else if (c == '\\') {
        bare_escape_ = true;
      } else if (c == '"') {
        bare_in_string_ = false;
      }
      continue;
    }
    if (c == '"') {
      bare_in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++bare_depth_;
    } else if ((c == '}' || c == ']') && --bare_depth_ == 0) {
      if (bare_.size() + i + 1 > kMaxBareJsonBytes) break;
      bare_.append(bytes.substr(0, i + 1));
      end_bare(bare_, sink);
      return;
    }
  }
  if (bare_.size() + bytes.size() > kMaxBareJsonBytes) {
    fail(sink, Error::upstream_protocol("Gemini sent a JSON body outside the SSE stream larger "
                                        "than " +
                                        std::to_string(kMaxBareJsonBytes) + " bytes"));
    return;
  }
  bare_.append(bytes);
}

void GeminiEventDecoder::end_bare(std::string_view value, EventSink& sink) {
  std::optional<Json> root = parse_json(value);
  if (root) {
    if (std::optional<GoogleError> error = read_google_error(*root)) {
      fail(sink, map_stream_error(*error));
      return;
    }
  }
  fail(sink, Error::upstream_protocol(
                 "Gemini sent JSON outside the SSE stream that is not an error object"));
}

void GeminiEventDecoder::fail(EventSink& sink, const Error& error) {
  over_ = true;
  sink.error(error);
}

}  // namespace llmgw::providers::gemini
