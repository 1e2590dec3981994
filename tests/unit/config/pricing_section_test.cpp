// Tests for src/config/pricing_section.cpp and validate_pricing (the `pricing:` section).
#include <gtest/gtest.h>

#include "config/config_test_support.hpp"
#include "llmgw/config/loader.hpp"
#include "llmgw/governance/price_table.hpp"

namespace llmgw::config {
namespace {

using testing::dump;
using testing::find_issue;
using testing::has_warning;
using testing::parse_errors;
using testing::parse_ok;
using testing::TempDir;

const PriceEntry* find_entry(const Config& config, std::string_view scope, std::string_view model) {
  for (const auto& entry : config.pricing.entries) {
    if (entry.scope == scope && entry.model == model) return &entry;
  }
  return nullptr;
}

std::int64_t input_of(const Config& config, std::string_view provider, ProviderKind kind,
                      std::string_view model) {
  const governance::PriceTable table(config.pricing);
  const auto found = table.find(provider, kind, model);
  return found ? found->price->input.pico_usd_per_token : -1;
}

TEST(PricingSectionTest, WithoutASectionTheBuiltInListLoads) {
  auto result = parse_ok("");
  const Config& c = *result.config;
  EXPECT_TRUE(c.pricing.file.empty());
  EXPECT_GT(c.pricing.entries.size(), 30u);
  EXPECT_EQ(input_of(c, "openai", ProviderKind::openai, "gpt-4o"), 2'500'000);
  const auto* gpt4o = find_entry(c, "openai", "gpt-4o");
  ASSERT_NE(gpt4o, nullptr);
  EXPECT_EQ(gpt4o->source_file, kBuiltinPriceListName);
  EXPECT_GT(gpt4o->line, 0);
}

TEST(PricingSectionTest, OwnEntriesReplaceTheListsEntryAndItsNames) {
  auto result = parse_ok(R"(
pricing:
  models:
    openai:
      gpt-4o: {input: 1.5, output: 6}
      my-snapshot: {input: 0.5, output: 1, aliases: [gpt-4o-2024-11-20]}
)");
  const Config& c = *result.config;
  EXPECT_EQ(input_of(c, "oa", ProviderKind::openai, "gpt-4o"), 1'500'000);
  // The replaced entry's aliases go with it; a name claimed by an own alias moves over.
  EXPECT_EQ(input_of(c, "oa", ProviderKind::openai, "gpt-4o-2024-08-06"), -1);
  EXPECT_EQ(input_of(c, "oa", ProviderKind::openai, "gpt-4o-2024-11-20"), 500'000);
  EXPECT_EQ(input_of(c, "oa", ProviderKind::openai, "gpt-4o-mini"), 150'000);
  const auto* own = find_entry(c, "openai", "gpt-4o");
  ASSERT_NE(own, nullptr);
  EXPECT_EQ(own->source_file, "test.yaml");
  EXPECT_EQ(own->line, 5);
}

TEST(PricingSectionTest, ProviderScopesAndWildcards) {
  auto result = parse_ok(R"(
providers:
  - {name: local, kind: openai_compatible, base_url: "http://127.0.0.1:11434/v1"}
  - {name: az, kind: azure_openai, base_url: "https://r.openai.azure.com"}
pricing:
  providers:
    local:
      "*": {input: 0, output: 0}
    az:
      prod-4o: {input: 2.75, output: 11, cached_input: 1.375}
)");
  const Config& c = *result.config;
  EXPECT_EQ(input_of(c, "local", ProviderKind::openai_compatible, "llama3.2"), 0);
  EXPECT_EQ(input_of(c, "az", ProviderKind::azure_openai, "prod-4o"), 2'750'000);
  EXPECT_EQ(input_of(c, "az", ProviderKind::azure_openai, "gpt-4o"), -1);
}

TEST(PricingSectionTest, AFileReplacesTheBuiltInListAndIsRelativeToTheConfig) {
  TempDir dir;
  dir.write("prices/list.yaml", R"(models:
  openai:
    only-this: {input: 1, output: 2, long_context: {above: 1000, input: 2, output: 4}}
)");
  const auto file = dir.write("gw.yaml",
                              "pricing:\n  file: prices/list.yaml\n  models: {gemini: {g: "
                              "{input: 3, output: 4}}}\n");
  auto result = parse_config(testing::read_text(file), file, testing::FakeEnv{}.lookup());
  const Config& c = *result.config;
  EXPECT_EQ(c.pricing.file, (dir.path() / "prices/list.yaml").string());
  ASSERT_EQ(c.pricing.entries.size(), 2u);
  const auto* only = find_entry(c, "openai", "only-this");
  ASSERT_NE(only, nullptr);
  EXPECT_EQ(only->source_file, c.pricing.file);
  EXPECT_EQ(only->line, 3);
  EXPECT_EQ(only->price.long_context_above, 1000);
  ASSERT_TRUE(only->price.long_context.has_value());
  EXPECT_EQ(only->price.long_context->output.pico_usd_per_token, 4'000'000);
  EXPECT_EQ(input_of(c, "oa", ProviderKind::openai, "gpt-4o"), -1);
}

TEST(PricingSectionTest, ErrorsInTheFileNameItsFileLineAndKey) {
  TempDir dir;
  const auto prices = dir.write("prices.yaml", R"(models:
  openai:
    m: {input: -1, output: 2}
    n: {input: 1, outptu: 2}
  opneai: {}
colour: blue
)");
  const auto issues =
      parse_errors("pricing:\n  file: " + prices + "\n", {}, (dir.path() / "gw.yaml").string());
  ASSERT_FALSE(issues.empty());
  std::string all = dump(issues);
  for (const auto& expected :
       {prices + ":3: models.openai.m.input: must not be negative (got \"-1\")",
        prices + ":4: models.openai.n.outptu: unknown key; did you mean \"output\"?",
        prices + ":4: models.openai.n.output: is required (USD per million tokens)",
        prices + ":5: models.opneai: unknown provider kind \"opneai\"",
        prices + ":6: colour: unknown key"}) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
  }
  for (const auto& issue : issues) {
    EXPECT_EQ(issue.path, "pricing.file") << issue.to_string();
    EXPECT_EQ(issue.line, 2) << issue.to_string();
  }
}

TEST(PricingSectionTest, UnreadableFile) {
  const auto issues = parse_errors("pricing:\n  file: /nonexistent/prices.yaml\n");
  const auto* issue = find_issue(issues, "pricing.file");
  ASSERT_NE(issue, nullptr) << dump(issues);
  EXPECT_EQ(issue->message, "cannot read price file /nonexistent/prices.yaml: file not found");
  EXPECT_EQ(issue->line, 2);
  EXPECT_NE(find_issue(parse_errors("pricing: {file: \"\"}\n"), "pricing.file"), nullptr);
}

TEST(PricingSectionTest, ErrorsInTheConfigPointAtTheirLine) {
  const auto issues = parse_errors(R"(pricing:
  models:
    openai:
      a: {input: 1.0000001, output: 1}
      b: {input: 1, output: 1, aliases: [a]}
      c: {input: 1, output: 1, aliases: [x, x, "*"]}
      d: {input: 1, output: 1, long_context: {input: 2, output: 2}}
      e: 3
    bedrok: {}
  providers:
    nowhere:
      m: {input: 1, output: 1}
  cost: 1
)");
  struct Expected {
    const char* path;
    int line;
    const char* message;
  };
  for (const auto& expected : {
           Expected{"pricing.models.openai.a.input", 4,
                    "has more than 6 decimals (got \"1.0000001\"); amounts are exact to 10^-6"},
           Expected{"pricing.models.openai.b.aliases[0]", 5,
                    "\"a\" is already listed at pricing.models.openai.a"},
           Expected{"pricing.models.openai.c.aliases[1]", 6,
                    "\"x\" is already listed at pricing.models.openai.c.aliases[0]"},
           Expected{"pricing.models.openai.c.aliases[2]", 6,
                    "aliases are model names of 1-256 characters without spaces (\"*\" is not "
                    "an alias)"},
           Expected{"pricing.models.openai.d.long_context.above", 7,
                    "is required: the prompt size in tokens above which these rates apply"},
           Expected{"pricing.models.openai.e", 8,
                    "must be a mapping with input and output (USD per million tokens)"},
           Expected{"pricing.providers.nowhere", 12,
                    "prices are listed for provider \"nowhere\", which is not in providers"},
           Expected{"pricing.cost", 13, "unknown key"},
       }) {
    const auto* issue = find_issue(issues, expected.path);
    ASSERT_NE(issue, nullptr) << expected.path << "\n" << dump(issues);
    EXPECT_EQ(issue->line, expected.line) << issue->to_string();
    EXPECT_EQ(issue->message, expected.message) << issue->to_string();
    EXPECT_EQ(issue->file, "test.yaml");
  }
  const auto* kind = find_issue(issues, "pricing.models.bedrok");
  ASSERT_NE(kind, nullptr) << dump(issues);
  EXPECT_EQ(kind->line, 9);
  EXPECT_NE(kind->message.find("unknown provider kind \"bedrok\"; one of: openai, "
                               "openai_compatible, anthropic, gemini, azure_openai, bedrock"),
            std::string::npos);
}

TEST(PricingSectionTest, AFileMayListProvidersThisConfigDoesNotHave) {
  TempDir dir;
  const auto prices =
      dir.write("prices.yaml", "providers:\n  elsewhere:\n    m: {input: 1, output: 1}\n");
  auto result = parse_ok("pricing: {file: " + prices + "}\n");
  EXPECT_TRUE(has_warning(result, prices + ":3: prices are listed for provider \"elsewhere\""))
      << ::testing::PrintToString(result.warnings);
}

TEST(PricingSectionTest, EffectiveConfigLoadsBackToTheSamePrices) {
  auto original = parse_ok(R"(
providers:
  - {name: local, kind: openai_compatible, base_url: "http://127.0.0.1:11434/v1", api_key: "${K}"}
pricing:
  models:
    anthropic:
      "odd\"name": {input: 0.000001, output: 999999.999999, reasoning: 3, aliases: [o1, o2]}
  providers:
    local: {"*": {input: 0, output: 0}}
)",
                           testing::FakeEnv{{"K", "k"}});
  const auto yaml = to_redacted_yaml(*original.config);
  EXPECT_NE(yaml.find("# file: none, the list built into the binary"), std::string::npos);
  EXPECT_NE(yaml.find("      \"gpt-4o\": {input: 2.5, output: 10, cached_input: 1.25, aliases: "
                      "[\"gpt-4o-2024-08-06\", \"gpt-4o-2024-11-20\"]}\n"),
            std::string::npos)
      << yaml;
  auto reloaded = parse_ok(yaml);
  const auto& a = original.config->pricing.entries;
  const auto& b = reloaded.config->pricing.entries;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].scope, b[i].scope);
    EXPECT_EQ(a[i].model, b[i].model);
    EXPECT_EQ(a[i].aliases, b[i].aliases);
    EXPECT_EQ(a[i].price, b[i].price) << a[i].model;
  }
  EXPECT_EQ(to_redacted_yaml(*reloaded.config).substr(yaml.find('\n')),
            yaml.substr(yaml.find('\n')));
}

}  // namespace
}  // namespace llmgw::config
