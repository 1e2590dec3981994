#include "store/sqlite/sqlite_executor.hpp"

#include <string>

namespace llmgw::store::sqlite {
namespace detail {

Error job_failed(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const SqliteError& e) {
    return Error::internal(std::string("store: ") + e.what());
  } catch (const std::exception& e) {
    return Error::internal(std::string("store: ") + e.what());
  } catch (...) {
    return Error::internal("store: the operation failed");
  }
}

Error store_timeout(std::chrono::milliseconds timeout) {
  Error error = Error::unavailable("store: the operation did not finish within " +
                                   std::to_string(timeout.count()) + " ms");
  error.code = "store_timeout";
  return error;
}

Error store_busy() {
  Error error = Error::unavailable("store: too many operations are waiting; try again");
  error.code = "store_busy";
  return error;
}

Error store_stopped() {
  Error error = Error::unavailable("store: shutting down");
  error.code = "store_busy";
  return error;
}

}  // namespace detail

SqliteExecutor::SqliteExecutor(Database db, Options options)
    : db_(std::move(db)), options_(options) {
  thread_ = std::thread([this] { run_thread(); });
}

SqliteExecutor::~SqliteExecutor() {
  stop();
}

bool SqliteExecutor::enqueue(std::unique_ptr<detail::Job> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.queue_capacity) {
      ++stats_.rejected;
      return false;
    }
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

Error SqliteExecutor::refusal() const {
  std::lock_guard lock(mutex_);
  return stopping_ ? detail::store_stopped() : detail::store_busy();
}

void SqliteExecutor::count_skipped() noexcept {
  std::lock_guard lock(mutex_);
  ++stats_.skipped;
}

void SqliteExecutor::count_timed_out() noexcept {
  std::lock_guard lock(mutex_);
  ++stats_.timed_out;
}

SqliteExecutor::Stats SqliteExecutor::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void SqliteExecutor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void SqliteExecutor::run_thread() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // Stopping, and everything queued has run.
    auto job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    job->run(db_);
    job.reset();  // The job's captures go here, on this thread, outside the lock.
    lock.lock();
    ++stats_.finished;
  }
}

}  // namespace llmgw::store::sqlite
