#pragma once
// The hand-written YAML of to_redacted_yaml (redacted_yaml.cpp and redacted_governance.cpp):
// yaml-cpp stays behind yaml_loader.cpp, and every string is double-quoted and escaped, so no
// value can break the document's shape.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace llmgw::config::redacted {

inline constexpr std::string_view kRedacted = "\"<redacted>\"";
inline constexpr std::string_view kUnset = "\"<unset>\"";

inline std::string quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char escaped[5];
          std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
          out += escaped;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
  return out;
}

inline std::string boolean(bool value) {
  return value ? "true" : "false";
}

class Writer {
 public:
  void field(int depth, std::string_view key, std::string_view value) {
    indent(depth);
    out_.append(key).append(": ").append(value).push_back('\n');
  }
  void section(int depth, std::string_view key) {
    indent(depth);
    out_.append(key).append(":\n");
  }
  // The first field of a list item: "- key: value" one level in.
  void item(int depth, std::string_view key, std::string_view value) {
    indent(depth);
    out_.append("- ").append(key).append(": ").append(value).push_back('\n');
  }
  // A comment must stay one line whatever the text (a file name could hold a newline).
  void comment(int depth, std::string_view text) {
    indent(depth);
    out_.append("# ");
    for (char c : text) out_.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    out_.push_back('\n');
  }
  void list(int depth, std::string_view key, const std::vector<std::string>& values) {
    if (values.empty()) return field(depth, key, "[]");
    section(depth, key);
    for (const auto& value : values) {
      indent(depth + 1);
      out_.append("- ").append(quote(value)).push_back('\n');
    }
  }
  std::string take() { return std::move(out_); }

 private:
  void indent(int depth) { out_.append(static_cast<std::size_t>(depth) * 2, ' '); }
  std::string out_;
};

}  // namespace llmgw::config::redacted
