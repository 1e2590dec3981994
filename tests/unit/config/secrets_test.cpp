#include "config/secrets.hpp"

#include <gtest/gtest.h>

#include "config/config_test_support.hpp"

namespace llmgw::config {
namespace {

using testing::FakeEnv;
using testing::TempDir;

constexpr std::string_view kSkTestSha256 =
    "f3abf2a6cc4f00987743db5f544ba345b4899ae31f326d8ee9c4816de153c9e0";

class SecretsTest : public ::testing::Test {
 protected:
  LoadContext context(std::filesystem::path base_dir = {}) {
    lookup_ = env_.lookup();
    return LoadContext{diag_, lookup_, std::move(base_dir)};
  }
  SecretSource provider_source() const { return {"providers[0]", "api_key", "api_key_file"}; }
  SecretSource key_source() const { return {"keys[0]", "secret", "secret_file"}; }
  ProviderConfig provider(ProviderKind kind = ProviderKind::openai) const {
    ProviderConfig p;
    p.name = "openai";
    p.kind = kind;
    return p;
  }
  std::string all_messages() const {
    std::string text;
    for (const auto& issue : diag_.errors()) text += issue.to_string() + "\n";
    for (const auto& issue : diag_.warnings()) text += issue.to_string() + "\n";
    return text;
  }

  FakeEnv env_;
  EnvLookup lookup_;
  Diagnostics diag_{"f.yaml"};
};

TEST_F(SecretsTest, Sha256MatchesKnownDigests) {
  EXPECT_EQ(sha256("sk-test"), parse_sha256_hex(kSkTestSha256).value());
  EXPECT_EQ(
      sha256(""),
      parse_sha256_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").value());
}

TEST_F(SecretsTest, ParsesOnlySixtyFourHexDigits) {
  std::string upper(kSkTestSha256);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(parse_sha256_hex(upper), parse_sha256_hex(kSkTestSha256));
  EXPECT_FALSE(parse_sha256_hex(kSkTestSha256.substr(0, 63)));
  std::string too_long(kSkTestSha256);
  too_long.push_back('0');
  EXPECT_FALSE(parse_sha256_hex(too_long));
  std::string not_hex(64, 'a');
  not_hex.back() = 'g';
  EXPECT_FALSE(parse_sha256_hex(not_hex));
  EXPECT_FALSE(parse_sha256_hex(""));
}

TEST_F(SecretsTest, ProviderKeyFromEnvironment) {
  env_.set("OPENAI_API_KEY", "sk-live-123\n");
  auto ctx = context();
  auto source = provider_source();
  source.value = "${OPENAI_API_KEY}";
  auto p = provider();
  resolve_provider_secret(source, ctx, p);
  EXPECT_EQ(p.api_key, "sk-live-123");
  EXPECT_TRUE(p.enabled);
  EXPECT_TRUE(diag_.warnings().empty()) << all_messages();
  EXPECT_FALSE(diag_.has_errors());
}

TEST_F(SecretsTest, MissingVariableDisablesProviderWithWarningNamingIt) {
  auto ctx = context();
  auto source = provider_source();
  source.value = "${OPENAI_API_KEY}";
  auto p = provider();
  resolve_provider_secret(source, ctx, p);
  EXPECT_FALSE(p.enabled);
  EXPECT_EQ(p.disabled_reason, "environment variable OPENAI_API_KEY is not set");
  ASSERT_EQ(diag_.warnings().size(), 1u);
  EXPECT_EQ(diag_.warnings()[0].path, "providers[0].api_key");
  EXPECT_NE(diag_.warnings()[0].message.find("provider \"openai\" disabled"), std::string::npos);
  EXPECT_FALSE(diag_.has_errors());
}

TEST_F(SecretsTest, LiteralKeyWorksWithAWarningThatHidesIt) {
  auto ctx = context();
  auto source = provider_source();
  source.value = "sk-literal-SECRET-value";
  auto p = provider();
  resolve_provider_secret(source, ctx, p);
  EXPECT_EQ(p.api_key, "sk-literal-SECRET-value");
  ASSERT_EQ(diag_.warnings().size(), 1u);
  EXPECT_NE(diag_.warnings()[0].message.find("literal secret"), std::string::npos);
  EXPECT_EQ(all_messages().find("SECRET"), std::string::npos);
}

TEST_F(SecretsTest, KindOpenAiWithoutKeyIsDisabledButCompatibleIsFine) {
  auto ctx = context();
  auto openai = provider(ProviderKind::openai);
  resolve_provider_secret(provider_source(), ctx, openai);
  EXPECT_FALSE(openai.enabled);
  EXPECT_NE(openai.disabled_reason.find("api_key"), std::string::npos);
  EXPECT_EQ(diag_.warnings().size(), 1u);

  auto local = provider(ProviderKind::openai_compatible);
  resolve_provider_secret(provider_source(), ctx, local);
  EXPECT_TRUE(local.enabled);
  EXPECT_TRUE(local.api_key.empty());
  EXPECT_EQ(diag_.warnings().size(), 1u);
}

TEST_F(SecretsTest, EveryHostedKindWithoutKeyIsDisabledNamingTheKind) {
  auto ctx = context();
  for (auto kind : {ProviderKind::anthropic, ProviderKind::gemini, ProviderKind::azure_openai}) {
    auto p = provider(kind);
    resolve_provider_secret(provider_source(), ctx, p);
    EXPECT_FALSE(p.enabled) << to_string(kind);
    EXPECT_EQ(p.disabled_reason,
              "kind " + std::string(to_string(kind)) + " needs api_key or api_key_file");
  }
  auto vertex = provider(ProviderKind::gemini);
  vertex.gemini.vertex = true;
  resolve_provider_secret(provider_source(), ctx, vertex);
  EXPECT_FALSE(vertex.enabled);
  EXPECT_NE(vertex.disabled_reason.find("OAuth access token"), std::string::npos);
  EXPECT_EQ(diag_.warnings().size(), 4u);
  EXPECT_EQ(diag_.warnings()[0].path, "providers[0]");
}

TEST_F(SecretsTest, CredentialFromEnvironmentOrFile) {
  TempDir dir;
  dir.write("secret.txt", "wJalrXUtnFEMI/K7MDENG\n");
  env_.set("ID", "AKIDEXAMPLE");
  auto ctx = context(dir.path());
  auto p = provider(ProviderKind::bedrock);
  SecretSource id{"providers[0].bedrock", "access_key_id", "access_key_id_file"};
  id.value = "${ID}";
  SecretSource secret{"providers[0].bedrock", "secret_access_key", "secret_access_key_file"};
  secret.file = "secret.txt";
  EXPECT_EQ(resolve_provider_credential(id, ctx, p), "AKIDEXAMPLE");
  EXPECT_EQ(resolve_provider_credential(secret, ctx, p), "wJalrXUtnFEMI/K7MDENG");
  SecretSource none{"providers[0].bedrock", "session_token", "session_token_file"};
  EXPECT_EQ(resolve_provider_credential(none, ctx, p), "");
  EXPECT_TRUE(p.enabled);
  EXPECT_FALSE(diag_.has_errors());
  EXPECT_TRUE(diag_.warnings().empty()) << all_messages();
}

TEST_F(SecretsTest, MissingCredentialDisablesKeepingTheFirstReason) {
  auto ctx = context();
  auto p = provider(ProviderKind::bedrock);
  SecretSource id{"providers[0].bedrock", "access_key_id", "access_key_id_file"};
  id.value = "${FIRST_MISSING}";
  SecretSource secret{"providers[0].bedrock", "secret_access_key", "secret_access_key_file"};
  secret.value = "${SECOND_MISSING}";
  EXPECT_EQ(resolve_provider_credential(id, ctx, p), "");
  EXPECT_EQ(resolve_provider_credential(secret, ctx, p), "");
  EXPECT_FALSE(p.enabled);
  EXPECT_EQ(p.disabled_reason, "environment variable FIRST_MISSING is not set");
  ASSERT_EQ(diag_.warnings().size(), 2u);
  EXPECT_EQ(diag_.warnings()[0].path, "providers[0].bedrock.access_key_id");
  EXPECT_EQ(diag_.warnings()[1].path, "providers[0].bedrock.secret_access_key");
}

TEST_F(SecretsTest, MalformedCredentialIsAnErrorThatHidesTheValue) {
  env_.set("TOKEN",
           "abc\x01"
           "def-DISTINCTIVE");
  auto ctx = context();
  auto p = provider(ProviderKind::bedrock);
  SecretSource token{"providers[0].bedrock", "session_token", "session_token_file"};
  token.value = "${TOKEN}";
  EXPECT_EQ(resolve_provider_credential(token, ctx, p), "");
  ASSERT_TRUE(diag_.has_errors());
  EXPECT_EQ(diag_.errors()[0].path, "providers[0].bedrock.session_token");
  EXPECT_EQ(all_messages().find("DISTINCTIVE"), std::string::npos) << all_messages();
}

TEST_F(SecretsTest, ConflictingAndMalformedSourcesAreErrors) {
  auto ctx = context();
  auto both = provider_source();
  both.value = "${A}";
  both.file = "k.txt";
  auto p = provider();
  resolve_provider_secret(both, ctx, p);
  auto mixed = provider_source();
  mixed.value = "sk-${A}";
  resolve_provider_secret(mixed, ctx, p);
  auto empty = provider_source();
  empty.value = "";
  resolve_provider_secret(empty, ctx, p);
  ASSERT_EQ(diag_.errors().size(), 3u) << all_messages();
  EXPECT_NE(diag_.errors()[0].message.find("only one of api_key, api_key_file"), std::string::npos);
  EXPECT_NE(diag_.errors()[1].message.find("whole \"${VAR}\""), std::string::npos);
  EXPECT_NE(diag_.errors()[2].message.find("must not be empty"), std::string::npos);
}

TEST_F(SecretsTest, ControlCharactersInAnEnvValueAreAnErrorThatHidesTheValue) {
  env_.set("KEY", "sk-abc\r\nX-Injected: yes");
  auto ctx = context();
  auto source = provider_source();
  source.value = "${KEY}";
  auto p = provider();
  resolve_provider_secret(source, ctx, p);
  ASSERT_TRUE(diag_.has_errors());
  EXPECT_NE(diag_.errors()[0].message.find("control characters"), std::string::npos);
  EXPECT_EQ(all_messages().find("Injected"), std::string::npos);
}

TEST_F(SecretsTest, RelativeKeyFileResolvesAgainstConfigDirectory) {
  TempDir dir;
  dir.write("secrets/openai.txt", "sk-from-file \n\n");
  auto ctx = context(dir.path());
  auto source = provider_source();
  source.file = "secrets/openai.txt";
  auto p = provider();
  resolve_provider_secret(source, ctx, p);
  EXPECT_EQ(p.api_key, "sk-from-file");
  EXPECT_TRUE(p.enabled);
  EXPECT_TRUE(diag_.warnings().empty()) << all_messages();
}

TEST_F(SecretsTest, MissingEmptyOrDirectoryKeyFileDisablesProvider) {
  TempDir dir;
  dir.write("empty.txt", "\n");
  std::filesystem::create_directory(dir.path() / "a-dir");
  auto ctx = context(dir.path());
  for (const char* name : {"missing.txt", "empty.txt", "a-dir"}) {
    auto source = provider_source();
    source.file = name;
    auto p = provider();
    resolve_provider_secret(source, ctx, p);
    EXPECT_FALSE(p.enabled) << name;
    EXPECT_NE(p.disabled_reason.find((dir.path() / name).string()), std::string::npos)
        << p.disabled_reason;
  }
  EXPECT_EQ(diag_.warnings().size(), 3u);
  EXPECT_FALSE(diag_.has_errors()) << all_messages();
}

TEST_F(SecretsTest, OversizedKeyFileIsAnError) {
  TempDir dir;
  const auto path = dir.write("huge.txt", std::string(kMaxSecretFileBytes + 1, 'k'));
  EXPECT_EQ(read_secret_file(path).status, SecretFile::Status::too_large);
  auto ctx = context(dir.path());
  auto source = provider_source();
  source.file = "huge.txt";
  auto p = provider();
  resolve_provider_secret(source, ctx, p);
  ASSERT_TRUE(diag_.has_errors());
  EXPECT_NE(diag_.errors()[0].message.find("larger than"), std::string::npos);
}

TEST_F(SecretsTest, KeySecretKeepsOnlyItsHash) {
  env_.set("LLMGW_KEY", "sk-test");
  auto ctx = context();
  auto source = key_source();
  source.value = "${LLMGW_KEY}";
  KeyConfig key;
  key.id = "team-a";
  resolve_key_secret(source, ctx, key);
  EXPECT_TRUE(key.enabled);
  EXPECT_EQ(key.secret_sha256, parse_sha256_hex(kSkTestSha256).value());
  EXPECT_FALSE(diag_.has_errors());
}

TEST_F(SecretsTest, KeyWithMissingVariableIsKeptDisabled) {
  auto ctx = context();
  auto source = key_source();
  source.value = "${LLMGW_KEY_TEAM_A}";
  KeyConfig key;
  key.id = "team-a";
  resolve_key_secret(source, ctx, key);
  EXPECT_FALSE(key.enabled);
  EXPECT_NE(key.disabled_reason.find("LLMGW_KEY_TEAM_A"), std::string::npos);
  ASSERT_EQ(diag_.warnings().size(), 1u);
  EXPECT_NE(diag_.warnings()[0].message.find("key \"team-a\" disabled"), std::string::npos);
}

TEST_F(SecretsTest, KeyFromSha256) {
  auto ctx = context();
  auto source = key_source();
  source.sha256_hex = std::string(kSkTestSha256);
  KeyConfig key;
  resolve_key_secret(source, ctx, key);
  EXPECT_EQ(key.secret_sha256, sha256("sk-test"));
  EXPECT_FALSE(diag_.has_errors());
  EXPECT_TRUE(diag_.warnings().empty());
}

TEST_F(SecretsTest, KeyErrors) {
  auto ctx = context();
  KeyConfig key;
  resolve_key_secret(key_source(), ctx, key);
  auto bad_hash = key_source();
  bad_hash.sha256_hex = "abc";
  resolve_key_secret(bad_hash, ctx, key);
  auto two = key_source();
  two.value = "${X}";
  two.sha256_hex = std::string(kSkTestSha256);
  resolve_key_secret(two, ctx, key);
  ASSERT_EQ(diag_.errors().size(), 3u) << all_messages();
  EXPECT_NE(diag_.errors()[0].message.find("needs one of secret, secret_file or secret_sha256"),
            std::string::npos);
  EXPECT_EQ(diag_.errors()[1].path, "keys[0].secret_sha256");
  EXPECT_NE(diag_.errors()[1].message.find("64 hex digits"), std::string::npos);
  EXPECT_NE(diag_.errors()[2].message.find("only one of"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
