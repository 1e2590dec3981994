#pragma once

#include <cstdint>
#include <string_view>

#include "llmgw/core/usage.hpp"

namespace llmgw::observability {

/// Everything recorded about one finished request. Views point into the request's context
/// and are valid only during the call they are passed to. Never holds keys or bodies.
struct RequestRecord {
  std::string_view request_id;
  std::string_view key_id;  ///< Empty when unauthenticated.
  std::string_view method;
  std::string_view path;      ///< Route template for metrics, e.g. "/v1/chat/completions".
  std::string_view model;     ///< Public model name; empty if none resolved.
  std::string_view provider;  ///< Provider name of the deployment used; empty if none.
  std::string_view upstream_model;
  std::string_view deployment;  ///< Deployment id that answered (or was tried last).
  bool fallback = false;        ///< Another deployment than the plan's first answered.
  std::string_view error_kind;  ///< to_string(ErrorKind), empty on success.
  int status = 0;
  bool stream = false;
  bool client_disconnected = false;
  double latency_seconds = 0;    ///< Request fully read → response finished.
  double ttfb_seconds = -1;      ///< → first response byte to the client; -1 if none.
  double ttft_seconds = -1;      ///< → first content token (streams); -1 if none.
  double upstream_seconds = -1;  ///< Time spent waiting on upstream; -1 if not called.
  double overhead_seconds = 0;   ///< latency − upstream wait.
  bool usage_known = false;
  Usage usage;  ///< The answering attempt's.
  /// Every attempt's cost in decimal USD ("0.0012345"); empty when unknown (unpriced model,
  /// stream cut short before its usage).
  std::string_view cost_usd;
  std::int64_t cost_pico_usd = -1;  ///< The same in pico-USD; -1 when unknown.
  std::size_t attempts = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
};

}  // namespace llmgw::observability
