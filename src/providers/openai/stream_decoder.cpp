#include "providers/openai/stream_decoder.hpp"

#include "json/json_string.hpp"
#include "providers/openai/error_mapper.hpp"
#include "providers/openai/usage_parser.hpp"

namespace llmgw::providers::openai {
namespace {

std::string_view trim_whitespace(std::string_view text) {
  text.remove_prefix(json::skip_whitespace(text, 0));
  while (!text.empty() && json::is_json_whitespace(text.back())) text.remove_suffix(1);
  return text;
}

/// Offset of the value that follows the first occurrence of `quoted_key` used as a key.
std::size_t value_after_key(std::string_view payload, std::string_view quoted_key) noexcept {
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = payload.find(quoted_key, from);
    if (at == std::string_view::npos) return at;
    const std::size_t colon = json::skip_whitespace(payload, at + quoted_key.size());
    if (colon < payload.size() && payload[colon] == ':') {
      return json::skip_whitespace(payload, colon + 1);
    }
    from = at + 1;
  }
}

bool is_empty_array(std::string_view value) noexcept {
  return value.size() >= 2 && value.front() == '[' &&
         json::skip_whitespace(value, 1) + 1 == value.size();
}

/// `data: <payload>` lines exactly as received (a multi-line payload stays multi-line).
void append_event(std::string& out, std::string_view type, std::string_view data) {
  out.reserve(out.size() + data.size() + type.size() + 16);
  if (!type.empty()) out.append("event: ").append(type).push_back('\n');
  for (;;) {
    const std::size_t newline = data.find('\n');
    out.append("data: ").append(data.substr(0, newline)).push_back('\n');
    if (newline == std::string_view::npos) break;
    data.remove_prefix(newline + 1);
  }
  out.push_back('\n');
}

}  // namespace

bool has_usage_object(std::string_view payload) noexcept {
  std::size_t from = 0;
  while (from < payload.size()) {
    const std::string_view rest = payload.substr(from);
    const std::size_t value = value_after_key(rest, "\"usage\"");
    if (value == std::string_view::npos) return false;
    if (value < rest.size() && rest[value] == '{') return true;
    from += value;  // "usage":null here; a later one may still carry an object
  }
  return false;
}

bool has_nonempty_choices(std::string_view payload) noexcept {
  const std::size_t value = value_after_key(payload, "\"choices\"");
  if (value >= payload.size() || payload[value] != '[') return false;
  const std::size_t first = json::skip_whitespace(payload, value + 1);
  return first < payload.size() && payload[first] != ']';
}

bool has_empty_choices(std::string_view payload) noexcept {
  const std::size_t value = value_after_key(payload, "\"choices\"");
  if (value >= payload.size() || payload[value] != '[') return false;
  const std::size_t first = json::skip_whitespace(payload, value + 1);
  return first < payload.size() && payload[first] == ']';
}

OpenAiStreamDecoder::OpenAiStreamDecoder(bool strip_usage_chunk, std::size_t max_event_bytes,
                                         ChoicelessChunks choiceless)
    : SseRelayDecoder(max_event_bytes, "upstream closed the stream before it completed"),
      strip_usage_chunk_(strip_usage_chunk),
      choiceless_(choiceless) {}

bool OpenAiStreamDecoder::scan(std::string_view payload) {
  return json::scan_top_level(payload, scratch_).ok();
}

void OpenAiStreamDecoder::on_event(const sse::Event& event, StreamOutput& out, bool at_end) {
  if (done()) return;  // nothing after [DONE] is part of the response
  if (event.is_comment()) {
    // Keep-alives (": OPENROUTER PROCESSING", ": keep-alive") keep the client's proxies awake.
    out.client_bytes.append(":").append(event.data).append("\n\n");
    return;
  }
  const std::string_view payload = trim_whitespace(event.data);
  if (payload.empty()) return;  // `data:` keep-alive
  if (payload.starts_with("[DONE]")) {
    mark_done();
    out.done = true;
    append_event(out.client_bytes, event.type, event.data);
    return;
  }
  // `data: :ping`-style keep-alives and other non-chunks would break the client's parser.
  if (payload.front() != '{') return;

  bool scanned = false;
  bool valid = false;
  auto scan_once = [&] {
    if (!scanned) {
      scanned = true;
      valid = scan(payload);
    }
    return valid;
  };
  // An event completed only by the end of the stream may be a cut-off chunk.
  if (at_end && !scan_once()) return;

  if (payload.find("\"error\"") != std::string_view::npos && scan_once()) {
    const json::Member* error = scratch_.find("error");
    const json::Member* object = scratch_.find("object");
    const bool flat_error = object != nullptr && object->value(payload) == "\"error\"";
    if ((error != nullptr && error->type != json::ValueType::null) || flat_error) {
      mark_errored();
      append_event(out.client_bytes, event.type, event.data);
      if (!out.error) {
        out.error = map_stream_error(payload);
        out.error_forwarded = true;  // the client speaks OpenAI: the event above is its error
      }
      return;
    }
  }
  bool carries_usage = false;
  if (has_usage_object(payload) && scan_once()) {
    const json::Member* usage = scratch_.find("usage");
    if (usage != nullptr && usage->type == json::ValueType::object) {
      carries_usage = true;
      if (auto parsed = parse_usage(usage->value(payload))) out.usage = parsed;
      const json::Member* choices = scratch_.find("choices");
      const bool usage_only = choices == nullptr || is_empty_array(choices->value(payload));
      if (usage_only && strip_usage_chunk_) return;
    }
  }
  if (choiceless_ == ChoicelessChunks::drop && !carries_usage && has_empty_choices(payload) &&
      scan_once()) {
    const json::Member* choices = scratch_.find("choices");
    if (choices != nullptr && is_empty_array(choices->value(payload))) return;
  }
  if (has_nonempty_choices(payload)) out.saw_content = true;
  append_event(out.client_bytes, event.type, event.data);
}

}  // namespace llmgw::providers::openai
