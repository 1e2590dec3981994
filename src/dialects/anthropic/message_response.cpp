#include "dialects/anthropic/message_response.hpp"

#include "dialects/anthropic/wire_values.hpp"

namespace llmgw::dialects::anthropic {

using canonical::Json;

namespace {

/// Anthropic has no `n`: the message is choice 0 (or the first choice a provider sent).
const canonical::Choice* first_choice(const canonical::ChatResponse& response) {
  for (const auto& choice : response.choices) {
    if (choice.index == 0) return &choice;
  }
  return response.choices.empty() ? nullptr : &response.choices.front();
}

Json content_blocks(const canonical::Choice* choice) {
  Json content = Json::array();
  if (choice != nullptr) {
    if (!choice->reasoning.empty()) {
      // No provider but Anthropic signs thinking; the SDK types require the field.
      content.push_back({{"type", "thinking"}, {"thinking", choice->reasoning}, {"signature", ""}});
    }
    if (!choice->text.empty()) {
      content.push_back({{"type", "text"}, {"text", choice->text}});
    }
    for (const auto& call : choice->tool_calls) {
      content.push_back({{"type", "tool_use"},
                         {"id", call.id},
                         {"name", call.name},
                         {"input", tool_input(call.arguments)}});
    }
  }
  // Clients commonly read content[0].text; an empty answer is one empty text block.
  if (content.empty()) content.push_back({{"type", "text"}, {"text", ""}});
  return content;
}

}  // namespace

std::string render_message(const canonical::ChatResponse& response,
                           const canonical::RenderContext& context) {
  const canonical::Choice* choice = first_choice(response);
  const StopFields stop = choice == nullptr ? stop_fields(canonical::FinishReason::none, {}, false)
                                            : stop_fields(choice->finish, choice->stop_sequence,
                                                          !choice->tool_calls.empty());
  Json message = {{"id", message_id(response.id, context.request_id)},
                  {"type", "message"},
                  {"role", "assistant"},
                  {"model", context.public_model},
                  {"content", content_blocks(choice)},
                  {"stop_reason", std::string(stop.stop_reason)},
                  {"stop_sequence", stop.stop_sequence},
                  {"usage", usage_json(response.usage.value_or(Usage{}))}};
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace llmgw::dialects::anthropic
