#pragma once

#include <optional>
#include <string>
#include <vector>

namespace llmgw::app {

enum class Command { run, check_config, version, help };

struct CliOptions {
  Command command = Command::run;
  std::string config_file = "config/llmgw.yaml";
};

/// Parses argv (without the program name). Returns nullopt and fills `error` on misuse.
std::optional<CliOptions> parse_cli(const std::vector<std::string>& args, std::string& error);

std::string usage_text();

}  // namespace llmgw::app
