#pragma once

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Parses the client body once, after auth so unauthenticated callers cannot make the
/// gateway parse large bodies. Skipped for endpoints without a body (GET /v1/models).
class ParseBodyMiddleware final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "parse_body"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
};

}  // namespace llmgw::pipeline
