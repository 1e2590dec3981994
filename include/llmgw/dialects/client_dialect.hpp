#pragma once
// A client dialect: what one family of client SDKs speaks (OpenAI chat, Anthropic messages,
// later the Responses API). The gateway parses requests, renders answers, encodes streams and
// shapes every error through this interface, so a new dialect is one folder (an
// implementation of it) and one case in DialectRegistry::for_endpoint.

#include <memory>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/core/endpoint.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/dialects/stream_encoder.hpp"

namespace llmgw::dialects {

/// Implementations are stateless and const: one instance serves every request on every
/// worker. No method does I/O or reads a clock (RenderContext carries what they need).
class ClientDialect {
 public:
  virtual ~ClientDialect() = default;

  /// The wire format; a provider whose native dialect equals it may take the fast path.
  virtual Dialect wire() const noexcept = 0;

  /// Parses a chat body (already validated as JSON by parse_request_body) into the
  /// canonical form. Errors are 400s in this dialect's terms (parameter names as sent).
  virtual Result<canonical::ChatRequest> parse_chat(std::string_view body) const = 0;

  /// Renders a complete chat response as this dialect's JSON body.
  virtual std::string render_chat(const canonical::ChatResponse& response,
                                  const canonical::RenderContext& context) const = 0;

  /// A fresh encoder for one streamed response (canonical events → this dialect's SSE).
  virtual std::unique_ptr<StreamEncoder> stream_encoder(
      const canonical::RenderContext& context) const = 0;

  /// The error body sent before the first response byte (status set by the caller).
  virtual std::string error_body(const Error& error) const = 0;

  /// The in-stream error event sent after the first byte; the SDKs raise it as an error.
  virtual std::string stream_error_event(const Error& error) const = 0;

  /// Headers of an error reply: x-request-id, Retry-After when known, dialect extras.
  virtual Headers error_headers(const Error& error, std::string_view request_id) const = 0;
};

/// The explicit switch from endpoint to dialect. The dialects themselves are owned by the
/// composition root (app/) and outlive the registry.
class DialectRegistry {
 public:
  DialectRegistry(const ClientDialect& openai, const ClientDialect& anthropic) noexcept
      : openai_(openai), anthropic_(anthropic) {}

  const ClientDialect& for_endpoint(Endpoint endpoint) const noexcept {
    switch (dialect_of(endpoint)) {
      case Dialect::openai: return openai_;
      case Dialect::anthropic: return anthropic_;
    }
    return openai_;
  }

 private:
  const ClientDialect& openai_;
  const ClientDialect& anthropic_;
};

}  // namespace llmgw::dialects
