#include "config/map_reader.hpp"

#include <gtest/gtest.h>

#include "config/yaml_loader.hpp"

namespace llmgw::config {
namespace {

class MapReaderTest : public ::testing::Test {
 protected:
  const DocNode& load(std::string_view yaml) {
    auto doc = parse_yaml_document(yaml, diag_);
    EXPECT_TRUE(doc.has_value()) << dump();
    doc_ = doc.value_or(DocNode{});
    return doc_;
  }
  std::string dump() const {
    std::string text;
    for (const auto& issue : diag_.errors()) text += issue.to_string() + "\n";
    return text;
  }
  const ConfigIssue* issue_at(std::string_view path) const {
    for (const auto& issue : diag_.errors()) {
      if (issue.path == path) return &issue;
    }
    return nullptr;
  }

  Diagnostics diag_{"f.yaml"};
  DocNode doc_;
};

TEST_F(MapReaderTest, ReadsTypedValues) {
  MapReader map(load("s: hello\nb: true\nn: 42\nd: 250ms\nz: 16KiB\nl: \"[::1]:9\"\n"
                     "list: [a, b]\nneg: -7\n"),
                "root", diag_);
  std::string s;
  bool b = false;
  unsigned n = 0;
  Millis d{};
  std::size_t z = 0;
  ListenAddress l;
  std::vector<std::string> list;
  std::int64_t neg = 0;
  EXPECT_TRUE(map.read_string("s", s));
  EXPECT_TRUE(map.read_bool("b", b));
  EXPECT_TRUE(map.read_integer("n", n));
  EXPECT_TRUE(map.read_duration("d", d));
  EXPECT_TRUE(map.read_size("z", z));
  EXPECT_TRUE(map.read_listen("l", l));
  EXPECT_TRUE(map.read_string_list("list", list));
  EXPECT_TRUE(map.read_integer("neg", neg));
  map.finish();
  EXPECT_FALSE(diag_.has_errors()) << dump();
  EXPECT_EQ(s, "hello");
  EXPECT_TRUE(b);
  EXPECT_EQ(n, 42u);
  EXPECT_EQ(d, Millis(250));
  EXPECT_EQ(z, 16u * 1024);
  EXPECT_EQ(l.host, "::1");
  EXPECT_EQ(list, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(neg, -7);
}

TEST_F(MapReaderTest, AbsentAndNullKeepDefaults) {
  MapReader map(load("present:\n"), "root", diag_);
  std::string s = "default";
  unsigned n = 7;
  EXPECT_FALSE(map.read_string("present", s));
  EXPECT_FALSE(map.read_integer("absent", n));
  map.finish();
  EXPECT_EQ(s, "default");
  EXPECT_EQ(n, 7u);
  EXPECT_FALSE(diag_.has_errors()) << dump();
}

TEST_F(MapReaderTest, WrongTypesAreReportedWithTheirLine) {
  MapReader map(load("a: 1\nb: maybe\nn: 1.5\nbig: 70000\nneg: -1\ns: [x]\nl: 1\n"), "root", diag_);
  bool b = true;
  std::uint16_t big = 0;
  unsigned n = 0;
  unsigned neg = 0;
  std::string s;
  std::vector<std::string> l;
  map.read_bool("b", b);
  map.read_integer("n", n);
  map.read_integer("big", big);
  map.read_integer("neg", neg);
  map.read_string("s", s);
  map.read_string_list("l", l);
  map.get("a");
  map.finish();
  ASSERT_NE(issue_at("root.b"), nullptr) << dump();
  EXPECT_EQ(issue_at("root.b")->line, 2);
  EXPECT_NE(issue_at("root.b")->message.find("true or false"), std::string::npos);
  EXPECT_NE(issue_at("root.n")->message.find("whole number"), std::string::npos);
  EXPECT_NE(issue_at("root.big")->message.find("between 0 and 65535"), std::string::npos);
  EXPECT_NE(issue_at("root.neg")->message.find("between 0"), std::string::npos);
  EXPECT_NE(issue_at("root.s")->message.find("not a list"), std::string::npos);
  EXPECT_NE(issue_at("root.l")->message.find("must be a list"), std::string::npos);
  EXPECT_TRUE(b);  // Left at its default.
}

TEST_F(MapReaderTest, UnknownKeysAreErrorsWithSuggestions) {
  MapReader map(load("listen: x\nlistn: y\ncompletely_else: z\n"), "server", diag_);
  map.get("listen");
  map.get("workers");
  map.finish();
  const auto* typo = issue_at("server.listn");
  ASSERT_NE(typo, nullptr) << dump();
  EXPECT_EQ(typo->line, 2);
  EXPECT_EQ(typo->message, "unknown key; did you mean \"listen\"?");
  const auto* other = issue_at("server.completely_else");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->message, "unknown key");
  EXPECT_EQ(other->line, 3);
}

TEST_F(MapReaderTest, RequiredStrings) {
  MapReader map(load("empty: \"\"\nnull_value:\n"), "p", diag_);
  std::string out;
  EXPECT_FALSE(map.require_string("missing", out));
  EXPECT_FALSE(map.require_string("empty", out));
  EXPECT_FALSE(map.require_string("null_value", out));
  EXPECT_NE(issue_at("p.missing")->message.find("required"), std::string::npos);
  EXPECT_NE(issue_at("p.empty")->message.find("must not be empty"), std::string::npos);
  EXPECT_NE(issue_at("p.null_value")->message.find("required"), std::string::npos);
}

TEST_F(MapReaderTest, EnumsListTheirChoices) {
  enum class Color { red, blue };
  MapReader map(load("a: blue\nb: green\n"), "c", diag_);
  Color a = Color::red;
  Color b = Color::red;
  EXPECT_TRUE(map.read_enum("a", a, {{"red", Color::red}, {"blue", Color::blue}}));
  EXPECT_FALSE(map.read_enum("b", b, {{"red", Color::red}, {"blue", Color::blue}}));
  EXPECT_EQ(a, Color::blue);
  EXPECT_EQ(issue_at("c.b")->message, "must be one of: red, blue");
}

TEST_F(MapReaderTest, NonMappingIsReported) {
  MapReader map(load("[1, 2]\n"), "server", diag_);
  map.finish();
  ASSERT_NE(issue_at("server"), nullptr);
  EXPECT_NE(issue_at("server")->message.find("must be a mapping, not a list"), std::string::npos);
}

TEST_F(MapReaderTest, RecordsLinesForLaterChecks) {
  MapReader map(load("a: 1\n\nb: 2\n"), "root", diag_);
  map.get("b");
  EXPECT_EQ(diag_.line_of("root.b"), 3);
}

}  // namespace
}  // namespace llmgw::config
