#include "llmgw/pipeline/reply.hpp"

#include "llmgw/dialects/client_dialect.hpp"

namespace llmgw::pipeline {

LocalReply LocalReply::json(int status, std::string body, Headers headers) {
  LocalReply reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.headers = std::move(headers);
  return reply;
}

LocalReply LocalReply::event_stream(std::unique_ptr<ReplaySource> source, Headers headers) {
  LocalReply reply;
  reply.stream = std::move(source);
  reply.headers = std::move(headers);
  return reply;
}

LocalReply LocalReply::failure(Error error) {
  LocalReply reply;
  reply.status = error.http_status;
  reply.error = std::move(error);
  return reply;
}

boost::asio::awaitable<Outcome> send_error(RequestContext& ctx, server::ResponseWriter& writer,
                                           const Error& error, const Headers& extra) {
  const int status = error.http_status;
  std::string body = ctx.dialect->error_body(error);
  Headers headers = ctx.dialect->error_headers(error, ctx.request_id);
  headers.insert(headers.end(), ctx.response_headers.begin(), ctx.response_headers.end());
  headers.insert(headers.end(), extra.begin(), extra.end());
  const bool delivered = co_await writer.send(status, "application/json", std::move(body), headers,
                                              ctx.formatted_headers.lines());
  if (!delivered) ctx.client_disconnected = true;
  co_return Outcome{status, error};
}

boost::asio::awaitable<Outcome> send_local_reply(RequestContext& ctx,
                                                 server::ResponseWriter& writer,
                                                 LocalReply& reply) {
  if (reply.error) co_return co_await send_error(ctx, writer, *reply.error, reply.headers);
  Headers headers{{"x-request-id", ctx.request_id}};
  headers.insert(headers.end(), ctx.response_headers.begin(), ctx.response_headers.end());
  headers.insert(headers.end(), reply.headers.begin(), reply.headers.end());
  bool delivered = true;
  if (reply.stream) {
    delivered = co_await writer.begin_stream(reply.status, headers, ctx.formatted_headers.lines());
    while (delivered) {
      std::optional<std::string> piece = co_await reply.stream->next();
      if (!piece) break;
      delivered = co_await writer.send_chunk(*piece);
    }
    if (delivered) delivered = co_await writer.end_stream();
  } else {
    delivered = co_await writer.send(reply.status, reply.content_type, std::move(reply.body),
                                     headers, ctx.formatted_headers.lines());
  }
  if (!delivered) {
    ctx.client_disconnected = true;
    co_return Outcome{499, Error::invalid_request("client closed the connection")};
  }
  co_return Outcome{reply.status, {}};
}

}  // namespace llmgw::pipeline
