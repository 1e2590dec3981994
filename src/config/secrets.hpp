#pragma once
// Provider API keys and virtual-key secrets: where they come from (env, file, literal, hash),
// what happens when they are missing (the owner is disabled, with a warning naming the
// variable or file and never a value), and hashing, since only a key's SHA-256 is kept.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "config/load_context.hpp"
#include "llmgw/config/config.hpp"
#include "llmgw/config/snapshot.hpp"

namespace llmgw::config {

/// Secret files are a key or a token, never large; anything bigger is a wrong path.
inline constexpr std::size_t kMaxSecretFileBytes = 64 * 1024;

/// What the config says about one secret, as written. At most one source may be set.
struct SecretSource {
  std::string owner_path;                 ///< e.g. "providers[0]".
  std::string value_key;                  ///< "api_key" or "secret".
  std::string file_key;                   ///< "api_key_file" or "secret_file".
  std::optional<std::string> value;       ///< "${VAR}" or a literal.
  std::optional<std::string> file;        ///< Relative to the config file's directory.
  std::optional<std::string> sha256_hex;  ///< Keys only: the secret's hash, 64 hex digits.
};

// sha256() comes from llmgw/config/snapshot.hpp (shared with the auth path).

/// 64 hex digits (either case) → bytes; nullopt for anything else.
std::optional<Sha256> parse_sha256_hex(std::string_view hex);

struct SecretFile {
  enum class Status { ok, missing, unreadable, too_large };
  Status status = Status::missing;
  std::string content;  ///< Trailing whitespace removed.
};

/// Reads a regular file of at most kMaxSecretFileBytes.
SecretFile read_secret_file(const std::string& path);

/// Sets provider.api_key, or disables the provider with a warning when the variable or file
/// is missing, or when a kind that needs a key (every kind but openai_compatible) has none.
/// Errors for conflicting or malformed sources go to ctx.diag.
void resolve_provider_secret(const SecretSource& source, LoadContext& ctx,
                             ProviderConfig& provider);

/// Another provider secret (Bedrock's credentials): its value; or "" when no source is set,
/// when the source is malformed (an error in ctx.diag), or when its variable or file is missing
/// (the provider is disabled with a warning).
std::string resolve_provider_credential(const SecretSource& source, LoadContext& ctx,
                                        ProviderConfig& provider);

/// A secret the gateway cannot do without once it is configured (the Redis password): its
/// value, or "" when no source is set. A missing variable or file is an error here, since
/// carrying on without it would only fail later, on every connect.
std::string resolve_required_secret(const SecretSource& source, LoadContext& ctx);

/// Sets key.secret_sha256 (the plain secret is wiped), or disables the key with a warning when
/// its variable or file is missing. A key without any source is an error.
void resolve_key_secret(const SecretSource& source, LoadContext& ctx, KeyConfig& key);

}  // namespace llmgw::config
