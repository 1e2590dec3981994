#include "config/env.hpp"

#include <algorithm>
#include <cstdlib>

namespace llmgw::config {

namespace {

bool is_name_start(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9');
}

}  // namespace

bool is_env_name(std::string_view name) {
  constexpr std::size_t kMaxName = 128;
  if (name.empty() || name.size() > kMaxName || !is_name_start(name.front())) return false;
  return std::all_of(name.begin(), name.end(), is_name_char);
}

std::optional<std::string> whole_env_reference(std::string_view value) {
  if (value.size() < 4 || !value.starts_with("${") || !value.ends_with("}")) return std::nullopt;
  auto name = value.substr(2, value.size() - 3);
  if (!is_env_name(name)) return std::nullopt;
  return std::string(name);
}

bool mentions_env_reference(std::string_view value) {
  return value.find("${") != std::string_view::npos;
}

std::optional<std::string> lookup_env(const EnvLookup& env, std::string_view name) {
  if (!env) return std::nullopt;
  const std::string key(name);
  const char* raw = env(key.c_str());
  if (raw == nullptr) return std::nullopt;
  std::string value(raw);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\n' ||
                            value.back() == '\r')) {
    value.pop_back();
  }
  if (value.empty()) return std::nullopt;
  return value;
}

std::optional<Interpolated> interpolate_env(std::string_view text, const EnvLookup& env,
                                            std::string& error) {
  Interpolated result;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto dollar = text.find('$', pos);
    if (dollar == std::string_view::npos) {
      result.text.append(text.substr(pos));
      break;
    }
    result.text.append(text.substr(pos, dollar - pos));
    const auto after = text.substr(dollar);
    if (after.starts_with("$${")) {
      result.text.append("${");
      pos = dollar + 3;
      continue;
    }
    if (!after.starts_with("${")) {
      result.text.push_back('$');
      pos = dollar + 1;
      continue;
    }
    const auto close = after.find('}');
    if (close == std::string_view::npos) {
      error = "unterminated ${ reference (write $${ for a literal ${)";
      return std::nullopt;
    }
    const auto name = after.substr(2, close - 2);
    if (!is_env_name(name)) {
      error = "invalid environment variable name in ${...}: use letters, digits and _";
      return std::nullopt;
    }
    if (auto value = lookup_env(env, name)) {
      result.text.append(*value);
    } else if (std::find(result.missing.begin(), result.missing.end(), name) ==
               result.missing.end()) {
      result.missing.emplace_back(name);
    }
    pos = dollar + close + 1;
  }
  return result;
}

EnvLookup process_environment() {
  return [](const char* name) -> const char* { return std::getenv(name); };
}

}  // namespace llmgw::config
