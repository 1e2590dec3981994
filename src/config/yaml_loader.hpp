#pragma once
// YAML text → DocNode tree. The only code in llmgw that knows yaml-cpp exists.

#include <optional>
#include <string_view>

#include "config/diagnostics.hpp"
#include "config/document.hpp"

namespace llmgw::config {

/// Upper bounds that keep hostile input (alias bombs, deep nesting) cheap to reject.
struct DocumentLimits {
  std::size_t max_text_bytes = 4 * 1024 * 1024;
  std::size_t max_nodes = 200'000;  ///< Counted after aliases are expanded.
  int max_depth = 32;               ///< The schema itself is at most 5 levels deep.
};

/// Parses the first YAML document in `text`. Syntax errors, duplicate keys, non-scalar keys
/// and exceeded limits are reported to `diag` with their line; returns nullopt when the
/// document could not be read at all. Empty text yields a null root.
std::optional<DocNode> parse_yaml_document(std::string_view text, Diagnostics& diag,
                                           const DocumentLimits& limits = {});

}  // namespace llmgw::config
