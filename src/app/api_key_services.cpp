#include "app/api_key_services.hpp"

#include <nlohmann/json.hpp>

#include "store/sqlite/database.hpp"
#include "store/sqlite/key_index_loader.hpp"

namespace llmgw::app {

ApiKeyServices::ApiKeyServices(const config::Config& config, config::ConfigStore& store,
                               const WallClock& clock, observability::AppLog& log) {
  store::sqlite::Database db(store::sqlite::Database::file_in(config.state.dir));
  // Generation 1; every later reload is newer.
  keys_.replace_if_newer(store::sqlite::load_key_index(db, 1));
  log.info("api keys loaded", {{"keys", keys_.current()->size()}});
  executor_ = std::make_unique<store::sqlite::SqliteExecutor>(std::move(db));
  reloader_ = std::make_unique<admin::KeyIndexReloader>(*executor_, keys_, log);
  if (config.state.backend == config::StateBackend::redis) {
    channel_ = std::make_unique<KeyChangeChannel>(config.state.redis, *reloader_, log);
  }
  if (config.admin.enabled) {
    admin_ = std::make_unique<admin::AdminApi>(
        admin::AdminServices{store, *executor_, keys_, *reloader_, channel_.get(), clock, log});
  }
}

ApiKeyServices::~ApiKeyServices() {
  stop();
}

void ApiKeyServices::stop() {
  if (channel_) channel_->stop();
  if (executor_) executor_->stop();
}

}  // namespace llmgw::app
