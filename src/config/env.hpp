#pragma once
// ${VAR} references to the environment. Secrets may only be a whole "${VAR}" value, so a key
// is never half literal; header values may embed references anywhere.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/config/loader.hpp"

namespace llmgw::config {

/// [A-Za-z_][A-Za-z0-9_]*, at most 128 characters.
bool is_env_name(std::string_view name);

/// NAME when `value` is exactly "${NAME}"; nullopt otherwise.
std::optional<std::string> whole_env_reference(std::string_view value);

/// True when `value` contains "${" anywhere.
bool mentions_env_reference(std::string_view value);

/// The variable's value with trailing whitespace (a stray newline from `$(cat file)`) removed;
/// nullopt when it is unset or empty. An empty EnvLookup behaves like an empty environment.
std::optional<std::string> lookup_env(const EnvLookup& env, std::string_view name);

struct Interpolated {
  std::string text;
  std::vector<std::string> missing;  ///< Unset or empty variables, each named once.
};

/// Replaces every ${NAME} in `text` by its value (missing ones by nothing, and listed);
/// "$${" stands for a literal "${". A malformed reference ("${", "${1X}") returns nullopt and
/// sets `error`.
std::optional<Interpolated> interpolate_env(std::string_view text, const EnvLookup& env,
                                            std::string& error);

/// The process environment (std::getenv).
EnvLookup process_environment();

}  // namespace llmgw::config
