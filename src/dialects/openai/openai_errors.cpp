#include "dialects/openai/openai_errors.hpp"

namespace llmgw::dialects::openai {

std::string stream_error_event(const Error& error) {
  std::string event = "data: ";
  event += to_openai_json(error);
  event += "\n\n";
  return event;
}

Headers error_headers(const Error& error, std::string_view request_id) {
  Headers headers;
  headers.emplace_back("x-request-id", std::string(request_id));
  if (!error.retry_after.empty()) headers.emplace_back("Retry-After", error.retry_after);
  return headers;
}

}  // namespace llmgw::dialects::openai
