#include "llmgw/config/loader.hpp"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "config/diagnostics.hpp"
#include "config/env.hpp"
#include "config/load_context.hpp"
#include "config/sections.hpp"
#include "config/validate.hpp"
#include "config/yaml_loader.hpp"

namespace llmgw::config {

namespace {

constexpr std::size_t kMaxConfigFileBytes = DocumentLimits{}.max_text_bytes;

[[noreturn]] void fail(const std::string& file, std::string message) {
  throw ConfigError({ConfigIssue{file, 0, "", std::move(message)}});
}

std::string read_config_file(const std::string& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) fail(file, "cannot read config: file not found");
  if (!std::filesystem::is_regular_file(status)) {
    fail(file, "cannot read config: not a regular file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot read config: permission denied or unreadable");
  std::string text(kMaxConfigFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) fail(file, "cannot read config: read error");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxConfigFileBytes) {
    fail(file, "cannot read config: larger than " + std::to_string(kMaxConfigFileBytes) + " bytes");
  }
  return text;
}

// Absolute, so that resolved paths stay right if the working directory changes before a reload
// and read unambiguously in --check-config output.
std::filesystem::path config_directory(const std::string& file) {
  const auto directory = std::filesystem::path(file).parent_path();
  if (file.empty()) return directory;
  std::error_code ec;
  auto absolute = std::filesystem::absolute(directory.empty() ? "." : directory, ec);
  return ec ? directory : absolute.lexically_normal();
}

}  // namespace

LoadResult parse_config(std::string_view yaml_text, const std::string& file, const EnvLookup& env) {
  Diagnostics diag(file);
  auto document = parse_yaml_document(yaml_text, diag);
  diag.throw_if_errors();
  if (!document) throw ConfigError({ConfigIssue{file, 0, "", "cannot parse YAML"}});

  LoadContext ctx{diag, env, config_directory(file)};
  auto config = read_config(*document, ctx);
  validate(config, diag);
  diag.throw_if_errors();
  return {std::make_shared<const Config>(std::move(config)), diag.warning_lines()};
}

LoadResult load_config(const std::string& file) {
  const auto text = read_config_file(file);
  const auto env = process_environment();
  return parse_config(text, file, env);
}

}  // namespace llmgw::config
