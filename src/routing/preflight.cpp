#include "routing/preflight.hpp"

#include <string>

namespace llmgw::routing {

bool fits(const config::Deployment& deployment,
          const governance::TokenEstimate& estimate) noexcept {
  const std::int64_t output = estimate.max_output > 0 ? estimate.max_output : 0;
  if (deployment.max_output_tokens > 0 && output > deployment.max_output_tokens) return false;
  return deployment.context_window <= 0 || estimate.prompt + output <= deployment.context_window;
}

Error context_length_error(const governance::TokenEstimate& estimate, std::int64_t largest_window) {
  const std::int64_t output = estimate.max_output > 0 ? estimate.max_output : 0;
  std::string message = "This model's maximum context length is ";
  message += std::to_string(largest_window);
  message += " tokens. However, you requested about ";
  message += std::to_string(estimate.prompt + output);
  message += " tokens (about ";
  message += std::to_string(estimate.prompt);
  message += " in the messages, ";
  message += std::to_string(output);
  message += " in the completion). Please reduce the length of the messages or completion.";
  return Error::invalid_request(std::move(message), "messages", "context_length_exceeded");
}

}  // namespace llmgw::routing
