#pragma once

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Accepts a well-formed client x-request-id or creates one (core/request_id.hpp), so every
/// log line, metric exemplar and upstream call of a request can be correlated.
class RequestIdMiddleware final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "request_id"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
};

}  // namespace llmgw::pipeline
