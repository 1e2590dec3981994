#pragma once
// OpenAI clients (/v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models).

#include "llmgw/dialects/client_dialect.hpp"

namespace llmgw::dialects::openai {

class OpenAiDialect final : public ClientDialect {
 public:
  Dialect wire() const noexcept override { return Dialect::openai; }
  Result<canonical::ChatRequest> parse_chat(std::string_view body) const override;
  std::string render_chat(const canonical::ChatResponse& response,
                          const canonical::RenderContext& context) const override;
  std::unique_ptr<StreamEncoder> stream_encoder(
      const canonical::RenderContext& context) const override;
  std::string error_body(const Error& error) const override;
  std::string stream_error_event(const Error& error) const override;
  Headers error_headers(const Error& error, std::string_view request_id) const override;
};

}  // namespace llmgw::dialects::openai
