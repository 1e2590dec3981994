#pragma once
// Spend records: one per request, handed off after the response and written in the
// background. The request path only ever calls SpendSink::submit, which never waits.

#include <cstdint>
#include <optional>
#include <string>

namespace llmgw::store {

/// What one request consumed and cost. Token counts follow llmgw::Usage: cached and
/// cache-write tokens are inside input_tokens, reasoning tokens inside output_tokens. The
/// sums of all attempts (fallbacks included) of the request.
struct SpendRecord {
  std::string request_id;
  std::string key_id;      ///< Empty for unauthenticated (local development) requests.
  std::string team_id;     ///< Empty when the key has no team.
  std::string model;       ///< The public model name the client asked for.
  std::string deployment;  ///< The deployment that answered (or the last one tried).
  std::string provider;
  std::string endpoint;  ///< e.g. "/v1/chat/completions".
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t cached_tokens = 0;
  std::int64_t cache_write_tokens = 0;
  std::int64_t reasoning_tokens = 0;
  std::optional<std::int64_t> cost_pico;  ///< pico-USD; nullopt when the model has no price.
  std::int64_t latency_ms = 0;
  int status = 0;                  ///< HTTP status sent to the client.
  std::int64_t started_at_ms = 0;  ///< Unix time in milliseconds (UTC).
};

/// Where the request path hands spend records. Implementations are thread-safe: every
/// worker submits to one sink.
class SpendSink {
 public:
  virtual ~SpendSink() = default;

  /// Queues `record` for writing. Never blocks and never throws: when the queue is full (the
  /// store is slower than the traffic, or failing), the record is dropped, counted in
  /// dropped(), and false is returned; true means it will be written or, at worst, counted
  /// as lost by the implementation (a store that stays down through shutdown).
  /// Call from any thread; the record is moved from only when accepted.
  virtual bool submit(SpendRecord&& record) noexcept = 0;

  /// Records refused by submit() since start: the value of a "dropped" counter metric.
  virtual std::uint64_t dropped() const noexcept = 0;
};

}  // namespace llmgw::store
