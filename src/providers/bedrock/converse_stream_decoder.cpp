#include "providers/bedrock/converse_stream_decoder.hpp"

#include "providers/bedrock/bedrock_errors.hpp"
#include "providers/bedrock/converse_response.hpp"

namespace llmgw::providers::bedrock {
namespace {

using canonical::Json;

// Tool calls per response: far above what models make, low enough that a hostile stream of
// tiny contentBlockStart frames cannot grow the index map without bound.
constexpr std::size_t kMaxToolCalls = 4096;

std::string_view header(const EventStreamMessage& message, std::string_view name) {
  auto it = message.headers.find(name);
  return it == message.headers.end() ? std::string_view() : std::string_view(it->second);
}

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

const std::string* string_member(const Json& object, const char* key) {
  const Json* value = member(object, key);
  return value != nullptr && value->is_string() ? &value->get_ref<const std::string&>() : nullptr;
}

std::optional<std::int64_t> block_index(const Json& payload) {
  const Json* index = member(payload, "contentBlockIndex");
  if (index == nullptr || !index->is_number_integer()) return std::nullopt;
  return index->get<std::int64_t>();
}

}  // namespace

ConverseStreamDecoder::ConverseStreamDecoder(std::string_view id_seed) : id_seed_(id_seed) {}

void ConverseStreamDecoder::feed(std::string_view bytes, canonical::EventSink& sink) {
  if (closed_) return;
  // Messages completed before a framing fault still count: the result must not depend on
  // where the bytes were split.
  for (const EventStreamMessage& message : frames_.feed(bytes)) {
    on_message(message, sink);
    if (closed_) return;
  }
  if (frames_.error()) fail(*frames_.error(), sink);
}

void ConverseStreamDecoder::finish(canonical::EventSink& sink) {
  if (closed_) return;
  if (std::optional<Error> error = frames_.finish()) {
    fail(*error, sink);
  } else if (pending_finish_) {
    end_message(sink);  // no metadata: the answer is complete, only its usage is unknown
  } else {
    fail(Error::upstream_protocol("Bedrock stream ended before messageStop"), sink);
  }
}

void ConverseStreamDecoder::on_message(const EventStreamMessage& message,
                                       canonical::EventSink& sink) {
  const std::string_view kind = header(message, ":message-type");
  if (kind == "exception") {
    fail(map_stream_exception(header(message, ":exception-type"), message.payload), sink);
    return;
  }
  if (kind == "error") {
    fail(map_stream_error_frame(header(message, ":error-code"), header(message, ":error-message")),
         sink);
    return;
  }
  if (kind != "event") {
    fail(Error::upstream_protocol("Bedrock stream message has no known :message-type"), sink);
    return;
  }
  const std::string_view type = header(message, ":event-type");
  std::optional<Json> payload =
      message.payload.empty() ? Json::object() : parse_upstream_json(message.payload);
  if (!payload || !payload->is_object()) {
    fail(Error::upstream_protocol("Bedrock " + std::string(type.substr(0, 64)) +
                                  " event payload is not a JSON object"),
         sink);
    return;
  }
  on_event(type, *payload, sink);
}

void ConverseStreamDecoder::on_event(std::string_view type, const Json& payload,
                                     canonical::EventSink& sink) {
  if (type == "messageStart" || type == "contentBlockStop") {
    ensure_started(sink);
  } else if (type == "contentBlockStart") {
    on_block_start(payload, sink);
  } else if (type == "contentBlockDelta") {
    on_block_delta(payload, sink);
  } else if (type == "messageStop") {
    on_message_stop(payload, sink);
  } else if (type == "metadata") {
    on_metadata(payload, sink);
  }
  // Other event types are additions to the protocol that carry nothing we render.
}

void ConverseStreamDecoder::on_block_start(const Json& payload, canonical::EventSink& sink) {
  ensure_started(sink);
  const Json* start = member(payload, "start");
  const Json* tool_use = start != nullptr ? member(*start, "toolUse") : nullptr;
  if (tool_use == nullptr) return;  // text and reasoning blocks need no start
  const std::optional<std::int64_t> index = block_index(payload);
  const std::string* name = string_member(*tool_use, "name");
  if (!index || name == nullptr) {
    fail(Error::upstream_protocol("Bedrock toolUse start lacks contentBlockIndex or name"), sink);
    return;
  }
  if (tool_index_by_block_.contains(*index) || tool_index_by_block_.size() >= kMaxToolCalls) {
    fail(Error::upstream_protocol("Bedrock stream repeats a toolUse block or has too many"), sink);
    return;
  }
  const int tool_index = next_tool_index_++;
  tool_index_by_block_.emplace(*index, tool_index);
  const std::string* id = string_member(*tool_use, "toolUseId");
  const std::string tool_id =
      id != nullptr && !id->empty() ? *id : "call_" + id_seed_ + "_" + std::to_string(tool_index);
  sink.tool_call_start(0, tool_index, tool_id, *name);
}

void ConverseStreamDecoder::on_block_delta(const Json& payload, canonical::EventSink& sink) {
  ensure_started(sink);
  const Json* delta = member(payload, "delta");
  if (delta == nullptr || !delta->is_object()) {
    fail(Error::upstream_protocol("Bedrock contentBlockDelta has no delta object"), sink);
    return;
  }
  if (const std::string* text = string_member(*delta, "text")) {
    sink.text_delta(0, *text);
  } else if (const Json* tool_use = member(*delta, "toolUse")) {
    const std::string* input = string_member(*tool_use, "input");
    const std::optional<std::int64_t> index = block_index(payload);
    auto tool = index ? tool_index_by_block_.find(*index) : tool_index_by_block_.end();
    if (input == nullptr || tool == tool_index_by_block_.end()) {
      fail(Error::upstream_protocol(
               "Bedrock toolUse delta has no input string or no toolUse start before it"),
           sink);
      return;
    }
    sink.tool_call_delta(0, tool->second, *input);
  } else if (const Json* reasoning = member(*delta, "reasoningContent")) {
    // signature and redactedContent deltas have no canonical place.
    if (const std::string* text = string_member(*reasoning, "text")) {
      sink.reasoning_delta(0, *text);
    }
  }
}

void ConverseStreamDecoder::on_message_stop(const Json& payload, canonical::EventSink& sink) {
  ensure_started(sink);
  if (pending_finish_) return;  // a repeated messageStop changes nothing
  const std::string* reason = string_member(payload, "stopReason");
  pending_finish_ = reason != nullptr ? finish_reason(*reason) : canonical::FinishReason::stop;
  if (saw_metadata_) end_message(sink);
}

void ConverseStreamDecoder::on_metadata(const Json& payload, canonical::EventSink& sink) {
  ensure_started(sink);
  if (const Json* usage = member(payload, "usage")) {
    if (std::optional<Usage> parsed = parse_usage(*usage)) sink.usage(*parsed);
  }
  saw_metadata_ = true;
  if (pending_finish_) end_message(sink);
}

void ConverseStreamDecoder::ensure_started(canonical::EventSink& sink) {
  if (started_) return;
  started_ = true;
  sink.message_start({}, {});  // Bedrock streams carry neither a response id nor the model
}

void ConverseStreamDecoder::end_message(canonical::EventSink& sink) {
  ensure_started(sink);
  sink.choice_finish(0, *pending_finish_, {});
  sink.message_end();
  closed_ = true;
}

void ConverseStreamDecoder::fail(const Error& error, canonical::EventSink& sink) {
  closed_ = true;
  sink.error(error);
}

}  // namespace llmgw::providers::bedrock
