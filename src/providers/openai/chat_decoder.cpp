#include "providers/openai/chat_decoder.hpp"

#include <limits>
#include <string>

#include "providers/openai/chat_json.hpp"
#include "providers/openai/error_mapper.hpp"
#include "providers/openai/usage_parser.hpp"

namespace llmgw::providers::openai {
namespace {

using Json = nlohmann::json;

Error malformed(const std::string& what) {
  return Error::upstream_protocol("upstream chat completion is malformed: " + what);
}

bool is_error_body(const Json& root) {
  auto error = root.find("error");
  if (error != root.end() && !error->is_null()) return true;
  return string_member(root, "object") == "error";
}

/// Text of a content value: a string, null, or an array of text/refusal parts.
Result<std::string> content_text(const Json& content, const std::string& where) {
  if (content.is_null()) return std::string();
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) return malformed(where + " is neither a string nor an array");
  std::string text;
  for (const Json& part : content) {
    if (!part.is_object()) return malformed(where + " has a part that is not an object");
    text += string_member(part, "text");
    text += string_member(part, "refusal");
  }
  return text;
}

Result<canonical::ToolCall> tool_call_from(const Json& call, const std::string& where,
                                           const std::string& made_up_id) {
  if (!call.is_object()) return malformed(where + " is not an object");
  canonical::ToolCall out;
  out.id = std::string(string_member(call, "id"));
  if (out.id.empty()) out.id = made_up_id;
  auto function = call.find("function");
  if (function != call.end() && !function->is_null()) {
    if (!function->is_object()) return malformed(where + ".function is not an object");
    out.name = std::string(string_member(*function, "name"));
    if (auto arguments = function->find("arguments"); arguments != function->end()) {
      out.arguments = arguments_text(*arguments);
    }
  }
  return out;
}

Result<canonical::Choice> choice_from(const Json& choice, std::size_t position,
                                      const std::string& response_id) {
  const std::string where = "choices[" + std::to_string(position) + "]";
  if (!choice.is_object()) return malformed(where + " is not an object");
  canonical::Choice out;
  out.index = static_cast<std::int64_t>(position);
  if (auto index = choice.find("index"); index != choice.end() && index->is_number_integer()) {
    const auto value = index->get<std::int64_t>();
    if (value >= 0 && value <= std::numeric_limits<int>::max()) out.index = value;
  }
  if (auto finish = choice.find("finish_reason"); finish != choice.end()) {
    out.finish = finish_reason_from(*finish);
  }
  auto message = choice.find("message");
  if (message == choice.end() || message->is_null()) return out;
  if (!message->is_object()) return malformed(where + ".message is not an object");

  if (auto content = message->find("content"); content != message->end()) {
    auto text = content_text(*content, where + ".message.content");
    if (!text.ok()) return std::move(text).error();
    out.text = std::move(text).value();
  }
  if (out.text.empty()) out.text = std::string(string_member(*message, "refusal"));
  out.reasoning = std::string(string_member(*message, "reasoning_content"));
  if (out.reasoning.empty()) out.reasoning = std::string(string_member(*message, "reasoning"));

  const std::string id_prefix = "call_" + response_id + "_" + std::to_string(out.index) + "_";
  if (auto calls = message->find("tool_calls"); calls != message->end() && !calls->is_null()) {
    if (!calls->is_array()) return malformed(where + ".message.tool_calls is not an array");
    for (std::size_t i = 0; i < calls->size(); ++i) {
      auto call =
          tool_call_from((*calls)[i], where + ".message.tool_calls[" + std::to_string(i) + "]",
                         id_prefix + std::to_string(i));
      if (!call.ok()) return std::move(call).error();
      out.tool_calls.push_back(std::move(call).value());
    }
  }
  // The deprecated single function call is a tool call without an id.
  if (auto legacy = message->find("function_call");
      legacy != message->end() && legacy->is_object() && out.tool_calls.empty()) {
    auto call = tool_call_from(Json{{"function", *legacy}}, where + ".message.function_call",
                               id_prefix + "0");
    if (!call.ok()) return std::move(call).error();
    out.tool_calls.push_back(std::move(call).value());
  }
  return out;
}

}  // namespace

Result<canonical::ChatResponse> decode_chat_completion(std::string_view body) {
  const Json root = parse_bounded(body);
  if (root.is_discarded()) return Error::upstream_protocol("upstream response is not valid JSON");
  if (!root.is_object()) return Error::upstream_protocol("upstream response is not a JSON object");
  if (is_error_body(root)) return map_stream_error(body);

  canonical::ChatResponse response;
  response.id = std::string(string_member(root, "id"));
  response.model = std::string(string_member(root, "model"));
  auto choices = root.find("choices");
  if (choices == root.end() || !choices->is_array()) return malformed("no 'choices' array");
  response.choices.reserve(choices->size());
  for (std::size_t i = 0; i < choices->size(); ++i) {
    auto choice = choice_from((*choices)[i], i, response.id.empty() ? "0" : response.id);
    if (!choice.ok()) return std::move(choice).error();
    response.choices.push_back(std::move(choice).value());
  }
  if (auto usage = root.find("usage"); usage != root.end()) {
    response.usage = usage_from_json(*usage);
  }
  return response;
}

}  // namespace llmgw::providers::openai
