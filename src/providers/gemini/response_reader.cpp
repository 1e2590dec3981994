#include "providers/gemini/response_reader.hpp"

#include <array>
#include <limits>

namespace llmgw::providers::gemini {
namespace {

using canonical::FinishReason;

Error protocol(std::string what) {
  return Error::upstream_protocol("Gemini response: " + std::move(what));
}

Result<ResponsePart> read_function_call(const Json& call) {
  if (!call.is_object()) return protocol("functionCall is not an object");
  ResponsePart part;
  part.kind = ResponsePart::Kind::function_call;
  part.name = std::string(string_member(call, "name"));
  if (part.name.empty()) return protocol("functionCall has no name");
  part.call_id = std::string(string_member(call, "id"));
  auto args = call.find("args");
  if (args == call.end() || args->is_null()) {
    part.arguments = "{}";
  } else if (args->is_object()) {
    part.arguments = dump_json(*args);
  } else {
    return protocol("functionCall.args is not an object");
  }
  return part;
}

/// Appends the part's meaning to `parts`; parts Gemini adds that have no canonical slot
/// (inlineData, executableCode, a bare thoughtSignature, ...) are skipped.
std::optional<Error> read_part(const Json& part, std::vector<ResponsePart>& parts) {
  if (!part.is_object()) return protocol("a part is not an object");
  if (auto call = part.find("functionCall"); call != part.end()) {
    Result<ResponsePart> read = read_function_call(*call);
    if (!read.ok()) return std::move(read).error();
    if (auto signature = part.find("thoughtSignature");
        signature != part.end() && !signature->is_null()) {
      if (!signature->is_string()) return protocol("a part's thoughtSignature is not a string");
      read->thought_signature = signature->get<std::string>();
    }
    parts.push_back(std::move(read).value());
    return std::nullopt;
  }
  auto text = part.find("text");
  if (text == part.end() || text->is_null()) return std::nullopt;
  if (!text->is_string()) return protocol("a part's text is not a string");
  auto thought = part.find("thought");
  const bool is_thought = thought != part.end() && thought->is_boolean() && thought->get<bool>();
  ResponsePart read;
  read.kind = is_thought ? ResponsePart::Kind::reasoning : ResponsePart::Kind::text;
  read.text = text->get<std::string>();
  parts.push_back(std::move(read));
  return std::nullopt;
}

Result<ResponseCandidate> read_candidate(const Json& candidate, std::size_t position) {
  if (!candidate.is_object()) return protocol("a candidate is not an object");
  ResponseCandidate out;
  std::int64_t index = static_cast<std::int64_t>(position);
  if (auto it = candidate.find("index"); it != candidate.end() && !it->is_null()) {
    if (!it->is_number_integer()) return protocol("candidate index is not an integer");
    index = it->get<std::int64_t>();
  }
  if (index < 0 || index >= kMaxCandidates) {
    return protocol("candidate index " + std::to_string(index) + " is out of range");
  }
  out.index = static_cast<int>(index);
  if (auto reason = candidate.find("finishReason");
      reason != candidate.end() && !reason->is_null()) {
    if (!reason->is_string()) return protocol("finishReason is not a string");
    out.finish_reason = reason->get<std::string>();
  }
  auto content = candidate.find("content");
  if (content == candidate.end() || content->is_null()) return out;
  if (!content->is_object()) return protocol("candidate content is not an object");
  auto parts = content->find("parts");
  if (parts == content->end() || parts->is_null()) return out;
  if (!parts->is_array()) return protocol("content.parts is not an array");
  for (const Json& part : *parts) {
    if (auto error = read_part(part, out.parts)) return std::move(*error);
  }
  return out;
}

}  // namespace

Result<ResponseFrame> read_response(const Json& root) {
  if (!root.is_object()) return protocol("not a JSON object");
  ResponseFrame frame;
  if (auto error = root.find("error"); error != root.end() && !error->is_null()) {
    frame.error = read_google_error(root);
    if (!frame.error) return protocol("error is not an object");
    return frame;
  }
  frame.id = std::string(string_member(root, "responseId"));
  frame.model = std::string(string_member(root, "modelVersion"));
  if (auto candidates = root.find("candidates");
      candidates != root.end() && !candidates->is_null()) {
    if (!candidates->is_array()) return protocol("candidates is not an array");
    for (std::size_t i = 0; i < candidates->size(); ++i) {
      Result<ResponseCandidate> candidate = read_candidate((*candidates)[i], i);
      if (!candidate.ok()) return std::move(candidate).error();
      frame.candidates.push_back(std::move(candidate).value());
    }
  }
  if (auto feedback = root.find("promptFeedback"); feedback != root.end()) {
    frame.block_reason = std::string(string_member(*feedback, "blockReason"));
  }
  if (auto usage = root.find("usageMetadata"); usage != root.end() && !usage->is_null()) {
    if (!usage->is_object()) return protocol("usageMetadata is not an object");
    frame.usage = read_usage(*usage);
  }
  return frame;
}

FinishReason map_finish_reason(std::string_view reason, bool had_function_call) {
  static constexpr std::array<std::string_view, 8> kFiltered = {"SAFETY",
                                                                "RECITATION",
                                                                "BLOCKLIST",
                                                                "PROHIBITED_CONTENT",
                                                                "SPII",
                                                                "IMAGE_SAFETY",
                                                                "IMAGE_PROHIBITED_CONTENT",
                                                                "IMAGE_RECITATION"};
  if (reason == "MAX_TOKENS") return FinishReason::length;
  for (std::string_view filtered : kFiltered) {
    if (reason == filtered) return FinishReason::content_filter;
  }
  return reason == "STOP" && had_function_call ? FinishReason::tool_calls : FinishReason::stop;
}

namespace {

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  // Both are non-negative counts (count_member never returns less than 0).
  return a > std::numeric_limits<std::int64_t>::max() - b ? std::numeric_limits<std::int64_t>::max()
                                                          : a + b;
}

}  // namespace

Usage read_usage(const Json& usage_metadata) {
  Usage usage;
  const std::int64_t thoughts = count_member(usage_metadata, "thoughtsTokenCount");
  usage.prompt_tokens = saturating_add(count_member(usage_metadata, "promptTokenCount"),
                                       count_member(usage_metadata, "toolUsePromptTokenCount"));
  usage.completion_tokens =
      saturating_add(count_member(usage_metadata, "candidatesTokenCount"), thoughts);
  usage.total_tokens = usage_metadata.contains("totalTokenCount")
                           ? count_member(usage_metadata, "totalTokenCount")
                           : saturating_add(usage.prompt_tokens, usage.completion_tokens);
  usage.cached_tokens = count_member(usage_metadata, "cachedContentTokenCount");
  usage.reasoning_tokens = thoughts;
  return usage;
}

}  // namespace llmgw::providers::gemini
