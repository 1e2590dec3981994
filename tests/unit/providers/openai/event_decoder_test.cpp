#include "providers/openai/event_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "providers/openai/recording_sink.hpp"

namespace llmgw::providers::openai {
namespace {

using testing::RecordingSink;

std::string decode_whole(std::string_view bytes, std::size_t max_event_bytes = 1 << 20) {
  OpenAiEventDecoder decoder("seed", max_event_bytes);
  RecordingSink sink;
  decoder.feed(bytes, sink);
  decoder.finish(sink);
  return sink.log;
}

/// Every byte in its own feed, each through a buffer destroyed right after the call.
std::string decode_bytewise(std::string_view bytes) {
  OpenAiEventDecoder decoder("seed");
  RecordingSink sink;
  for (char c : bytes) {
    std::string one(1, c);
    decoder.feed(one, sink);
  }
  decoder.finish(sink);
  return sink.log;
}

/// Decodes whole, byte by byte and split at every position; all must agree.
std::string decode(std::string_view bytes) {
  const std::string whole = decode_whole(bytes);
  EXPECT_EQ(decode_bytewise(bytes), whole);
  for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
    OpenAiEventDecoder decoder("seed");
    RecordingSink sink;
    std::string first(bytes.substr(0, cut));
    std::string second(bytes.substr(cut));
    decoder.feed(first, sink);
    decoder.feed(second, sink);
    decoder.finish(sink);
    EXPECT_EQ(sink.log, whole) << "split at " << cut;
  }
  return whole;
}

std::string sse(const std::vector<std::string>& payloads) {
  std::string out;
  for (const auto& payload : payloads) out += "data: " + payload + "\n\n";
  return out;
}

TEST(OpenAiEventDecoderTest, TextStreamWithUsage) {
  const std::string stream = sse({
      R"({"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null})",
      R"({"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hé"},"finish_reason":null}]})",
      R"({"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"llo"},"finish_reason":null}]})",
      R"({"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
      R"({"id":"c1","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4,"cache_write_tokens":2},"completion_tokens_details":{"reasoning_tokens":1}}})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start c1 gpt-4o\n"
            "text 0 Hé\n"
            "text 0 llo\n"
            "finish 0 stop\n"
            "usage 9 3 12 cached=4 write=2 reasoning=1\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, ToolCallFragmentsByIndex) {
  const std::string stream = sse({
      R"({"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}}]})",
      R"({"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]}}]})",
      R"({"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":1}"}},{"index":1,"id":"call_b","function":{"name":"get_time","arguments":"{}"}}]}}]})",
      R"({"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start c m\n"
            "tool_start 0 0 call_a get_weather\n"
            "tool_delta 0 0 {\"ci\n"
            "tool_delta 0 0 ty\":1}\n"
            "tool_start 0 1 call_b get_time\n"
            "tool_delta 0 1 {}\n"
            "finish 0 tool_calls\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, RepeatedIdContinuesAndChangedIdOnSameIndexStartsANewCall) {
  // A proxy repeating the id on every fragment, then a server that sends index 0 for all.
  const std::string stream = sse({
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"x1","function":{"name":"a","arguments":"{\"p\""}}]}}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"x1","function":{"arguments":":1}"}}]}}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"x2","function":{"name":"b","arguments":"{}"}}]}}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" "}}]},"finish_reason":"tool_calls"}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start  \n"
            "tool_start 0 0 x1 a\n"
            "tool_delta 0 0 {\"p\"\n"
            "tool_delta 0 0 :1}\n"
            "tool_start 0 1 x2 b\n"
            "tool_delta 0 1 {}\n"
            "tool_delta 0 1  \n"
            "finish 0 tool_calls\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, MissingIdsAreMadeUpFromTheSeedAndMissingIndexContinues) {
  const std::string stream = sse({
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"a","arguments":"{"}}]}}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"arguments":"}"}}]}}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":3,"function":{"name":"b","arguments":{"k":1}}}]}}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start  \n"
            "tool_start 0 0 call_seed_0 a\n"
            "tool_delta 0 0 {\n"
            "tool_delta 0 0 }\n"
            "tool_start 0 1 call_seed_1 b\n"
            "tool_delta 0 1 {\"k\":1}\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, InterleavedChoicesKeepTheirOwnState) {
  const std::string stream = sse({
      R"({"id":"c","choices":[{"index":1,"delta":{"content":"B"}},{"index":0,"delta":{"content":"A"}}]})",
      R"({"id":"c","choices":[{"index":1,"delta":{"tool_calls":[{"index":0,"id":"t1","function":{"name":"f"}}]}}]})",
      R"({"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t0","function":{"name":"g"}}]}}]})",
      R"({"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"length"}]})",
      R"({"id":"c","choices":[{"index":1,"delta":{},"finish_reason":"weird_new_reason"}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start c \n"
            "text 1 B\n"
            "text 0 A\n"
            "tool_start 1 0 t1 f\n"
            "tool_start 0 0 t0 g\n"
            "finish 0 length\n"
            "finish 1 stop\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, ReasoningFieldsAndRefusal) {
  const std::string stream = sse({
      R"({"choices":[{"index":0,"delta":{"reasoning_content":"think"}}]})",
      R"({"choices":[{"index":0,"delta":{"reasoning":"more"}}]})",
      R"({"choices":[{"index":0,"delta":{"reasoning_content":"one","reasoning":"one"}}]})",
      R"({"choices":[{"index":0,"delta":{"refusal":"I can't"}}]})",
      R"({"choices":[{"index":0,"delta":{},"finish_reason":"content_filter"}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start  \n"
            "reasoning 0 think\n"
            "reasoning 0 more\n"
            "reasoning 0 one\n"
            "text 0 I can't\n"
            "finish 0 content_filter\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, AzureFilterOnlyChunksAreIgnored) {
  const std::string stream = sse({
      R"({"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]})",
      R"({"choices":[{"content_filter_results":{},"delta":{"role":"assistant","content":""},"finish_reason":null,"index":0}],"created":1,"id":"chatcmpl-az","model":"gpt-4o-2024-08-06","object":"chat.completion.chunk"})",
      R"({"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"delta":{"content":"Hi"},"finish_reason":null,"index":0}],"id":"chatcmpl-az","model":"gpt-4o-2024-08-06"})",
      R"({"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"stop","index":0}],"id":"chatcmpl-az","model":"gpt-4o-2024-08-06"})",
      R"({"choices":[{"content_filter_results":{"hate":{"filtered":false}},"delta":{"content":"late"},"finish_reason":null,"index":0}],"id":"chatcmpl-az"})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start chatcmpl-az gpt-4o-2024-08-06\n"
            "text 0 Hi\n"
            "finish 0 stop\n"
            "end\n");
}

TEST(OpenAiEventDecoderTest, KeepAlivesCommentsAndPingsAreSkipped) {
  const std::string stream =
      ": OPENROUTER PROCESSING\r\n\r\ndata:\n\ndata: :ping\n\ndata:   \n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\r\n\r\n"
      ": keep-alive\n\ndata: [DONE]\n\n";
  EXPECT_EQ(decode(stream), "start  \ntext 0 x\nend\n");
}

TEST(OpenAiEventDecoderTest, DoneWithoutChunksStillStartsAndNothingAfterDoneCounts) {
  EXPECT_EQ(decode("data: [DONE]\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n"),
            "start  \nend\n");
}

TEST(OpenAiEventDecoderTest, ErrorPayloadIsMappedAndEndsTheStream) {
  const std::string stream = sse({
      R"({"choices":[{"index":0,"delta":{"content":"par"}}]})",
      R"({"error":{"message":"overloaded","type":"server_error","code":503}})",
      R"({"choices":[{"index":0,"delta":{"content":"ignored"}}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream), "start  \ntext 0 par\nerror 503 upstream_status overloaded\n");
  // vLLM's old flat shape; the status falls back to 502 when code is not an HTTP status.
  EXPECT_EQ(decode(sse({R"({"object":"error","message":"bad","type":"x","code":7})"})),
            "error 502 upstream_status bad\n");
}

TEST(OpenAiEventDecoderTest, StreamWithoutDoneIsAProtocolError) {
  const std::string stream = sse({R"({"choices":[{"index":0,"delta":{"content":"x"}}]})"});
  EXPECT_EQ(decode(stream),
            "start  \ntext 0 x\n"
            "error 502 upstream_protocol upstream stream ended before data: [DONE]\n");
  // A chunk cut off by the end of the body is not a JSON error, just the early end.
  EXPECT_EQ(decode("data: {\"choices\":[{\"ind"),
            "error 502 upstream_protocol upstream stream ended before data: [DONE]\n");
  EXPECT_EQ(decode(""), "error 502 upstream_protocol upstream stream ended before data: [DONE]\n");
}

TEST(OpenAiEventDecoderTest, MalformedChunksAreProtocolErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"choices":[{"index":0,"delta":{"content":"x"})", "not valid JSON"},
      {R"({"choices":{"index":0}})", "'choices' is not an array"},
      {R"({"choices":[7]})", "a choice is not an object"},
      {R"({"choices":[{"index":"0"}]})", "choice index"},
      {R"({"choices":[{"index":-1}]})", "choice index"},
      {R"({"choices":[{"index":128}]})", "choice index"},
      {R"({"choices":[{"index":0,"delta":"x"}]})", "'delta' is not an object"},
      {R"({"choices":[{"index":0,"delta":{"tool_calls":{}}}]})", "'tool_calls' is not an array"},
      {R"({"choices":[{"index":0,"delta":{"tool_calls":[1]}}]})", "tool_calls entry"},
      {R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":"a"}]}}]})", "index"},
      {R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":3}]}}]})",
       "function"},
  };
  for (const auto& [payload, expected] : cases) {
    OpenAiEventDecoder decoder("s");
    RecordingSink sink;
    decoder.feed("data: " + payload + "\n\ndata: [DONE]\n\n", sink);
    decoder.finish(sink);
    ASSERT_TRUE(sink.last_error.has_value()) << payload;
    EXPECT_EQ(sink.last_error->kind, ErrorKind::upstream_protocol) << payload;
    EXPECT_NE(sink.last_error->message.find(expected), std::string::npos)
        << payload << " -> " << sink.last_error->message;
    EXPECT_EQ(sink.log.find("end\n"), std::string::npos) << "nothing after an error";
  }
}

TEST(OpenAiEventDecoderTest, DeeplyNestedChunkIsRejectedWithoutRecursing) {
  std::string payload = "{\"x\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  const std::string log = decode_whole("data: " + payload + "\n\ndata: [DONE]\n\n", 1 << 21);
  EXPECT_NE(log.find("upstream_protocol"), std::string::npos);
}

TEST(OpenAiEventDecoderTest, OversizedEventIsAProtocolError) {
  const std::string log = decode_whole("data: {\"choices\":[{\"delta\":{\"content\":\"" +
                                           std::string(500, 'a') + "\"}}]}\n\ndata: [DONE]\n\n",
                                       256);
  EXPECT_EQ(log, "error 502 upstream_protocol upstream sent an SSE event larger than 256 bytes\n");
}

TEST(OpenAiEventDecoderTest, NullAndEmptyFinishReasonsDoNotFinish) {
  const std::string stream = sse({
      R"({"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":""}]})",
      R"({"choices":[{"index":0,"delta":{"content":"b"},"finish_reason":null}]})",
      R"({"choices":[{"index":0,"delta":{"content":"c"},"finish_reason":"stop"}]})",
      R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream), "start  \ntext 0 a\ntext 0 b\ntext 0 c\nfinish 0 stop\nend\n");
}

TEST(OpenAiEventDecoderTest, UsageOnAContentChunkIsReported) {
  // Mistral/Together put usage on the last content chunk.
  const std::string stream = sse({
      R"({"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1}})",
      "[DONE]",
  });
  EXPECT_EQ(decode(stream),
            "start  \ntext 0 a\nfinish 0 stop\nusage 1 1 2 cached=0 write=0 reasoning=0\nend\n");
}

}  // namespace
}  // namespace llmgw::providers::openai
