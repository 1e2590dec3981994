#pragma once
// Which failures are worth another try on the same deployment, and which mean "this
// deployment cannot take this request, a larger one might".

#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"

namespace llmgw::routing {

enum class RetryClass { none, connect, reset, timeout, rate_limited, server_error };

/// The class of a failed attempt. 4xx other than 429, a provider refusing the gateway's
/// credentials, a cancelled request and a provider's x-should-retry: false are `none`.
RetryClass classify(const Error& failure) noexcept;

/// Whether the policy retries this class on the same deployment.
bool retries(const config::RetryOn& on, RetryClass kind) noexcept;

/// Counts against the deployment's circuit breaker (429 does not: the deployment answered,
/// and its Retry-After says when it will take more).
bool is_breaker_failure(RetryClass kind) noexcept;

/// The metrics label (connect, reset, timeout, rate_limited, server_error).
std::string_view to_string(RetryClass kind) noexcept;

/// A provider's 400 saying the prompt does not fit its context window (OpenAI's code
/// context_length_exceeded; Anthropic's "prompt is too long"; Gemini's "input token count
/// ... exceeds"): another deployment with a larger window may take it.
bool is_context_length_exceeded(const Error& failure) noexcept;

}  // namespace llmgw::routing
