#include "config/secrets.hpp"

#include <openssl/crypto.h>

#include <fstream>
#include <system_error>

#include "config/env.hpp"

namespace llmgw::config {

namespace {

struct Resolution {
  enum class State { none, ok, unavailable, invalid };
  State state = State::none;
  std::string value;
  std::string reason;  ///< For unavailable: names the variable or file, never a value.
  std::string where;   ///< The key the problem is reported on.
};

bool has_control_chars(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

void wipe(std::string& secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

Resolution from_value(const SecretSource& source, const std::string& written, LoadContext& ctx) {
  const auto where = join_path(source.owner_path, source.value_key);
  if (auto name = whole_env_reference(written)) {
    auto value = lookup_env(ctx.env, *name);
    if (!value) {
      return {Resolution::State::unavailable,
              {},
              "environment variable " + *name + " is not set",
              where};
    }
    if (has_control_chars(*value)) {
      ctx.diag.error(where, "environment variable " + *name + " contains control characters");
      return {Resolution::State::invalid, {}, {}, where};
    }
    return {Resolution::State::ok, std::move(*value), {}, where};
  }
  if (mentions_env_reference(written)) {
    ctx.diag.error(where, "must be a whole \"${VAR}\" reference or a literal, not a mix");
    return {Resolution::State::invalid, {}, {}, where};
  }
  if (written.empty()) {
    ctx.diag.error(where, "must not be empty; leave " + source.value_key + " out for no secret");
    return {Resolution::State::invalid, {}, {}, where};
  }
  if (has_control_chars(written)) {
    ctx.diag.error(where, "contains control characters");
    return {Resolution::State::invalid, {}, {}, where};
  }
  ctx.diag.warning(where,
                   "literal secret in the config file; prefer \"${VAR}\" or " + source.file_key);
  return {Resolution::State::ok, written, {}, where};
}

Resolution from_file(const SecretSource& source, const std::string& written, LoadContext& ctx) {
  const auto where = join_path(source.owner_path, source.file_key);
  if (written.empty()) {
    ctx.diag.error(where, "must not be empty");
    return {Resolution::State::invalid, {}, {}, where};
  }
  const auto path = ctx.resolve_path(written);
  auto file = read_secret_file(path);
  switch (file.status) {
    case SecretFile::Status::missing:
      return {Resolution::State::unavailable, {}, "file " + path + " does not exist", where};
    case SecretFile::Status::unreadable:
      return {Resolution::State::unavailable, {}, "file " + path + " cannot be read", where};
    case SecretFile::Status::too_large:
      ctx.diag.error(where, "file " + path + " is larger than " +
                                std::to_string(kMaxSecretFileBytes) + " bytes");
      return {Resolution::State::invalid, {}, {}, where};
    case SecretFile::Status::ok: break;
  }
  if (file.content.empty()) {
    return {Resolution::State::unavailable, {}, "file " + path + " is empty", where};
  }
  if (has_control_chars(file.content)) {
    ctx.diag.error(where, "file " + path + " contains control characters");
    return {Resolution::State::invalid, {}, {}, where};
  }
  return {Resolution::State::ok, std::move(file.content), {}, where};
}

Resolution resolve(const SecretSource& source, LoadContext& ctx) {
  const int sources = int{source.value.has_value()} + int{source.file.has_value()} +
                      int{source.sha256_hex.has_value()};
  if (sources > 1) {
    std::string keys = source.value_key + ", " + source.file_key;
    if (source.sha256_hex) keys += ", secret_sha256";
    ctx.diag.error(source.owner_path, "set only one of " + keys);
    return {Resolution::State::invalid, {}, {}, source.owner_path};
  }
  if (source.value) return from_value(source, *source.value, ctx);
  if (source.file) return from_file(source, *source.file, ctx);
  return {};
}

void disable_provider(const Resolution& resolution, LoadContext& ctx, ProviderConfig& provider) {
  ctx.diag.warning(resolution.where,
                   resolution.reason + "; provider \"" + provider.name + "\" disabled");
  if (!provider.enabled) return;  // The first reason is the one to fix first.
  provider.enabled = false;
  provider.disabled_reason = resolution.reason;
}

// openai_compatible servers (vLLM, Ollama) often need no key; every other kind does.
std::string missing_key_reason(const ProviderConfig& provider) {
  if (provider.kind == ProviderKind::openai_compatible) return {};
  if (provider.kind == ProviderKind::gemini && provider.gemini.vertex) {
    return "kind gemini with vertex needs api_key or api_key_file (an OAuth access token)";
  }
  return "kind " + std::string(to_string(provider.kind)) + " needs api_key or api_key_file";
}

}  // namespace

std::optional<Sha256> parse_sha256_hex(std::string_view hex) {
  Sha256 bytes{};
  if (hex.size() != bytes.size() * 2) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int high = nibble(hex[2 * i]);
    const int low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return bytes;
}

SecretFile read_secret_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return {SecretFile::Status::missing, {}};
  if (!std::filesystem::is_regular_file(status)) return {SecretFile::Status::unreadable, {}};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {SecretFile::Status::unreadable, {}};
  SecretFile file{SecretFile::Status::ok, std::string(kMaxSecretFileBytes + 1, '\0')};
  in.read(file.content.data(), static_cast<std::streamsize>(file.content.size()));
  if (in.bad()) return {SecretFile::Status::unreadable, {}};
  file.content.resize(static_cast<std::size_t>(in.gcount()));
  if (file.content.size() > kMaxSecretFileBytes) {
    wipe(file.content);
    return {SecretFile::Status::too_large, {}};
  }
  while (!file.content.empty() && (file.content.back() == ' ' || file.content.back() == '\t' ||
                                   file.content.back() == '\n' || file.content.back() == '\r')) {
    file.content.pop_back();
  }
  return file;
}

void resolve_provider_secret(const SecretSource& source, LoadContext& ctx,
                             ProviderConfig& provider) {
  auto resolution = resolve(source, ctx);
  switch (resolution.state) {
    case Resolution::State::ok: provider.api_key = std::move(resolution.value); return;
    case Resolution::State::unavailable: disable_provider(resolution, ctx, provider); return;
    case Resolution::State::none: {
      auto reason = missing_key_reason(provider);
      if (reason.empty()) return;
      disable_provider({Resolution::State::unavailable, {}, std::move(reason), source.owner_path},
                       ctx, provider);
      return;
    }
    case Resolution::State::invalid: return;
  }
}

std::string resolve_provider_credential(const SecretSource& source, LoadContext& ctx,
                                        ProviderConfig& provider) {
  auto resolution = resolve(source, ctx);
  if (resolution.state == Resolution::State::ok) return std::move(resolution.value);
  if (resolution.state == Resolution::State::unavailable) {
    disable_provider(resolution, ctx, provider);
  }
  return {};
}

std::string resolve_required_secret(const SecretSource& source, LoadContext& ctx) {
  auto resolution = resolve(source, ctx);
  if (resolution.state == Resolution::State::unavailable) {
    ctx.diag.error(resolution.where, resolution.reason);
  }
  if (resolution.state != Resolution::State::ok) return {};
  return std::move(resolution.value);
}

void resolve_key_secret(const SecretSource& source, LoadContext& ctx, KeyConfig& key) {
  auto resolution = resolve(source, ctx);
  switch (resolution.state) {
    case Resolution::State::ok:
      key.secret_sha256 = sha256(resolution.value);
      wipe(resolution.value);
      return;
    case Resolution::State::unavailable:
      key.enabled = false;
      key.disabled_reason = resolution.reason;
      ctx.diag.warning(resolution.where, resolution.reason + "; key \"" + key.id + "\" disabled");
      return;
    case Resolution::State::none: break;
    case Resolution::State::invalid: return;
  }
  if (!source.sha256_hex) {
    ctx.diag.error(source.owner_path, "needs one of secret, secret_file or secret_sha256");
    return;
  }
  if (auto digest = parse_sha256_hex(*source.sha256_hex)) {
    key.secret_sha256 = *digest;
  } else {
    ctx.diag.error(join_path(source.owner_path, "secret_sha256"), "must be 64 hex digits");
  }
}

}  // namespace llmgw::config
