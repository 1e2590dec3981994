#include "server/request_handler.hpp"

#include "llmgw/core/request_id.hpp"
#include "llmgw/core/text.hpp"
#include "llmgw/governance/money.hpp"
#include "llmgw/pipeline/reply.hpp"
#include "server/api_router.hpp"

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
    rec.deployment = ctx.deployment->id;
  }
  rec.fallback = ctx.fallback;
  rec.error_kind = outcome.error ? to_string(outcome.error->kind) : std::string_view();
  rec.status = outcome.status;
  rec.stream = ctx.body.stream;
  rec.client_disconnected = ctx.client_disconnected;
  rec.latency_seconds = seconds_between(ctx.timings.start, end);
  rec.ttfb_seconds = optional_seconds(writer.first_byte_time(), ctx.timings.start);
  rec.ttft_seconds = optional_seconds(ctx.timings.first_token, ctx.timings.start);
  double upstream = std::chrono::duration<double>(ctx.timings.upstream_wait).count();
  rec.upstream_seconds = ctx.timings.upstream_called ? upstream : -1.0;
  rec.overhead_seconds = rec.latency_seconds - upstream;
  rec.usage_known = ctx.usage.has_value();
  if (ctx.usage) rec.usage = *ctx.usage;
  // Every attempt's cost: fallbacks pay for what each consumed.
  std::optional<governance::Cost> cost = governance::Cost{};
  for (const AttemptRecord& attempt : ctx.attempts)
    cost = governance::add_costs(cost, attempt.cost);
  governance::UsdBuffer cost_usd;
  if (cost && !ctx.attempts.empty()) {
    rec.cost_usd = governance::write_usd(cost->pico_usd, cost_usd);
    rec.cost_pico_usd = cost->pico_usd;
  }
  rec.attempts = ctx.attempts.size();
  rec.bytes_in = ctx.bytes_in;
  rec.bytes_out = writer.bytes_written();
  worker.shared.metrics.request_finished(rec);
  worker.shared.access_log.write(rec);
}

// Unknown URLs and wrong methods never reach the pipeline (there is no endpoint to run it
// for), but still get an id and an OpenAI-shaped error.
boost::asio::awaitable<Outcome> reject_route(RequestContext& ctx, ResponseWriter& writer,
                                             const HttpRequest& request, const RouteMatch& match) {
  ctx.request_id = request_id_from(ctx.client_request_id);
  std::string what = truncate_for_message(std::string(request.method_string()) + " " +
                                          std::string(request.target()));
  if (match.route == Route::not_found) {
    // Named, not a temporary: GCC 12 destroys temporaries inside co_await too early.
    const Error unknown = Error::not_found("Unknown request URL: " + what + ".", "unknown_url");
    co_return co_await pipeline::send_error(ctx, writer, unknown);
  }
  const Error error = Error::method_not_allowed("Method not allowed: " + what + ". Use " +
                                                std::string(match.allow) + ".");
  const Headers allow{{"Allow", std::string(match.allow)}};
  co_return co_await pipeline::send_error(ctx, writer, error, allow);
}

// The admin listener's requests never reach the pipeline: no inference stage sees them.
boost::asio::awaitable<void> serve_admin(SharedServices& shared, HttpRequest& request,
                                         ResponseWriter& writer) {
  if (shared.admin == nullptr) {
    std::string off = to_openai_json(Error::not_found("The admin API is off.", "unknown_url"));
    const Headers none;
    co_await writer.send(404, "application/json", std::move(off), none);
    co_return;
  }
  AdminRequest admin;
  admin.method = std::string(request.method_string());
  admin.target = std::string(request.target());
  for (const auto& field : request) {
    admin.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  admin.body = std::move(request.body());
  AdminResponse response = co_await shared.admin->handle(admin);
  co_await writer.send(response.status, response.content_type, std::move(response.body),
                       response.headers);
}

}  // namespace

boost::asio::awaitable<void> handle_request(WorkerContext& worker, ListenerRole role,
                                            const std::shared_ptr<const config::Snapshot>& snapshot,
                                            HttpRequest& request, ResponseWriter& writer) {
  SharedServices& shared = worker.shared;
  RouteMatch match = match_route(role, request.method_string(), request.target());
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
    case Route::admin: co_await serve_admin(shared, request, writer); co_return;
    default: break;
  }

  RequestContext ctx;
  ctx.snapshot = snapshot;
  ctx.timings.start = Clock::now();
  ctx.method = std::string(request.method_string());
  ctx.path = std::string(match.template_path);
  ctx.bytes_in = request.body().size();
  ctx.endpoint = match.endpoint;
  ctx.dialect = &shared.dialects.for_endpoint(match.endpoint);
  ctx.model_id = std::move(match.model_id);
  take_headers(request, ctx);
  shared.metrics.request_started();

  Outcome outcome;
  if (match.route != Route::endpoint) {
    outcome = co_await reject_route(ctx, writer, request, match);
  } else {
    ctx.raw_body = std::move(request.body());
    outcome = co_await worker.pipeline.serve(ctx, writer);
  }
  record(worker, ctx, writer, outcome);
}

}  // namespace llmgw::server
