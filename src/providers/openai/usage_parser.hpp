#pragma once
// OpenAI `usage` objects → Usage. Only ever given the small usage object itself (found by
// the top-level scanner), so a DOM parse here costs nothing on the hot path.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "llmgw/core/usage.hpp"

namespace llmgw::providers::openai {

/// Parses the JSON text of a `usage` object. Missing counts are 0; a missing
/// total_tokens is prompt + completion; negative or non-numeric counts read as 0.
/// prompt_tokens_details.{cached,cache_write}_tokens and
/// completion_tokens_details.reasoning_tokens fill the details.
/// std::nullopt when `usage_json` is not a JSON object.
std::optional<Usage> parse_usage(std::string_view usage_json);

/// The same for an already parsed value (the translated path's decoders hold a DOM).
std::optional<Usage> usage_from_json(const nlohmann::json& usage);

/// The usage in the top-level `usage` member of a JSON object text, if it has one.
std::optional<Usage> find_top_level_usage(std::string_view body);

}  // namespace llmgw::providers::openai
