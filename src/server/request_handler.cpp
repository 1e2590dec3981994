#include "server/request_handler.hpp"

#include "dialects/openai/openai_errors.hpp"
#include "pipeline/middleware/request_id/request_id.hpp"
#include "pipeline/middleware/router/router.hpp"
#include "proxy/proxy.hpp"
#include "server/api_router.hpp"
#include "server/models_endpoint.hpp"

namespace llmgw::server {
namespace {

namespace http = boost::beast::http;

// Headers that describe this hop or carry the client's gateway credentials: never
// forwarded upstream, never kept in the context.
bool is_hop_by_hop(std::string_view name) noexcept {
  static constexpr std::string_view kNames[] = {"connection",
                                                "keep-alive",
                                                "proxy-connection",
                                                "proxy-authorization",
                                                "transfer-encoding",
                                                "te",
                                                "trailer",
                                                "upgrade",
                                                "host",
                                                "content-length",
                                                "expect",
                                                "cookie"};
  for (std::string_view hop : kNames) {
    if (iequals(name, hop)) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void take_headers(const HttpRequest& request, RequestContext& ctx) {
  for (const auto& field : request) {
    std::string_view name = field.name_string();
    std::string_view value = field.value();
    if (iequals(name, "authorization")) {
      constexpr std::string_view kBearer = "bearer ";
      if (value.size() > kBearer.size() && iequals(value.substr(0, kBearer.size()), kBearer)) {
        ctx.presented_key = std::string(trim(value.substr(kBearer.size())));
      }
    } else if (iequals(name, "x-api-key")) {
      if (ctx.presented_key.empty()) ctx.presented_key = std::string(trim(value));
    } else if (iequals(name, "x-request-id")) {
      ctx.client_request_id = std::string(value);
    } else if (!is_hop_by_hop(name)) {
      ctx.headers.emplace_back(std::string(name), std::string(value));
    }
  }
}

std::optional<Endpoint> endpoint_for(Route route) {
  switch (route) {
    case Route::chat_completions: return Endpoint::chat_completions;
    case Route::completions: return Endpoint::completions;
    case Route::embeddings: return Endpoint::embeddings;
    case Route::messages: return Endpoint::messages;
    case Route::count_tokens: return Endpoint::count_tokens;
    default: return std::nullopt;
  }
}

boost::asio::awaitable<Outcome> serve_models(RequestContext& ctx, ResponseWriter& writer,
                                             const RouteMatch& match) {
  Headers headers{{"x-request-id", ctx.request_id}};
  if (match.route == Route::models_list) {
    co_await writer.send(200, "application/json", render_model_list(ctx.config(), ctx.principal),
                         headers);
    co_return Outcome{200, {}};
  }
  const config::ModelConfig* model = ctx.snapshot->find_model(match.model_id);
  if (model == nullptr || ctx.principal == nullptr ||
      !pipeline::key_allows_model(*ctx.principal, model->name)) {
    co_return co_await proxy::reply_error(
        ctx, writer,
        Error::not_found("The model '" + dialects::openai::truncate_for_message(match.model_id) +
                             "' does not exist or you do not have access to it.",
                         "model_not_found"));
  }
  co_await writer.send(200, "application/json", render_model(*model), headers);
  co_return Outcome{200, {}};
}

double optional_seconds(const std::optional<TimePoint>& at, TimePoint start) {
  return at ? seconds_between(start, *at) : -1.0;
}

void record(WorkerContext& worker, const RequestContext& ctx, const ResponseWriter& writer,
            const Outcome& outcome) {
  TimePoint end = Clock::now();
  observability::RequestRecord rec;
  rec.request_id = ctx.request_id;
  rec.key_id = ctx.principal ? std::string_view(ctx.principal->id) : std::string_view();
  rec.method = ctx.method;
  rec.path = ctx.path;
  rec.model = ctx.model ? std::string_view(ctx.model->name) : std::string_view();
  if (ctx.deployment != nullptr) {
    rec.provider = ctx.deployment->provider;
    rec.upstream_model = ctx.deployment->upstream_model;
  }
  rec.error_kind = outcome.error ? to_string(outcome.error->kind) : std::string_view();
  rec.status = outcome.status;
  rec.stream = ctx.endpoint.has_value() && ctx.body.stream;
  rec.client_disconnected = ctx.client_disconnected;
  rec.latency_seconds = seconds_between(ctx.timings.start, end);
  rec.ttfb_seconds = optional_seconds(writer.first_byte_time(), ctx.timings.start);
  rec.ttft_seconds = optional_seconds(ctx.timings.first_token, ctx.timings.start);
  double upstream = std::chrono::duration<double>(ctx.timings.upstream_wait).count();
  rec.upstream_seconds = ctx.timings.upstream_called ? upstream : -1.0;
  rec.overhead_seconds = rec.latency_seconds - upstream;
  rec.usage_known = ctx.usage.has_value();
  if (ctx.usage) rec.usage = *ctx.usage;
  rec.bytes_in = ctx.bytes_in;
  rec.bytes_out = writer.bytes_written();
  worker.shared.metrics.request_finished(rec);
  worker.shared.access_log.write(rec);
}

}  // namespace

boost::asio::awaitable<void> handle_request(WorkerContext& worker, ListenerRole role,
                                            const std::shared_ptr<const config::Snapshot>& snapshot,
                                            HttpRequest& request, ResponseWriter& writer) {
  SharedServices& shared = worker.shared;
  const RouteMatch match = match_route(role, request.method_string(), request.target());
  switch (match.route) {
    case Route::healthz:
      co_await writer.send(200, "application/json", R"({"status":"ok"})", {});
      co_return;
    case Route::readyz:
      if (shared.draining.load(std::memory_order_relaxed)) {
        co_await writer.send(503, "application/json", R"({"status":"draining"})", {});
      } else {
        co_await writer.send(200, "application/json", R"({"status":"ready"})", {});
      }
      co_return;
    case Route::metrics:
      shared.metrics.sync_access_log_dropped(shared.access_log.dropped());
      co_await writer.send(200, "text/plain; version=0.0.4; charset=utf-8",
                           shared.metrics.serialize(), {});
      co_return;
    default: break;
  }

  RequestContext ctx;
  ctx.snapshot = snapshot;
  ctx.timings.start = Clock::now();
  ctx.method = std::string(request.method_string());
  ctx.path = std::string(match.template_path);
  ctx.bytes_in = request.body().size();
  ctx.endpoint = endpoint_for(match.route);
  if (ctx.endpoint) ctx.dialect = dialect_of(*ctx.endpoint);
  take_headers(request, ctx);
  shared.metrics.request_started();

  Outcome outcome;
  std::size_t stages_run = 0;
  if (match.route == Route::not_found || match.route == Route::method_not_allowed) {
    ctx.request_id = pipeline::is_acceptable_request_id(ctx.client_request_id)
                         ? ctx.client_request_id
                         : pipeline::generate_request_id();
    std::string what = dialects::openai::truncate_for_message(std::string(request.method_string()) +
                                                              " " + std::string(request.target()));
    if (match.route == Route::not_found) {
      outcome = co_await proxy::reply_error(
          ctx, writer, Error::not_found("Unknown request URL: " + what + ".", "unknown_url"));
    } else {
      Error error = Error::method_not_allowed("Method not allowed: " + what + ". Use " +
                                              std::string(match.allow) + ".");
      Headers headers = dialects::openai::error_headers(error, ctx.request_id);
      headers.emplace_back("Allow", std::string(match.allow));
      co_await writer.send(405, "application/json", to_openai_json(error), headers);
      outcome = Outcome{405, std::move(error)};
    }
  } else {
    ctx.raw_body = std::move(request.body());
    std::optional<Error> reply = co_await shared.chain.run(ctx, stages_run);
    if (reply) {
      outcome = co_await proxy::reply_error(ctx, writer, std::move(*reply));
    } else if (ctx.endpoint) {
      outcome = co_await proxy::forward(ctx, writer, {worker.upstream, shared.metrics});
    } else {
      outcome = co_await serve_models(ctx, writer, match);
    }
  }
  shared.chain.complete(ctx, outcome, stages_run);
  record(worker, ctx, writer, outcome);
}

}  // namespace llmgw::server
