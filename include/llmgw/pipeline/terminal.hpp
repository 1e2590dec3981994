#pragma once
// The end of the pipeline: what answers a request that every stage let through (the proxy).

#include <boost/asio/awaitable.hpp>

#include "llmgw/core/request_context.hpp"
#include "llmgw/server/response_writer.hpp"

namespace llmgw::pipeline {

class Chain;

class Terminal {
 public:
  virtual ~Terminal() = default;
  /// Answers ctx (authenticated, parsed, routed) through `writer`. Never throws: every
  /// failure becomes a client-visible error in ctx's dialect. `events` is non-null when
  /// stages observe canonical stream events: the terminal feeds them through it.
  virtual boost::asio::awaitable<Outcome> forward(RequestContext& ctx,
                                                  server::ResponseWriter& writer,
                                                  const Chain* events) = 0;
};

}  // namespace llmgw::pipeline
