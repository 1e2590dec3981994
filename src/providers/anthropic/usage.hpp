#pragma once
// Anthropic usage → llmgw::Usage (providers.md §7.2). Anthropic's input_tokens leaves the
// cached part out, so prompt_tokens = input + cache_creation + cache_read; the cache counts
// stay visible as cached_tokens (read) and cache_write_tokens (creation).

#include <cstdint>
#include <optional>
#include <string_view>

#include "llmgw/core/usage.hpp"
#include "providers/anthropic/wire_json.hpp"

namespace llmgw::providers::anthropic {

/// Collects a stream's usage: message_start carries the input counts, every message_delta
/// the cumulative output (and, in newer API versions, nullable input counts). The latest
/// non-null value of each field wins; wrong-typed or negative counts are ignored.
class UsageAccumulator {
 public:
  void apply(const Json& usage_object);
  Usage usage() const;

 private:
  std::int64_t input_ = 0;
  std::int64_t cache_creation_ = 0;
  std::int64_t cache_read_ = 0;
  std::int64_t output_ = 0;
};

/// One usage object on its own (a non-streamed message).
Usage to_usage(const Json& usage_object);

/// The JSON text of a usage object; nullopt when it is not a JSON object.
std::optional<Usage> parse_usage(std::string_view usage_json);

}  // namespace llmgw::providers::anthropic
