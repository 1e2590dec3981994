// libFuzzer target: arbitrary bytes as a config file. Loading may reject the input with a
// ConfigError, but must never crash, hang or leak, and a loaded config must redact cleanly.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "llmgw/config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const llmgw::config::EnvLookup empty_env = [](const char*) -> const char* { return nullptr; };
  try {
    auto result = llmgw::config::parse_config(text, "fuzz.yaml", empty_env);
    (void)llmgw::config::to_redacted_yaml(*result.config);
  } catch (const llmgw::config::ConfigError&) {
    // Rejected input is the expected outcome for most mutations.
  }
  return 0;
}
