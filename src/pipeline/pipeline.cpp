#include "llmgw/pipeline/pipeline.hpp"

#include "llmgw/pipeline/reply.hpp"
#include "pipeline/observing_writer.hpp"

namespace llmgw::pipeline {

boost::asio::awaitable<Outcome> Pipeline::serve(RequestContext& ctx,
                                                server::ResponseWriter& writer) const {
  std::size_t ran = 0;
  std::optional<LocalReply> reply = co_await chain_.run(ctx, ran);
  // One coroutine for the whole request: the observing writer, when some stage asked for it,
  // sits in this frame rather than in a frame of its own.
  std::optional<ObservingWriter> observed;
  server::ResponseWriter& out =
      chain_.observes_writes() ? observed.emplace(writer, chain_, ctx, ran) : writer;
  Outcome outcome;
  if (reply) {
    outcome = co_await send_local_reply(ctx, out, *reply);
  } else {
    outcome = co_await terminal_.forward(ctx, out, chain_.observes_events() ? &chain_ : nullptr);
  }
  co_await chain_.complete(ctx, outcome, ran);
  co_return outcome;
}

}  // namespace llmgw::pipeline
