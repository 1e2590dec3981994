#include "providers/bedrock/converse_response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "json/top_level_scanner.hpp"

namespace llmgw::providers::bedrock {
namespace {

using canonical::FinishReason;
using canonical::Json;

std::int64_t count_at(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return 0;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    return value > static_cast<std::uint64_t>(kMax) ? kMax : static_cast<std::int64_t>(value);
  }
  if (it->is_number_integer()) return std::max<std::int64_t>(0, it->get<std::int64_t>());
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (!std::isfinite(value) || value <= 0) return 0;
    return value >= static_cast<double>(kMax) ? kMax : std::llround(value);
  }
  return 0;
}

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return a > kMax - b ? kMax : a + b;
}

const std::string* string_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

/// Appends one output content block to `choice`; unknown block kinds (citations, ...) are
/// skipped, as the wire contract says new kinds may appear.
std::optional<Error> add_block(const Json& block, canonical::Choice& choice) {
  if (!block.is_object()) return Error::upstream_protocol("Bedrock content block is not an object");
  if (const std::string* text = string_at(block, "text")) {
    choice.text += *text;
    return std::nullopt;
  }
  if (auto use = block.find("toolUse"); use != block.end()) {
    const std::string* id = use->is_object() ? string_at(*use, "toolUseId") : nullptr;
    const std::string* name = use->is_object() ? string_at(*use, "name") : nullptr;
    if (id == nullptr || id->empty() || name == nullptr) {
      return Error::upstream_protocol("Bedrock toolUse block lacks toolUseId or name");
    }
    auto input = use->find("input");
    const Json arguments = input == use->end() ? Json::object() : *input;
    choice.tool_calls.push_back(
        {*id, *name, arguments.dump(-1, ' ', false, Json::error_handler_t::replace)});
    return std::nullopt;
  }
  if (auto reasoning = block.find("reasoningContent");
      reasoning != block.end() && reasoning->is_object()) {
    auto text_block = reasoning->find("reasoningText");
    if (text_block != reasoning->end() && text_block->is_object()) {
      if (const std::string* text = string_at(*text_block, "text")) choice.reasoning += *text;
    }
  }
  return std::nullopt;
}

}  // namespace

FinishReason finish_reason(std::string_view stop_reason) {
  if (stop_reason == "end_turn") return FinishReason::stop;
  if (stop_reason == "stop_sequence") return FinishReason::stop_sequence;
  if (stop_reason == "max_tokens" || stop_reason == "model_context_window_exceeded") {
    return FinishReason::length;
  }
  if (stop_reason == "tool_use") return FinishReason::tool_calls;
  if (stop_reason == "guardrail_intervened" || stop_reason == "content_filtered") {
    return FinishReason::content_filter;
  }
  return FinishReason::stop;  // malformed_model_output, malformed_tool_use, future values
}

std::optional<Usage> parse_usage(const Json& usage) {
  if (!usage.is_object()) return std::nullopt;
  Usage out;
  out.cached_tokens = count_at(usage, "cacheReadInputTokens");
  out.cache_write_tokens = count_at(usage, "cacheWriteInputTokens");
  out.prompt_tokens = saturating_add(
      saturating_add(count_at(usage, "inputTokens"), out.cached_tokens), out.cache_write_tokens);
  out.completion_tokens = count_at(usage, "outputTokens");
  out.total_tokens = saturating_add(out.prompt_tokens, out.completion_tokens);
  return out;
}

std::optional<Json> parse_upstream_json(std::string_view text) {
  if (!json::validate(text).ok()) return std::nullopt;
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

Result<canonical::ChatResponse> decode_converse_response(std::string_view body) {
  std::optional<Json> root = parse_upstream_json(body);
  if (!root || !root->is_object()) {
    return Error::upstream_protocol("Bedrock response body is not a JSON object");
  }
  auto output = root->find("output");
  const Json* message = nullptr;
  if (output != root->end() && output->is_object()) {
    auto found = output->find("message");
    if (found != output->end() && found->is_object()) message = &*found;
  }
  if (message == nullptr) return Error::upstream_protocol("Bedrock response has no output.message");
  auto content = message->find("content");
  if (content == message->end() || !content->is_array()) {
    return Error::upstream_protocol("Bedrock output.message.content is not an array");
  }
  canonical::Choice choice;
  for (const Json& block : *content) {
    if (auto error = add_block(block, choice)) return std::move(*error);
  }
  const std::string* stop = string_at(*root, "stopReason");
  choice.finish = stop != nullptr ? finish_reason(*stop) : FinishReason::stop;

  canonical::ChatResponse response;
  response.choices.push_back(std::move(choice));
  if (auto usage = root->find("usage"); usage != root->end()) response.usage = parse_usage(*usage);
  return response;
}

}  // namespace llmgw::providers::bedrock
