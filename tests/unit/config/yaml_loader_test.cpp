#include "config/yaml_loader.hpp"

#include <gtest/gtest.h>

namespace llmgw::config {
namespace {

std::optional<DocNode> parse(std::string_view text, Diagnostics& diag,
                             const DocumentLimits& limits = {}) {
  return parse_yaml_document(text, diag, limits);
}

TEST(YamlLoaderTest, BuildsTreeWithOneBasedLines) {
  Diagnostics diag("f.yaml");
  auto doc = parse("server:\n  listen: \"127.0.0.1:80\"\nproviders:\n  - name: a\n  - b\n", diag);
  ASSERT_TRUE(doc);
  ASSERT_TRUE(doc->is_map());
  ASSERT_EQ(doc->entries.size(), 2u);
  const auto& server = doc->entries[0];
  EXPECT_EQ(server.key, "server");
  EXPECT_EQ(server.key_line, 1);
  ASSERT_TRUE(server.value.is_map());
  EXPECT_EQ(server.value.entries[0].value.scalar, "127.0.0.1:80");
  EXPECT_EQ(server.value.entries[0].value.line, 2);
  const auto& providers = doc->entries[1].value;
  ASSERT_TRUE(providers.is_sequence());
  ASSERT_EQ(providers.items.size(), 2u);
  EXPECT_EQ(providers.items[0].line, 4);
  EXPECT_TRUE(providers.items[0].is_map());
  EXPECT_TRUE(providers.items[1].is_scalar());
  EXPECT_FALSE(diag.has_errors());
}

TEST(YamlLoaderTest, EmptyDocumentIsNull) {
  Diagnostics diag("f.yaml");
  auto doc = parse("", diag);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->is_null());
  auto comments = parse("# only a comment\n", diag);
  ASSERT_TRUE(comments);
  EXPECT_TRUE(comments->is_null());
}

TEST(YamlLoaderTest, MissingValuePointsAtItsKey) {
  Diagnostics diag("f.yaml");
  auto doc = parse("a: 1\nb:\nc: 2\n", diag);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(doc->entries[1].value.is_null());
  EXPECT_EQ(doc->entries[1].value.line, 2);
}

TEST(YamlLoaderTest, SyntaxErrorsCarryTheirLine) {
  Diagnostics diag("f.yaml");
  EXPECT_FALSE(parse("a: 1\nb: [1, 2\nc: 3\n", diag));
  ASSERT_TRUE(diag.has_errors());
  EXPECT_GT(diag.errors()[0].line, 1);
  EXPECT_NE(diag.errors()[0].message.find("invalid YAML"), std::string::npos);
}

TEST(YamlLoaderTest, DuplicateKeysAreErrors) {
  Diagnostics diag("f.yaml");
  auto doc = parse("server: {}\nmodels: []\nserver: {}\n", diag);
  ASSERT_TRUE(doc);
  ASSERT_TRUE(diag.has_errors());
  EXPECT_EQ(diag.errors()[0].line, 3);
  EXPECT_NE(diag.errors()[0].message.find("duplicate key \"server\""), std::string::npos);
  EXPECT_EQ(doc->entries.size(), 2u);
}

TEST(YamlLoaderTest, NonScalarKeysAreErrors) {
  Diagnostics diag("f.yaml");
  parse("? [a, b]\n: 1\n", diag);
  ASSERT_TRUE(diag.has_errors());
  EXPECT_NE(diag.errors()[0].message.find("plain strings"), std::string::npos);
}

TEST(YamlLoaderTest, AliasesAreExpanded) {
  Diagnostics diag("f.yaml");
  auto doc = parse("a: &x {k: v}\nb: *x\n", diag);
  ASSERT_TRUE(doc);
  ASSERT_TRUE(doc->entries[1].value.is_map());
  EXPECT_EQ(doc->entries[1].value.entries[0].value.scalar, "v");
}

TEST(YamlLoaderTest, AliasBombHitsTheNodeBudget) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string previous = "a";
  for (char name = 'b'; name <= 'j'; ++name) {
    bomb += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + previous;
    bomb += "]\n";
    previous = std::string(1, name);
  }
  Diagnostics diag("f.yaml");
  EXPECT_FALSE(parse(bomb, diag));
  ASSERT_TRUE(diag.has_errors());
  EXPECT_NE(diag.errors()[0].message.find("nodes"), std::string::npos);
}

TEST(YamlLoaderTest, DeepNestingIsRejected) {
  Diagnostics diag("f.yaml");
  DocumentLimits limits;
  limits.max_depth = 5;
  EXPECT_FALSE(parse("a: [[[[[[1]]]]]]\n", diag, limits));
  ASSERT_TRUE(diag.has_errors());
  EXPECT_NE(diag.errors()[0].message.find("nested deeper"), std::string::npos);

  Diagnostics very_deep("f.yaml");
  EXPECT_FALSE(parse(std::string(100'000, '[') + std::string(100'000, ']'), very_deep));
  EXPECT_TRUE(very_deep.has_errors());
}

TEST(YamlLoaderTest, OversizedTextIsRejectedBeforeParsing) {
  Diagnostics diag("f.yaml");
  DocumentLimits limits;
  limits.max_text_bytes = 10;
  EXPECT_FALSE(parse("a: 12345678901234567890\n", diag, limits));
  ASSERT_TRUE(diag.has_errors());
  EXPECT_NE(diag.errors()[0].message.find("larger than"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::config
