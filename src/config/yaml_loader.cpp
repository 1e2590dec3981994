#include "config/yaml_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <new>
#include <set>
#include <string>
#include <utility>

namespace llmgw::config {

namespace {

int line_of(const YAML::Node& node) {
  const auto mark = node.Mark();
  return mark.line < 0 ? 0 : mark.line + 1;
}

// Copies the yaml-cpp graph into a DocNode tree. Aliases are copied at every use, so the node
// budget bounds the work an alias bomb can cause, and the depth limit stops alias cycles.
class Converter {
 public:
  Converter(Diagnostics& diag, const DocumentLimits& limits) : diag_(diag), limits_(limits) {}

  bool convert(const YAML::Node& node, int depth, DocNode& out) {
    if (depth > limits_.max_depth) {
      diag_.error("", line_of(node),
                  "nested deeper than " + std::to_string(limits_.max_depth) + " levels");
      return false;
    }
    if (++nodes_ > limits_.max_nodes) {
      diag_.error("", line_of(node),
                  "document has more than " + std::to_string(limits_.max_nodes) +
                      " nodes (aliases count once per use)");
      return false;
    }
    out.line = line_of(node);
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: out.kind = DocNode::Kind::null; return true;
      case YAML::NodeType::Scalar:
        out.kind = DocNode::Kind::scalar;
        out.scalar = node.Scalar();
        return true;
      case YAML::NodeType::Sequence: return convert_sequence(node, depth, out);
      case YAML::NodeType::Map: return convert_map(node, depth, out);
    }
    return true;
  }

 private:
  bool convert_sequence(const YAML::Node& node, int depth, DocNode& out) {
    out.kind = DocNode::Kind::sequence;
    for (const auto& item : node) {
      DocNode child;
      if (!convert(item, depth + 1, child)) return false;
      out.items.push_back(std::move(child));
    }
    return true;
  }

  bool convert_map(const YAML::Node& node, int depth, DocNode& out) {
    out.kind = DocNode::Kind::map;
    std::set<std::string, std::less<>> seen;
    for (const auto& pair : node) {
      const YAML::Node& key = pair.first;
      const int key_line = line_of(key);
      if (!key.IsScalar()) {
        diag_.error("", key_line, "mapping keys must be plain strings");
        continue;
      }
      if (!seen.insert(key.Scalar()).second) {
        diag_.error("", key_line, "duplicate key \"" + key.Scalar() + "\"");
        continue;
      }
      DocEntry entry{key.Scalar(), key_line, {}};
      if (!convert(pair.second, depth + 1, entry.value)) return false;
      // A missing value ("key:") has no position of its own (yaml-cpp reports where the next
      // token starts); point at its key.
      if (entry.value.is_null() || entry.value.line == 0) entry.value.line = key_line;
      out.entries.push_back(std::move(entry));
    }
    return true;
  }

  Diagnostics& diag_;
  const DocumentLimits& limits_;
  std::size_t nodes_ = 0;
};

}  // namespace

std::optional<DocNode> parse_yaml_document(std::string_view text, Diagnostics& diag,
                                           const DocumentLimits& limits) {
  if (text.size() > limits.max_text_bytes) {
    diag.error("", 0, "file is larger than " + std::to_string(limits.max_text_bytes) + " bytes");
    return std::nullopt;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    diag.error("", e.mark.line < 0 ? 0 : e.mark.line + 1, "invalid YAML: " + e.msg);
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    diag.error("", 0, std::string("invalid YAML: ") + e.what());
    return std::nullopt;
  }
  DocNode doc;
  if (!Converter(diag, limits).convert(root, 0, doc)) return std::nullopt;
  return doc;
}

}  // namespace llmgw::config
