#pragma once
// The typed, validated configuration. Plain structs: no yaml-cpp types leak past the loader.
// A Config is immutable once built and shared as std::shared_ptr<const Config>; a reload
// builds a new one and swaps the pointer, requests keep the snapshot they started with.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "llmgw/config/governance.hpp"
#include "llmgw/config/pricing.hpp"

namespace llmgw::config {

using Millis = std::chrono::milliseconds;

/// host:port. `host` is an IP literal or name; port 0 asks the OS for a free port.
struct ListenAddress {
  std::string host = "127.0.0.1";  ///< An IP literal; IPv6 without brackets.
  std::uint16_t port = 8080;
};

struct TlsConfig {
  std::string cert_file;  ///< PEM certificate chain; TLS is on when both files are set.
  std::string key_file;   ///< PEM private key.
  bool enabled() const noexcept { return !cert_file.empty() && !key_file.empty(); }
};

struct ServerLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  std::size_t max_connections = 10000;  ///< Across all workers; extra connections are closed.
};

struct ServerTimeouts {
  Millis header_read{10'000};      ///< Request line + headers of a new request.
  Millis body_read{30'000};        ///< The rest of a request body once headers are in.
  Millis idle_keep_alive{60'000};  ///< Between requests on a kept-alive connection.
  Millis write{30'000};            ///< One write to a client that stopped reading.
  Millis drain{30'000};            ///< SIGTERM: how long in-flight requests may finish.
};

struct ServerConfig {
  ListenAddress listen;
  unsigned workers = 0;  ///< 0: one per hardware thread.
  /// How long a worker keeps polling for events after its last one before it sleeps in
  /// epoll_wait; 0 (the default) never polls. Trades CPU for the wake-up latency of a thread
  /// (or virtual CPU) that went idle between requests.
  unsigned busy_poll_us = 0;
  /// Seeds each worker's routing randomness (worker i gets seed + i) so a weighted split can
  /// be replayed; 0 (the default) seeds from the system's random device.
  std::uint64_t random_seed = 0;
  TlsConfig tls;
  ServerLimits limits;
  ServerTimeouts timeouts;
};

enum class ProviderKind { openai, openai_compatible, anthropic, gemini, azure_openai, bedrock };

/// The YAML spelling of a kind ("azure_openai"), for messages and /debug output.
std::string_view to_string(ProviderKind kind) noexcept;

/// `anthropic:` section of an anthropic provider.
struct AnthropicSettings {
  std::string version = "2023-06-01";  ///< anthropic-version header.
};

/// `gemini:` section of a gemini provider. The Generative Language API authenticates with
/// api_key (x-goog-api-key); Vertex AI with api_key used as a bearer token (an OAuth access
/// token from env or file), on {base_url}/v1/projects/{project}/locations/{location}/...
struct GeminiSettings {
  bool vertex = false;
  std::string project;   ///< Vertex only.
  std::string location;  ///< Vertex only, e.g. "us-central1" or "global".
};

/// `azure:` section of an azure_openai provider.
struct AzureSettings {
  /// Deployment routes /openai/deployments/{upstream_model}/...?api-version=...;
  /// with v1_routes, /openai/v1/... with the model in the body and no api-version.
  bool v1_routes = false;
  std::string api_version = "2024-10-21";
  bool bearer_auth = false;  ///< Authorization: Bearer (Entra ID token) instead of api-key.
};

/// `bedrock:` section of a bedrock provider. Static credentials (secrets, from env or file).
struct BedrockSettings {
  std::string region;             ///< e.g. "us-east-1"; also the SigV4 scope.
  std::string access_key_id;      ///< Secret: never printed.
  std::string secret_access_key;  ///< Secret: never printed.
  std::string session_token;      ///< Secret; empty for long-term keys.
};

struct UpstreamTimeouts {
  Millis connect{5'000};      ///< DNS + TCP connect + TLS handshake.
  Millis first_byte{60'000};  ///< From request sent to response headers.
  Millis idle{60'000};        ///< Between two reads of the response body.
  Millis total{600'000};      ///< Whole exchange.
};

/// Where a provider lives, split once at load time so the request path never parses URLs.
struct UpstreamOrigin {
  bool tls = true;
  std::string host;  ///< Lower case; an IPv6 literal without brackets (bracket it for Host:).
  std::uint16_t port = 443;
  std::string base_path;  ///< e.g. "/v1", no trailing slash.
};

struct ProviderConfig {
  std::string name;
  ProviderKind kind = ProviderKind::openai;
  std::string base_url;  ///< As written, for display.
  UpstreamOrigin origin;
  std::string api_key;  ///< Resolved secret; empty when none. Never printed or logged.
  bool enabled = true;
  std::string
      disabled_reason;  ///< Why enabled is false (names the env var or file, never a value).
  std::vector<std::pair<std::string, std::string>> extra_headers;  ///< Sent on every request.
  /// Names in extra_headers whose value came from ${VAR}: treated as secrets, never printed.
  std::vector<std::string> secret_headers;
  std::vector<std::string> forward_headers;  ///< Client headers passed on, besides the defaults.
  UpstreamTimeouts timeouts;
  std::size_t max_response_bytes = 64 * 1024 * 1024;
  bool stream_usage =
      true;  ///< Ask for stream_options.include_usage; off for servers that reject it.
  std::size_t max_idle_connections = 64;  ///< Per worker.
  bool verify_tls = true;
  AnthropicSettings anthropic;  ///< kind anthropic only.
  GeminiSettings gemini;        ///< kind gemini only.
  AzureSettings azure;          ///< kind azure_openai only.
  BedrockSettings bedrock;      ///< kind bedrock only.
};

/// How a model orders its deployments for each request (`routing.strategy`).
enum class RoutingStrategy {
  ordered,          ///< As listed (within each priority tier): the first that works answers.
  weighted,         ///< Seeded random by weight within the best tier that has a candidate.
  least_in_flight,  ///< Power of two choices over this worker's in-flight count.
};

/// The YAML spelling ("least_in_flight").
std::string_view to_string(RoutingStrategy strategy) noexcept;

/// Which failures are retried on the same deployment (`routing.retry.on`). Any other 4xx is
/// never retried; a retryable failure that is not retried moves on to the next deployment.
struct RetryOn {
  bool connect = true;       ///< DNS, connect or TLS failure.
  bool reset = true;         ///< The connection broke or the answer was cut short.
  bool timeout = true;       ///< An upstream deadline passed.
  bool rate_limited = true;  ///< 429 from the provider.
  bool server_error = true;  ///< 5xx from the provider.
};

struct RetryPolicy {
  unsigned max_retries = 0;  ///< On the same deployment before moving on; 0: never.
  RetryOn on;
  Millis base_backoff{100};  ///< Full jitter: a wait in [0, min(max, base * 2^retry)).
  Millis max_backoff{2'000};
  /// A Retry-After (or x-ratelimit-reset-*) longer than this moves on instead of waiting.
  Millis max_retry_after{10'000};
  /// Token bucket per deployment: each request adds budget_percent / 100 of a token, each
  /// retry takes one, the bucket holds budget_burst (and starts full).
  unsigned budget_percent = 20;
  unsigned budget_burst = 10;
};

/// Per deployment and per worker (`routing.breaker`).
struct BreakerPolicy {
  bool enabled = false;
  unsigned consecutive_failures = 5;  ///< Opens after this many failures in a row.
  unsigned error_rate_percent = 50;   ///< Or when this share of the window failed...
  unsigned min_requests = 20;         ///< ...and the window saw at least this many.
  Millis window{10'000};              ///< The error-rate window.
  Millis cooldown{30'000};            ///< Open this long, then half-open.
  unsigned half_open_probes = 1;      ///< Requests let through while half-open.
};

struct RoutingConfig {
  RoutingStrategy strategy = RoutingStrategy::ordered;
  /// The request's total deadline across attempts and backoff waits (0: none beyond the
  /// providers' own timeouts). No retry or wait starts that would end past it.
  Millis timeout{0};
  RetryPolicy retry;
  BreakerPolicy breaker;
};

struct Deployment {
  /// Stable name within its model: keys its breaker, retry budget and in-flight count, and
  /// is what x-llmgw-deployment shows. Default "provider/upstream_model".
  std::string id;
  std::string provider;                ///< ProviderConfig::name.
  std::size_t provider_index = 0;      ///< Index into Config::providers, resolved by validation.
  std::string upstream_model;          ///< Model name sent upstream.
  std::uint32_t weight = 1;            ///< Share of traffic under `weighted` (0: only as fallback).
  std::uint32_t priority = 0;          ///< Tier: lower tiers are tried first.
  std::int64_t context_window = 0;     ///< Prompt + output tokens it holds; 0: unknown.
  std::int64_t max_output_tokens = 0;  ///< Largest max_tokens it accepts; 0: unknown.
  /// "model\nid": the key of this deployment's per-worker state (set by validation).
  std::string state_key;
};

struct ModelConfig {
  std::string name;                     ///< Public name clients send as `model`.
  std::vector<Deployment> deployments;  ///< Sorted by priority (stable) by validation.
  std::int64_t created = 0;             ///< Reported by /v1/models.
  std::string owned_by = "llmgw";
  /// Parameters a deployment's provider cannot honour are dropped instead of a 400.
  bool drop_unsupported = false;
  /// max_tokens sent when the client gives none and the provider requires one (Anthropic,
  /// Bedrock); 0 means the adapter's default (4096).
  std::int64_t default_max_tokens = 0;
  /// Teams need an approved access request before their keys may call it.
  bool approval_required = false;
  RateLimits limits;  ///< Across every caller of this model.
  RoutingConfig routing;
  /// Set by validation: some routing feature needs per-deployment state (a strategy other
  /// than ordered, retries or a breaker). False keeps the request path free of look-ups.
  bool stateful_routing = false;
  /// Set by validation: some deployment declares context_window or max_output_tokens.
  bool preflight = false;
};

using Sha256 = std::array<std::uint8_t, 32>;

struct KeyConfig {
  std::string id;          ///< Shown in logs and metrics; never the secret.
  Sha256 secret_sha256{};  ///< Only the hash is kept in memory.
  bool enabled = true;     ///< False when the secret's env var or file is missing.
  std::string disabled_reason;
  std::vector<std::string> allowed_models;  ///< Empty: all models.
  std::string team;                         ///< Empty: no team (the key's own limits only).
  KeyRole role = KeyRole::user;
  RateLimits limits;  ///< Narrower than the team's, or unset (the team's apply).
  /// Per key and model: the same ceilings for each model the key calls.
  RateLimits per_model_limits;
  BudgetConfig budget;
  /// Unix seconds after which the key is refused; 0: never expires.
  std::int64_t expires_at = 0;
  Tags tags;
};

/// The admin API's own listener (`admin:`), off unless configured. Its platform admin key is
/// kept only as a SHA-256, like every key; team-admin keys reach it with their own secrets.
struct AdminConfig {
  bool enabled = false;
  ListenAddress listen{"127.0.0.1", 9465};
  Sha256 key_sha256{};
  bool key_enabled = false;  ///< False when no key is set or its variable or file is missing.
  std::size_t max_body_bytes = 64 * 1024;  ///< Larger admin requests get 413.
};

enum class LogFormat { json, text };

struct LoggingConfig {
  std::string level = "info";  ///< trace, debug, info, warn, error, critical, off.
  LogFormat format = LogFormat::json;
  bool access_log = true;
  std::string access_log_file;    ///< Empty: stdout.
  std::size_t queue_size = 8192;  ///< Bounded async queue; overflow drops the oldest line.
};

struct MetricsConfig {
  bool enabled = true;
  ListenAddress listen{"127.0.0.1", 9464};  ///< Dedicated metrics listener.
};

struct Config {
  std::string source_file;
  ServerConfig server;
  std::vector<ProviderConfig> providers;
  std::vector<ModelConfig> models;
  std::vector<KeyConfig> keys;
  std::vector<TeamConfig> teams;
  RateLimits limits;  ///< The global scope: every request through this gateway.
  UnauthenticatedConfig unauthenticated;
  StateConfig state;
  LoggingConfig logging;
  MetricsConfig metrics;
  PricingConfig pricing;
  AdminConfig admin;

  const ModelConfig* find_model(std::string_view name) const noexcept;
  const TeamConfig* find_team(std::string_view id) const noexcept;
};

}  // namespace llmgw::config
