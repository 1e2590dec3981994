#include "providers/anthropic/response_decoder.hpp"

#include "json/top_level_scanner.hpp"
#include "providers/anthropic/json_response_tool.hpp"
#include "providers/anthropic/stop_reason.hpp"
#include "providers/anthropic/usage.hpp"
#include "providers/anthropic/wire_json.hpp"

namespace llmgw::providers::anthropic {
namespace {

using canonical::FinishReason;

Error bad_shape(std::string_view what) {
  return Error::upstream_protocol("anthropic response: " + std::string(what));
}

/// Reads one content block into `choice`; false with `error` set when it is malformed.
std::optional<Error> read_block(const Json& block, std::size_t index, canonical::Choice& choice,
                                bool& real_tool_call) {
  const std::string where = "content[" + std::to_string(index) + "]";
  const std::string* type = string_member(block, "type");
  if (type == nullptr) return bad_shape(where + " has no type");
  if (*type == "text") {
    const std::string* text = string_member(block, "text");
    if (text == nullptr) return bad_shape(where + ".text is not a string");
    choice.text += *text;
  } else if (*type == "thinking") {
    const std::string* thinking = string_member(block, "thinking");
    if (thinking == nullptr) return bad_shape(where + ".thinking is not a string");
    choice.reasoning += *thinking;
  } else if (*type == "tool_use") {
    const std::string* id = string_member(block, "id");
    const std::string* name = string_member(block, "name");
    if (id == nullptr || id->empty()) return bad_shape(where + ".id is not a string");
    if (name == nullptr) return bad_shape(where + ".name is not a string");
    const Json* input = member(block, "input");
    std::string arguments = input != nullptr ? dump_json(*input) : "{}";
    if (*name == kJsonResponseTool) {
      choice.text += arguments;
    } else {
      real_tool_call = true;
      choice.tool_calls.push_back({*id, *name, std::move(arguments)});
    }
  }
  // redacted_thinking, server tool blocks and whatever the API adds have no canonical form.
  return std::nullopt;
}

}  // namespace

Result<DecodedResponse> decode_response(Endpoint endpoint, std::string body) {
  json::TopLevelObject object;
  const json::ScanResult scan = json::scan_top_level(body, object);
  if (scan.status == json::ScanStatus::not_an_object) {
    return Error::upstream_protocol("upstream response body is not a JSON object");
  }
  if (!scan.ok()) {
    return Error::upstream_protocol("upstream response body is not valid JSON (" +
                                    std::string(scan.reason) + " at byte " +
                                    std::to_string(scan.offset) + ")");
  }
  DecodedResponse response;
  const json::Member* usage = object.find("usage");
  if (endpoint == Endpoint::messages && usage != nullptr &&
      usage->type == json::ValueType::object) {
    response.usage = parse_usage(usage->value(body));
  }
  response.body = std::move(body);
  return response;
}

Result<canonical::ChatResponse> decode_message(std::string_view body) {
  std::optional<Json> root = parse_json(body);
  if (!root) return bad_shape("body is not valid JSON");
  if (!root->is_object()) return bad_shape("body is not a JSON object");
  const Json* content = member(*root, "content");
  if (content == nullptr || !content->is_array()) return bad_shape("content is not an array");

  canonical::ChatResponse response;
  if (const std::string* id = string_member(*root, "id")) response.id = *id;
  if (const std::string* model = string_member(*root, "model")) response.model = *model;
  canonical::Choice choice;
  bool real_tool_call = false;
  for (std::size_t i = 0; i < content->size(); ++i) {
    const Json& block = (*content)[i];
    if (!block.is_object()) return bad_shape("content[" + std::to_string(i) + "] is not an object");
    if (auto error = read_block(block, i, choice, real_tool_call)) return std::move(*error);
  }
  if (const std::string* stop = string_member(*root, "stop_reason")) {
    choice.finish = finish_reason(*stop);
    // The JSON-response tool is an answer, not a call the client has to make.
    if (choice.finish == FinishReason::tool_calls && !real_tool_call) {
      choice.finish = FinishReason::stop;
    }
    if (choice.finish == FinishReason::stop_sequence) {
      if (const std::string* sequence = string_member(*root, "stop_sequence")) {
        choice.stop_sequence = *sequence;
      }
    }
  }
  response.choices.push_back(std::move(choice));
  if (const Json* usage = member(*root, "usage"); usage != nullptr && usage->is_object()) {
    response.usage = to_usage(*usage);
  }
  return response;
}

}  // namespace llmgw::providers::anthropic
