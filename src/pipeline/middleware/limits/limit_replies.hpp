#pragma once
// How limits show up to the client: OpenAI's x-ratelimit-* headers and the 429 of a
// denial, whose type and code match what OpenAI sends so SDK retry logic recognises them.

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/store/counter_store.hpp"

namespace llmgw::pipeline {

/// x-ratelimit-{limit,remaining,reset}-{requests,tokens} of the tightest RPM and TPM scopes
/// (nothing for a dimension no scope limits).
void add_rate_limit_headers(const store::ReserveResult& result, FormattedHeaders& headers);

/// The 429: "requests"/"tokens" + rate_limit_exceeded for RPM, TPM and concurrency,
/// insufficient_quota for a spent budget. Retry-After in whole seconds (at least 1), none
/// when waiting cannot help (the request alone is over the limit, a `total` budget is spent).
Error denial_error(const store::ScopeCheck& scope, const store::Denial& denial,
                   const store::ReserveRequest& request);

/// Retry-After seconds for a wait in milliseconds: rounded up, at least 1.
std::string retry_after_seconds(std::int64_t ms);

}  // namespace llmgw::pipeline
