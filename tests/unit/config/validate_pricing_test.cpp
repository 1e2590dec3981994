// Tests for src/config/validate_pricing.cpp.
#include <gtest/gtest.h>

#include "config/diagnostics.hpp"
#include "config/validate.hpp"

namespace llmgw::config {
namespace {

PriceEntry for_provider(std::string provider, std::string file, int line) {
  PriceEntry entry;
  entry.scope_type = PriceEntry::Scope::provider;
  entry.scope = std::move(provider);
  entry.model = "m";
  entry.source_file = std::move(file);
  entry.line = line;
  return entry;
}

Config config_with(std::vector<PriceEntry> entries) {
  Config config;
  config.source_file = "gw.yaml";
  config.providers.push_back(ProviderConfig{.name = "known"});
  config.pricing.entries = std::move(entries);
  return config;
}

TEST(ValidatePricingTest, ConfiguredProvidersAndKindsPass) {
  Diagnostics diag("gw.yaml");
  auto config = config_with({for_provider("known", "gw.yaml", 3)});
  PriceEntry kind;
  kind.scope = "no-such-provider-but-a-kind-scope";
  config.pricing.entries.push_back(kind);
  validate_pricing(config, diag);
  EXPECT_TRUE(diag.errors().empty());
  EXPECT_TRUE(diag.warnings().empty());
}

TEST(ValidatePricingTest, UnknownProviderInTheConfigIsAnErrorReportedOnce) {
  Diagnostics diag("gw.yaml");
  diag.record_line("pricing.providers.gone", 7);
  auto config =
      config_with({for_provider("gone", "gw.yaml", 8), for_provider("gone", "gw.yaml", 9)});
  validate_pricing(config, diag);
  ASSERT_EQ(diag.errors().size(), 1u);
  EXPECT_EQ(diag.errors()[0].to_string(),
            "gw.yaml:7: pricing.providers.gone: prices are listed for provider \"gone\", which "
            "is not in providers");
}

TEST(ValidatePricingTest, UnknownProviderInAFileIsAWarning) {
  Diagnostics diag("gw.yaml");
  validate_pricing(config_with({for_provider("elsewhere", "/etc/prices.yaml", 12)}), diag);
  EXPECT_TRUE(diag.errors().empty());
  ASSERT_EQ(diag.warnings().size(), 1u);
  EXPECT_EQ(diag.warnings()[0].message,
            "/etc/prices.yaml:12: prices are listed for provider \"elsewhere\", which is not in "
            "providers; they are not used");
}

}  // namespace
}  // namespace llmgw::config
