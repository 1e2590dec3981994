// The access log: lines are formatted on the calling (event-loop) thread and handed to a
// private spdlog thread pool with a bounded queue that overwrites its oldest entry when full,
// so a slow disk or a stalled stdout reader costs lines, never request latency.

#include "llmgw/observability/access_log.hpp"

#include <spdlog/async_logger.h>
#include <spdlog/details/thread_pool.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>

#include "observability/access_log_line.hpp"

namespace llmgw::observability {
namespace {

// Bounds flush(): it runs at shutdown, and a flush request lost to queue overrun (or a sink
// stuck on a dead pipe) must not keep the process from exiting.
constexpr auto kFlushTimeout = std::chrono::seconds(5);

class DisabledAccessLog final : public AccessLog {
 public:
  void write(const RequestRecord& /*record*/) noexcept override {}
  void flush() noexcept override {}
};

/// Wraps the real sink on the pool's worker thread. It flushes whenever the queue has drained,
/// so a burst is written in large chunks yet a quiet period leaves nothing sitting in stdio
/// buffers, and it acknowledges explicit flush requests so flush() can wait for them.
class DrainFlushingSink final : public spdlog::sinks::sink {
 public:
  DrainFlushingSink(spdlog::sink_ptr target, spdlog::details::thread_pool& pool)
      : target_(std::move(target)), pool_(pool) {}

  void log(const spdlog::details::log_msg& msg) override {
    target_->log(msg);
    if (pool_.queue_size() == 0) target_->flush();
  }

  void flush() override {
    target_->flush();
    {
      std::lock_guard lock(mutex_);
      ++flushes_done_;
    }
    flushed_.notify_all();
  }

  void set_pattern(const std::string& pattern) override { target_->set_pattern(pattern); }
  void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
    target_->set_formatter(std::move(formatter));
  }

  /// Waits until `count` flush requests have been carried out, or `timeout` passes.
  void wait_for_flushes(std::uint64_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    flushed_.wait_for(lock, timeout, [&] { return flushes_done_ >= count; });
  }

 private:
  spdlog::sink_ptr target_;
  spdlog::details::thread_pool& pool_;
  std::mutex mutex_;
  std::condition_variable flushed_;
  std::uint64_t flushes_done_ = 0;
};

class AsyncAccessLog final : public AccessLog {
 public:
  AsyncAccessLog(const config::LoggingConfig& config, spdlog::sink_ptr target)
      : pool_(std::make_shared<spdlog::details::thread_pool>(config.queue_size, 1)),
        sink_(std::make_shared<DrainFlushingSink>(std::move(target), *pool_)),
        logger_(std::make_shared<spdlog::async_logger>(
            "access", sink_, pool_, spdlog::async_overflow_policy::overrun_oldest)) {
    logger_->set_pattern("%v");
    logger_->set_level(spdlog::level::info);
  }

  // Destroying the pool writes every queued line and joins the writer thread; that must
  // happen before the sink and logger go, since the thread may still be inside the sink
  // (e.g. notifying a flush waiter) when flush() has already returned.
  ~AsyncAccessLog() override { pool_.reset(); }

  void write(const RequestRecord& record) noexcept override {
    try {
      thread_local std::string line;  // Reused: no allocation per request once grown.
      line.clear();
      append_access_log_line(line, record, std::chrono::system_clock::now());
      logger_->log(spdlog::level::info, spdlog::string_view_t(line.data(), line.size()));
    } catch (...) {
      // Out of memory while formatting: the line is lost, the request is not.
    }
  }

  void flush() noexcept override {
    try {
      const std::uint64_t target = flushes_requested_.fetch_add(1) + 1;
      logger_->flush();
      sink_->wait_for_flushes(target, kFlushTimeout);
    } catch (...) {
      // Shutdown path: nothing useful left to do with a failure here.
    }
  }

  std::uint64_t dropped() const noexcept override { return pool_->overrun_counter(); }

 private:
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<DrainFlushingSink> sink_;
  std::shared_ptr<spdlog::async_logger> logger_;
  std::atomic<std::uint64_t> flushes_requested_{0};
};

spdlog::sink_ptr make_target_sink(const config::LoggingConfig& config) {
  // Single-threaded sinks: only the pool's one worker thread writes to them.
  if (config.access_log_file.empty()) return std::make_shared<spdlog::sinks::stdout_sink_st>();
  try {
    return std::make_shared<spdlog::sinks::basic_file_sink_st>(config.access_log_file);
  } catch (const std::exception& e) {
    throw std::runtime_error("logging.access_log_file: " + std::string(e.what()));
  }
}

}  // namespace

std::unique_ptr<AccessLog> make_access_log(const config::LoggingConfig& config) {
  if (!config.access_log) return std::make_unique<DisabledAccessLog>();
  if (config.queue_size == 0) {
    throw std::invalid_argument("logging.queue_size: must be at least 1");
  }
  return std::make_unique<AsyncAccessLog>(config, make_target_sink(config));
}

}  // namespace llmgw::observability
