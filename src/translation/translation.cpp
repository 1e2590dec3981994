#include "translation/translation.hpp"

#include "dialects/anthropic/anthropic_errors.hpp"
#include "dialects/anthropic/event_encoder.hpp"
#include "dialects/anthropic/message_response.hpp"
#include "dialects/anthropic/messages_request.hpp"
#include "dialects/openai/chat_request.hpp"
#include "dialects/openai/chat_response.hpp"
#include "dialects/openai/chunk_encoder.hpp"
#include "dialects/openai/openai_errors.hpp"

namespace llmgw::translation {

using providers::Dialect;

Result<canonical::ChatRequest> parse_chat(Dialect dialect, std::string_view body) {
  if (dialect == Dialect::anthropic) return dialects::anthropic::parse_messages_request(body);
  return dialects::openai::parse_chat_request(body);
}

std::string render_chat(Dialect dialect, const canonical::ChatResponse& response,
                        const canonical::RenderContext& context) {
  if (dialect == Dialect::anthropic) return dialects::anthropic::render_message(response, context);
  return dialects::openai::render_chat_response(response, context);
}

std::unique_ptr<dialects::StreamEncoder> make_stream_encoder(
    Dialect dialect, const canonical::RenderContext& context) {
  if (dialect == Dialect::anthropic) {
    return std::make_unique<dialects::anthropic::EventEncoder>(context);
  }
  return std::make_unique<dialects::openai::ChunkEncoder>(context);
}

std::string error_body(Dialect dialect, const Error& error) {
  if (dialect == Dialect::anthropic) return dialects::anthropic::error_json(error);
  return to_openai_json(error);
}

std::string stream_error_event(Dialect dialect, const Error& error) {
  if (dialect == Dialect::anthropic) return dialects::anthropic::stream_error_event(error);
  return dialects::openai::stream_error_event(error);
}

Headers error_headers(Dialect dialect, const Error& error, std::string_view request_id) {
  if (dialect == Dialect::anthropic) return dialects::anthropic::error_headers(error, request_id);
  return dialects::openai::error_headers(error, request_id);
}

TranslatingStreamDecoder::TranslatingStreamDecoder(std::unique_ptr<canonical::EventDecoder> decoder,
                                                   std::unique_ptr<dialects::StreamEncoder> encoder)
    : decoder_(std::move(decoder)), encoder_(std::move(encoder)) {}

void TranslatingStreamDecoder::feed(std::string_view bytes, providers::StreamOutput& out) {
  encoder_->bind(out);
  decoder_->feed(bytes, *encoder_);
}

void TranslatingStreamDecoder::finish(providers::StreamOutput& out) {
  encoder_->bind(out);
  decoder_->finish(*encoder_);
}

}  // namespace llmgw::translation
