#pragma once

#include "llmgw/governance/key_index.hpp"
#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Models marked `approval: required` answer only teams whose access request a platform admin
/// approved; every other caller gets a 403 that names the model and the team's pending (or
/// rejected) request, or says how to ask. Decisions come from the admin API's key index
/// (`decisions`, null without an embedded store: then nobody can be approved). Runs after the
/// router, which resolved the model.
class AccessMiddleware final : public Middleware {
 public:
  explicit AccessMiddleware(const governance::KeyIndexStore* decisions) : decisions_(decisions) {}
  std::string_view name() const noexcept override { return "access"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;

 private:
  const governance::KeyIndexStore* decisions_;
};

/// The 403 for a team without approved access to `model` (`team` empty: a key without one).
Error approval_required_error(std::string_view model, std::string_view team,
                              const governance::ModelAccess& access);

}  // namespace llmgw::pipeline
