#pragma once
// Glue between a client dialect and a translating provider adapter: picks the dialect's
// parser, renderers and stream encoder, and chains a provider's EventDecoder into the
// dialect's StreamEncoder so the relay sees one ordinary StreamDecoder.

#include <memory>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/dialects/stream_encoder.hpp"
#include "llmgw/providers/provider.hpp"

namespace llmgw::translation {

/// Parses a chat request body in the client's dialect.
Result<canonical::ChatRequest> parse_chat(providers::Dialect dialect, std::string_view body);

/// Renders a complete response in the client's dialect.
std::string render_chat(providers::Dialect dialect, const canonical::ChatResponse& response,
                        const canonical::RenderContext& context);

std::unique_ptr<dialects::StreamEncoder> make_stream_encoder(
    providers::Dialect dialect, const canonical::RenderContext& context);

/// An error body and an in-stream error event in the client's dialect.
std::string error_body(providers::Dialect dialect, const Error& error);
std::string stream_error_event(providers::Dialect dialect, const Error& error);
Headers error_headers(providers::Dialect dialect, const Error& error, std::string_view request_id);

/// Provider events → client bytes, as one StreamDecoder for the relay.
class TranslatingStreamDecoder final : public providers::StreamDecoder {
 public:
  TranslatingStreamDecoder(std::unique_ptr<canonical::EventDecoder> decoder,
                           std::unique_ptr<dialects::StreamEncoder> encoder);
  void feed(std::string_view bytes, providers::StreamOutput& out) override;
  void finish(providers::StreamOutput& out) override;

 private:
  std::unique_ptr<canonical::EventDecoder> decoder_;
  std::unique_ptr<dialects::StreamEncoder> encoder_;
};

}  // namespace llmgw::translation
