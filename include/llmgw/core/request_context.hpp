#pragma once
// Per-request state, on the session coroutine's frame. Each field has one writer, named
// in its comment; everything else only reads it.

#include <boost/container/small_vector.hpp>
#include <memory>
#include <optional>
#include <string>

#include "llmgw/canonical/chat.hpp"
#include "llmgw/config/snapshot.hpp"
#include "llmgw/core/cancel_signal.hpp"
#include "llmgw/core/clock.hpp"
#include "llmgw/core/endpoint.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/core/request_body.hpp"
#include "llmgw/core/usage.hpp"
#include "llmgw/governance/cost.hpp"

namespace llmgw {

namespace dialects {
class ClientDialect;
}
namespace governance {
class KeyIndex;
}

struct RequestTimings {
  TimePoint start{};                     ///< Request fully read (session).
  std::optional<TimePoint> first_byte;   ///< First response byte written (response writer).
  std::optional<TimePoint> first_token;  ///< First content delta relayed (proxy).
  Clock::duration upstream_wait{};       ///< Time spent awaiting the upstream (proxy).
  bool upstream_called = false;          ///< (proxy)
};

/// One try against one deployment (proxy). Failed attempts before the first byte are
/// followed by the next deployment; usage is what that attempt consumed, when reported.
struct AttemptRecord {
  const config::Deployment* deployment = nullptr;
  int status = 0;                  ///< Final status of the attempt; 0 when none arrived.
  std::optional<ErrorKind> error;  ///< Why it failed, if it did.
  std::optional<Usage> usage;
  /// What the attempt cost at its deployment's price: nullopt when the deployment is
  /// unpriced and it consumed tokens (unknown, not zero).
  std::optional<governance::Cost> cost;
  TimePoint start{};
  TimePoint end{};
};

/// State a stage keeps from on_request to on_complete (a limits reservation). Owned by the
/// context, so it dies with the request whatever the path.
class StageState {
 public:
  virtual ~StageState() = default;
};

struct RequestContext {
  // Session: set before the pipeline runs.
  std::shared_ptr<const config::Snapshot> snapshot;
  Endpoint endpoint = Endpoint::chat_completions;
  /// The client's dialect: the shape of every answer, errors included (never null once the
  /// server built the context).
  const dialects::ClientDialect* dialect = nullptr;
  std::string path;  ///< Route template for metrics/logs.
  std::string method;
  Headers headers;                ///< Client headers minus credentials and hop-by-hop ones.
  std::string presented_key;      ///< From Authorization: Bearer or x-api-key; auth clears it.
  std::string client_request_id;  ///< x-request-id as sent by the client, if any.
  std::string model_id;           ///< GET /v1/models/{id}: the decoded {id}.
  std::string raw_body;           ///< Moved into `body` by the body parser stage.
  std::uint64_t bytes_in = 0;

  // parse_body stage.
  RequestBody body;

  // request_id stage.
  std::string request_id;
  // auth stage.
  const config::KeyConfig* principal = nullptr;
  const config::TeamConfig* team = nullptr;  ///< The principal's team, if it has one.
  /// The admin API's key index the principal (or its team) was found in; keeps them alive.
  std::shared_ptr<const governance::KeyIndex> key_index;
  // router stage: the public model and the deployments to try, in order.
  const config::ModelConfig* model = nullptr;
  std::vector<const config::Deployment*> route;

  /// Headers every answer to this request carries (proxied or local, success or error), after
  /// the gateway's own. Any stage may append in on_request (rate-limit state, a version).
  Headers response_headers;
  /// The same for header lines the gateway formats itself (rate-limit state, cost): cheaper
  /// than response_headers, for constant names and values the gateway wrote.
  FormattedHeaders formatted_headers;

  /// Any stage whose output must be rewritten sets this: the same-dialect fast path is then
  /// given up for this request and its answer goes through canonical events.
  bool canonical_path = false;

  // proxy.
  const config::Deployment* deployment = nullptr;  ///< The one that answered (or last tried).
  std::optional<Usage> usage;
  RequestTimings timings;
  /// One inline: most requests make one attempt, and the context sits in every open
  /// stream's coroutine frame.
  boost::container::small_vector<AttemptRecord, 1> attempts;
  bool fallback = false;  ///< Another deployment than route[0] answered or was tried last.
  bool client_disconnected = false;

  // limits stage: its reservation, settled on completion.
  std::unique_ptr<StageState> limits_state;

  /// Emitted when the client goes away or the drain deadline passes; aborts upstream I/O.
  CancelSignal cancel;

  const config::Config& config() const noexcept { return snapshot->config(); }

  /// The chat request in canonical form, parsed from body.raw by the client's dialect on
  /// first use and kept (so a stage and every translated attempt share one parse). Only for
  /// chat endpoints after parse_body; the parse error is returned (and kept) otherwise.
  Result<canonical::ChatRequest*> chat_request();

  /// A stage that edited *chat_request() calls this: the proxy then re-encodes the request
  /// from the canonical form instead of forwarding (or splicing) the client's bytes.
  void mark_body_modified() noexcept { body_modified_ = true; }
  bool body_modified() const noexcept { return body_modified_; }

  /// Whether this request may forward the client's bytes to a provider of dialect `native`.
  bool may_take_fast_path(std::optional<Dialect> native) const noexcept;

 private:
  std::unique_ptr<canonical::ChatRequest> chat_;
  std::shared_ptr<const Error> chat_error_;
  bool body_modified_ = false;
};

/// How a request ended, given to every stage's on_complete().
struct Outcome {
  int status = 0;
  std::optional<Error> error;
};

}  // namespace llmgw
