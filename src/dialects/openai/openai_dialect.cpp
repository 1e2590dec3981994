#include "dialects/openai/openai_dialect.hpp"

#include "dialects/openai/chat_request.hpp"
#include "dialects/openai/chat_response.hpp"
#include "dialects/openai/chunk_encoder.hpp"
#include "dialects/openai/openai_errors.hpp"

namespace llmgw::dialects::openai {

Result<canonical::ChatRequest> OpenAiDialect::parse_chat(std::string_view body) const {
  return parse_chat_request(body);
}

std::string OpenAiDialect::render_chat(const canonical::ChatResponse& response,
                                       const canonical::RenderContext& context) const {
  return render_chat_response(response, context);
}

std::unique_ptr<StreamEncoder> OpenAiDialect::stream_encoder(
    const canonical::RenderContext& context) const {
  return std::make_unique<ChunkEncoder>(context);
}

std::string OpenAiDialect::error_body(const Error& error) const {
  return to_openai_json(error);
}

std::string OpenAiDialect::stream_error_event(const Error& error) const {
  return openai::stream_error_event(error);
}

Headers OpenAiDialect::error_headers(const Error& error, std::string_view request_id) const {
  return openai::error_headers(error, request_id);
}

}  // namespace llmgw::dialects::openai
