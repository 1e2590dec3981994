#pragma once
// How long to wait before trying a deployment again: the provider's own hint when it gave
// one (Retry-After, retry-after-ms, x-ratelimit-reset-*), else exponential backoff with
// full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/http_types.hpp"
#include "routing/rng.hpp"

namespace llmgw::routing {

using Millis = std::chrono::milliseconds;
using SystemTime = std::chrono::system_clock::time_point;

/// A uniformly random wait in [0, min(max_backoff, base_backoff * 2^retry)], retry counting
/// from 0 for the first retry.
Millis backoff_delay(const config::RetryPolicy& policy, unsigned retry, Rng& rng) noexcept;

/// Retry-After: delta seconds ("120", fractions accepted) or an HTTP date (IMF-fixdate,
/// "Sun, 06 Nov 1994 08:49:37 GMT"), relative to `now`. A date in the past is 0; anything
/// unparsable is nullopt.
std::optional<Millis> parse_retry_after(std::string_view value, SystemTime now) noexcept;

/// OpenAI's x-ratelimit-reset-requests/-tokens: Go durations such as "1s", "6m0s", "20ms",
/// "1.5s", "1h2m3s"; a bare number is seconds. nullopt when unparsable.
std::optional<Millis> parse_reset_duration(std::string_view value) noexcept;

/// The provider's own wait, from the headers of its error answer: retry-after-ms, else
/// Retry-After, else the longer of x-ratelimit-reset-requests and -tokens. nullopt: none.
std::optional<Millis> provider_retry_hint(const Headers& headers, SystemTime now);

/// The wait before retry number `retry` (from 0): the provider's hint when given (nullopt
/// when it exceeds max_retry_after: waiting that long is worse than moving on), else
/// backoff_delay().
std::optional<Millis> retry_wait(const config::RetryPolicy& policy, unsigned retry,
                                 std::optional<Millis> hint, Rng& rng) noexcept;

}  // namespace llmgw::routing
