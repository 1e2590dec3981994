#include "dialects/anthropic/event_encoder.hpp"

#include "dialects/anthropic/anthropic_errors.hpp"
#include "dialects/anthropic/wire_values.hpp"

namespace llmgw::dialects::anthropic {

using canonical::Json;

EventEncoder::EventEncoder(canonical::RenderContext context) : context_(std::move(context)) {}

void EventEncoder::emit(std::string_view type, const Json& data) {
  std::string& bytes = out().client_bytes;
  bytes += "event: ";
  bytes += type;
  bytes += "\ndata: ";
  bytes += data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  bytes += "\n\n";
}

void EventEncoder::ensure_started(std::string_view provider_id) {
  if (started_) return;
  started_ = true;
  Usage so_far = usage_.value_or(Usage{});
  so_far.completion_tokens = 0;
  const Json message = {{"id", message_id(provider_id, context_.request_id)},
                        {"type", "message"},
                        {"role", "assistant"},
                        {"model", context_.public_model},
                        {"content", Json::array()},
                        {"stop_reason", nullptr},
                        {"stop_sequence", nullptr},
                        {"usage", usage_json(so_far)}};
  emit("message_start", {{"type", "message_start"}, {"message", message}});
}

void EventEncoder::open_block(Block kind, const Json& content_block) {
  ensure_started({});
  if (open_ == kind && kind != Block::tool_use) return;
  close_block();
  open_ = kind;
  ++block_index_;
  emit(
      "content_block_start",
      {{"type", "content_block_start"}, {"index", block_index_}, {"content_block", content_block}});
}

void EventEncoder::close_block() {
  if (open_ == Block::none) return;
  if (open_ == Block::tool_use && !tool_has_arguments_) {
    // A call that got no argument text still has to parse as an object on the client.
    emit("content_block_delta",
         {{"type", "content_block_delta"},
          {"index", block_index_},
          {"delta", {{"type", "input_json_delta"}, {"partial_json", "{}"}}}});
  }
  emit("content_block_stop", {{"type", "content_block_stop"}, {"index", block_index_}});
  open_ = Block::none;
  open_tool_ = -1;
}

void EventEncoder::message_start(std::string_view id, std::string_view /*model*/) {
  if (finished_) return;
  ensure_started(id);
}

void EventEncoder::text_delta(int choice, std::string_view text) {
  if (ignored(choice) || text.empty()) return;
  open_block(Block::text, {{"type", "text"}, {"text", ""}});
  emit("content_block_delta", {{"type", "content_block_delta"},
                               {"index", block_index_},
                               {"delta", {{"type", "text_delta"}, {"text", text}}}});
  out().saw_content = true;
}

void EventEncoder::reasoning_delta(int choice, std::string_view text) {
  if (ignored(choice) || text.empty()) return;
  open_block(Block::thinking, {{"type", "thinking"}, {"thinking", ""}, {"signature", ""}});
  emit("content_block_delta", {{"type", "content_block_delta"},
                               {"index", block_index_},
                               {"delta", {{"type", "thinking_delta"}, {"thinking", text}}}});
  out().saw_content = true;
}

void EventEncoder::tool_call_start(int choice, int tool_index, std::string_view id,
                                   std::string_view name) {
  if (ignored(choice)) return;
  if (open_ == Block::tool_use && tool_index == open_tool_) return;  // repeated start
  if (tool_index < tools_seen_) {
    error(Error::upstream_protocol("tool call " + std::to_string(tool_index) +
                                   " started twice in the upstream stream"));
    return;
  }
  open_block(Block::tool_use,
             {{"type", "tool_use"}, {"id", id}, {"name", name}, {"input", Json::object()}});
  open_tool_ = tool_index;
  tools_seen_ = tool_index + 1;
  tool_has_arguments_ = false;
  out().saw_content = true;
}

void EventEncoder::tool_call_delta(int choice, int tool_index, std::string_view arguments) {
  if (ignored(choice)) return;
  if (open_ != Block::tool_use || tool_index != open_tool_) {
    // Anthropic content blocks cannot interleave: a closed block cannot take more input.
    error(Error::upstream_protocol("arguments for tool call " + std::to_string(tool_index) +
                                   " arrived after another content block started; Anthropic "
                                   "streams cannot interleave content blocks"));
    return;
  }
  if (arguments.empty()) return;
  tool_has_arguments_ = true;
  emit("content_block_delta",
       {{"type", "content_block_delta"},
        {"index", block_index_},
        {"delta", {{"type", "input_json_delta"}, {"partial_json", arguments}}}});
  out().saw_content = true;
}

void EventEncoder::choice_finish(int choice, canonical::FinishReason reason,
                                 std::string_view stop_sequence) {
  if (ignored(choice)) return;
  ensure_started({});
  close_block();
  finish_ = reason;
  stop_sequence_ = std::string(stop_sequence);
}

void EventEncoder::usage(const Usage& usage) {
  if (finished_) return;
  usage_ = usage;
  out().usage = usage;
}

void EventEncoder::message_end() {
  if (finished_) return;
  ensure_started({});
  close_block();
  const StopFields stop = stop_fields(finish_, stop_sequence_, tools_seen_ > 0);
  // Upstreams that report usage only at the end (OpenAI, Bedrock) leave message_start
  // with zeros, so the input and cache counts travel here too; the SDK takes non-null
  // values from message_delta.usage.
  Json usage = usage_ ? usage_json(*usage_) : Json{{"output_tokens", 0}};
  emit("message_delta",
       {{"type", "message_delta"},
        {"delta",
         {{"stop_reason", std::string(stop.stop_reason)}, {"stop_sequence", stop.stop_sequence}}},
        {"usage", std::move(usage)}});
  emit("message_stop", {{"type", "message_stop"}});
  finished_ = true;
  out().done = true;
}

void EventEncoder::error(const Error& error) {
  if (finished_) return;
  finished_ = true;
  out().client_bytes += stream_error_event(error);
  out().error = error;
  out().error_forwarded = true;
}

}  // namespace llmgw::dialects::anthropic
