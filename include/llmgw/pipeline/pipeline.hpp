#pragma once
// One request through one worker's pipeline: the stages, then a stage's local reply or the
// terminal, with the response-side hooks the stages asked for, then every stage's
// completion. The server builds the RequestContext and calls serve(); nothing else.

#include <boost/asio/awaitable.hpp>

#include "llmgw/pipeline/chain.hpp"
#include "llmgw/pipeline/terminal.hpp"
#include "llmgw/server/response_writer.hpp"

namespace llmgw::pipeline {

class Pipeline {
 public:
  /// Both outlive the pipeline (app/ owns them, one set per worker).
  Pipeline(const Chain& chain, Terminal& terminal) noexcept : chain_(chain), terminal_(terminal) {}

  /// Writes the whole response to `writer`, then awaits every completion hook. Never throws.
  boost::asio::awaitable<Outcome> serve(RequestContext& ctx, server::ResponseWriter& writer) const;

  const Chain& chain() const noexcept { return chain_; }

 private:
  const Chain& chain_;
  Terminal& terminal_;
};

}  // namespace llmgw::pipeline
