#include "providers/bedrock/event_stream.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "providers/bedrock/crc32.hpp"

namespace llmgw::providers::bedrock {
namespace {

void put_be(std::string& out, std::uint64_t value, int width) {
  for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xFF));
  }
}

std::string string_header(std::string_view name, std::string_view value) {
  std::string out;
  put_be(out, name.size(), 1);
  out += name;
  put_be(out, 7, 1);
  put_be(out, value.size(), 2);
  out += value;
  return out;
}

// Test-only encoder: frames `headers` (already encoded) and `payload` with correct CRCs.
std::string frame(std::string_view headers, std::string_view payload) {
  std::string out;
  put_be(out, 16 + headers.size() + payload.size(), 4);
  put_be(out, headers.size(), 4);
  put_be(out, crc32(out), 4);
  out += headers;
  out += payload;
  put_be(out, crc32(out), 4);
  return out;
}

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string delta_frame(std::string_view text) {
  return frame(string_header(":event-type", "contentBlockDelta") +
                   string_header(":content-type", "application/json") +
                   string_header(":message-type", "event"),
               R"({"contentBlockIndex":0,"delta":{"text":")" + std::string(text) + R"("}})");
}

std::vector<EventStreamMessage> decode_all(std::string_view bytes) {
  EventStreamDecoder decoder;
  auto messages = decoder.feed(bytes);
  EXPECT_FALSE(decoder.error().has_value()) << decoder.error()->message;
  EXPECT_FALSE(decoder.finish().has_value());
  return messages;
}

TEST(BedrockEventStream, BotocoreVectors) {
  const auto empty =
      decode_all(from_hex("00000010000000000"
                          "5c248eb7d98c8ff"));
  ASSERT_EQ(empty.size(), 1U);
  EXPECT_TRUE(empty[0].headers.empty());
  EXPECT_TRUE(empty[0].payload.empty());

  const auto payload_only =
      decode_all(from_hex("0000001d00000000fd528c5a7b27666f6f273a27626172277dc3653936"));
  ASSERT_EQ(payload_only.size(), 1U);
  EXPECT_EQ(payload_only[0].payload, "{'foo':'bar'}");
}

TEST(BedrockEventStream, BedrockFrameVectorMatchesOurEncoder) {
  const std::string bytes = from_hex(
      "0000009400000057b4ab9aee0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c7461"
      "0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d74"
      "7970650700056576656e747b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b22"
      "74657874223a224869227d7d1f944657");
  EXPECT_EQ(bytes, delta_frame("Hi"));
  const auto messages = decode_all(bytes);
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].headers.at(":event-type"), "contentBlockDelta");
  EXPECT_EQ(messages[0].headers.at(":content-type"), "application/json");
  EXPECT_EQ(messages[0].headers.at(":message-type"), "event");
  EXPECT_EQ(messages[0].payload, R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})");
}

TEST(BedrockEventStream, EverySplitPointGivesTheSameMessages) {
  const std::string exception = frame(string_header(":message-type", "exception") +
                                          string_header(":exception-type", "throttlingException"),
                                      R"({"message":"slow down"})");
  const std::string bytes = delta_frame("Hi") + exception;
  const auto whole = decode_all(bytes);
  ASSERT_EQ(whole.size(), 2U);
  EXPECT_EQ(whole[1].headers.at(":exception-type"), "throttlingException");
  for (std::size_t split = 0; split <= bytes.size(); ++split) {
    EventStreamDecoder decoder;
    std::vector<EventStreamMessage> seen = decoder.feed(std::string_view(bytes).substr(0, split));
    const auto rest = decoder.feed(std::string_view(bytes).substr(split));
    seen.insert(seen.end(), rest.begin(), rest.end());
    EXPECT_EQ(seen, whole) << "split at " << split;
    EXPECT_FALSE(decoder.error().has_value());
    EXPECT_EQ(decoder.pending_bytes(), 0U);
  }
}

TEST(BedrockEventStream, NonStringHeadersAreSkippedBySize) {
  std::string headers;
  const auto typed = [&](std::string_view name, int type, std::string_view value) {
    put_be(headers, name.size(), 1);
    headers += name;
    put_be(headers, type, 1);
    headers += value;
  };
  typed("t", 0, "");
  typed("f", 1, "");
  typed("i8", 2, "\x01");
  typed("i16", 3, std::string(2, '\x02'));
  typed("i32", 4, std::string(4, '\x03'));
  typed("i64", 5, std::string(8, '\x04'));
  typed("bytes", 6,
        std::string("\x00\x03"
                    "abc",
                    5));
  typed("ts", 8, std::string(8, '\x05'));
  typed("uuid", 9, std::string(16, '\x06'));
  headers += string_header(":event-type", "metadata");
  const auto messages = decode_all(frame(headers, "{}"));
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_EQ(messages[0].headers.size(), 1U);
  EXPECT_EQ(messages[0].headers.at(":event-type"), "metadata");
  EXPECT_EQ(messages[0].payload, "{}");
}

// A good frame, then `bad`: the good one still comes out, then the error, then nothing.
void expect_protocol_error(std::string_view bad, std::string_view needle) {
  EventStreamDecoder decoder;
  const auto messages = decoder.feed(delta_frame("before") + std::string(bad));
  ASSERT_EQ(messages.size(), 1U);
  EXPECT_NE(messages[0].payload.find("before"), std::string::npos);
  ASSERT_TRUE(decoder.error().has_value());
  const Error error = *decoder.error();
  EXPECT_EQ(error.kind, ErrorKind::upstream_protocol);
  EXPECT_NE(error.message.find(needle), std::string::npos) << error.message;
  EXPECT_EQ(decoder.pending_bytes(), 0U);
  EXPECT_TRUE(decoder.feed(delta_frame("after")).empty());
  ASSERT_TRUE(decoder.finish().has_value());
  EXPECT_EQ(decoder.finish()->message, error.message);
}

TEST(BedrockEventStream, PreludeCrcMismatchIsFinal) {
  std::string bytes = delta_frame("Hi");
  bytes[9] = static_cast<char>(bytes[9] ^ 0x01);
  expect_protocol_error(bytes.substr(0, 12), "prelude CRC");
}

TEST(BedrockEventStream, MessageCrcMismatchIsFinal) {
  std::string bytes = delta_frame("Hi");
  bytes[bytes.size() - 6] = 'X';  // Inside the payload.
  expect_protocol_error(bytes, "message CRC");
}

TEST(BedrockEventStream, LengthsOutOfRangeAreRejected) {
  const auto prelude = [](std::uint64_t total, std::uint64_t headers) {
    std::string out;
    put_be(out, total, 4);
    put_be(out, headers, 4);
    put_be(out, crc32(out), 4);
    return out;
  };
  expect_protocol_error(prelude(15, 0), "length 15");
  expect_protocol_error(prelude(24U * 1024U * 1024U + 1, 0), "outside the allowed range");
  expect_protocol_error(prelude(0xFFFFFFFFU, 0), "outside the allowed range");
  expect_protocol_error(prelude(32, 17), "headers length 17");
}

TEST(BedrockEventStream, MalformedHeadersAreRejected) {
  expect_protocol_error(frame(std::string("\x03:ab", 4), ""), "overruns");
  expect_protocol_error(frame(std::string("\x01x\x0A", 3), ""), "unknown value type");
  expect_protocol_error(frame(std::string("\x01x\x07\x00\x05"
                                          "ab",
                                          7),
                              ""),
                        "overruns");
  expect_protocol_error(frame(string_header("a", "1") + string_header("a", "2"), ""), "repeats");
}

TEST(BedrockEventStream, TruncatedInputIsReportedAtFinish) {
  const std::string bytes = delta_frame("Hi") + delta_frame("there");
  EventStreamDecoder decoder;
  EXPECT_EQ(decoder.feed(std::string_view(bytes).substr(0, bytes.size() - 3)).size(), 1U);
  EXPECT_FALSE(decoder.error().has_value());
  EXPECT_EQ(decoder.pending_bytes(), delta_frame("there").size() - 3);
  const auto error = decoder.finish();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorKind::upstream_protocol);
  EXPECT_NE(error->message.find("pending"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::providers::bedrock
