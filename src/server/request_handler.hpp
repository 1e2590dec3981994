#pragma once
// Turns one parsed HTTP request into one response: builds the RequestContext, runs the
// pipeline and the proxy (or a local endpoint) and records metrics and the access log.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "llmgw/server/response_writer.hpp"
#include "server/worker_context.hpp"

namespace llmgw::server {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;

/// `snapshot` is the config the session read this request with (taken by reference: GCC 12
/// mishandles by-value class parameters of coroutines); the request keeps a copy to the end.
boost::asio::awaitable<void> handle_request(WorkerContext& worker, ListenerRole role,
                                            const std::shared_ptr<const config::Snapshot>& snapshot,
                                            HttpRequest& request, ResponseWriter& writer);

}  // namespace llmgw::server
