#include "app/governance_services.hpp"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "app/redis_options.hpp"
#include "store/memory/memory_counter_store.hpp"
#include "store/redis/redis_counter_service.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/spend_writer.hpp"

namespace llmgw::app {

namespace {

std::filesystem::path prepare_state_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("state.dir " + dir + ": " + ec.message());
  // Keys' hashes and everyone's spend: nobody else on the machine needs to read them.
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  const std::filesystem::path file = store::sqlite::Database::file_in(dir);
  store::sqlite::Database db(file);
  store::sqlite::migrate(db);
  return file;
}

}  // namespace

GovernanceServices::GovernanceServices(const config::Config& config, observability::AppLog& log)
    : log_(log),
      redis_(config.state.backend == config::StateBackend::redis),
      redis_config_(config.state.redis) {
  if (redis_) {
    const bool open = redis_config_.on_failure == config::FailMode::open;
    log.info("shared state on redis", {{"host", redis_config_.host},
                                       {"port", redis_config_.port},
                                       {"prefix", redis_config_.prefix},
                                       {"on_failure", open ? "fail_open" : "fail_closed"}});
  } else {
    memory_counters_ = std::make_unique<store::MemoryCounterStore>(clock_);
  }
  if (config.state.dir.empty()) return;
  const std::filesystem::path file = prepare_state_dir(config.state.dir);
  store::sqlite::SpendWriter::Options options;
  options.queue_capacity = config.state.spend_queue_size;
  auto writer = std::make_unique<store::sqlite::SpendWriter>(file, options, &log);
  store::sqlite::SpendWriter* raw = writer.get();
  stop_spend_ = [raw] { raw->stop(); };
  spend_ = std::move(writer);
  log.info("spend records", {{"file", file.string()}});
}

store::CounterStore& GovernanceServices::worker_counters(
    boost::asio::io_context& ioc, std::unique_ptr<store::redis::RedisCounterService>& redis) {
  if (!redis_) return *memory_counters_;
  store::redis::RedisCounterStoreOptions store_options;
  store_options.prefix = redis_config_.prefix;
  store_options.lease = redis_config_.lease;
  redis = std::make_unique<store::redis::RedisCounterService>(
      ioc.get_executor(), redis_options(redis_config_), std::move(store_options), log_);
  std::lock_guard lock(workers_mutex_);
  redis_workers_.push_back(redis.get());
  return redis->store();
}

observability::RedisStats GovernanceServices::redis_stats() const {
  observability::RedisStats totals;
  std::lock_guard lock(workers_mutex_);
  for (const auto* worker : redis_workers_) worker->add_stats(totals);
  return totals;
}

GovernanceServices::~GovernanceServices() {
  stop();
}

void GovernanceServices::stop() {
  if (stop_spend_) stop_spend_();
}

}  // namespace llmgw::app
