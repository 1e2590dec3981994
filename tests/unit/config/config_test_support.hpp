#pragma once
// Helpers shared by the config tests: a fake environment, a scratch directory, and
// shortcuts for "this YAML fails with an issue at this path".

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>

#include "config/sections.hpp"
#include "config/yaml_loader.hpp"
#include "llmgw/config/loader.hpp"

namespace llmgw::config::testing {

class FakeEnv {
 public:
  FakeEnv() = default;
  FakeEnv(std::initializer_list<std::pair<const std::string, std::string>> vars) : vars_(vars) {}

  void set(const std::string& name, const std::string& value) { vars_[name] = value; }

  /// Valid while this FakeEnv lives.
  EnvLookup lookup() const {
    return [this](const char* name) -> const char* {
      auto it = vars_.find(name);
      return it == vars_.end() ? nullptr : it->second.c_str();
    };
  }

 private:
  std::map<std::string, std::string> vars_;
};

/// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "llmgw-config-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// Writes `content` to `name` (subdirectories are created) and returns the full path.
  std::string write(const std::string& name, std::string_view content) const {
    auto file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << content;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

/// The whole file, or "" when it cannot be read.
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// parse_config with `env`, expecting success.
inline LoadResult parse_ok(std::string_view yaml, const FakeEnv& env = {},
                           const std::string& file = "test.yaml") {
  return parse_config(yaml, file, env.lookup());
}

/// parse_config with `env`, expecting a ConfigError; returns its issues (empty on no throw).
inline std::vector<ConfigIssue> parse_errors(std::string_view yaml, const FakeEnv& env = {},
                                             const std::string& file = "test.yaml") {
  try {
    parse_config(yaml, file, env.lookup());
  } catch (const ConfigError& e) {
    return e.issues();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return {};
}

/// The first issue at exactly `path`, or nullptr.
inline const ConfigIssue* find_issue(const std::vector<ConfigIssue>& issues,
                                     std::string_view path) {
  for (const auto& issue : issues) {
    if (issue.path == path) return &issue;
  }
  return nullptr;
}

/// All issues as text, for failure messages.
inline std::string dump(const std::vector<ConfigIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) text += issue.to_string() + "\n";
  return text;
}

/// True when some warning contains `needle`.
inline bool has_warning(const LoadResult& result, std::string_view needle) {
  for (const auto& warning : result.warnings) {
    if (warning.find(needle) != std::string::npos) return true;
  }
  return false;
}

/// The section readers alone (no validate()): YAML → Config, problems into `diag`.
inline Config read_document(std::string_view yaml, Diagnostics& diag, const FakeEnv& env = {},
                            std::filesystem::path base_dir = {}) {
  auto doc = parse_yaml_document(yaml, diag);
  if (!doc) {
    ADD_FAILURE() << "YAML did not parse:\n" << yaml;
    return {};
  }
  const auto lookup = env.lookup();
  LoadContext ctx{diag, lookup, std::move(base_dir)};
  return read_config(*doc, ctx);
}

}  // namespace llmgw::config::testing
