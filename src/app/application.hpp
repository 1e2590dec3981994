#pragma once
// The composition root: the only place that knows every concrete type. It wires the
// services together and holds no request logic.

#include <string>

namespace llmgw::app {

/// Runs the gateway with `config_file` until SIGTERM/SIGINT; returns the exit code.
int run_gateway(const std::string& config_file);

/// Validates `config_file` and prints the effective config with secrets redacted.
/// Returns 0 when valid, 1 otherwise (issues on stderr, each as file:line: path: message).
int check_config(const std::string& config_file);

}  // namespace llmgw::app
