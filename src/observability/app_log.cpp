// The application log. Lines are built here (JSON or text) and handed to spdlog with the
// pattern "%v", so spdlog contributes only the sink and its locking, and the JSON shape is
// exactly ours rather than a pattern's approximation of it.

#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <array>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "json/json_string.hpp"
#include "llmgw/observability/logging.hpp"
#include "observability/utc_time.hpp"

namespace llmgw::observability {
namespace {

struct LevelName {
  std::string_view name;
  spdlog::level::level_enum level;
};

constexpr std::array<LevelName, 7> kLevels = {{{"trace", spdlog::level::trace},
                                               {"debug", spdlog::level::debug},
                                               {"info", spdlog::level::info},
                                               {"warn", spdlog::level::warn},
                                               {"error", spdlog::level::err},
                                               {"critical", spdlog::level::critical},
                                               {"off", spdlog::level::off}}};

std::optional<spdlog::level::level_enum> parse_level(std::string_view name) noexcept {
  for (const LevelName& entry : kLevels) {
    if (entry.name == name) return entry.level;
  }
  return std::nullopt;
}

spdlog::level::level_enum require_level(const config::LoggingConfig& config) {
  if (auto level = parse_level(config.level)) return *level;
  throw std::invalid_argument("logging.level: unknown level '" + config.level +
                              "' (expected trace, debug, info, warn, error, critical or off)");
}

std::string_view level_name(spdlog::level::level_enum level) noexcept {
  for (const LevelName& entry : kLevels) {
    if (entry.level == level) return entry.name;
  }
  return "info";
}

/// Fields are caller data; keys that would shadow the line's own keys are renamed so the
/// object never carries duplicate keys.
bool is_reserved_key(std::string_view key) noexcept {
  return key == "time" || key == "level" || key == "msg";
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// In text lines a token is written bare when it cannot be mistaken for a separator or
/// forge a line; anything else is JSON-quoted.
bool is_bare_text(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '=') return false;
  }
  return true;
}

void append_text_token(std::string& out, std::string_view text) {
  if (is_bare_text(text)) {
    out += text;
  } else {
    json::append_quoted(out, text);
  }
}

/// The message may contain spaces but never a raw control character or invalid UTF-8.
void append_text_message(std::string& out, std::string_view msg) {
  std::string escaped;
  json::append_quoted(escaped, msg);
  const std::string_view inner(escaped.data() + 1, escaped.size() - 2);
  if (inner == msg) {
    out += msg;
  } else {
    out += escaped;
  }
}

void append_json_line(std::string& out, std::string_view level, std::string_view msg,
                      const nlohmann::json* fields) {
  out += "{\"time\":\"";
  append_utc_timestamp(out, std::chrono::system_clock::now());
  out += "\",\"level\":\"";
  out += level;
  out += "\",\"msg\":";
  json::append_quoted(out, msg);
  if (fields != nullptr && fields->is_object()) {
    for (const auto& [key, value] : fields->items()) {
      out.push_back(',');
      json::append_quoted(out, is_reserved_key(key) ? "field_" + key : key);
      out.push_back(':');
      out += dump(value);
    }
  } else if (fields != nullptr && !fields->is_null()) {
    out += ",\"fields\":";
    out += dump(*fields);
  }
  out.push_back('}');
}

void append_text_line(std::string& out, std::string_view level, std::string_view msg,
                      const nlohmann::json* fields) {
  append_utc_timestamp(out, std::chrono::system_clock::now());
  out.push_back(' ');
  out += level;
  out.push_back(' ');
  append_text_message(out, msg);
  auto append_field = [&out](std::string_view key, const nlohmann::json& value) {
    out.push_back(' ');
    append_text_token(out, key);
    out.push_back('=');
    if (value.is_string()) {
      append_text_token(out, value.get_ref<const std::string&>());
    } else {
      out += dump(value);
    }
  };
  if (fields != nullptr && fields->is_object()) {
    for (const auto& [key, value] : fields->items()) append_field(key, value);
  } else if (fields != nullptr && !fields->is_null()) {
    append_field("fields", *fields);
  }
}

}  // namespace

bool is_log_level(std::string_view name) noexcept {
  return parse_level(name).has_value();
}

struct AppLog::Impl {
  std::shared_ptr<spdlog::logger> logger;
  std::atomic<config::LogFormat> format;

  void write(spdlog::level::level_enum level, std::string_view msg,
             const nlohmann::json* fields) noexcept {
    try {
      if (!logger->should_log(level)) return;
      thread_local std::string line;  // Reused across events: no allocation once grown.
      line.clear();
      if (format.load(std::memory_order_relaxed) == config::LogFormat::json) {
        append_json_line(line, level_name(level), msg, fields);
      } else {
        append_text_line(line, level_name(level), msg, fields);
      }
      logger->log(level, spdlog::string_view_t(line.data(), line.size()));
    } catch (...) {
      // A log line is never worth failing the caller (who may be mid-request) over.
    }
  }
};

AppLog::AppLog(const config::LoggingConfig& config)
    : AppLog(config, std::make_shared<spdlog::sinks::stderr_sink_mt>()) {}

AppLog::AppLog(const config::LoggingConfig& config, std::shared_ptr<spdlog::sinks::sink> sink)
    : impl_(std::make_unique<Impl>()) {
  const spdlog::level::level_enum level = require_level(config);
  impl_->logger = std::make_shared<spdlog::logger>("app", std::move(sink));
  impl_->logger->set_pattern("%v");
  impl_->logger->set_level(level);
  impl_->format.store(config.format);
}

AppLog::~AppLog() = default;

void AppLog::debug(std::string_view msg, const nlohmann::json& fields) noexcept {
  impl_->write(spdlog::level::debug, msg, &fields);
}
void AppLog::info(std::string_view msg, const nlohmann::json& fields) noexcept {
  impl_->write(spdlog::level::info, msg, &fields);
}
void AppLog::warn(std::string_view msg, const nlohmann::json& fields) noexcept {
  impl_->write(spdlog::level::warn, msg, &fields);
}
void AppLog::error(std::string_view msg, const nlohmann::json& fields) noexcept {
  impl_->write(spdlog::level::err, msg, &fields);
}
void AppLog::debug(std::string_view msg) noexcept {
  impl_->write(spdlog::level::debug, msg, nullptr);
}
void AppLog::info(std::string_view msg) noexcept {
  impl_->write(spdlog::level::info, msg, nullptr);
}
void AppLog::warn(std::string_view msg) noexcept {
  impl_->write(spdlog::level::warn, msg, nullptr);
}
void AppLog::error(std::string_view msg) noexcept {
  impl_->write(spdlog::level::err, msg, nullptr);
}

void AppLog::reconfigure(const config::LoggingConfig& config) {
  const spdlog::level::level_enum level = require_level(config);
  impl_->logger->set_level(level);
  impl_->format.store(config.format, std::memory_order_relaxed);
}

}  // namespace llmgw::observability
