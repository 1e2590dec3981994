#pragma once

#include <string>
#include <string_view>

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Accepts a well-formed client x-request-id or creates one, so every log line, metric
/// exemplar and upstream call of a request can be correlated.
class RequestIdMiddleware final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "request_id"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
};

/// A client id is kept if it is 1..128 printable, non-space ASCII characters; anything
/// else (which could forge log lines) is replaced.
bool is_acceptable_request_id(std::string_view id) noexcept;

/// 32 lowercase hex characters from a per-thread random generator.
std::string generate_request_id();

}  // namespace llmgw::pipeline
