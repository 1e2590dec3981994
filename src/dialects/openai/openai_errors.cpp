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

std::string truncate_for_message(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t cut = max;
  // Do not split a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

}  // namespace llmgw::dialects::openai
