#pragma once
// The application (operational) log on stderr, JSON or text, level from config.
// Passed by reference to what needs it; never looked up in spdlog's global registry.

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "llmgw/config/config.hpp"

namespace spdlog {
class logger;
namespace sinks {
class sink;
}
}  // namespace spdlog

namespace llmgw::observability {

/// True for the level names LoggingConfig::level accepts:
/// trace, debug, info, warn, error, critical, off.
bool is_log_level(std::string_view name) noexcept;

/// Thread-safe. JSON format: one line per event,
/// {"time":"2026-11-26T22:23:38.123Z","level":"info","msg":"listening", <fields...>}.
/// Text format: "2026-11-26T22:23:38.123Z info listening listener=api address=...".
/// Fields must never carry secrets; callers pass names, ids and numbers.
class AppLog {
 public:
  /// Throws std::invalid_argument when config.level is not a level name (is_log_level).
  explicit AppLog(const config::LoggingConfig& config);
  /// Writes to `sink` instead of stderr (tests capture lines this way).
  AppLog(const config::LoggingConfig& config, std::shared_ptr<spdlog::sinks::sink> sink);
  ~AppLog();
  AppLog(const AppLog&) = delete;
  AppLog& operator=(const AppLog&) = delete;

  void debug(std::string_view msg, const nlohmann::json& fields) noexcept;
  void info(std::string_view msg, const nlohmann::json& fields) noexcept;
  void warn(std::string_view msg, const nlohmann::json& fields) noexcept;
  void error(std::string_view msg, const nlohmann::json& fields) noexcept;
  void debug(std::string_view msg) noexcept;
  void info(std::string_view msg) noexcept;
  void warn(std::string_view msg) noexcept;
  void error(std::string_view msg) noexcept;

  /// Applies level and format from a reloaded config; safe while other threads log.
  /// Throws std::invalid_argument (and changes nothing) when config.level is unknown.
  void reconfigure(const config::LoggingConfig& config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace llmgw::observability
