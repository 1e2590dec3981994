#pragma once
// The scopes one request is counted against, with the ceilings that apply to each: global,
// team, key, model and key×model, from the request's snapshot. Scopes with no limit and no
// budget are left out, so a gateway without limits reserves nothing.

#include <array>
#include <span>

#include "llmgw/core/request_context.hpp"
#include "llmgw/store/counter_store.hpp"

namespace llmgw::pipeline {

struct RequestScopes {
  std::array<store::ScopeCheck, store::kMaxScopes> items{};
  std::size_t count = 0;
  bool any_tpm = false;
  bool any_budget = false;

  bool empty() const noexcept { return count == 0; }
  std::span<const store::ScopeCheck> view() const noexcept { return {items.data(), count}; }
};

/// Views into ctx.snapshot (ids, names): valid as long as the request holds its snapshot.
RequestScopes scopes_for(const RequestContext& ctx) noexcept;

/// "key 'alice'", "team 'research'", "key 'alice' on model 'gpt-4o'", "the gateway": how a
/// denial names the scope. Ids only, never secrets.
std::string describe_scope(const governance::ScopeRef& scope);

}  // namespace llmgw::pipeline
