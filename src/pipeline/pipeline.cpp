#include "llmgw/pipeline/pipeline.hpp"

#include "llmgw/pipeline/reply.hpp"
#include "pipeline/observing_writer.hpp"

namespace llmgw::pipeline {

boost::asio::awaitable<Outcome> Pipeline::respond(RequestContext& ctx,
                                                  server::ResponseWriter& writer,
                                                  std::optional<LocalReply>& reply) const {
  if (reply) co_return co_await send_local_reply(ctx, writer, *reply);
  co_return co_await terminal_.forward(ctx, writer, chain_.observes_events() ? &chain_ : nullptr);
}

boost::asio::awaitable<Outcome> Pipeline::serve(RequestContext& ctx,
                                                server::ResponseWriter& writer) const {
  std::size_t ran = 0;
  std::optional<LocalReply> reply = co_await chain_.run(ctx, ran);
  Outcome outcome;
  if (chain_.observes_writes()) {
    ObservingWriter observed(writer, chain_, ctx, ran);
    outcome = co_await respond(ctx, observed, reply);
  } else {
    outcome = co_await respond(ctx, writer, reply);
  }
  co_await chain_.complete(ctx, outcome, ran);
  co_return outcome;
}

}  // namespace llmgw::pipeline
