#pragma once
// The headers every OpenAI-wire request carries (fast path and translated path, OpenAI and
// Azure alike): framing, the gateway's provider credential, the provider's extra headers
// and the allow-listed client headers. Only the credential's header differs per provider.

#include <string_view>

#include "llmgw/config/config.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers::openai {

/// How the provider's api_key is presented.
enum class AuthScheme {
  bearer,   ///< Authorization: Bearer <key> (OpenAI, compatibles, Azure with Entra ID).
  api_key,  ///< api-key: <key> (Azure OpenAI key auth).
};

/// Whether a client header may be passed upstream: OpenAI-Organization, OpenAI-Beta,
/// OpenAI-Project and the provider's forward_headers; never credentials, hop-by-hop or
/// framing headers, whatever the configuration says.
bool forwardable_client_header(std::string_view name, const config::ProviderConfig& provider);

/// The complete header set. An api_key that could split the header block is an internal
/// error naming the provider (never the key).
Result<Headers> build_headers(const config::ProviderConfig& provider, const Headers& client_headers,
                              bool stream, AuthScheme auth);

}  // namespace llmgw::providers::openai
