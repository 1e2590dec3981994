#pragma once
// A pipeline stage. Stages are immutable and shared by every request of the worker that
// built them (app/ builds one chain per worker, so a stage may hold that worker's services:
// a Redis connection, a cache shard). Per-request state lives in RequestContext.
//
// Request side: on_request() in chain order until a stage answers (Decision::respond/fail).
// Response side, only for stages whose needs() asked, in reverse order, among the stages that
// ran: on_head() once, on_bytes() for every client-bound body piece, on_event() for every
// canonical stream event. Then on_complete() for every stage that ran, in reverse order,
// awaited before the connection serves its next request (so drain waits for it too).

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "llmgw/canonical/stream_event.hpp"
#include "llmgw/core/error.hpp"
#include "llmgw/core/http_types.hpp"
#include "llmgw/core/request_context.hpp"

namespace llmgw::pipeline {

/// What a stage pays for on the response side; decided once, when the chain is built.
/// A chain whose stages need nothing keeps the byte fast path exactly as it is.
enum class Needs : unsigned {
  nothing = 0,
  head = 1,    ///< on_head: the response status and the stage-visible headers.
  bytes = 2,   ///< on_bytes: every client-bound body byte (what a cache stores).
  events = 4,  ///< on_event: canonical stream events (the fast path decodes them on the side).
  canonical_path = 8,  ///< Every request's answer goes through canonical events (rewrites).
};

constexpr Needs operator|(Needs a, Needs b) noexcept {
  return static_cast<Needs>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr bool has(Needs set, Needs flag) noexcept {
  return (static_cast<unsigned>(set) & static_cast<unsigned>(flag)) != 0;
}

/// Produces the body of a streamed local reply piece by piece: a cache replaying a stored
/// stream, an endpoint the gateway answers itself. Owned by the reply; used on the request's
/// worker only.
class ReplaySource {
 public:
  virtual ~ReplaySource() = default;
  /// The next piece (whole SSE events in the client's dialect), or nullopt at the end.
  virtual boost::asio::awaitable<std::optional<std::string>> next() = 0;
};

/// An answer given by a stage instead of the provider.
struct LocalReply {
  int status = 200;
  Headers headers;  ///< Added after the gateway's own (x-request-id is always sent).
  std::string content_type = "application/json";
  std::string body;                      ///< A whole body (ignored when `stream` is set).
  std::unique_ptr<ReplaySource> stream;  ///< A chunked text/event-stream body.
  /// An error reply: status, body and headers come from the client's dialect.
  std::optional<Error> error;

  static LocalReply json(int status, std::string body, Headers headers = {});
  static LocalReply event_stream(std::unique_ptr<ReplaySource> source, Headers headers = {});
  static LocalReply failure(Error error);
};

/// What a stage decided: go on to the next stage, or answer now.
struct Decision {
  std::optional<LocalReply> reply;

  static Decision next() { return {}; }
  static Decision respond(LocalReply reply) { return Decision{std::move(reply)}; }
  static Decision fail(Error error) { return respond(LocalReply::failure(std::move(error))); }
  bool proceeds() const noexcept { return !reply.has_value(); }
};

/// What an event hook decided about one canonical event.
struct Verdict {
  std::optional<Error> stop;  ///< End the stream with this error (in the client's dialect).
  static Verdict pass() { return {}; }
  static Verdict block(Error error) { return Verdict{std::move(error)}; }
};

class Middleware {
 public:
  virtual ~Middleware() = default;

  /// Short stable name for logs, docs and the chain-order test.
  virtual std::string_view name() const noexcept = 0;

  /// The response-side hooks this stage uses; asked once when the chain is built.
  virtual Needs needs() const noexcept { return Needs::nothing; }

  /// Runs on the request's worker thread. May suspend (e.g. on a store), must not block,
  /// and must bound every wait. Writes only the RequestContext fields this stage owns.
  virtual boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const = 0;

  /// The response head as the client will get it (Needs::head). `headers` are those added
  /// by the gateway's handlers (framing headers are the writer's).
  virtual void on_head(RequestContext& /*ctx*/, int /*status*/,
                       const Headers& /*headers*/) const noexcept {}

  /// The next piece of the client-bound body (Needs::bytes): a whole body, or one or more
  /// whole SSE events of a stream, exactly as written. Valid only during the call.
  virtual void on_bytes(RequestContext& /*ctx*/, std::string_view /*piece*/) const noexcept {}

  /// One canonical stream event (Needs::events). A stage that also declared
  /// Needs::canonical_path may rewrite the event's text; on the fast path the event is a
  /// decoded copy and rewrites do not reach the client. Block ends the stream with an error.
  virtual Verdict on_event(RequestContext& /*ctx*/, canonical::StreamEvent& /*event*/) const {
    return Verdict::pass();
  }

  /// Once per request for every stage whose on_request ran, in reverse order, after the
  /// response was written (also after errors and client disconnects). Sees the outcome and,
  /// through ctx, usage, timings and every attempt. Must bound its waits: the drain deadline
  /// aborts the connection but waits for this to return.
  virtual boost::asio::awaitable<void> on_complete(RequestContext& /*ctx*/,
                                                   const Outcome& /*outcome*/) const {
    co_return;
  }
};

}  // namespace llmgw::pipeline
