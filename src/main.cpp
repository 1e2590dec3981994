#include <iostream>
#include <string>
#include <vector>

#include "app/application.hpp"
#include "app/cli.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string error;
  auto options = llmgw::app::parse_cli(args, error);
  if (!options) {
    std::cerr << "llmgw: " << error << "\n\n" << llmgw::app::usage_text();
    return 2;
  }
  switch (options->command) {
    case llmgw::app::Command::help: std::cout << llmgw::app::usage_text(); return 0;
    case llmgw::app::Command::version: std::cout << "llmgw " << LLMGW_VERSION << "\n"; return 0;
    case llmgw::app::Command::check_config: return llmgw::app::check_config(options->config_file);
    case llmgw::app::Command::run: break;
  }
  return llmgw::app::run_gateway(options->config_file);
}
