#include "app/cli.hpp"

namespace llmgw::app {

std::optional<CliOptions> parse_cli(const std::vector<std::string>& args, std::string& error) {
  CliOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto take_value = [&](const std::string& flag) -> std::optional<std::string> {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        error = flag + " needs a file name";
        return std::nullopt;
      }
      return args[++i];
    };
    if (arg == "--config" || arg == "-c") {
      auto value = take_value(arg);
      if (!value) return std::nullopt;
      options.config_file = *value;
    } else if (arg.starts_with("--config=")) {
      options.config_file = arg.substr(9);
    } else if (arg == "--check-config") {
      auto value = take_value(arg);
      if (!value) return std::nullopt;
      options.command = Command::check_config;
      options.config_file = *value;
    } else if (arg == "--version" || arg == "-V") {
      options.command = Command::version;
    } else if (arg == "--help" || arg == "-h") {
      options.command = Command::help;
    } else {
      error = "unknown argument '" + arg + "'";
      return std::nullopt;
    }
  }
  return options;
}

std::string usage_text() {
  return "Usage: llmgw [--config FILE]\n"
         "       llmgw --check-config FILE\n"
         "       llmgw --version | --help\n"
         "\n"
         "  -c, --config FILE        run the gateway with FILE (default: config/llmgw.yaml)\n"
         "      --check-config FILE  validate FILE and print the effective config, secrets "
         "redacted\n"
         "  -V, --version            print the version\n"
         "  -h, --help               print this help\n"
         "\n"
         "Signals: SIGTERM/SIGINT drain and stop; SIGHUP reloads the config file.\n";
}

}  // namespace llmgw::app
