#include "config/diagnostics.hpp"

#include <algorithm>
#include <utility>

namespace llmgw::config {

namespace {

// "a.b[2].c" → "a.b[2]" → "a.b" → "a" → "".
std::string_view parent_of(std::string_view path) {
  auto cut = path.find_last_of(".[");
  return cut == std::string_view::npos ? std::string_view{} : path.substr(0, cut);
}

// Checks run section by section and then across sections; readers want file order. The
// "too many problems" summary, when present, stays last.
std::vector<ConfigIssue> in_line_order(std::vector<ConfigIssue> issues) {
  const auto sortable = std::min(issues.size(), Diagnostics::kMaxIssues);
  std::stable_sort(issues.begin(), issues.begin() + static_cast<std::ptrdiff_t>(sortable),
                   [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
  return issues;
}

}  // namespace

void Diagnostics::record_line(const std::string& path, int line) {
  if (line > 0) lines_.emplace(path, line);
}

int Diagnostics::line_of(std::string_view path) const {
  for (auto current = path; !current.empty(); current = parent_of(current)) {
    if (auto it = lines_.find(current); it != lines_.end()) return it->second;
  }
  return 0;
}

void Diagnostics::error(std::string path, int line, std::string message) {
  add(errors_, std::move(path), line, std::move(message));
}

void Diagnostics::warning(std::string path, int line, std::string message) {
  add(warnings_, std::move(path), line, std::move(message));
}

void Diagnostics::add(std::vector<ConfigIssue>& list, std::string path, int line,
                      std::string message) {
  if (list.size() > kMaxIssues) return;
  if (list.size() == kMaxIssues) {
    list.push_back({file_, 0, "", "too many problems; the rest are not shown"});
    return;
  }
  list.push_back({file_, line, std::move(path), std::move(message)});
}

std::vector<std::string> Diagnostics::warning_lines() const {
  auto sorted = in_line_order(warnings_);
  std::vector<std::string> lines;
  lines.reserve(sorted.size());
  for (const auto& warning : sorted) lines.push_back(warning.to_string());
  return lines;
}

void Diagnostics::throw_if_errors() const {
  if (!has_errors()) return;
  throw ConfigError(in_line_order(errors_));
}

std::string join_path(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

}  // namespace llmgw::config
