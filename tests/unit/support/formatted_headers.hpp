#pragma once
// Reads a header back from FormattedHeaders lines ("name: value\r\n" each).

#include <optional>
#include <string>
#include <string_view>

namespace llmgw::testing {

inline std::optional<std::string> formatted_header(std::string_view lines, std::string_view name) {
  while (!lines.empty()) {
    const std::size_t end = lines.find("\r\n");
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 2);
    const std::size_t colon = line.find(": ");
    if (colon != std::string_view::npos && line.substr(0, colon) == name) {
      return std::string(line.substr(colon + 2));
    }
  }
  return std::nullopt;
}

}  // namespace llmgw::testing
