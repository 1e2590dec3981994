#pragma once
// The admin API and what it shares with the request path: the store's thread (its own SQLite
// connection), the key index the auth stage reads, the reloader, and the Redis channel that
// carries key changes between instances. Built only with state.dir.

#include <memory>

#include "admin/admin_api.hpp"
#include "admin/key_index_reloader.hpp"
#include "app/key_change_channel.hpp"
#include "llmgw/config/config_store.hpp"
#include "llmgw/governance/key_index.hpp"
#include "store/sqlite/sqlite_executor.hpp"

namespace llmgw::app {

class ApiKeyServices {
 public:
  /// Opens its connection to `<state.dir>/llmgw.db` (migrated already) and loads the keys
  /// before any request is served. Throws with a message naming the file when it cannot.
  ApiKeyServices(const config::Config& config, config::ConfigStore& store, const WallClock& clock,
                 observability::AppLog& log);
  ~ApiKeyServices();

  const governance::KeyIndexStore& keys() const noexcept { return keys_; }
  /// The admin listener's handler; nullptr when `admin:` is not configured.
  const server::AdminHandler* admin() const noexcept { return admin_.get(); }

  /// After the workers drained, before their event loops are destroyed: the store thread
  /// posts its last completions to them. Idempotent.
  void stop();

 private:
  governance::KeyIndexStore keys_;
  std::unique_ptr<store::sqlite::SqliteExecutor> executor_;
  std::unique_ptr<admin::KeyIndexReloader> reloader_;
  std::unique_ptr<KeyChangeChannel> channel_;
  std::unique_ptr<admin::AdminApi> admin_;
};

}  // namespace llmgw::app
