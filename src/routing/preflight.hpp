#pragma once
// Context-window pre-flight: a deployment whose window cannot hold the estimated prompt plus
// the requested max_tokens (or whose output ceiling is below max_tokens) is left out of the
// plan, so the request goes to one that can take it instead of failing upstream.

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/governance/token_estimate.hpp"

namespace llmgw::routing {

/// Whether `deployment` can take the request (unknown limits, 0, always can).
bool fits(const config::Deployment& deployment, const governance::TokenEstimate& estimate) noexcept;

/// The 400 when no deployment fits, in OpenAI's words and code (context_length_exceeded).
/// `largest_window` is the largest context_window among the model's deployments.
Error context_length_error(const governance::TokenEstimate& estimate, std::int64_t largest_window);

}  // namespace llmgw::routing
