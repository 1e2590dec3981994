#pragma once
// Writing answers the gateway gives itself: errors in the client's dialect and stages'
// local replies. Shared by the pipeline, the proxy and the server's own routes.

#include <boost/asio/awaitable.hpp>

#include "llmgw/core/request_context.hpp"
#include "llmgw/pipeline/middleware.hpp"
#include "llmgw/server/response_writer.hpp"

namespace llmgw::pipeline {

/// No extra headers (a named object: a default argument's temporary would be destroyed early
/// by GCC 12 inside the caller's co_await).
inline const Headers kNoExtraHeaders{};

/// Writes `error` as a whole response in ctx's dialect (status, body, x-request-id,
/// Retry-After). `extra` headers follow the dialect's. A client that is gone is noted in ctx.
boost::asio::awaitable<Outcome> send_error(RequestContext& ctx, server::ResponseWriter& writer,
                                           const Error& error,
                                           const Headers& extra = kNoExtraHeaders);

/// Writes a stage's answer: an error in ctx's dialect, a whole body, or a replayed stream
/// (an error from the source after the first piece is not possible: sources own their bytes).
boost::asio::awaitable<Outcome> send_local_reply(RequestContext& ctx,
                                                 server::ResponseWriter& writer, LocalReply& reply);

}  // namespace llmgw::pipeline
