#pragma once
// Golden-file cases under tests/data/golden/<provider>/<case>/: discovery and the provider
// configuration a case's target.json describes. The file layout is documented in
// golden_test.cpp.

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "llmgw/config/config.hpp"
#include "llmgw/core/http_types.hpp"

namespace llmgw::golden {

struct CaseDirectory {
  std::string name;             ///< "<provider>_<case>", made a valid gtest name.
  std::filesystem::path path;   ///< The case directory.
  std::string discovery_error;  ///< Set when the tree itself is malformed at this spot.
};

/// gtest prints the directory instead of the struct's bytes.
inline void PrintTo(const CaseDirectory& golden, std::ostream* out) {
  *out << golden.path;
}

/// Every case under `root`, sorted by name. Stray files and empty provider folders become
/// entries with discovery_error set, so a malformed tree fails a test instead of vanishing.
std::vector<CaseDirectory> discover_cases(const std::filesystem::path& root);

/// The configuration a translated request is encoded against.
struct GoldenTarget {
  config::ProviderConfig provider;
  config::Deployment deployment;
  config::ModelConfig model;
};

/// Builds the target from target.json text; `public_model` names the ModelConfig. Returns
/// nullopt and sets `error` on unknown keys, wrong types or an unknown kind.
std::optional<GoldenTarget> load_target(std::string_view target_json,
                                        const std::string& public_model, std::string& error);

/// A headers file: a JSON object of name → string. Returns nullopt and sets `error` when
/// malformed.
std::optional<Headers> load_headers(std::string_view headers_json, std::string& error);

/// The whole file, or nullopt when it does not exist.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace llmgw::golden
