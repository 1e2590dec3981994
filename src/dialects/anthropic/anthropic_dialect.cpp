#include "dialects/anthropic/anthropic_dialect.hpp"

#include "dialects/anthropic/anthropic_errors.hpp"
#include "dialects/anthropic/event_encoder.hpp"
#include "dialects/anthropic/message_response.hpp"
#include "dialects/anthropic/messages_request.hpp"

namespace llmgw::dialects::anthropic {

Result<canonical::ChatRequest> AnthropicDialect::parse_chat(std::string_view body) const {
  return parse_messages_request(body);
}

std::string AnthropicDialect::render_chat(const canonical::ChatResponse& response,
                                          const canonical::RenderContext& context) const {
  return render_message(response, context);
}

std::unique_ptr<StreamEncoder> AnthropicDialect::stream_encoder(
    const canonical::RenderContext& context) const {
  return std::make_unique<EventEncoder>(context);
}

std::string AnthropicDialect::error_body(const Error& error) const {
  return error_json(error);
}

std::string AnthropicDialect::stream_error_event(const Error& error) const {
  return anthropic::stream_error_event(error);
}

Headers AnthropicDialect::error_headers(const Error& error, std::string_view request_id) const {
  return anthropic::error_headers(error, request_id);
}

}  // namespace llmgw::dialects::anthropic
