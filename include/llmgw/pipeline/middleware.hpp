#pragma once
// A pipeline stage. Stages are immutable and shared by every request on every worker;
// per-request state lives in RequestContext.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string_view>

#include "llmgw/core/error.hpp"
#include "llmgw/core/request_context.hpp"

namespace llmgw::pipeline {

/// What a stage decided: continue to the next stage, or answer now with an error.
struct Decision {
  std::optional<Error> reply;
  static Decision next() { return {}; }
  static Decision local_reply(Error error) { return Decision{std::move(error)}; }
  bool proceeds() const noexcept { return !reply.has_value(); }
};

class Middleware {
 public:
  virtual ~Middleware() = default;
  /// Short stable name for logs and docs.
  virtual std::string_view name() const noexcept = 0;
  /// Runs on the request's worker thread. May suspend (e.g. on a store), must not block.
  /// Writes only the RequestContext fields this stage owns.
  virtual boost::asio::awaitable<Decision> on_request(RequestContext& ctx) const = 0;
  /// Called exactly once per request for every stage whose on_request ran, in reverse
  /// order, after the response finished (also on errors and client disconnects).
  virtual void on_complete(RequestContext& /*ctx*/, const Outcome& /*outcome*/) const noexcept {}
};

}  // namespace llmgw::pipeline
