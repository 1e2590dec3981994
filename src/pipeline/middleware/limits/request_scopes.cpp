#include "pipeline/middleware/limits/request_scopes.hpp"

namespace llmgw::pipeline {

namespace {

void add(RequestScopes& scopes, const governance::ScopeRef& scope, const config::RateLimits& rate,
         const config::BudgetConfig& budget) {
  const governance::ScopeLimits limits{rate, budget};
  if (!limits.any()) return;
  scopes.items[scopes.count++] = store::ScopeCheck{scope, limits};
  scopes.any_tpm = scopes.any_tpm || rate.tpm > 0;
  scopes.any_budget = scopes.any_budget || budget.set();
}

}  // namespace

RequestScopes scopes_for(const RequestContext& ctx) noexcept {
  RequestScopes scopes;
  const config::Config& config = ctx.config();
  static const config::BudgetConfig kNoBudget{};
  add(scopes, governance::ScopeRef::global(), config.limits, kNoBudget);
  if (ctx.team != nullptr) {
    add(scopes, governance::ScopeRef::team(ctx.team->id), ctx.team->limits, ctx.team->budget);
  }
  if (ctx.principal != nullptr) {
    add(scopes, governance::ScopeRef::key(ctx.principal->id), ctx.principal->limits,
        ctx.principal->budget);
  }
  if (ctx.model != nullptr) {
    add(scopes, governance::ScopeRef::model(ctx.model->name), ctx.model->limits, kNoBudget);
    if (ctx.principal != nullptr) {
      add(scopes, governance::ScopeRef::key_model(ctx.principal->id, ctx.model->name),
          ctx.principal->per_model_limits, kNoBudget);
    }
  }
  return scopes;
}

std::string describe_scope(const governance::ScopeRef& scope) {
  const std::string id(scope.id);
  switch (scope.kind) {
    case governance::ScopeKind::global: return "the gateway";
    case governance::ScopeKind::team: return "team '" + id + "'";
    case governance::ScopeKind::key: return "key '" + id + "'";
    case governance::ScopeKind::model: return "model '" + id + "'";
    case governance::ScopeKind::key_model:
      return "key '" + id + "' on model '" + std::string(scope.sub) + "'";
    case governance::ScopeKind::deployment: return "deployment '" + id + "'";
  }
  return "scope '" + id + "'";
}

}  // namespace llmgw::pipeline
