#include "sse/sse_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace llmgw::sse {
namespace {

using namespace std::string_literals;

/// An owned copy of an event, for comparisons.
struct Seen {
  bool comment;
  std::string type;
  std::string data;
  std::string id;
  std::optional<std::uint64_t> retry;
  bool operator==(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  return os << (s.comment ? "comment" : "event") << "{type=" << s.type << " data=" << s.data
            << " id=" << s.id << "}";
}

Seen own(const Event& e) {
  return {e.is_comment(), std::string(e.type), std::string(e.data), std::string(e.id), e.retry_ms};
}

/// Feeds `chunks` one after another, copying each into a buffer that is destroyed right
/// after use, so a parser that kept a view into old input is caught (by ASan or by garbage).
std::vector<Seen> parse_chunks(const std::vector<std::string>& chunks, bool finish = false,
                               Parser* parser_out = nullptr) {
  Parser local;
  Parser& parser = parser_out ? *parser_out : local;
  std::vector<Seen> seen;
  for (const auto& chunk : chunks) {
    auto buffer = std::make_unique<std::string>(chunk);
    parser.feed(*buffer, [&](const Event& e) { seen.push_back(own(e)); });
    buffer->assign(buffer->size(), '#');
  }
  if (finish) {
    parser.finish();
    while (auto e = parser.next()) seen.push_back(own(*e));
  }
  return seen;
}

std::vector<Seen> parse_all(const std::string& bytes) {
  return parse_chunks({bytes});
}

constexpr std::string_view kSample =
    ": OPENROUTER PROCESSING\r\n"
    "\r\n"
    "event: message\r\n"
    "id: 7\r\n"
    "retry: 1500\n"
    "data: {\"a\":1}\n"
    "\n"
    "data:line one\r"
    "data:  line two\r"
    "\r"
    "data\n"
    "\n"
    "data: [DONE]\r\n\r\n";

std::vector<Seen> sample_expected() {
  return {
      {true, "", " OPENROUTER PROCESSING", "", std::nullopt},
      {false, "message", "{\"a\":1}", "7", 1500},
      {false, "", "line one\n line two", "7", std::nullopt},
      {false, "", "", "7", std::nullopt},
      {false, "", "[DONE]", "7", std::nullopt},
  };
}

TEST(SseParserTest, ParsesTheSampleInOneFeed) {
  EXPECT_EQ(parse_all(std::string(kSample)), sample_expected());
}

TEST(SseParserTest, ByteByByteGivesTheSameEvents) {
  std::vector<std::string> bytes;
  for (char c : kSample) bytes.emplace_back(1, c);
  EXPECT_EQ(parse_chunks(bytes), sample_expected());
}

TEST(SseParserTest, EverySplitPointGivesTheSameEvents) {
  const std::string sample(kSample);
  for (std::size_t i = 0; i <= sample.size(); ++i) {
    for (std::size_t j = i; j <= sample.size(); j += 7) {
      auto seen = parse_chunks({sample.substr(0, i), sample.substr(i, j - i), sample.substr(j)});
      ASSERT_EQ(seen, sample_expected()) << "split at " << i << "," << j;
    }
  }
}

TEST(SseParserTest, LineEndingsAllSeparateEvents) {
  for (std::string_view sep : {"\n\n", "\r\n\r\n", "\r\r", "\n\r\n", "\r\n\n"}) {
    std::string bytes = "data: a" + std::string(sep) + "data: b" + std::string(sep);
    auto seen = parse_all(bytes);
    ASSERT_EQ(seen.size(), 2u) << bytes;
    EXPECT_EQ(seen[0].data, "a");
    EXPECT_EQ(seen[1].data, "b");
  }
}

TEST(SseParserTest, CarriageReturnThenLineFeedAcrossFeedsIsOneBreak) {
  // If "\r" | "\n" counted twice, the second would be a blank line dispatching early.
  auto seen = parse_chunks({"data: a\r", "\ndata: b\r", "\n\r", "\n"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, "a\nb");
}

TEST(SseParserTest, LoneCarriageReturnAtTheEndOfAFeedStillEndsTheLine) {
  auto seen = parse_chunks({"data: a\r", "\r"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, "a");
}

TEST(SseParserTest, FieldParsingRules) {
  auto seen = parse_all(
      "data:no-space\n\n"
      "data:  two-spaces\n\n"
      "data: a:b:c\n\n"
      "unknown: x\ndata: kept\n\n"
      "event\ndata: y\n\n"
      "retry: 12x\ndata: z\n\n"
      "id: a\0b\ndata: w\n\n"s);
  ASSERT_EQ(seen.size(), 7u);
  EXPECT_EQ(seen[0].data, "no-space");
  EXPECT_EQ(seen[1].data, " two-spaces");
  EXPECT_EQ(seen[2].data, "a:b:c");
  EXPECT_EQ(seen[3].data, "kept");
  EXPECT_EQ(seen[4].type, "");
  EXPECT_EQ(seen[5].retry, std::nullopt);
  EXPECT_EQ(seen[6].id, "");  // ids with NUL are ignored
}

TEST(SseParserTest, EventFieldsResetButIdPersists) {
  auto seen = parse_all("event: a\nid: 1\ndata: x\n\ndata: y\n\n");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].type, "");
  EXPECT_EQ(seen[1].id, "1");
}

TEST(SseParserTest, BlankLinesWithoutFieldsDispatchNothing) {
  EXPECT_TRUE(parse_all("\n\n\r\n\r\r\n").empty());
}

TEST(SseParserTest, CommentsAreDeliveredAtOnce) {
  auto seen = parse_all(":ping\ndata: x\n: keep-alive\n\n");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[0].comment);
  EXPECT_EQ(seen[0].data, "ping");
  EXPECT_TRUE(seen[1].comment);
  EXPECT_EQ(seen[1].data, " keep-alive");
  EXPECT_FALSE(seen[2].comment);
  EXPECT_EQ(seen[2].data, "x");
}

TEST(SseParserTest, BytesAreNotDecoded) {
  // "é" split across reads, plus invalid UTF-8: delivered exactly as received.
  auto seen = parse_chunks({"data: caf\xc3", "\xa9 \xff\n\n"});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, "caf\xc3\xa9 \xff");
}

TEST(SseParserTest, IncompleteEventIsHeldUntilFinish) {
  Parser parser;
  auto seen = parse_chunks({"data: a\n\ndata: [DONE]"}, /*finish=*/false, &parser);
  ASSERT_EQ(seen.size(), 1u);
  parser.finish();
  auto last = parser.next();
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->data, "[DONE]");
  EXPECT_FALSE(parser.next().has_value());
  parser.push("data: late\n\n");  // ignored after finish
  EXPECT_FALSE(parser.next().has_value());
}

TEST(SseParserTest, FinishAfterCarriageReturnDispatchesOnce) {
  auto seen = parse_chunks({"data: a\r"}, /*finish=*/true);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, "a");
}

TEST(SseParserTest, OversizeEventFails) {
  Parser parser(64);
  std::vector<Seen> seen;
  parser.feed("data: small\n\n", [&](const Event& e) { seen.push_back(own(e)); });
  EXPECT_FALSE(parser.failed());
  parser.feed("data: " + std::string(40, 'x') + "\n",
              [&](const Event& e) { seen.push_back(own(e)); });
  parser.feed("data: " + std::string(40, 'y') + "\n\n",
              [&](const Event& e) { seen.push_back(own(e)); });
  EXPECT_TRUE(parser.failed());
  parser.feed("data: after\n\n", [&](const Event& e) { seen.push_back(own(e)); });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].data, "small");
}

TEST(SseParserTest, OversizeLineWithoutTerminatorFails) {
  Parser parser(100);
  for (int i = 0; i < 20; ++i) parser.feed(std::string(10, 'z'), [](const Event&) {});
  EXPECT_TRUE(parser.failed());
  Parser huge_comment(100);
  huge_comment.feed(":" + std::string(200, 'c') + "\n", [](const Event&) {});
  EXPECT_TRUE(huge_comment.failed());
}

TEST(SseParserTest, PushWithoutDrainingLosesNothing) {
  Parser parser;
  parser.push("data: a\n\ndata: b\n\n");
  auto first = parser.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->data, "a");
  parser.push("data: c\n\n");  // "data: b" still pending: contract breach, still handled
  std::vector<std::string> rest;
  while (auto e = parser.next()) rest.emplace_back(e->data);
  EXPECT_EQ(rest, (std::vector<std::string>{"b", "c"}));
}

}  // namespace
}  // namespace llmgw::sse
