#pragma once
// One GenerateContentResponse (a whole body, or one stream event) read into plain structs;
// the non-stream decoder and the stream decoder share it. Unknown fields are ignored;
// known fields of the wrong type are an upstream_protocol error.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/usage.hpp"
#include "providers/gemini/error_mapper.hpp"
#include "providers/gemini/provider_json.hpp"

namespace llmgw::providers::gemini {

/// candidateCount is at most 8; a larger index is not a candidate we asked for.
inline constexpr std::int64_t kMaxCandidates = 64;

struct ResponsePart {
  enum class Kind { text, reasoning, function_call };
  Kind kind = Kind::text;
  std::string text;               ///< text / reasoning.
  std::string call_id;            ///< function_call: Gemini's id, usually absent.
  std::string name;               ///< function_call.
  std::string arguments;          ///< function_call: `args` as compact JSON ("{}" when absent).
  std::string thought_signature;  ///< function_call: the part's thoughtSignature, if any.
};

struct ResponseCandidate {
  int index = 0;
  std::vector<ResponsePart> parts;
  std::string finish_reason;  ///< Empty when the candidate is not finished.
};

struct ResponseFrame {
  std::string id;     ///< responseId.
  std::string model;  ///< modelVersion.
  std::vector<ResponseCandidate> candidates;
  std::string block_reason;  ///< promptFeedback.blockReason: the prompt itself was refused.
  std::optional<Usage> usage;
  std::optional<GoogleError> error;  ///< A bare {"error":...} object instead of a response.
};

/// Reads a parsed response object.
Result<ResponseFrame> read_response(const Json& root);

/// Gemini finishReason → canonical, per providers.md §7.1: STOP with a functionCall part
/// is tool_calls; reasons with no OpenAI equivalent (OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL,
/// unknown strings, ...) are stop, as the table suggests.
canonical::FinishReason map_finish_reason(std::string_view reason, bool had_function_call);

/// usageMetadata → Usage (providers.md §7.2): prompt = promptTokenCount +
/// toolUsePromptTokenCount, completion = candidatesTokenCount + thoughtsTokenCount.
Usage read_usage(const Json& usage_metadata);

}  // namespace llmgw::providers::gemini
