#pragma once
// The admin API (/admin/v1/...): keys, teams, access requests and usage, on its own listener.
// Authenticates the caller, matches the route and hands the call to the resource's handlers.

#include "admin/key_index_reloader.hpp"
#include "llmgw/config/config_store.hpp"
#include "llmgw/core/wall_clock.hpp"
#include "llmgw/governance/key_index.hpp"
#include "llmgw/observability/logging.hpp"
#include "llmgw/server/admin_handler.hpp"
#include "store/sqlite/sqlite_executor.hpp"

namespace llmgw::admin {

struct AdminServices {
  config::ConfigStore& config;
  store::sqlite::SqliteExecutor& store;
  governance::KeyIndexStore& keys;
  const KeyIndexReloader& reloader;
  const ChangeAnnouncer* announcer;  ///< nullptr: no other instances to tell.
  const WallClock& clock;
  observability::AppLog& log;
};

class AdminApi final : public server::AdminHandler {
 public:
  explicit AdminApi(AdminServices services) : services_(services) {}
  boost::asio::awaitable<server::AdminResponse> handle(
      server::AdminRequest& request) const override;

 private:
  AdminServices services_;
};

}  // namespace llmgw::admin
