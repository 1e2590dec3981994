#pragma once
// One JSON line per request; written in batches by a writer thread from a bounded buffer so
// the event loop never waits on disk or a full pipe.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "llmgw/config/config.hpp"
#include "llmgw/observability/request_record.hpp"

namespace llmgw::observability {

class AccessLog {
 public:
  virtual ~AccessLog() = default;
  /// Never blocks on I/O; when queue_size lines are already waiting, the line is dropped
  /// (and counted).
  virtual void write(const RequestRecord& record) noexcept = 0;
  /// Flushes what is queued (shutdown).
  virtual void flush() noexcept = 0;
  /// Lines dropped so far because the queue was full; 0 for a log that never drops.
  virtual std::uint64_t dropped() const noexcept { return 0; }
  /// Opens the log file again by name, so that lines go to a new file after log rotation
  /// renamed the old one (SIGHUP). Lines already batched go to whichever file is open when
  /// they are written. A log on stdout, or disabled, has nothing to reopen. On failure the old
  /// file stays in use and the reason is returned.
  virtual std::optional<std::string> reopen() { return std::nullopt; }
};

/// Writes to config.access_log_file, or stdout when empty. Returns a logger that writes
/// nothing when config.access_log is false.
std::unique_ptr<AccessLog> make_access_log(const config::LoggingConfig& config);

}  // namespace llmgw::observability
