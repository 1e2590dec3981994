#include "providers/gemini/response_decoder.hpp"

#include "providers/gemini/response_reader.hpp"
#include "providers/gemini/thought_signature.hpp"

namespace llmgw::providers::gemini {
namespace {

using canonical::Choice;
using canonical::FinishReason;

Choice to_choice(const ResponseCandidate& candidate, int& next_call_id) {
  Choice choice;
  choice.index = candidate.index;
  for (const ResponsePart& part : candidate.parts) {
    switch (part.kind) {
      case ResponsePart::Kind::text: choice.text += part.text; break;
      case ResponsePart::Kind::reasoning: choice.reasoning += part.text; break;
      case ResponsePart::Kind::function_call: {
        canonical::ToolCall call;
        call.id = id_with_signature(
            part.call_id.empty() ? "call_" + std::to_string(next_call_id) : part.call_id,
            part.thought_signature);
        ++next_call_id;
        call.name = part.name;
        call.arguments = part.arguments;
        choice.tool_calls.push_back(std::move(call));
        break;
      }
    }
  }
  // A whole 2xx body is a finished response even when Gemini left the reason out.
  const std::string_view reason =
      candidate.finish_reason.empty() ? std::string_view("STOP") : candidate.finish_reason;
  choice.finish = map_finish_reason(reason, !choice.tool_calls.empty());
  return choice;
}

}  // namespace

Result<canonical::ChatResponse> decode_chat_response(std::string_view body) {
  std::optional<Json> root = parse_json(body);
  if (!root) return Error::upstream_protocol("Gemini response body is not valid JSON");
  Result<ResponseFrame> frame = read_response(*root);
  if (!frame.ok()) return std::move(frame).error();
  if (frame->error) return map_stream_error(*frame->error);

  canonical::ChatResponse response;
  response.id = std::move(frame->id);
  response.model = std::move(frame->model);
  response.usage = frame->usage;
  int next_call_id = 0;
  for (const ResponseCandidate& candidate : frame->candidates) {
    response.choices.push_back(to_choice(candidate, next_call_id));
  }
  if (response.choices.empty()) {
    if (frame->block_reason.empty()) {
      return Error::upstream_protocol("Gemini response has neither candidates nor a blockReason");
    }
    // The prompt itself was refused: one empty, filtered answer, as OpenAI reports it.
    Choice blocked;
    blocked.finish = FinishReason::content_filter;
    response.choices.push_back(std::move(blocked));
  }
  return response;
}

}  // namespace llmgw::providers::gemini
