#pragma once
// Per-request state, on the session coroutine's frame. Each field has one writer, named
// in its comment; everything else only reads it.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "llmgw/config/snapshot.hpp"
#include "llmgw/core/cancel_signal.hpp"
#include "llmgw/core/clock.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/core/request_body.hpp"
#include "llmgw/core/usage.hpp"

namespace llmgw {

struct RequestTimings {
  TimePoint start{};                     ///< Request fully read (session).
  std::optional<TimePoint> first_byte;   ///< First response byte written (response writer).
  std::optional<TimePoint> first_token;  ///< First content delta relayed (proxy).
  Clock::duration upstream_wait{};       ///< Time spent awaiting the upstream (proxy).
  bool upstream_called = false;          ///< (proxy)
};

struct RequestContext {
  // Session: set before the pipeline runs.
  std::shared_ptr<const config::Snapshot> snapshot;
  std::optional<Endpoint> endpoint;   ///< Set for inference endpoints; nullopt for info ones.
  Dialect dialect = Dialect::openai;  ///< Shape of every answer, errors included.
  std::string path;                   ///< Route template for metrics/logs.
  std::string method;
  Headers headers;                ///< Client headers minus credentials and hop-by-hop ones.
  std::string presented_key;      ///< From Authorization: Bearer or x-api-key; auth clears it.
  std::string client_request_id;  ///< x-request-id as sent by the client, if any.
  std::string raw_body;           ///< Moved into `body` by the body parser stage.
  std::uint64_t bytes_in = 0;

  // parse_body middleware.
  RequestBody body;

  // request_id middleware.
  std::string request_id;
  // auth middleware.
  const config::KeyConfig* principal = nullptr;
  // router middleware: the public model and the deployments to try, in order.
  const config::ModelConfig* model = nullptr;
  std::vector<const config::Deployment*> route;

  // proxy.
  const config::Deployment* deployment = nullptr;  ///< The one that answered (or last tried).
  std::optional<Usage> usage;
  RequestTimings timings;
  std::uint64_t bytes_out = 0;
  bool client_disconnected = false;

  /// Emitted when the client goes away or the drain deadline passes; aborts upstream I/O.
  CancelSignal cancel;

  const config::Config& config() const noexcept { return snapshot->config(); }
};

/// How a request ended, given to every middleware's on_complete().
struct Outcome {
  int status = 0;
  std::optional<Error> error;
};

}  // namespace llmgw
