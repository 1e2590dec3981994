#include "providers/anthropic/stream_decoder.hpp"

#include "providers/anthropic/error_mapper.hpp"
#include "providers/anthropic/wire_json.hpp"

namespace llmgw::providers::anthropic {
namespace {

/// The event's type: its name, or data's `type` when a relay dropped the `event:` line.
std::string type_of(const sse::Event& event, const std::optional<Json>& data) {
  if (!event.type.empty()) return std::string(event.type);
  if (!data) return {};
  const std::string* type = string_member(*data, "type");
  return type != nullptr ? *type : std::string();
}

bool needs_parse(std::string_view type) {
  return type.empty() || type == "message_start" || type == "message_delta";
}

}  // namespace

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

AnthropicStreamDecoder::AnthropicStreamDecoder(std::size_t max_event_bytes)
    : SseRelayDecoder(max_event_bytes, "upstream closed the stream before message_stop") {}

void AnthropicStreamDecoder::read_usage(const Json& usage, StreamOutput& out) {
  if (!usage.is_object()) return;
  usage_.apply(usage);
  out.usage = usage_.usage();
}

void AnthropicStreamDecoder::on_event(const sse::Event& event, StreamOutput& out, bool at_end) {
  if (done() || errored()) return;  // nothing after message_stop or an error is the response
  if (event.is_comment()) {
    out.client_bytes.append(":").append(event.data).append("\n\n");
    return;
  }
  if (event.type.empty() && event.data.empty()) return;  // a relay's keep-alive
  std::optional<Json> data;
  // An event completed only by the end of the stream may be a cut-off one: relay it only if
  // its data is whole.
  if (needs_parse(event.type) || at_end) data = parse_json(event.data);
  if (at_end && !data) return;
  const std::string type = type_of(event, data);
  if (event.type.empty() && type.empty()) return;  // data-only junk (`data: :ping`)

  if (type == "error") {
    mark_errored();
    append_event(out.client_bytes, event.type, event.data);
    out.error = map_stream_error(event.data);
    out.error_forwarded = true;  // the client speaks Anthropic: the event above is its error
    return;
  }
  if (type == "message_start" && data) {
    if (const Json* message = member(*data, "message")) {
      if (const Json* usage = member(*message, "usage")) read_usage(*usage, out);
    }
  } else if (type == "message_delta" && data) {
    if (const Json* usage = member(*data, "usage")) read_usage(*usage, out);
  } else if (type == "content_block_delta") {
    out.saw_content = true;
  } else if (type == "message_stop") {
    mark_done();
    out.done = true;
  }
  append_event(out.client_bytes, event.type, event.data);
}

}  // namespace llmgw::providers::anthropic
