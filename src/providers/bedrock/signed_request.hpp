#pragma once
// The HTTP side of a Converse call: path, headers and credentials (providers.md §5, §5.4).
//
// Path: {base_path}/model/{model id percent-encoded once}/converse[-stream]; the SigV4
// signer encodes that path once more for the canonical URI, as AWS requires for every
// service but S3. Host: the value the upstream client will send (origin host, bracketed
// when IPv6, with a non-default port), or bedrock-runtime.{region}.amazonaws.com when the
// provider has no origin of its own.
//
// Credentials: SigV4 (service "bedrock", region bedrock.region) with bedrock.access_key_id
// and secret_access_key, plus X-Amz-Security-Token with a session token. A provider with no
// access key but an api_key uses it as a Bedrock API key (Authorization: Bearer).
// Content-Type and provider.extra_headers are signed (User-Agent-like ones the signer skips
// are sent unsigned; one naming Host, Authorization or X-Amz-* is a configuration error);
// Accept is sent unsigned, as botocore does. No client header is forwarded.

#include <string>

#include "llmgw/providers/provider.hpp"

namespace llmgw::providers::bedrock {

/// The Host header value the request is signed for.
std::string signing_host(const config::ProviderConfig& provider);

/// "{base_path}/model/{encoded model}/converse" or ".../converse-stream".
std::string converse_path(const config::ProviderConfig& provider, std::string_view model,
                          bool stream);

/// Builds the complete upstream request around `body` (the exact bytes that are signed).
Result<upstream::UpstreamRequest> build_signed_request(std::string body, bool stream,
                                                       const TranslateTarget& target);

}  // namespace llmgw::providers::bedrock
