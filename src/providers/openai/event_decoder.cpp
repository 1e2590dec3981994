#include "providers/openai/event_decoder.hpp"

#include "json/json_string.hpp"
#include "providers/openai/chat_json.hpp"
#include "providers/openai/error_mapper.hpp"
#include "providers/openai/usage_parser.hpp"

namespace llmgw::providers::openai {
namespace {

using Json = nlohmann::json;

std::string_view trim_whitespace(std::string_view text) {
  text.remove_prefix(json::skip_whitespace(text, 0));
  while (!text.empty() && json::is_json_whitespace(text.back())) text.remove_suffix(1);
  return text;
}

Error malformed(std::string_view what) {
  return Error::upstream_protocol("upstream stream chunk is malformed: " + std::string(what));
}

bool is_error_chunk(const Json& chunk) {
  auto error = chunk.find("error");
  if (error != chunk.end() && !error->is_null()) return true;
  return string_member(chunk, "object") == "error";
}

/// Azure's first chunk (choices:[] with prompt_filter_results, blank id and model) and any
/// other chunk with neither choices nor usage carries nothing for the client.
bool carries_nothing(const Json& chunk) {
  auto choices = chunk.find("choices");
  const bool no_choices =
      choices == chunk.end() || choices->is_null() || (choices->is_array() && choices->empty());
  auto usage = chunk.find("usage");
  return no_choices && (usage == chunk.end() || !usage->is_object());
}

}  // namespace

OpenAiEventDecoder::OpenAiEventDecoder(std::string id_seed, std::size_t max_event_bytes)
    : parser_(max_event_bytes), id_seed_(std::move(id_seed)) {}

void OpenAiEventDecoder::feed(std::string_view bytes, canonical::EventSink& sink) {
  if (finished_ || done_ || failed_) return;
  parser_.push(bytes);
  drain(sink, /*at_end=*/false);
}

void OpenAiEventDecoder::finish(canonical::EventSink& sink) {
  if (finished_) return;
  finished_ = true;
  if (done_ || failed_) return;
  if (!parser_.failed()) {
    parser_.finish();
    drain(sink, /*at_end=*/true);
  }
  if (!done_ && !failed_) {
    fail(Error::upstream_protocol("upstream stream ended before data: [DONE]"), sink);
  }
}

void OpenAiEventDecoder::drain(canonical::EventSink& sink, bool at_end) {
  while (auto event = parser_.next()) {
    if (done_ || failed_) continue;  // keep draining so the parser's views stay consistent
    on_event(*event, sink, at_end);
  }
  if (parser_.failed() && !failed_ && !done_) {
    fail(Error::upstream_protocol("upstream sent an SSE event larger than " +
                                  std::to_string(parser_.max_event_bytes()) + " bytes"),
         sink);
  }
}

void OpenAiEventDecoder::on_event(const sse::Event& event, canonical::EventSink& sink,
                                  bool at_end) {
  if (event.is_comment()) return;  // ": keep-alive", ": OPENROUTER PROCESSING"
  const std::string_view payload = trim_whitespace(event.data);
  if (payload.empty()) return;  // `data:` keep-alive
  if (payload == "[DONE]") {
    if (!started_) start(Json::object(), sink);
    done_ = true;
    sink.message_end();
    return;
  }
  if (payload.front() != '{') return;  // `data: :ping`-style keep-alives
  const Json chunk = parse_bounded(payload);
  if (chunk.is_discarded()) {
    // Completed only by the end of the body: a cut-off chunk, reported by finish().
    if (!at_end) fail(malformed("not valid JSON"), sink);
    return;
  }
  if (is_error_chunk(chunk)) {
    fail(map_stream_error(payload), sink);
    return;
  }
  on_chunk(chunk, sink);
}

void OpenAiEventDecoder::start(const Json& chunk, canonical::EventSink& sink) {
  started_ = true;
  sink.message_start(string_member(chunk, "id"), string_member(chunk, "model"));
}

void OpenAiEventDecoder::on_chunk(const Json& chunk, canonical::EventSink& sink) {
  if (carries_nothing(chunk)) return;
  if (!started_) start(chunk, sink);
  auto choices = chunk.find("choices");
  if (choices != chunk.end() && !choices->is_null()) {
    if (!choices->is_array()) return fail(malformed("'choices' is not an array"), sink);
    for (const Json& choice : *choices) {
      if (!on_choice(choice, sink)) return;
    }
  }
  if (auto usage = chunk.find("usage"); usage != chunk.end() && usage->is_object()) {
    if (auto parsed = usage_from_json(*usage)) sink.usage(*parsed);
  }
}

bool OpenAiEventDecoder::on_choice(const Json& choice, canonical::EventSink& sink) {
  if (!choice.is_object()) {
    fail(malformed("a choice is not an object"), sink);
    return false;
  }
  std::int64_t index = 0;
  if (auto it = choice.find("index"); it != choice.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() >= kMaxChoices) {
      fail(malformed("choice index is not an integer in [0, " + std::to_string(kMaxChoices) + ")"),
           sink);
      return false;
    }
    index = it->get<std::int64_t>();
  }
  const int choice_index = static_cast<int>(index);
  ChoiceState& state = choices_[choice_index];
  if (state.finished) return true;  // Azure sends content_filter_results after the finish

  auto delta = choice.find("delta");
  if (delta != choice.end() && !delta->is_null()) {
    if (!delta->is_object()) {
      fail(malformed("'delta' is not an object"), sink);
      return false;
    }
    std::string_view reasoning = string_member(*delta, "reasoning_content");
    if (reasoning.empty()) reasoning = string_member(*delta, "reasoning");
    if (!reasoning.empty()) sink.reasoning_delta(choice_index, reasoning);
    std::string_view text = string_member(*delta, "content");
    if (text.empty()) text = string_member(*delta, "refusal");
    if (!text.empty()) sink.text_delta(choice_index, text);
    auto calls = delta->find("tool_calls");
    if (calls != delta->end() && !calls->is_null()) {
      if (!calls->is_array()) {
        fail(malformed("'tool_calls' is not an array"), sink);
        return false;
      }
      for (const Json& fragment : *calls) {
        if (!on_tool_fragment(choice_index, state, fragment, sink)) return false;
      }
    }
  }
  if (auto finish = choice.find("finish_reason"); finish != choice.end()) {
    const canonical::FinishReason reason = finish_reason_from(*finish);
    if (reason != canonical::FinishReason::none) {
      state.finished = true;
      sink.choice_finish(choice_index, reason, {});
    }
  }
  return true;
}

bool OpenAiEventDecoder::on_tool_fragment(int choice, ChoiceState& state, const Json& fragment,
                                          canonical::EventSink& sink) {
  if (!fragment.is_object()) {
    fail(malformed("a tool_calls entry is not an object"), sink);
    return false;
  }
  std::int64_t key = state.last_key;
  if (auto it = fragment.find("index"); it != fragment.end() && !it->is_null()) {
    if (!it->is_number_integer()) {
      fail(malformed("tool_calls[].index is not an integer"), sink);
      return false;
    }
    key = it->get<std::int64_t>();
  }
  state.last_key = key;
  const Json* function = nullptr;
  if (auto it = fragment.find("function"); it != fragment.end() && !it->is_null()) {
    if (!it->is_object()) {
      fail(malformed("tool_calls[].function is not an object"), sink);
      return false;
    }
    function = &*it;
  }
  const std::string_view id = string_member(fragment, "id");
  auto slot = state.tools.find(key);
  // A new index is a new call; so is a different id on a known index (servers that send
  // index 0 for every call). A repeated id, or none, continues the call.
  const bool new_call =
      slot == state.tools.end() ||
      (!id.empty() && !slot->second.provider_id.empty() && id != slot->second.provider_id);
  if (new_call) {
    ToolSlot fresh{std::string(id), state.next_tool_index++};
    slot = state.tools.insert_or_assign(key, std::move(fresh)).first;
    const std::string call_id =
        id.empty() ? "call_" + id_seed_ + "_" + std::to_string(made_up_ids_++) : std::string(id);
    const std::string_view name = function ? string_member(*function, "name") : "";
    sink.tool_call_start(choice, slot->second.tool_index, call_id, name);
  }
  if (function != nullptr) {
    if (auto it = function->find("arguments"); it != function->end()) {
      const std::string arguments = arguments_text(*it);
      if (!arguments.empty()) sink.tool_call_delta(choice, slot->second.tool_index, arguments);
    }
  }
  return true;
}

void OpenAiEventDecoder::fail(const Error& error, canonical::EventSink& sink) {
  failed_ = true;
  sink.error(error);
}

}  // namespace llmgw::providers::openai
