#pragma once
// Provider adapters are pure translators between the client's request and a provider's
// wire format: no sockets, no clocks, so golden-file tests and fuzzers reach all of them.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/canonical/embeddings.hpp"
#include "llmgw/canonical/events.hpp"
#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/core/request_body.hpp"
#include "llmgw/core/usage.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::providers {

/// The client's wire dialect (core/request_body.hpp). A provider whose own wire format is
/// the client's dialect gets the byte fast path (encode/decode/make_stream_decoder); every
/// other pair translates through the canonical form (encode_chat/decode_chat/...).
using llmgw::Dialect;

/// What encode() needs besides the body.
struct EncodeInput {
  Endpoint endpoint = Endpoint::chat_completions;
  const RequestBody& body;
  const config::Deployment& deployment;
  const config::ProviderConfig& provider;
  const Headers& client_headers;  ///< Only allow-listed ones may be forwarded.
};

struct EncodedRequest {
  upstream::UpstreamRequest request;
  /// The gateway added stream_options.include_usage on its own: the stream decoder must
  /// drop the usage-only chunk so the client sees exactly what it asked for.
  bool strip_usage_chunk = false;
};

/// A complete non-streaming response in the client's dialect.
struct DecodedResponse {
  std::string body;  ///< Bytes for the client.
  std::optional<Usage> usage;
};

/// Output of one StreamDecoder::feed() or finish() call; the caller clears it between calls.
struct StreamOutput {
  std::string client_bytes;      ///< Complete SSE events for the client, in order.
  std::optional<Usage> usage;    ///< Set when a usage report was seen.
  std::optional<Error> error;    ///< Upstream reported an error in-stream, or a protocol error.
  bool error_forwarded = false;  ///< The error event is already in client_bytes (same dialect).
  bool done = false;             ///< The terminal event was seen ([DONE] for OpenAI).
  bool saw_content = false;      ///< At least one content/tool-call delta (time to first token).
  void clear() {
    client_bytes.clear();
    usage.reset();
    error.reset();
    error_forwarded = false;
    done = false;
    saw_content = false;
  }
};

/// Incremental decoder for one response stream. Tolerates any split of the input bytes.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  /// Consumes the next bytes from upstream and appends complete events to `out`.
  virtual void feed(std::string_view bytes, StreamOutput& out) = 0;
  /// The upstream body ended. Sets out.error (upstream_protocol) if the stream was cut
  /// short, i.e. no terminal event was seen.
  virtual void finish(StreamOutput& out) = 0;
};

/// Where a translated request goes and under which rules. Adapters never read clocks:
/// `now` is the signing time (SigV4) and nothing else.
struct TranslateTarget {
  const config::Deployment& deployment;
  const config::ProviderConfig& provider;
  const config::ModelConfig& model;  ///< drop_unsupported, default_max_tokens.
  const Headers& client_headers;     ///< Only allow-listed ones may be forwarded.
  std::chrono::system_clock::time_point now;
};

class ProviderAdapter {
 public:
  virtual ~ProviderAdapter() = default;

  // ---- Fast path: the client speaks this provider's wire format. ----

  /// The dialect whose requests this provider takes byte for byte (only `model` spliced),
  /// or nullopt when every request is translated.
  virtual std::optional<Dialect> native_dialect() const = 0;

  /// Builds the upstream request from the client's raw body. Errors are 400s naming the
  /// parameter the provider cannot honour.
  virtual Result<EncodedRequest> encode(const EncodeInput& input) const = 0;

  /// Turns a complete 2xx upstream body into the client's response.
  virtual Result<DecodedResponse> decode(Endpoint endpoint, std::string body) const = 0;

  /// A fresh decoder for one streamed response.
  virtual std::unique_ptr<StreamDecoder> make_stream_decoder(
      const EncodedRequest& request) const = 0;

  // ---- Translated path: canonical form in, canonical form out. ----

  /// Encodes a chat request for this provider. Parameters it cannot honour (request.extra,
  /// n > 1, ...) are a 400 from reject_unsupported() unless the model drops them.
  virtual Result<upstream::UpstreamRequest> encode_chat(const canonical::ChatRequest& request,
                                                        const TranslateTarget& target) const = 0;

  /// Decodes a complete 2xx chat response body.
  virtual Result<canonical::ChatResponse> decode_chat(std::string_view body) const = 0;

  /// A fresh decoder for one streamed chat response. `id_seed` (the gateway request id)
  /// makes tool-call ids the provider leaves out unique and reproducible.
  virtual std::unique_ptr<canonical::EventDecoder> make_event_decoder(
      std::string_view id_seed) const = 0;

  /// Embeddings through the canonical form; the default says the provider has none.
  virtual Result<upstream::UpstreamRequest> encode_embeddings(
      const canonical::EmbeddingRequest& request, const TranslateTarget& target) const;
  virtual Result<canonical::EmbeddingResponse> decode_embeddings(std::string_view body) const;

  /// Maps an upstream error status and body to the client's error: status kept for 4xx
  /// (429 retryable, Retry-After copied), 5xx → retryable; the message is the provider's.
  virtual Error map_error(int status, std::string_view body, const Headers& headers) const = 0;
};

/// The 400 for a parameter `provider` cannot honour, naming both; nullopt when the target
/// model has `drop_unsupported: true` (the parameter is then left out).
std::optional<Error> reject_unsupported(std::string_view parameter, const TranslateTarget& target);

/// The 400 for an endpoint a provider does not offer (e.g. embeddings on Anthropic).
Error endpoint_unsupported(std::string_view endpoint, const config::ProviderConfig& provider);

/// The provider registry: an explicit switch from kind to adapter (no self-registration).
/// The adapters are owned by the composition root (app/) and outlive the registry.
class ProviderRegistry {
 public:
  struct Adapters {
    const ProviderAdapter& openai;  ///< Also every OpenAI-compatible server.
    const ProviderAdapter& azure_openai;
    const ProviderAdapter& anthropic;
    const ProviderAdapter& gemini;
    const ProviderAdapter& bedrock;
  };
  explicit ProviderRegistry(Adapters adapters) noexcept : adapters_(adapters) {}

  const ProviderAdapter& for_kind(config::ProviderKind kind) const noexcept {
    switch (kind) {
      case config::ProviderKind::openai: return adapters_.openai;
      case config::ProviderKind::openai_compatible: return adapters_.openai;
      case config::ProviderKind::anthropic: return adapters_.anthropic;
      case config::ProviderKind::gemini: return adapters_.gemini;
      case config::ProviderKind::azure_openai: return adapters_.azure_openai;
      case config::ProviderKind::bedrock: return adapters_.bedrock;
    }
    return adapters_.openai;
  }

 private:
  Adapters adapters_;
};

}  // namespace llmgw::providers
