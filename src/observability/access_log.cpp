// The access log: lines are formatted on the calling (event-loop) thread and appended to a
// shared, bounded batch; one writer thread swaps the batch out every few milliseconds (or
// when it grows large) and writes it with a single write(2). Compared with a per-line queue
// this removes a futex wake-up and a system call per request from the hot path, and a slow
// disk or stalled stdout reader costs lines, never request latency.

#include "llmgw/observability/access_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "observability/access_log_line.hpp"

namespace llmgw::observability {
namespace {

// How long a line may wait in the batch when traffic is light.
constexpr auto kWriteInterval = std::chrono::milliseconds(50);
// A batch this large is written at once instead of waiting for the interval.
constexpr std::size_t kEagerWriteBytes = 64 * 1024;
// Bounds flush(): it runs at shutdown and must not hang on a dead pipe.
constexpr auto kFlushTimeout = std::chrono::seconds(5);

int open_log_file(const std::string& path) {
  return ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
}

class DisabledAccessLog final : public AccessLog {
 public:
  void write(const RequestRecord& /*record*/) noexcept override {}
  void flush() noexcept override {}
};

class BatchingAccessLog final : public AccessLog {
 public:
  /// `path` is the file behind `fd` (empty for stdout, which is never reopened).
  BatchingAccessLog(int fd, std::string path, std::size_t max_pending_lines)
      : fd_(fd), path_(std::move(path)), max_pending_lines_(max_pending_lines) {
    writer_ = std::thread([this] { run_writer(); });
  }

  ~BatchingAccessLog() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_writer_.notify_one();
    writer_.join();
    if (!path_.empty()) ::close(fd_);
    if (next_fd_ >= 0) ::close(next_fd_);
  }

  std::optional<std::string> reopen() override {
    if (path_.empty()) return std::nullopt;
    // Opened here, on the caller's (signal-handling) thread, so a failure can be reported;
    // the writer thread switches to it before its next write and closes the old file.
    const int fd = open_log_file(path_);
    if (fd < 0) return "cannot open '" + path_ + "': " + std::strerror(errno);
    std::lock_guard lock(mutex_);
    if (next_fd_ >= 0) ::close(next_fd_);
    next_fd_ = fd;
    return std::nullopt;
  }

  void write(const RequestRecord& record) noexcept override {
    try {
      thread_local std::string line;  // Reused: no allocation per request once grown.
      line.clear();
      append_access_log_line(line, record, std::chrono::system_clock::now());
      line.push_back('\n');
      bool wake = false;
      {
        std::lock_guard lock(mutex_);
        if (pending_lines_ >= max_pending_lines_) {
          ++dropped_;
          return;
        }
        pending_.append(line);
        ++pending_lines_;
        wake = pending_.size() >= kEagerWriteBytes;
      }
      if (wake) wake_writer_.notify_one();
    } catch (...) {
      // Out of memory while formatting: the line is lost, the request is not.
    }
  }

  void flush() noexcept override {
    try {
      std::unique_lock lock(mutex_);
      const std::uint64_t ticket = ++flush_requested_;
      wake_writer_.notify_one();
      flushed_.wait_for(lock, kFlushTimeout, [&] { return flush_done_ >= ticket; });
    } catch (...) {
      // Shutdown path: nothing useful left to do with a failure here.
    }
  }

  std::uint64_t dropped() const noexcept override {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  void run_writer() {
    std::string batch;
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_writer_.wait_for(lock, kWriteInterval, [&] {
        return stopping_ || flush_requested_ > flush_done_ || pending_.size() >= kEagerWriteBytes;
      });
      batch.swap(pending_);
      pending_lines_ = 0;
      int retired_fd = -1;
      if (next_fd_ >= 0) {
        retired_fd = fd_;
        fd_ = next_fd_;
        next_fd_ = -1;
      }
      const std::uint64_t flush_ticket = flush_requested_;
      const bool stop = stopping_;
      lock.unlock();
      if (retired_fd >= 0) ::close(retired_fd);
      write_fully(batch);
      batch.clear();
      lock.lock();
      if (flush_ticket > flush_done_) {
        flush_done_ = flush_ticket;
        flushed_.notify_all();
      }
      if (stop && pending_.empty()) return;
    }
  }

  void write_fully(const std::string& bytes) noexcept {
    std::size_t written = 0;
    while (written < bytes.size()) {
      ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        return;  // A broken pipe or full disk loses this batch; the gateway keeps serving.
      }
    }
  }

  int fd_;  ///< Written by the writer thread only (swapped under the mutex).
  const std::string path_;
  int next_fd_ = -1;  ///< A reopened file waiting for the writer; guarded by mutex_.
  const std::size_t max_pending_lines_;
  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable flushed_;
  std::string pending_;
  std::size_t pending_lines_ = 0;
  std::uint64_t dropped_ = 0;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace

std::unique_ptr<AccessLog> make_access_log(const config::LoggingConfig& config) {
  if (!config.access_log) return std::make_unique<DisabledAccessLog>();
  if (config.queue_size == 0) {
    throw std::invalid_argument("logging.queue_size: must be at least 1");
  }
  if (config.access_log_file.empty()) {
    return std::make_unique<BatchingAccessLog>(STDOUT_FILENO, std::string(), config.queue_size);
  }
  const int fd = open_log_file(config.access_log_file);
  if (fd < 0) {
    throw std::runtime_error("logging.access_log_file: cannot open '" + config.access_log_file +
                             "': " + std::strerror(errno));
  }
  return std::make_unique<BatchingAccessLog>(fd, config.access_log_file, config.queue_size);
}

}  // namespace llmgw::observability
