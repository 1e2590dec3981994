#include "providers/anthropic/event_decoder.hpp"

#include "providers/anthropic/error_mapper.hpp"
#include "providers/anthropic/json_response_tool.hpp"
#include "providers/anthropic/stop_reason.hpp"

namespace llmgw::providers::anthropic {
namespace {

using canonical::EventSink;
using canonical::FinishReason;

Error protocol_error(std::string what) {
  return Error::upstream_protocol("anthropic stream: " + std::move(what));
}

std::string_view string_or_empty(const Json& object, const char* key) {
  const std::string* value = string_member(object, key);
  return value != nullptr ? std::string_view(*value) : std::string_view();
}

bool is_message_event(std::string_view type) {
  return type == "message_start" || type == "content_block_start" ||
         type == "content_block_delta" || type == "content_block_stop" || type == "message_delta" ||
         type == "message_stop";
}

}  // namespace

AnthropicEventDecoder::AnthropicEventDecoder(std::string id_seed, std::size_t max_event_bytes)
    : parser_(max_event_bytes), id_seed_(std::move(id_seed)) {}

void AnthropicEventDecoder::feed(std::string_view bytes, EventSink& sink) {
  if (over_) return;
  parser_.push(bytes);
  drain(sink);
}

void AnthropicEventDecoder::finish(EventSink& sink) {
  if (over_) return;
  parser_.finish();
  drain(sink);
  if (!over_) fail(sink, protocol_error("ended before message_stop"));
}

void AnthropicEventDecoder::drain(EventSink& sink) {
  while (auto event = parser_.next()) {
    if (!over_) on_event(*event, sink);
  }
  if (parser_.failed() && !over_) {
    fail(sink, protocol_error("an SSE event is larger than " +
                              std::to_string(parser_.max_event_bytes()) + " bytes"));
  }
}

void AnthropicEventDecoder::fail(EventSink& sink, const Error& error) {
  over_ = true;
  sink.error(error);
}

void AnthropicEventDecoder::on_event(const sse::Event& event, EventSink& sink) {
  if (event.is_comment() || event.type == "ping") return;
  if (event.type == "error") {
    fail(sink, map_stream_error(event.data));
    return;
  }
  // The event name decides, as in the SDK (new event types are ignored unread); data's
  // `type` only stands in when a relay dropped the `event:` line.
  if (!event.type.empty() && !is_message_event(event.type)) return;
  std::optional<Json> data = parse_json(event.data);
  const bool object = data && data->is_object();
  if (event.type.empty()) {
    if (object) dispatch(string_or_empty(*data, "type"), *data, sink);
    return;  // otherwise a relay's data-only keep-alive (`data: :ping`)
  }
  if (!object) {
    fail(sink, protocol_error("event '" + std::string(event.type) + "' is not a JSON object"));
    return;
  }
  dispatch(event.type, *data, sink);
}

void AnthropicEventDecoder::dispatch(std::string_view type, const Json& data, EventSink& sink) {
  if (type == "message_start") {
    on_message_start(data, sink);
  } else if (type == "content_block_start") {
    on_block_start(data, sink);
  } else if (type == "content_block_delta") {
    on_block_delta(data, sink);
  } else if (type == "message_delta") {
    on_message_delta(data, sink);
  } else if (type == "message_stop") {
    on_message_stop(sink);
  } else if (type == "error") {
    fail(sink, map_stream_error(dump_json(data)));
  }
  // content_block_stop, ping and new event types carry nothing the canonical form needs.
}

void AnthropicEventDecoder::start_once(EventSink& sink) {
  if (started_) return;
  started_ = true;
  sink.message_start({}, {});
}

void AnthropicEventDecoder::on_message_start(const Json& data, EventSink& sink) {
  if (started_) return;
  const Json* message = member(data, "message");
  if (message == nullptr || !message->is_object()) {
    fail(sink, protocol_error("message_start without a message object"));
    return;
  }
  started_ = true;
  sink.message_start(string_or_empty(*message, "id"), string_or_empty(*message, "model"));
  if (const Json* usage = member(*message, "usage"); usage != nullptr && usage->is_object()) {
    usage_.apply(*usage);
    sink.usage(usage_.usage());
  }
}

std::optional<std::int64_t> AnthropicEventDecoder::block_index(const Json& data, EventSink& sink) {
  const Json* index = member(data, "index");
  if (index == nullptr || !index->is_number_integer()) {
    fail(sink, protocol_error("content block event without an integer index"));
    return std::nullopt;
  }
  return index->get<std::int64_t>();
}

void AnthropicEventDecoder::on_block_start(const Json& data, EventSink& sink) {
  const auto index = block_index(data, sink);
  if (!index) return;
  const Json* block = member(data, "content_block");
  const std::string* type = block != nullptr ? string_member(*block, "type") : nullptr;
  if (type == nullptr) {
    fail(sink, protocol_error("content_block_start without a typed content_block"));
    return;
  }
  if (blocks_.count(*index) != 0) {
    fail(sink, protocol_error("content block " + std::to_string(*index) + " started twice"));
    return;
  }
  start_once(sink);
  Block& state = blocks_[*index];
  if (*type == "text") {
    state.kind = BlockKind::text;
    if (auto text = string_or_empty(*block, "text"); !text.empty()) sink.text_delta(0, text);
  } else if (*type == "thinking") {
    state.kind = BlockKind::thinking;
    if (auto text = string_or_empty(*block, "thinking"); !text.empty()) {
      sink.reasoning_delta(0, text);
    }
  } else if (*type == "tool_use") {
    const std::string_view name = string_or_empty(*block, "name");
    const Json* input = member(*block, "input");
    // The streamed input starts as {}; a relay that sends it whole puts it here instead.
    const std::string initial =
        input != nullptr && !(input->is_object() && input->empty()) ? dump_json(*input) : "";
    if (name == kJsonResponseTool) {
      state.kind = BlockKind::json_text;
      if (!initial.empty()) sink.text_delta(0, initial);
      return;
    }
    state.kind = BlockKind::tool;
    state.tool_index = tool_count_++;
    real_tool_call_ = true;
    std::string id(string_or_empty(*block, "id"));
    if (id.empty()) id = "call_" + id_seed_ + "_" + std::to_string(state.tool_index);
    sink.tool_call_start(0, state.tool_index, id, name);
    if (!initial.empty()) sink.tool_call_delta(0, state.tool_index, initial);
  }
}

void AnthropicEventDecoder::on_block_delta(const Json& data, EventSink& sink) {
  const auto index = block_index(data, sink);
  if (!index) return;
  auto found = blocks_.find(*index);
  if (found == blocks_.end()) {
    fail(sink, protocol_error("delta for content block " + std::to_string(*index) +
                              " that was never started"));
    return;
  }
  const Block& block = found->second;
  const Json* delta = member(data, "delta");
  const std::string_view type = delta != nullptr ? string_or_empty(*delta, "type") : "";
  if (type == "text_delta" && block.kind == BlockKind::text) {
    if (auto text = string_or_empty(*delta, "text"); !text.empty()) sink.text_delta(0, text);
  } else if (type == "thinking_delta" && block.kind == BlockKind::thinking) {
    if (auto text = string_or_empty(*delta, "thinking"); !text.empty()) {
      sink.reasoning_delta(0, text);
    }
  } else if (type == "input_json_delta") {
    const std::string_view json = string_or_empty(*delta, "partial_json");
    if (json.empty()) return;
    if (block.kind == BlockKind::tool) sink.tool_call_delta(0, block.tool_index, json);
    if (block.kind == BlockKind::json_text) sink.text_delta(0, json);
  }
  // signature_delta and citations_delta have no canonical form.
}

void AnthropicEventDecoder::on_message_delta(const Json& data, EventSink& sink) {
  start_once(sink);
  if (const Json* delta = member(data, "delta"); delta != nullptr && delta->is_object()) {
    if (const std::string* reason = string_member(*delta, "stop_reason")) stop_reason_ = *reason;
    if (const std::string* sequence = string_member(*delta, "stop_sequence")) {
      stop_sequence_ = *sequence;
    }
  }
  if (const Json* usage = member(data, "usage"); usage != nullptr && usage->is_object()) {
    usage_.apply(*usage);
    sink.usage(usage_.usage());
  }
}

void AnthropicEventDecoder::on_message_stop(EventSink& sink) {
  start_once(sink);
  FinishReason finish = stop_reason_.empty() ? FinishReason::stop : finish_reason(stop_reason_);
  // The JSON-response tool is an answer, not a call the client has to make.
  if (finish == FinishReason::tool_calls && !real_tool_call_) finish = FinishReason::stop;
  const std::string_view sequence =
      finish == FinishReason::stop_sequence ? std::string_view(stop_sequence_) : "";
  over_ = true;
  sink.choice_finish(0, finish, sequence);
  sink.message_end();
}

}  // namespace llmgw::providers::anthropic
