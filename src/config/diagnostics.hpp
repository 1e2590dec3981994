#pragma once
// Collects errors and warnings while a config is loaded, so that every problem is reported
// at once, and remembers where each config path sits in the file so that checks running on
// the finished structs (validate, secrets) can still point at a line.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/loader.hpp"

namespace llmgw::config {

class Diagnostics {
 public:
  /// Past this many errors the rest are summarised: a broken file should not flood the log.
  static constexpr std::size_t kMaxIssues = 100;

  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  const std::string& file() const noexcept { return file_; }

  /// Remembers that `path` (e.g. "providers[0].name") is written on 1-based `line`.
  void record_line(const std::string& path, int line);

  /// The line of `path`, else of its nearest recorded ancestor, else 0.
  int line_of(std::string_view path) const;

  void error(std::string path, int line, std::string message);
  void error(std::string path, std::string message) { error(path, line_of(path), message); }
  void warning(std::string path, int line, std::string message);
  void warning(std::string path, std::string message) { warning(path, line_of(path), message); }

  bool has_errors() const noexcept { return !errors_.empty(); }
  /// True once further errors would be dropped; lets loops over hostile input stop early.
  bool error_limit_reached() const noexcept { return errors_.size() >= kMaxIssues; }
  const std::vector<ConfigIssue>& errors() const noexcept { return errors_; }
  const std::vector<ConfigIssue>& warnings() const noexcept { return warnings_; }

  /// Warnings rendered as `file:line: path: message` lines for the log, in line order.
  std::vector<std::string> warning_lines() const;

  /// Throws ConfigError with every error collected so far, in line order, if there is any.
  void throw_if_errors() const;

 private:
  void add(std::vector<ConfigIssue>& list, std::string path, int line, std::string message);

  std::string file_;
  std::map<std::string, int, std::less<>> lines_;
  std::vector<ConfigIssue> errors_;
  std::vector<ConfigIssue> warnings_;
};

/// "parent.key", or "key" at the root.
std::string join_path(std::string_view parent, std::string_view key);

/// "parent[index]".
std::string index_path(std::string_view parent, std::size_t index);

}  // namespace llmgw::config
