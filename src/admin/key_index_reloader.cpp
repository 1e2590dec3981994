#include "admin/key_index_reloader.hpp"

#include "store/sqlite/key_index_loader.hpp"

namespace llmgw::admin {

namespace {

constexpr std::chrono::milliseconds kReloadTimeout{5000};

}  // namespace

KeyIndexReloader::KeyIndexReloader(store::sqlite::SqliteExecutor& store,
                                   governance::KeyIndexStore& index, observability::AppLog& log)
    : store_(store),
      index_(index),
      log_(log),
      // Generation 1 is the index loaded at start-up; every reload is newer.
      generation_(std::make_shared<std::atomic<std::uint64_t>>(1)) {}

boost::asio::awaitable<bool> KeyIndexReloader::reload() const {
  auto job =
      [generation = generation_](
          store::sqlite::Database& db) -> Result<std::shared_ptr<const governance::KeyIndex>> {
    return store::sqlite::load_key_index(db, generation->fetch_add(1) + 1);
  };
  auto loaded = co_await store_.run(std::move(job), kReloadTimeout);
  if (!loaded) {
    log_.error("key index reload failed; keeping the previous one",
               {{"error", loaded.error().message}});
    co_return false;
  }
  index_.replace_if_newer(std::move(loaded.value()));
  co_return true;
}

}  // namespace llmgw::admin
