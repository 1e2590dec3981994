#pragma once
// What every section reader needs besides the document: where to report problems, how to
// read the environment, and where relative file paths start.

#include <filesystem>
#include <string>
#include <string_view>

#include "config/diagnostics.hpp"
#include "llmgw/config/loader.hpp"

namespace llmgw::config {

struct LoadContext {
  Diagnostics& diag;
  const EnvLookup& env;
  std::filesystem::path base_dir;  ///< The config file's directory; empty: the working dir.

  /// `path` unchanged when empty or absolute, else relative to base_dir.
  std::string resolve_path(std::string_view path) const {
    if (path.empty() || base_dir.empty()) return std::string(path);
    std::filesystem::path written{std::string(path)};
    if (written.is_absolute()) return std::string(path);
    return (base_dir / written).lexically_normal().string();
  }
};

}  // namespace llmgw::config
