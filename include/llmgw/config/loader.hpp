#pragma once
// YAML file → validated Config. The only entry point that knows YAML exists.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/config.hpp"

namespace llmgw::config {

/// One problem found while loading: `file:line: path: message`.
struct ConfigIssue {
  std::string file;
  int line = 0;      ///< 1-based; 0 when unknown.
  std::string path;  ///< e.g. "models[2].deployments[0].provider".
  std::string message;
  std::string to_string() const;
};

/// Thrown by load_config with every issue found, not just the first.
class ConfigError : public std::exception {
 public:
  explicit ConfigError(std::vector<ConfigIssue> issues);
  const char* what() const noexcept override { return text_.c_str(); }
  const std::vector<ConfigIssue>& issues() const noexcept { return issues_; }

 private:
  std::vector<ConfigIssue> issues_;
  std::string text_;
};

/// Looks up an environment variable; injectable so tests need not touch the process env.
using EnvLookup = std::function<const char*(const char* name)>;

/// Non-fatal notes from loading (disabled providers, literal secrets) for the log.
struct LoadResult {
  std::shared_ptr<const Config> config;
  std::vector<std::string> warnings;
};

/// Parses and validates YAML text. `file` is used in messages and to resolve relative paths.
/// @throws ConfigError listing every problem.
LoadResult parse_config(std::string_view yaml_text, const std::string& file, const EnvLookup& env);

/// Reads `file` and calls parse_config with the process environment.
/// @throws ConfigError (also for an unreadable file).
LoadResult load_config(const std::string& file);

/// The effective config as YAML with every secret replaced by "<redacted>" (or "<unset>").
std::string to_redacted_yaml(const Config& config);

}  // namespace llmgw::config
