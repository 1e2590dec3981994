#pragma once
// The SQLite spend sink: a bounded queue drained by one thread with its own connection, a
// batch per transaction. Its own connection (not the store executor's) so a burst of spend
// rows never queues behind, or ahead of, admin operations; WAL lets both write the same
// file, one transaction at a time.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "llmgw/store/spend_store.hpp"
#include "store/sqlite/database.hpp"

namespace llmgw::observability {
class AppLog;
}

namespace llmgw::store::sqlite {

class SpendWriter final : public SpendSink {
 public:
  /// Opens the writer's connection; called on the writer thread, again after a failure.
  /// Throws (SqliteError) when the file cannot be opened.
  using Opener = std::function<Database()>;

  struct Options {
    /// Records accepted and not yet committed (queued plus the batch being written).
    std::size_t queue_capacity = 65536;
    std::size_t max_batch = 512;  ///< Rows per transaction.
    std::chrono::milliseconds retry_initial{100};
    std::chrono::milliseconds retry_max{5000};
    /// How long stop() keeps retrying a failing store before it counts the rest as lost.
    std::chrono::milliseconds stop_deadline{10000};
  };

  struct Stats {
    std::uint64_t written = 0;       ///< Rows committed.
    std::uint64_t dropped = 0;       ///< Refused by submit(): the queue was full.
    std::uint64_t write_errors = 0;  ///< Failed batch attempts (each one retried).
    std::uint64_t lost = 0;          ///< Accepted but given up at stop() (store still failing).
    std::size_t pending = 0;         ///< Accepted, not yet committed.
  };

  /// `log` may be null (no log lines); it must outlive the writer. Starts the thread.
  SpendWriter(Opener opener, Options options, observability::AppLog* log);
  /// Writes to `file` (already migrated) with default connection options.
  SpendWriter(const std::filesystem::path& file, Options options, observability::AppLog* log);
  /// Calls stop().
  ~SpendWriter() override;
  SpendWriter(const SpendWriter&) = delete;
  SpendWriter& operator=(const SpendWriter&) = delete;

  /// Thread-safe, never blocks on the disk: takes a mutex for a queue push only.
  bool submit(SpendRecord&& record) noexcept override;
  std::uint64_t dropped() const noexcept override;

  /// Refuses new records, writes every accepted one, then joins the thread. While the store
  /// fails it keeps retrying until Options::stop_deadline, then counts the rest as lost (and
  /// logs how many). Idempotent.
  void stop();

  Stats stats() const;

 private:
  void run_thread();
  /// Writes `batch` in one transaction; true on commit. Logs and counts a failure.
  bool write_batch(const std::vector<SpendRecord>& batch);
  /// Sleeps `delay`, less if stop()'s deadline comes first. Returns false past the deadline.
  bool wait_before_retry(std::chrono::milliseconds delay);

  const Opener opener_;
  const Options options_;
  observability::AppLog* const log_;

  std::optional<Database> db_;  ///< Writer thread only.

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<SpendRecord> queue_;
  std::size_t in_flight_ = 0;  ///< Rows the writer took and has not committed.
  bool writer_idle_ = false;   ///< Waiting for records: only then does submit() notify.
  bool stopping_ = false;
  std::chrono::steady_clock::time_point stop_deadline_;
  Stats stats_;
  std::thread thread_;
};

}  // namespace llmgw::store::sqlite
