#include "providers/bedrock/bedrock_errors.hpp"
#include "providers/error_support.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "json/json_string.hpp"
#include "json/top_level_scanner.hpp"
#include "llmgw/canonical/chat.hpp"

namespace llmgw::providers::bedrock {
namespace {

using canonical::Json;

constexpr std::size_t kMaxMessageBytes = 1024;
constexpr std::size_t kMaxNameBytes = 128;
constexpr std::size_t kMaxParsedBytes = 1024 * 1024;  // error bodies are small
constexpr std::size_t kMaxRetryAfterBytes = 64;

struct KnownError {
  std::string_view name;
  int status;
};

// The HTTP status Bedrock gives each modelled exception (botocore service-2.json).
constexpr std::array<KnownError, 12> kKnownErrors = {{
    {"ValidationException", 400},
    {"ServiceQuotaExceededException", 400},
    {"AccessDeniedException", 403},
    {"ResourceNotFoundException", 404},
    {"ModelTimeoutException", 408},
    {"ModelErrorException", 424},
    {"ModelStreamErrorException", 424},
    {"ThrottlingException", 429},
    {"ModelNotReadyException", 429},
    {"InternalServerException", 500},
    {"ServiceUnavailableException", 503},
    {"ConflictException", 409},
}};

std::optional<int> status_of(std::string_view name) {
  for (const auto& known : kKnownErrors) {
    if (iequals(known.name, name)) return known.status;
  }
  return std::nullopt;
}

/// The "message" (rest-json) or "Message" (some services) of an error body, bounded.
std::string message_from(std::string_view body) {
  if (body.empty() || body.size() > kMaxParsedBytes || !json::validate(body).ok()) return {};
  const Json root = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return {};
  for (const char* key : {"message", "Message"}) {
    auto it = root.find(key);
    if (it != root.end() && it->is_string()) {
      return std::string(json::utf8_prefix(it->get_ref<const std::string&>(), kMaxMessageBytes));
    }
  }
  return {};
}

/// awsJson-style bodies carry the name in "__type" when the header is missing.
std::string name_from_body(std::string_view body) {
  if (body.empty() || body.size() > kMaxParsedBytes || !json::validate(body).ok()) return {};
  const Json root = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return {};
  auto it = root.find("__type");
  return it != root.end() && it->is_string() ? error_name(it->get_ref<const std::string&>())
                                             : std::string();
}

std::string default_type(int status) {
  if (status >= 500) return "server_error";
  if (status == 429) return "rate_limit_error";
  return "invalid_request_error";
}

// 424 is Bedrock's "the model failed" (ModelError/ModelStreamError), which AWS documents as
// worth retrying, like timeouts, throttling and server errors.
bool retryable_status(int status) {
  return status == 408 || status == 424 || status == 429 || status >= 500;
}

Error build(int status, std::string name, std::string message) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  // AWS signature errors quote the canonical request (with the session token): never
  // pass their text on.
  if (status == 401 || status == 403) return credentials_rejected(status, name);
  error.http_status = status >= 400 && status <= 599 ? status : 502;
  error.message = !message.empty() ? std::move(message)
                  : !name.empty()  ? "upstream returned HTTP " + std::to_string(status) + " " + name
                                   : "upstream returned HTTP " + std::to_string(status);
  error.type = default_type(error.http_status);
  error.code = std::move(name);
  error.retryable = retryable_status(error.http_status);
  return error;
}

}  // namespace

std::string error_name(std::string_view raw) {
  raw = trim_blanks(raw.substr(0, raw.find(':')));
  if (auto hash = raw.rfind('#'); hash != std::string_view::npos) raw.remove_prefix(hash + 1);
  if (raw.size() > kMaxNameBytes || !printable_ascii(raw)) return {};
  std::string name(raw);
  if (!name.empty()) name.front() = static_cast<char>(std::toupper(name.front()));
  return name;
}

Error map_error_response(int status, std::string_view body, const Headers& headers) {
  std::string name = error_name(find_header(headers, "x-amzn-errortype"));
  if (name.empty()) name = name_from_body(body);
  Error error = build(status, std::move(name), message_from(body));
  const std::string_view retry_after = trim_blanks(find_header(headers, "retry-after"));
  if (!retry_after.empty() && retry_after.size() <= kMaxRetryAfterBytes &&
      printable_ascii(retry_after)) {
    error.retry_after = std::string(retry_after);
  }
  return error;
}

Error map_stream_exception(std::string_view exception_type, std::string_view payload) {
  std::string name = error_name(exception_type);
  const int status = status_of(name).value_or(502);
  return build(status, std::move(name), message_from(payload));
}

Error map_stream_error_frame(std::string_view error_code, std::string_view error_message) {
  std::string name = error_name(error_code);
  const int status = status_of(name).value_or(502);
  return build(status, std::move(name),
               std::string(json::utf8_prefix(error_message, kMaxMessageBytes)));
}

}  // namespace llmgw::providers::bedrock
