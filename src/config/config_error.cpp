#include "llmgw/config/loader.hpp"

#include <utility>

namespace llmgw::config {

std::string ConfigIssue::to_string() const {
  std::string out = file.empty() ? std::string("<config>") : file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

namespace {

std::string render(const std::vector<ConfigIssue>& issues) {
  std::string text;
  for (const auto& issue : issues) {
    if (!text.empty()) text += '\n';
    text += issue.to_string();
  }
  return text;
}

}  // namespace

ConfigError::ConfigError(std::vector<ConfigIssue> issues)
    : issues_(std::move(issues)), text_(render(issues_)) {}

}  // namespace llmgw::config
