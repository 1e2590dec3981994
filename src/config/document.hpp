#pragma once
// A plain tree of the YAML document with line numbers. yaml_loader.cpp builds it; everything
// else reads it, so yaml-cpp stays behind one file and the readers can be tested without it.

#include <string>
#include <string_view>
#include <vector>

namespace llmgw::config {

struct DocEntry;

struct DocNode {
  enum class Kind { null, scalar, sequence, map };

  Kind kind = Kind::null;
  int line = 0;                   ///< 1-based; 0 when the parser gave no position.
  std::string scalar;             ///< Kind::scalar only.
  std::vector<DocNode> items;     ///< Kind::sequence only.
  std::vector<DocEntry> entries;  ///< Kind::map only, in document order, keys unique.

  bool is_null() const noexcept { return kind == Kind::null; }
  bool is_scalar() const noexcept { return kind == Kind::scalar; }
  bool is_sequence() const noexcept { return kind == Kind::sequence; }
  bool is_map() const noexcept { return kind == Kind::map; }
};

struct DocEntry {
  std::string key;
  int key_line = 0;
  DocNode value;
};

/// "a string", "a list", ... for messages such as `must be a list, not a string`.
inline std::string_view describe(DocNode::Kind kind) noexcept {
  switch (kind) {
    case DocNode::Kind::null: return "empty";
    case DocNode::Kind::scalar: return "a scalar";
    case DocNode::Kind::sequence: return "a list";
    case DocNode::Kind::map: return "a mapping";
  }
  return "unknown";
}

}  // namespace llmgw::config
