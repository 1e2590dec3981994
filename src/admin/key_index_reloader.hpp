#pragma once
// Rebuilds the request path's key index from the embedded store and swaps it in. Called
// after every admin write on this instance, and when another instance announces a change
// (or the announcement channel was re-established and messages may have been missed).

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <memory>

#include "llmgw/governance/key_index.hpp"
#include "llmgw/observability/logging.hpp"
#include "store/sqlite/sqlite_executor.hpp"

namespace llmgw::admin {

class KeyIndexReloader {
 public:
  KeyIndexReloader(store::sqlite::SqliteExecutor& store, governance::KeyIndexStore& index,
                   observability::AppLog& log);

  /// Loads on the store's thread and installs the result; false (logged) when the store
  /// failed or timed out: the previous index stays.
  boost::asio::awaitable<bool> reload() const;

 private:
  store::sqlite::SqliteExecutor& store_;
  governance::KeyIndexStore& index_;
  observability::AppLog& log_;
  /// Generations are taken on the store thread, in the order the loads run there.
  std::shared_ptr<std::atomic<std::uint64_t>> generation_;
};

/// Tells the other instances that keys, teams or access decisions changed (a revocation
/// among them), so they reload. Implemented by app/ over Redis pub/sub.
class ChangeAnnouncer {
 public:
  virtual ~ChangeAnnouncer() = default;
  /// `what` is a key id or another label for the log; never a secret. Bounded in time.
  virtual boost::asio::awaitable<void> announce(const std::string& what) const = 0;
};

}  // namespace llmgw::admin
