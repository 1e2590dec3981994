#include "proxy/attempt_cost.hpp"

#include "llmgw/governance/money.hpp"

namespace llmgw::proxy {

std::optional<governance::Cost> delivered_cost(const RequestContext& ctx,
                                               const config::Deployment& deployment) {
  // Tokens went by uncounted (or no config to price them): unknown, not zero.
  if (!ctx.usage || !ctx.snapshot) return std::nullopt;
  return governance::compute_cost(*ctx.usage, ctx.snapshot->price_of(deployment));
}

std::optional<governance::Cost> cost_so_far(const RequestContext& ctx) {
  std::optional<governance::Cost> total = governance::Cost{};
  for (const auto& attempt : ctx.attempts) total = governance::add_costs(total, attempt.cost);
  if (ctx.deployment == nullptr) return total;
  return governance::add_costs(total, delivered_cost(ctx, *ctx.deployment));
}

void add_cost_headers(const RequestContext& ctx, FormattedHeaders& headers) {
  if (!ctx.snapshot) return;
  const std::optional<governance::Cost> cost = cost_so_far(ctx);
  if (!cost) return;
  governance::UsdBuffer buffer;
  const std::string_view usd = governance::write_usd(cost->pico_usd, buffer);
  if (ctx.config().pricing.litellm_cost_header) headers.add("x-litellm-response-cost", usd);
  headers.add("x-llmgw-cost", usd);
}

std::string stream_cost_comment(const RequestContext& ctx) {
  const std::optional<governance::Cost> cost = cost_so_far(ctx);
  return ": x-llmgw-cost " + (cost ? governance::format_usd(cost->pico_usd) : "unknown") + "\n\n";
}

}  // namespace llmgw::proxy
