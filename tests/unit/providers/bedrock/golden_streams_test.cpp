// Generates and checks the binary upstream_response.bin files of the Bedrock golden cases
// (tests/data/golden/bedrock/<case>/). The frames are built here from readable JSON, so the
// committed bytes have a reviewable source. Run with LLMGW_WRITE_GOLDEN=1 to rewrite them;
// without it the test fails when a committed file differs from what this source builds.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "bedrock_test_support.hpp"
#include "providers/bedrock/converse_stream_decoder.hpp"

namespace llmgw::providers::bedrock {
namespace {

using testing::event;
using testing::exception;

struct GoldenStream {
  const char* name;
  std::string bytes;
  const char* events;  ///< What the decoder must make of them.
};

GoldenStream text_stream() {
  return {"text_stream",
          event("messageStart", R"({"role":"assistant"})") +
              event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hello"}})") +
              event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":" there!"}})") +
              event("contentBlockStop", R"({"contentBlockIndex":0})") +
              event("messageStop", R"({"stopReason":"end_turn"})") +
              event("metadata", R"({"usage":{"inputTokens":12,"outputTokens":4,"totalTokens":16},)"
                                R"("metrics":{"latencyMs":321}})"),
          "start |\ntext 0 Hello\ntext 0  there!\nusage 12 4 16 cached=0 write=0\n"
          "finish 0 stop\nend\n"};
}

GoldenStream tool_call_stream() {
  return {
      "tool_call_stream",
      event("messageStart", R"({"role":"assistant"})") +
          event("contentBlockDelta",
                R"({"contentBlockIndex":0,"delta":{"text":"Let me check."}})") +
          event("contentBlockStop", R"({"contentBlockIndex":0})") +
          event("contentBlockStart", R"({"contentBlockIndex":1,"start":{"toolUse":)"
                                     R"({"toolUseId":"tooluse_abc","name":"get_weather"}}})") +
          event("contentBlockDelta",
                R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}}})") +
          event("contentBlockDelta",
                R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"\"Oslo\"}"}}})") +
          event("contentBlockStop", R"({"contentBlockIndex":1})") +
          event("messageStop", R"({"stopReason":"tool_use"})") +
          event("metadata", R"({"usage":{"inputTokens":80,"outputTokens":25,"totalTokens":105},)"
                            R"("metrics":{"latencyMs":654}})"),
      "start |\ntext 0 Let me check.\ntool_start 0 0 tooluse_abc get_weather\n"
      "tool_delta 0 0 {\"city\":\ntool_delta 0 0 \"Oslo\"}\nusage 80 25 105 cached=0 write=0\n"
      "finish 0 tool_calls\nend\n"};
}

GoldenStream throttling_mid_stream() {
  return {"throttling_mid_stream",
          event("messageStart", R"({"role":"assistant"})") +
              event("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Partial"}})") +
              exception("throttlingException",
                        R"({"message":"Too many tokens, please wait before trying again."})"),
          "start |\ntext 0 Partial\nerror 429 upstream_status retryable ThrottlingException Too "
          "many tokens, please wait before trying again.\n"};
}

std::string path_of(const GoldenStream& golden) {
  std::string path = LLMGW_TEST_DATA_DIR;
  path += "/golden/bedrock/";
  path += golden.name;
  path += "/upstream_response.bin";
  return path;
}

class BedrockGoldenStreams : public ::testing::TestWithParam<GoldenStream (*)()> {};

TEST_P(BedrockGoldenStreams, CommittedBytesMatchTheirSourceAndDecode) {
  const GoldenStream golden = GetParam()();
  if (std::getenv("LLMGW_WRITE_GOLDEN") != nullptr) {
    std::ofstream(path_of(golden), std::ios::binary) << golden.bytes;
  }
  std::ifstream file(path_of(golden), std::ios::binary);
  ASSERT_TRUE(file) << path_of(golden) << " is missing (run with LLMGW_WRITE_GOLDEN=1)";
  const std::string committed{std::istreambuf_iterator<char>(file), {}};
  EXPECT_EQ(committed, golden.bytes) << path_of(golden) << " is stale";

  ConverseStreamDecoder decoder("golden");
  testing::LogSink sink;
  decoder.feed(golden.bytes, sink);
  decoder.finish(sink);
  EXPECT_EQ(sink.log, golden.events);
}

INSTANTIATE_TEST_SUITE_P(Cases, BedrockGoldenStreams,
                         ::testing::Values(&text_stream, &tool_call_stream,
                                           &throttling_mid_stream));

}  // namespace
}  // namespace llmgw::providers::bedrock
