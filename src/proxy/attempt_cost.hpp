#pragma once
// What a request has cost so far: every finished attempt at its own deployment's price, and
// the one that is answering. Fallbacks pay for what each attempt consumed.

#include <optional>
#include <string>

#include "llmgw/core/request_context.hpp"
#include "llmgw/governance/cost.hpp"

namespace llmgw::proxy {

/// The cost of the answer being delivered by `deployment` (ctx.usage at its price): nullopt
/// when its usage is unknown (a stream cut short) or the deployment is unpriced.
std::optional<governance::Cost> delivered_cost(const RequestContext& ctx,
                                               const config::Deployment& deployment);

/// Recorded attempts plus the delivering one (ctx.deployment); nullopt when any is unknown.
std::optional<governance::Cost> cost_so_far(const RequestContext& ctx);

/// x-llmgw-cost (and x-litellm-response-cost when pricing.litellm_cost_header is on) for a
/// non-streamed answer, whose usage is known before its head is written; nothing when the
/// cost is unknown.
void add_cost_headers(const RequestContext& ctx, FormattedHeaders& headers);

/// The SSE comment that ends a stream when pricing.stream_cost_comment is on: clients
/// ignore comments, tools that want the cost read it.
std::string stream_cost_comment(const RequestContext& ctx);

}  // namespace llmgw::proxy
