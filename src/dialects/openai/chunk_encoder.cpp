#include "dialects/openai/chunk_encoder.hpp"

#include <utility>

#include "dialects/openai/openai_errors.hpp"
#include "dialects/openai/usage_json.hpp"

namespace llmgw::dialects::openai {

using canonical::Json;

ChunkEncoder::ChunkEncoder(canonical::RenderContext context)
    : context_(std::move(context)), id_("chatcmpl-" + context_.request_id) {}

void ChunkEncoder::message_start(std::string_view id, std::string_view /*model*/) {
  // Once a chunk is out the id is fixed: one id per stream.
  if (!id.empty() && choices_.empty() && !ended_) id_ = std::string(id);
}

ChunkEncoder::ChoiceState& ChunkEncoder::open_choice(int choice) {
  auto [it, inserted] = choices_.try_emplace(choice);
  if (inserted) write_delta(choice, Json{{"role", "assistant"}, {"content", ""}});
  return it->second;
}

void ChunkEncoder::write_delta(int choice, Json delta, std::string_view finish_reason) {
  Json entry = Json::object();
  entry["index"] = choice;
  entry["delta"] = std::move(delta);
  entry["logprobs"] = nullptr;
  if (finish_reason.empty()) {
    entry["finish_reason"] = nullptr;
  } else {
    entry["finish_reason"] = finish_reason;
  }
  Json choices = Json::array();
  choices.push_back(std::move(entry));
  const Json null_usage;
  write_chunk(std::move(choices), context_.include_usage ? &null_usage : nullptr);
}

void ChunkEncoder::write_chunk(Json choices, const Json* usage) {
  Json chunk = Json::object();
  chunk["id"] = id_;
  chunk["object"] = "chat.completion.chunk";
  chunk["created"] = context_.created;
  chunk["model"] = context_.public_model;
  chunk["choices"] = std::move(choices);
  if (usage != nullptr) chunk["usage"] = *usage;
  std::string& bytes = out().client_bytes;
  bytes += "data: ";
  bytes += dump_json(chunk);
  bytes += "\n\n";
}

void ChunkEncoder::text_delta(int choice, std::string_view text) {
  if (ended_ || text.empty()) return;
  open_choice(choice);
  write_delta(choice, Json{{"content", text}});
  out().saw_content = true;
}

void ChunkEncoder::reasoning_delta(int choice, std::string_view text) {
  if (ended_ || text.empty()) return;
  open_choice(choice);
  write_delta(choice, Json{{"reasoning_content", text}});
  out().saw_content = true;
}

void ChunkEncoder::tool_call_start(int choice, int tool_index, std::string_view id,
                                   std::string_view name) {
  if (ended_) return;
  ChoiceState& state = open_choice(choice);
  state.call_has_arguments[tool_index] = false;
  Json call = Json::object();
  call["index"] = tool_index;
  call["id"] = id;
  call["type"] = "function";
  call["function"] = Json{{"name", name}, {"arguments", ""}};
  write_delta(choice, Json{{"tool_calls", Json::array({std::move(call)})}});
  out().saw_content = true;
}

void ChunkEncoder::tool_call_delta(int choice, int tool_index, std::string_view arguments) {
  if (ended_ || arguments.empty()) return;
  ChoiceState& state = open_choice(choice);
  if (auto call = state.call_has_arguments.find(tool_index);
      call != state.call_has_arguments.end()) {
    call->second = true;
  }
  Json call = Json::object();
  call["index"] = tool_index;
  call["function"] = Json{{"arguments", arguments}};
  write_delta(choice, Json{{"tool_calls", Json::array({std::move(call)})}});
  out().saw_content = true;
}

void ChunkEncoder::finish_choice(int choice, ChoiceState& state, canonical::FinishReason reason) {
  // Clients json.loads() the concatenated arguments: a call without any must still parse.
  for (auto& [tool_index, has_arguments] : state.call_has_arguments) {
    if (has_arguments) continue;
    Json call = Json::object();
    call["index"] = tool_index;
    call["function"] = Json{{"arguments", "{}"}};
    write_delta(choice, Json{{"tool_calls", Json::array({std::move(call)})}});
    has_arguments = true;
  }
  write_delta(choice, Json::object(), finish_reason_name(reason));
  state.finished = true;
}

void ChunkEncoder::choice_finish(int choice, canonical::FinishReason reason,
                                 std::string_view /*stop_sequence*/) {
  if (ended_) return;
  ChoiceState& state = open_choice(choice);
  if (state.finished) return;
  finish_choice(choice, state, reason);
}

void ChunkEncoder::usage(const Usage& usage) {
  if (ended_) return;
  usage_ = usage;
  out().usage = usage;
}

void ChunkEncoder::message_end() {
  if (ended_) return;
  // A choice the provider never finished still gets its finish chunk: OpenAI clients wait
  // for a finish_reason per choice.
  for (auto& [choice, state] : choices_) {
    if (!state.finished) finish_choice(choice, state, canonical::FinishReason::none);
  }
  if (context_.include_usage) {
    const Json usage = usage_json(usage_);
    write_chunk(Json::array(), &usage);
  }
  out().client_bytes += "data: [DONE]\n\n";
  out().done = true;
  ended_ = true;
}

void ChunkEncoder::error(const Error& error) {
  if (ended_) return;
  out().client_bytes += stream_error_event(error);
  out().error = error;
  out().error_forwarded = true;
  ended_ = true;
}

}  // namespace llmgw::dialects::openai
