#include "golden/text_diff.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace llmgw::golden {
namespace {

// Lines with their terminating '\n' kept, so a missing final newline is a difference.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::size_t length = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(0, length));
    text.remove_prefix(length);
  }
  return lines;
}

void append_context(std::string& out, const char* label, const std::vector<std::string_view>& lines,
                    std::size_t first, std::size_t last) {
  out += label;
  out += ":\n";
  for (std::size_t i = first; i < last && i < lines.size(); ++i) {
    char number[32];
    std::snprintf(number, sizeof number, "%6zu| ", i + 1);
    out += number;
    out += escape_for_display(lines[i]);
    out += '\n';
  }
  if (last > lines.size() && first >= lines.size()) out += "     (end of output)\n";
}

}  // namespace

std::string escape_for_display(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", byte);
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

std::string describe_difference(std::string_view expected, std::string_view actual) {
  if (expected == actual) return {};
  const auto mismatch =
      std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
  const auto offset = static_cast<std::size_t>(mismatch.first - expected.begin());
  const std::vector<std::string_view> want = split_lines(expected);
  const std::vector<std::string_view> got = split_lines(actual);
  std::size_t line = 0;
  std::size_t seen = 0;
  while (line < want.size() && seen + want[line].size() <= offset) seen += want[line++].size();
  const std::size_t first = line >= 2 ? line - 2 : 0;
  std::string out = "outputs differ at byte " + std::to_string(offset) + ", line " +
                    std::to_string(line + 1) + " (expected " + std::to_string(expected.size()) +
                    " bytes, got " + std::to_string(actual.size()) + ")\n";
  append_context(out, "expected", want, first, line + 3);
  append_context(out, "actual", got, first, line + 3);
  return out;
}

}  // namespace llmgw::golden
