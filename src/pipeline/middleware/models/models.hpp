#pragma once

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// Answers GET /v1/models and /v1/models/{id} itself (a local reply), after auth: a key
/// sees only the models it may use, and a model it may not use is "not found" (as OpenAI
/// answers for models outside an organisation). Other endpoints pass through.
class ModelsMiddleware final : public Middleware {
 public:
  std::string_view name() const noexcept override { return "models"; }
  boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const override;
};

}  // namespace llmgw::pipeline
