#include "app/default_chain.hpp"

#include "pipeline/middleware/access/access.hpp"
#include "pipeline/middleware/auth/auth.hpp"
#include "pipeline/middleware/limits/limits.hpp"
#include "pipeline/middleware/models/models.hpp"
#include "pipeline/middleware/parse_body/parse_body.hpp"
#include "pipeline/middleware/request_id/request_id.hpp"
#include "pipeline/middleware/router/router.hpp"
#include "pipeline/middleware/spend/spend.hpp"

namespace llmgw::app {

pipeline::Chain make_default_chain(const ChainServices& services,
                                   pipeline::Chain::FailureReporter report) {
  std::vector<std::unique_ptr<pipeline::Middleware>> stages;
  stages.push_back(std::make_unique<pipeline::RequestIdMiddleware>());
  stages.push_back(std::make_unique<pipeline::AuthMiddleware>(services.clock, services.api_keys));
  stages.push_back(std::make_unique<pipeline::ModelsMiddleware>());
  stages.push_back(std::make_unique<pipeline::ParseBodyMiddleware>());
  stages.push_back(std::make_unique<pipeline::RouterMiddleware>(services.routing));
  stages.push_back(std::make_unique<pipeline::AccessMiddleware>(services.api_keys));
  stages.push_back(std::make_unique<pipeline::LimitsMiddleware>(services.counters, services.metrics,
                                                                services.log));
  if (services.spend != nullptr) {
    stages.push_back(std::make_unique<pipeline::SpendMiddleware>(*services.spend, services.clock));
  }
  return pipeline::Chain(std::move(stages), std::move(report));
}

}  // namespace llmgw::app
