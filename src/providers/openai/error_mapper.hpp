#pragma once
// Upstream error bodies (every envelope OpenAI-compatible servers use) → the client's Error.

#include <optional>
#include <string>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::providers::openai {

/// The fields of one upstream error, normalised: `code` is always text.
struct ErrorFields {
  std::string message;
  std::string type;
  std::string code;
  std::string param;
  std::optional<int> numeric_code;  ///< `code` when it was an integer (vLLM, OpenRouter, Google).
};

/// Reads `{"error":{...}}` (string or int code; Google's `status`), `{"error":"text"}`, the
/// flat `{"object":"error","message":...}` and FastAPI's `{"detail":...}`. A message that
/// is an object or array is rendered as JSON text. Texts are capped (message 512 bytes).
/// std::nullopt when the body is not JSON or has none of these shapes.
std::optional<ErrorFields> parse_error_envelope(std::string_view body);

/// Maps an upstream error response to the client's Error (kind upstream_status).
Error map_error_response(int status, std::string_view body, const Headers& headers);

/// Maps an error payload received inside a 200 stream (`data: {"error":...}`). Its status is
/// the payload's integer code when that is an HTTP error status, else 502.
Error map_stream_error(std::string_view payload);

}  // namespace llmgw::providers::openai
