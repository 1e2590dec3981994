#include "dialects/openai/chunk_encoder.hpp"

#include <gtest/gtest.h>

namespace llmgw::dialects::openai {
namespace {

using canonical::FinishReason;
using canonical::Json;

constexpr const char* kHead =
    R"(data: {"id":"chatcmpl-r1","object":"chat.completion.chunk","created":1700000000,"model":"pub",)";

std::string chunk(const std::string& choices, const char* tail = "") {
  return std::string(kHead) + R"("choices":[)" + choices + "]" + tail + "}\n\n";
}

std::string delta(const std::string& delta, const char* finish = "null", int index = 0) {
  return R"({"index":)" + std::to_string(index) + R"(,"delta":)" + delta +
         R"(,"logprobs":null,"finish_reason":)" + finish + "}";
}

class ChunkEncoderTest : public ::testing::Test {
 protected:
  explicit ChunkEncoderTest(bool include_usage = false)
      : encoder_({"r1", "pub", 1700000000, include_usage}) {
    encoder_.bind(out_);
  }
  ChunkEncoder encoder_;
  providers::StreamOutput out_;
};

TEST_F(ChunkEncoderTest, TextStreamEndsInDone) {
  encoder_.message_start("", "upstream");
  EXPECT_EQ(out_.client_bytes, "");
  encoder_.text_delta(0, "Hel");
  encoder_.text_delta(0, "");  // nothing to say: no chunk
  encoder_.text_delta(0, "lo");
  EXPECT_TRUE(out_.saw_content);
  encoder_.choice_finish(0, FinishReason::stop_sequence, "###");
  Usage usage;
  usage.prompt_tokens = 3;
  encoder_.usage(usage);
  ASSERT_TRUE(out_.usage);
  EXPECT_EQ(out_.usage->prompt_tokens, 3);
  EXPECT_FALSE(out_.done);
  encoder_.message_end();
  EXPECT_TRUE(out_.done);
  EXPECT_FALSE(out_.error);
  EXPECT_EQ(out_.client_bytes, chunk(delta(R"({"role":"assistant","content":""})")) +
                                   chunk(delta(R"({"content":"Hel"})")) +
                                   chunk(delta(R"({"content":"lo"})")) +
                                   chunk(delta("{}", R"("stop")")) + "data: [DONE]\n\n");
}

TEST_F(ChunkEncoderTest, ProviderIdIsUsedForEveryChunk) {
  encoder_.message_start("msg_01", "m");
  encoder_.text_delta(0, "x");
  encoder_.message_start("msg_02", "m");  // too late: the id is already out
  encoder_.text_delta(0, "y");
  const std::string bytes = out_.client_bytes;
  EXPECT_EQ(bytes.find("chatcmpl-r1"), std::string::npos);
  std::size_t count = 0;
  for (std::size_t at = bytes.find("\"id\":\"msg_01\""); at != std::string::npos;
       at = bytes.find("\"id\":\"msg_01\"", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u);
}

TEST_F(ChunkEncoderTest, ToolCallsStreamAndArgumentlessCallsGetEmptyObject) {
  encoder_.reasoning_delta(0, "hmm");
  encoder_.tool_call_start(0, 0, "call_a", "get");
  encoder_.tool_call_delta(0, 0, "");
  encoder_.tool_call_delta(0, 0, "{\"c\":");
  encoder_.tool_call_delta(0, 0, "1}");
  encoder_.tool_call_start(0, 1, "call_b", "now");
  encoder_.choice_finish(0, FinishReason::tool_calls, "");
  encoder_.message_end();
  EXPECT_EQ(
      out_.client_bytes,
      chunk(delta(R"({"role":"assistant","content":""})")) +
          chunk(delta(R"({"reasoning_content":"hmm"})")) +
          chunk(delta(
              R"({"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get","arguments":""}}]})")) +
          chunk(delta(R"({"tool_calls":[{"index":0,"function":{"arguments":"{\"c\":"}}]})")) +
          chunk(delta(R"({"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]})")) +
          chunk(delta(
              R"({"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"now","arguments":""}}]})")) +
          chunk(delta(R"({"tool_calls":[{"index":1,"function":{"arguments":"{}"}}]})")) +
          chunk(delta("{}", R"("tool_calls")")) + "data: [DONE]\n\n");
  EXPECT_TRUE(out_.saw_content);
}

TEST_F(ChunkEncoderTest, ChoicesInterleaveAndUnfinishedOnesAreClosed) {
  encoder_.text_delta(1, "b");
  encoder_.text_delta(0, "a");
  encoder_.choice_finish(1, FinishReason::length, "");
  encoder_.choice_finish(1, FinishReason::stop, "");  // a second finish is ignored
  encoder_.message_end();
  EXPECT_EQ(out_.client_bytes, chunk(delta(R"({"role":"assistant","content":""})", "null", 1)) +
                                   chunk(delta(R"({"content":"b"})", "null", 1)) +
                                   chunk(delta(R"({"role":"assistant","content":""})", "null", 0)) +
                                   chunk(delta(R"({"content":"a"})", "null", 0)) +
                                   chunk(delta("{}", R"("length")", 1)) +
                                   chunk(delta("{}", R"("stop")", 0)) + "data: [DONE]\n\n");
}

TEST_F(ChunkEncoderTest, ErrorIsForwardedWithoutDoneAndEndsTheStream) {
  encoder_.text_delta(0, "partial");
  out_.clear();
  const Error error = Error::upstream_protocol("stream ended before message_stop");
  encoder_.error(error);
  EXPECT_EQ(out_.client_bytes, "data: " + to_openai_json(error) + "\n\n");
  ASSERT_TRUE(out_.error);
  EXPECT_EQ(out_.error->message, error.message);
  EXPECT_TRUE(out_.error_forwarded);
  EXPECT_FALSE(out_.done);
  out_.clear();
  encoder_.text_delta(0, "late");
  encoder_.message_end();
  encoder_.error(error);
  EXPECT_EQ(out_.client_bytes, "");
  EXPECT_FALSE(out_.done);
  EXPECT_FALSE(out_.error);
}

TEST_F(ChunkEncoderTest, OutputGoesToTheBoundBuffer) {
  encoder_.text_delta(0, "one");
  providers::StreamOutput second;
  encoder_.bind(second);
  encoder_.text_delta(0, "two");
  EXPECT_NE(out_.client_bytes.find("one"), std::string::npos);
  EXPECT_EQ(out_.client_bytes.find("two"), std::string::npos);
  EXPECT_NE(second.client_bytes.find("two"), std::string::npos);
}

class ChunkEncoderUsageTest : public ChunkEncoderTest {
 protected:
  ChunkEncoderUsageTest() : ChunkEncoderTest(true) {}
};

TEST_F(ChunkEncoderUsageTest, EveryChunkCarriesNullUsageAndTheLastTheTotals) {
  encoder_.message_start("", "");
  encoder_.text_delta(0, "x");
  Usage first;
  first.prompt_tokens = 1;
  encoder_.usage(first);
  Usage last;
  last.prompt_tokens = 9;
  last.completion_tokens = 2;
  last.total_tokens = 11;
  last.cached_tokens = 5;
  last.cache_write_tokens = 1;
  last.reasoning_tokens = 1;
  encoder_.usage(last);  // the last report wins
  encoder_.choice_finish(0, FinishReason::stop, "");
  encoder_.message_end();
  EXPECT_EQ(out_.client_bytes,
            chunk(delta(R"({"role":"assistant","content":""})"), R"(,"usage":null)") +
                chunk(delta(R"({"content":"x"})"), R"(,"usage":null)") +
                chunk(delta("{}", R"("stop")"), R"(,"usage":null)") + std::string(kHead) +
                R"("choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,)"
                R"("total_tokens":11,"prompt_tokens_details":{"cached_tokens":5,)"
                R"("cache_write_tokens":1},"completion_tokens_details":{"reasoning_tokens":1}}})"
                "\n\ndata: [DONE]\n\n");
  EXPECT_EQ(out_.usage->prompt_tokens, 9);
}

TEST_F(ChunkEncoderUsageTest, EveryChunkIsOneParsableDataEvent) {
  encoder_.text_delta(0, "line\nbreak \"quoted\" \xff");
  encoder_.message_end();
  std::string_view rest = out_.client_bytes;
  int events = 0;
  while (!rest.empty()) {
    const std::size_t end = rest.find("\n\n");
    ASSERT_NE(end, std::string_view::npos);
    const std::string_view event = rest.substr(0, end);
    ASSERT_TRUE(event.starts_with("data: "));
    EXPECT_EQ(event.find('\n'), std::string_view::npos);
    if (event != "data: [DONE]") {
      EXPECT_FALSE(Json::parse(event.substr(6), nullptr, false).is_discarded());
    }
    rest.remove_prefix(end + 2);
    ++events;
  }
  EXPECT_EQ(events, 5);  // role, text, finish, usage, [DONE]
}

}  // namespace
}  // namespace llmgw::dialects::openai
