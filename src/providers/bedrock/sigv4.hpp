#pragma once
// AWS Signature Version 4 for Bedrock requests (providers.md §5.4). A pure function of its
// input: the caller passes the time, so the result is reproducible and testable.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "llmgw/core/error.hpp"

namespace llmgw::providers::bedrock {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct SigV4Request {
  std::string method;  ///< e.g. "POST".
  std::string host;    ///< Host header value, e.g. "bedrock-runtime.us-east-1.amazonaws.com".
  /// The path exactly as sent on the wire, already percent-encoded (model ids carry ':' as
  /// %3A, see encode_path_segment). SigV4 encodes it once more for the canonical URI.
  std::string path;
  /// Decoded query parameters; they are encoded and sorted here.
  std::vector<std::pair<std::string, std::string>> query;
  /// Other headers to send and sign (e.g. Content-Type). Host and X-Amz-* are added here.
  HeaderList headers;
  std::string body;  ///< The exact bytes that will be sent.
  std::string region;
  std::string service;
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
  std::chrono::system_clock::time_point time;
};

struct SigV4Result {
  /// Headers to add to the request: X-Amz-Date, X-Amz-Security-Token (with a session
  /// token) and Authorization.
  HeaderList headers;
  // The intermediate steps, exposed because they are what AWS error messages quote.
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

/// Signs `request`. Fails on missing credentials or a header that cannot be sent safely;
/// error text never contains the secret key or the session token.
Result<SigV4Result> sign(const SigV4Request& request);

/// RFC 3986 encoding as SigV4 wants it: unreserved `A-Za-z0-9-_.~` kept, the rest `%XX`
/// upper-case. Use it to put a model id into a path segment (':' becomes %3A).
std::string encode_path_segment(std::string_view text);

/// The SigV4 `YYYYMMDD'T'HHMMSS'Z'` form of `time` in UTC.
std::string amz_date(std::chrono::system_clock::time_point time);

}  // namespace llmgw::providers::bedrock
