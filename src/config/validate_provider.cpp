#include <algorithm>
#include <array>

#include "config/validate.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMinResponseBytes = 1024;
constexpr std::size_t kMaxResponseBytes = std::size_t{1} << 30;
constexpr std::size_t kMaxIdleConnections = 10'000;
constexpr Millis kMaxTimeout = std::chrono::hours(24);

// Set by the upstream client itself; a config value would corrupt message framing.
constexpr std::array<std::string_view, 9> kFramingHeaders{
    "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade",
    "te",   "trailer",        "proxy-connection"};

// Client headers that may carry the client's gateway key: forwarding them would leak it.
constexpr std::array<std::string_view, 4> kCredentialHeaders{"authorization", "x-api-key",
                                                             "api-key", "proxy-authorization"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view candidate) { return iequals(candidate, name); });
}

bool is_header_value(std::string_view value) {
  return std::none_of(value.begin(), value.end(),
                      [](unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; });
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

void check_timeouts(const UpstreamTimeouts& timeouts, const std::string& path, Diagnostics& diag) {
  const std::pair<std::string_view, Millis> entries[] = {{"connect", timeouts.connect},
                                                         {"first_byte", timeouts.first_byte},
                                                         {"idle", timeouts.idle},
                                                         {"total", timeouts.total}};
  bool in_range = true;
  for (const auto& [key, value] : entries) {
    if (value <= Millis::zero() || value > kMaxTimeout) {
      diag.error(join_path(path, key), "must be greater than 0 and at most 24h");
      in_range = false;
    }
  }
  if (!in_range) return;
  if (timeouts.connect > timeouts.total) {
    diag.error(join_path(path, "connect"), "must not be longer than total");
  }
  if (timeouts.first_byte > timeouts.total) {
    diag.error(join_path(path, "first_byte"), "must not be longer than total");
  }
}

void check_extra_headers(const ProviderConfig& provider, const std::string& path,
                         Diagnostics& diag) {
  for (std::size_t i = 0; i < provider.extra_headers.size(); ++i) {
    const auto& [name, value] = provider.extra_headers[i];
    const auto header_path = join_path(path, name);
    if (!is_header_name(name)) {
      diag.error(header_path, "is not a valid header name");
    } else if (listed(kFramingHeaders, name)) {
      diag.error(header_path, "is set by the gateway and cannot be configured");
    } else if (auto reason = gateway_owned_header(provider, name)) {
      diag.error(header_path, *reason);
    }
    if (!is_header_value(value)) {
      // The value may come from ${VAR}: describe it, never echo it.
      diag.error(header_path, "value contains control characters");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (iequals(provider.extra_headers[j].first, name)) {
        diag.error(header_path, "duplicate header (names are case-insensitive)");
        break;
      }
    }
  }
}

void check_forward_headers(const ProviderConfig& provider, const std::string& path,
                           Diagnostics& diag) {
  for (std::size_t i = 0; i < provider.forward_headers.size(); ++i) {
    const auto& name = provider.forward_headers[i];
    const auto item_path = index_path(path, i);
    if (!is_header_name(name)) {
      diag.error(item_path, "is not a valid header name");
    } else if (listed(kCredentialHeaders, name)) {
      diag.error(item_path, "may carry the client's gateway key and is never forwarded");
    } else if (listed(kFramingHeaders, name)) {
      diag.error(item_path, "is set by the gateway and cannot be forwarded");
    }
  }
}

}  // namespace

bool is_valid_identifier(std::string_view name) {
  constexpr std::size_t kMaxIdentifier = 64;
  if (name.empty() || name.size() > kMaxIdentifier) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

bool is_header_name(std::string_view name) {
  constexpr std::string_view kTokenSymbols = "!#$%&'*+-.^_`|~";
  if (name.empty() || name.size() > 256) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           kTokenSymbols.find(c) != std::string_view::npos;
  });
}

void validate_provider(const ProviderConfig& provider, const std::string& path, Diagnostics& diag) {
  if (!provider.name.empty() && !is_valid_identifier(provider.name)) {
    diag.error(join_path(path, "name"),
               "must be 1-64 characters of letters, digits, '_', '.' and '-'");
  }
  if (provider.max_response_bytes < kMinResponseBytes ||
      provider.max_response_bytes > kMaxResponseBytes) {
    diag.error(join_path(path, "max_response_bytes"), "must be between 1KiB and 1GiB");
  }
  if (provider.max_idle_connections > kMaxIdleConnections) {
    diag.error(join_path(path, "max_idle_connections"),
               "must be at most " + std::to_string(kMaxIdleConnections));
  }
  check_timeouts(provider.timeouts, join_path(path, "timeouts"), diag);
  check_extra_headers(provider, join_path(path, "headers"), diag);
  check_forward_headers(provider, join_path(path, "forward_headers"), diag);
  validate_provider_kind(provider, path, diag);
  if (!provider.origin.tls && !provider.api_key.empty() && !is_loopback(provider.origin.host)) {
    diag.warning(join_path(path, "base_url"),
                 "plain http to a remote host: the API key is sent unencrypted");
  }
  if (provider.origin.tls && !provider.verify_tls) {
    diag.warning(join_path(path, "verify_tls"),
                 "TLS certificate verification is off: traffic can be intercepted");
  }
}

}  // namespace llmgw::config
