#include "dialects/openai/chat_response.hpp"

#include "dialects/openai/usage_json.hpp"

namespace llmgw::dialects::openai {
namespace {

using canonical::Json;

Json tool_calls_json(const std::vector<canonical::ToolCall>& calls) {
  Json json = Json::array();
  for (const canonical::ToolCall& call : calls) {
    json.push_back(Json{{"id", call.id},
                        {"type", "function"},
                        {"function", Json{{"name", call.name}, {"arguments", call.arguments}}}});
  }
  return json;
}

Json message_json(const canonical::Choice& choice) {
  Json message = Json::object();
  message["role"] = "assistant";
  // OpenAI sends content null next to tool calls when the model said nothing.
  if (choice.text.empty() && !choice.tool_calls.empty()) {
    message["content"] = nullptr;
  } else {
    message["content"] = choice.text;
  }
  if (!choice.reasoning.empty()) message["reasoning_content"] = choice.reasoning;
  message["refusal"] = nullptr;
  if (!choice.tool_calls.empty()) message["tool_calls"] = tool_calls_json(choice.tool_calls);
  return message;
}

}  // namespace

std::string render_chat_response(const canonical::ChatResponse& response,
                                 const canonical::RenderContext& context) {
  Json json = Json::object();
  json["id"] = response.id.empty() ? "chatcmpl-" + context.request_id : response.id;
  json["object"] = "chat.completion";
  json["created"] = context.created;
  json["model"] = context.public_model;
  Json choices = Json::array();
  for (const canonical::Choice& choice : response.choices) {
    Json entry = Json::object();
    entry["index"] = choice.index;
    entry["message"] = message_json(choice);
    entry["logprobs"] = nullptr;
    entry["finish_reason"] = finish_reason_name(choice.finish);
    choices.push_back(std::move(entry));
  }
  json["choices"] = std::move(choices);
  if (response.usage) json["usage"] = usage_json(*response.usage);
  return dump_json(json);
}

}  // namespace llmgw::dialects::openai
