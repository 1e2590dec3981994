#include "app/application.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "app/api_key_services.hpp"
#include "app/builtin_components.hpp"
#include "app/default_chain.hpp"
#include "app/gateway_worker.hpp"
#include "app/governance_services.hpp"
#include "app/rlimit.hpp"
#include "llmgw/config/config_store.hpp"
#include "llmgw/config/loader.hpp"
#include "llmgw/observability/access_log.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/observability/metrics.hpp"
#include "server/tls_server_context.hpp"
#include "server/worker_pool.hpp"

namespace llmgw::app {
namespace {

std::string address_text(const config::ListenAddress& address) {
  bool v6 = address.host.find(':') != std::string::npos;
  return (v6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port);
}

void log_warnings(observability::AppLog& log, const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings) log.warn("config", {{"detail", warning}});
}

// Settings bound at start-up; a reload that changes them is applied only on restart.
void warn_on_restart_only_changes(observability::AppLog& log, const config::Config& before,
                                  const config::Config& after) {
  const auto& a = before.server;
  const auto& b = after.server;
  if (a.listen.host != b.listen.host || a.listen.port != b.listen.port || a.workers != b.workers ||
      a.busy_poll_us != b.busy_poll_us || a.random_seed != b.random_seed ||
      a.tls.cert_file != b.tls.cert_file || a.tls.key_file != b.tls.key_file ||
      before.metrics.enabled != after.metrics.enabled ||
      before.metrics.listen.port != after.metrics.listen.port ||
      before.admin.enabled != after.admin.enabled ||
      before.admin.listen.host != after.admin.listen.host ||
      before.admin.listen.port != after.admin.listen.port ||
      before.logging.access_log_file != after.logging.access_log_file) {
    log.warn(
        "config reload: listen addresses, workers, busy polling, the random seed, TLS files, "
        "metrics and admin "
        "listeners and the access log file change only on restart");
  }
  // on_failure is read per request; the rest shapes the connections opened at start-up.
  const auto& r = before.state.redis;
  const auto& s = after.state.redis;
  if (before.state.backend != after.state.backend || r.host != s.host || r.port != s.port ||
      r.username != s.username || r.password != s.password || r.database != s.database ||
      r.timeout != s.timeout || r.connect_timeout != s.connect_timeout ||
      r.backoff_max != s.backoff_max || r.prefix != s.prefix || r.lease != s.lease) {
    log.warn(
        "config reload: state.backend and state.redis (but on_failure) change only on restart");
  }
}

void reload(config::ConfigStore& store, observability::AppLog& log, const std::string& file) {
  try {
    config::LoadResult loaded = config::load_config(file);
    log_warnings(log, loaded.warnings);
    warn_on_restart_only_changes(log, store.current()->config(), *loaded.config);
    log.reconfigure(loaded.config->logging);
    store.replace(std::make_shared<const config::Snapshot>(loaded.config));
    log.info("config reloaded", {{"file", file}});
  } catch (const config::ConfigError& e) {
    log.error("config reload rejected; keeping the running config",
              {{"file", file}, {"errors", e.what()}});
  }
}

}  // namespace

int check_config(const std::string& config_file) {
  try {
    config::LoadResult loaded = config::load_config(config_file);
    for (const auto& warning : loaded.warnings) std::cerr << "warning: " << warning << "\n";
    std::cout << config::to_redacted_yaml(*loaded.config);
    return 0;
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
}

int run_gateway(const std::string& config_file) {
  config::LoadResult loaded;
  try {
    loaded = config::load_config(config_file);
  } catch (const config::ConfigError& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  std::signal(SIGPIPE, SIG_IGN);
  const config::Config& cfg = *loaded.config;
  observability::AppLog log(cfg.logging);
  log_warnings(log, loaded.warnings);

  FileLimit files = raise_open_file_limit();
  log.info("open file limit",
           {{"soft_before", files.before}, {"soft_now", files.after}, {"raised", files.raised()}});

  auto metrics = observability::make_prometheus_metrics(LLMGW_VERSION);
  auto access_log = observability::make_access_log(cfg.logging);
  config::ConfigStore store(std::make_shared<const config::Snapshot>(loaded.config));
  const BuiltinComponents builtin;
  std::unique_ptr<GovernanceServices> governance;
  std::unique_ptr<ApiKeyServices> api_keys;
  try {
    governance = std::make_unique<GovernanceServices>(cfg, log);
    if (!cfg.state.dir.empty()) {
      api_keys = std::make_unique<ApiKeyServices>(cfg, store, governance->clock(), log);
    }
  } catch (const std::exception& e) {
    log.error("fatal", {{"error", e.what()}});
    return 1;
  }
  if (governance->uses_redis()) {
    metrics->add_scrape_hook(
        [&metrics, &governance] { metrics->sync_redis(governance->redis_stats()); });
  }
  server::SharedServices shared{store, builtin.dialects, *metrics, *access_log, log};
  shared.admin = api_keys ? api_keys->admin() : nullptr;
  // Each worker gets its own upstream client, counter store connection (Redis) and chain,
  // so stages may hold per-worker services; stateless parts (adapters, dialects) are shared.
  // Workers are made one after another on this thread; each gets its own seed.
  const std::uint64_t routing_seed =
      cfg.server.random_seed != 0 ? cfg.server.random_seed : std::random_device{}();
  std::uint64_t worker_count = 0;
  const server::WorkerServicesFactory make_worker = [&](boost::asio::io_context& ioc) {
    auto report = [&log](std::string_view stage, std::string_view what) {
      log.error("stage completion failed", {{"stage", stage}, {"error", what}});
    };
    std::unique_ptr<store::redis::RedisCounterService> redis;
    store::CounterStore& counters = governance->worker_counters(ioc, redis);
    auto routing =
        std::make_unique<routing::WorkerRouting>(routing_seed + worker_count++, *metrics, log);
    const ChainServices chain_services{governance->clock(),
                                       counters,
                                       governance->spend(),
                                       *metrics,
                                       log,
                                       *routing,
                                       api_keys ? &api_keys->keys() : nullptr};
    return std::make_unique<GatewayWorker>(
        std::move(routing), upstream::make_upstream_client(ioc), std::move(redis),
        make_default_chain(chain_services, report), *metrics, builtin.providers);
  };

  try {
    std::unique_ptr<boost::asio::ssl::context> tls;
    if (cfg.server.tls.enabled()) tls = server::make_server_tls_context(cfg.server.tls);
    server::WorkerPool pool(shared, cfg.server.workers,
                            std::chrono::microseconds(cfg.server.busy_poll_us), make_worker);
    config::ListenAddress api = pool.listen_api(cfg.server.listen, tls.get());
    log.info("listening",
             {{"listener", "api"}, {"address", address_text(api)}, {"tls", tls != nullptr}});
    if (cfg.metrics.enabled) {
      config::ListenAddress metrics_address = pool.listen_metrics(cfg.metrics.listen);
      log.info("listening", {{"listener", "metrics"}, {"address", address_text(metrics_address)}});
    }
    if (shared.admin != nullptr) {
      config::ListenAddress admin_address = pool.listen_admin(cfg.admin.listen);
      log.info("listening", {{"listener", "admin"}, {"address", address_text(admin_address)}});
    }
    pool.start();
    log.info("started",
             {{"version", LLMGW_VERSION}, {"workers", pool.size()}, {"config", config_file}});

    boost::asio::io_context control;
    boost::asio::signal_set signals(control, SIGINT, SIGTERM, SIGHUP);
    std::function<void(const boost::system::error_code&, int)> on_signal =
        [&](const boost::system::error_code& ec, int number) {
          if (ec) return;
          if (number == SIGHUP) {
            reload(store, log, config_file);
            // SIGHUP is also what log rotation sends after renaming the access log.
            if (auto failure = access_log->reopen()) {
              log.error("access log reopen failed; still writing to the old file",
                        {{"error", *failure}});
            }
            signals.async_wait(on_signal);
            return;
          }
          control.stop();
        };
    signals.async_wait(on_signal);
    control.run();

    auto drain = store.current()->config().server.timeouts.drain;
    log.info("draining", {{"deadline_ms", drain.count()}});
    pool.drain(drain);
    if (api_keys) api_keys->stop();  // Its last completions go to the workers' loops.
    governance->stop();              // Every accepted spend record is written before the exit.
  } catch (const std::exception& e) {
    log.error("fatal", {{"error", e.what()}});
    access_log->flush();
    return 1;
  }
  access_log->flush();
  log.info("stopped");
  return 0;
}

}  // namespace llmgw::app
