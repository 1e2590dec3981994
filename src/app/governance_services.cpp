#include "app/governance_services.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "store/memory/memory_counter_store.hpp"
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
    : counters_(std::make_unique<store::MemoryCounterStore>(clock_)) {
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

GovernanceServices::~GovernanceServices() {
  stop();
}

void GovernanceServices::stop() {
  if (stop_spend_) stop_spend_();
}

}  // namespace llmgw::app
