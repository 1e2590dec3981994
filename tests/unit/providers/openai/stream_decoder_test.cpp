#include "providers/openai/stream_decoder.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace llmgw::providers::openai {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const fs::path kDataDir = fs::path(LLMGW_TEST_DATA_DIR) / "openai";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Everything the decoder reported over one whole stream.
struct Collected {
  std::string client_bytes;
  std::optional<Usage> usage;
  std::optional<Error> error;
  bool error_forwarded = false;
  bool done = false;
  bool saw_content = false;

  void add(const StreamOutput& out) {
    client_bytes += out.client_bytes;
    if (out.usage) usage = out.usage;
    if (out.error && !error) {
      error = out.error;
      error_forwarded = out.error_forwarded;
    }
    done = done || out.done;
    saw_content = saw_content || out.saw_content;
  }
};

/// Feeds `pieces` (each through a buffer destroyed right after the call), then finish().
Collected run(bool strip_usage_chunk, const std::vector<std::string_view>& pieces,
              ChoicelessChunks choiceless = ChoicelessChunks::relay) {
  OpenAiStreamDecoder decoder(strip_usage_chunk, sse::kDefaultMaxEventBytes, choiceless);
  Collected collected;
  StreamOutput out;
  for (std::string_view piece : pieces) {
    out.clear();
    std::string buffer(piece);
    decoder.feed(buffer, out);
    collected.add(out);
  }
  out.clear();
  decoder.finish(out);
  collected.add(out);
  return collected;
}

struct Golden {
  std::string name;
  std::string upstream;
  std::string client;
  Json expect;
};

std::vector<Golden> load_goldens() {
  std::vector<Golden> goldens;
  for (const auto& entry : fs::directory_iterator(kDataDir)) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".expect.json";
    if (!file.ends_with(suffix)) continue;
    const std::string name = file.substr(0, file.size() - suffix.size());
    goldens.push_back({name, read_file(kDataDir / (name + ".upstream.sse")),
                       read_file(kDataDir / (name + ".client.sse")),
                       Json::parse(read_file(entry.path()))});
  }
  std::sort(goldens.begin(), goldens.end(),
            [](const Golden& a, const Golden& b) { return a.name < b.name; });
  return goldens;
}

void check(const Golden& golden, const Collected& got, const std::string& how) {
  const Json& expect = golden.expect;
  SCOPED_TRACE(golden.name + " / " + how);
  EXPECT_EQ(got.client_bytes, golden.client);
  EXPECT_EQ(got.done, expect["done"].get<bool>());
  EXPECT_EQ(got.saw_content, expect["saw_content"].get<bool>());
  if (expect["usage"].is_null()) {
    EXPECT_FALSE(got.usage.has_value());
  } else {
    ASSERT_TRUE(got.usage.has_value());
    EXPECT_EQ(got.usage->prompt_tokens, expect["usage"]["prompt_tokens"]);
    EXPECT_EQ(got.usage->completion_tokens, expect["usage"]["completion_tokens"]);
    EXPECT_EQ(got.usage->total_tokens, expect["usage"]["total_tokens"]);
    EXPECT_EQ(got.usage->cached_tokens, expect["usage"]["cached_tokens"]);
    EXPECT_EQ(got.usage->reasoning_tokens, expect["usage"]["reasoning_tokens"]);
  }
  if (expect["error_kind"].is_null()) {
    EXPECT_FALSE(got.error.has_value()) << got.error->message;
    return;
  }
  ASSERT_TRUE(got.error.has_value());
  EXPECT_EQ(to_string(got.error->kind), expect["error_kind"].get<std::string>());
  // An upstream error event is relayed as is; a protocol error still needs rendering.
  EXPECT_EQ(got.error_forwarded, got.error->kind == ErrorKind::upstream_status);
  if (expect.contains("error_status")) {
    EXPECT_EQ(got.error->http_status, expect["error_status"]);
  }
  if (expect.contains("error_code")) {
    EXPECT_EQ(got.error->code, expect["error_code"]);
  }
  if (expect.contains("error_message")) {
    EXPECT_EQ(got.error->message, expect["error_message"]);
  }
}

TEST(OpenAiStreamDecoderTest, GoldenFilesExist) {
  EXPECT_GE(load_goldens().size(), 15u);
}

TEST(OpenAiStreamDecoderTest, GoldenFilesInOneFeed) {
  for (const auto& golden : load_goldens()) {
    check(golden, run(golden.expect["strip_usage_chunk"], {golden.upstream}), "one feed");
  }
}

TEST(OpenAiStreamDecoderTest, GoldenFilesSplitAtEveryByteOffset) {
  for (const auto& golden : load_goldens()) {
    const std::string_view bytes = golden.upstream;
    for (std::size_t at = 0; at <= bytes.size(); ++at) {
      check(golden,
            run(golden.expect["strip_usage_chunk"], {bytes.substr(0, at), bytes.substr(at)}),
            "split at " + std::to_string(at));
      if (::testing::Test::HasFailure()) return;
    }
  }
}

TEST(OpenAiStreamDecoderTest, GoldenFilesByteByByte) {
  for (const auto& golden : load_goldens()) {
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < golden.upstream.size(); ++i) {
      pieces.push_back(std::string_view(golden.upstream).substr(i, 1));
    }
    check(golden, run(golden.expect["strip_usage_chunk"], pieces), "byte by byte");
  }
}

TEST(OpenAiStreamDecoderTest, ChunksAreRelayedAsSoonAsTheyAreComplete) {
  OpenAiStreamDecoder decoder(false);
  StreamOutput out;
  decoder.feed("data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n", out);
  EXPECT_EQ(out.client_bytes, "");
  decoder.feed("\n", out);
  EXPECT_EQ(out.client_bytes, "data: {\"choices\":[{\"delta\":{\"content\":\"a\"}}]}\n\n");
  EXPECT_TRUE(out.saw_content);
}

TEST(OpenAiStreamDecoderTest, UsageNullChunksAreNotParsedAsUsage) {
  OpenAiStreamDecoder decoder(true);
  StreamOutput out;
  decoder.feed("data: {\"choices\":[],\"usage\":null}\n\n", out);
  EXPECT_FALSE(out.usage.has_value());
  EXPECT_FALSE(out.saw_content);
  // Not a usage chunk: relayed even when stripping.
  EXPECT_EQ(out.client_bytes, "data: {\"choices\":[],\"usage\":null}\n\n");
}

TEST(OpenAiStreamDecoderTest, NestedUsageIsNotTopLevelUsage) {
  OpenAiStreamDecoder decoder(true);
  StreamOutput out;
  decoder.feed("data: {\"choices\":[],\"x\":{\"usage\":{\"prompt_tokens\":9}}}\n\n", out);
  EXPECT_FALSE(out.usage.has_value());
  EXPECT_FALSE(out.client_bytes.empty());
}

TEST(OpenAiStreamDecoderTest, ErrorInContentTextIsNotAnError) {
  OpenAiStreamDecoder decoder(false);
  StreamOutput out;
  decoder.feed("data: {\"choices\":[{\"delta\":{\"content\":\"error\"}}],\"usage\":null}\n\n", out);
  EXPECT_FALSE(out.error.has_value());
  decoder.feed("data: {\"error\":null,\"choices\":[]}\n\n", out);
  EXPECT_FALSE(out.error.has_value());
}

TEST(OpenAiStreamDecoderTest, OversizeEventIsAProtocolError) {
  OpenAiStreamDecoder decoder(false, 1024);
  StreamOutput out;
  decoder.feed("data: {\"a\":\"" + std::string(2000, 'x'), out);
  ASSERT_TRUE(out.error.has_value());
  EXPECT_EQ(out.error->kind, ErrorKind::upstream_protocol);
  EXPECT_FALSE(out.error_forwarded);
  out.clear();
  decoder.feed("\"}\n\ndata: [DONE]\n\n", out);
  EXPECT_TRUE(out.client_bytes.empty());
  EXPECT_FALSE(out.done);
  decoder.finish(out);
  EXPECT_FALSE(out.error.has_value());  // already reported once
}

TEST(OpenAiStreamDecoderTest, NothingAfterDoneIsRelayed) {
  OpenAiStreamDecoder decoder(false);
  StreamOutput out;
  decoder.feed("data: [DONE]\n\ndata: {\"choices\":[{}]}\n\n: late\n\n", out);
  EXPECT_EQ(out.client_bytes, "data: [DONE]\n\n");
  EXPECT_TRUE(out.done);
  out.clear();
  decoder.finish(out);
  EXPECT_FALSE(out.error.has_value());
}

TEST(OpenAiStreamDecoderTest, OversizeTrailerAfterDoneDoesNotSpoilACompleteStream) {
  OpenAiStreamDecoder decoder(false, 1024);
  StreamOutput out;
  decoder.feed("data: [DONE]\n\ndata: {\"a\":\"" + std::string(2000, 'x'), out);
  EXPECT_TRUE(out.done);
  EXPECT_FALSE(out.error.has_value());
  out.clear();
  decoder.finish(out);
  EXPECT_FALSE(out.error.has_value());
}

TEST(OpenAiStreamDecoderTest, EmptyStreamIsTruncated) {
  OpenAiStreamDecoder decoder(false);
  StreamOutput out;
  decoder.finish(out);
  ASSERT_TRUE(out.error.has_value());
  EXPECT_EQ(out.error->kind, ErrorKind::upstream_protocol);
  EXPECT_EQ(out.error->message, "upstream closed the stream before it completed");
  EXPECT_FALSE(out.error_forwarded);
}

TEST(OpenAiStreamDecoderTest, Probes) {
  EXPECT_TRUE(has_usage_object(R"({"usage" : {"a":1}})"));
  EXPECT_TRUE(has_usage_object(R"({"usage":null,"x":{"usage":{}}})"));
  EXPECT_FALSE(has_usage_object(R"({"usage":null})"));
  EXPECT_FALSE(has_usage_object(R"({"content":"\"usage\":{"})"));
  EXPECT_FALSE(has_usage_object(R"({"usage")"));
  EXPECT_TRUE(has_nonempty_choices(R"({"choices": [ {} ]})"));
  EXPECT_FALSE(has_nonempty_choices(R"({"choices":[ ]})"));
  EXPECT_FALSE(has_nonempty_choices(R"({"choices":null})"));
  EXPECT_FALSE(has_nonempty_choices(R"({"choices":[)"));
  EXPECT_TRUE(has_empty_choices(R"({"choices" : [ ]})"));
  EXPECT_TRUE(has_empty_choices(R"({"id":"","choices":[],"prompt_filter_results":[]})"));
  EXPECT_FALSE(has_empty_choices(R"({"choices":[{}]})"));
  EXPECT_FALSE(has_empty_choices(R"({"choices":null})"));
  EXPECT_FALSE(has_empty_choices(R"({"text":"\"choices\":[]"})"));
  EXPECT_FALSE(has_empty_choices(R"({"choices":[)"));
}

TEST(OpenAiStreamDecoderTest, AzurePromptFilterChunkIsRelayedEvenWhenStrippingUsage) {
  // With the default ChoicelessChunks::relay, a choices:[] chunk without usage is not the
  // usage-only chunk: strip_usage_chunk removes only the latter. (The Azure adapter drops
  // such chunks on purpose: see DroppingChoicelessChunksDropsOnlyThoseWithoutUsage.)
  const std::string filter_chunk =
      R"(data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]})"
      "\n\n";
  const std::string content_chunk =
      R"(data: {"choices":[{"content_filter_results":{},"delta":{"content":"Hi"},"finish_reason":null,"index":0}],"id":"c","model":"m"})"
      "\n\n";
  const std::string usage_chunk =
      R"(data: {"choices":[],"id":"c","model":"m","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})"
      "\n\n";
  const std::string stream = filter_chunk + content_chunk + usage_chunk + "data: [DONE]\n\n";
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < stream.size(); ++i)
    bytes.push_back(std::string_view(stream).substr(i, 1));
  for (const auto& pieces : {std::vector<std::string_view>{stream}, bytes}) {
    Collected got = run(/*strip_usage_chunk=*/true, pieces);
    EXPECT_EQ(got.client_bytes, filter_chunk + content_chunk + "data: [DONE]\n\n");
    ASSERT_TRUE(got.usage.has_value());
    EXPECT_EQ(got.usage->total_tokens, 4);
    EXPECT_TRUE(got.done);
    EXPECT_FALSE(got.error.has_value());
  }
}

/// Every way of cutting `stream`: whole, byte by byte, and in two at every offset.
std::vector<std::vector<std::string_view>> every_split(std::string_view stream) {
  std::vector<std::vector<std::string_view>> splits{{stream}};
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < stream.size(); ++i) bytes.push_back(stream.substr(i, 1));
  splits.push_back(bytes);
  for (std::size_t at = 1; at < stream.size(); ++at) {
    splits.push_back({stream.substr(0, at), stream.substr(at)});
  }
  return splits;
}

TEST(OpenAiStreamDecoderTest, DroppingChoicelessChunksDropsOnlyThoseWithoutUsage) {
  const std::string filter_chunk =
      R"(data: {"id":"","object":"","created":0,"model":"","choices":[],"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]})"
      "\n\n";
  const std::string spaced_filter_chunk =
      "data: {\"choices\" : [ ],\"usage\":null,\"prompt_filter_results\":[]}\n\n";
  const std::string content_chunk =
      R"(data: {"id":"c","choices":[{"content_filter_results":{},"delta":{"content":"Hi"},"finish_reason":null,"index":0}],"model":"m"})"
      "\n\n";
  const std::string nested_chunk =  // only a nested key holds an empty choices array
      R"(data: {"id":"c","choices":[{"delta":{"content":"a"},"index":0}],"x":{"choices":[]}})"
      "\n\n";
  const std::string usage_chunk =
      R"(data: {"id":"c","choices":[],"model":"m","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})"
      "\n\n";
  const std::string stream = filter_chunk + spaced_filter_chunk + content_chunk + nested_chunk +
                             usage_chunk + "data: [DONE]\n\n";
  for (bool strip : {true, false}) {
    const std::string expected =
        content_chunk + nested_chunk + (strip ? "" : usage_chunk) + "data: [DONE]\n\n";
    for (const auto& pieces : every_split(stream)) {
      Collected got = run(strip, pieces, ChoicelessChunks::drop);
      ASSERT_EQ(got.client_bytes, expected) << "strip " << strip << ", " << pieces.size();
      ASSERT_TRUE(got.usage.has_value());
      EXPECT_EQ(got.usage->total_tokens, 4);
      EXPECT_TRUE(got.done);
      EXPECT_TRUE(got.saw_content);
      EXPECT_FALSE(got.error.has_value());
    }
    // The default (OpenAI kinds) relays the filter chunks untouched.
    EXPECT_EQ(run(strip, {stream}).client_bytes, filter_chunk + spaced_filter_chunk + expected);
  }
}

TEST(OpenAiStreamDecoderTest, DroppedChoicelessChunkStillEndsWithDoneOrError) {
  // Nothing but the filter chunk and a truncation: the stream is still reported cut off.
  Collected cut = run(true, {"data: {\"id\":\"\",\"choices\":[],\"prompt_filter_results\":[]}\n\n"},
                      ChoicelessChunks::drop);
  EXPECT_EQ(cut.client_bytes, "");
  ASSERT_TRUE(cut.error.has_value());
  EXPECT_EQ(cut.error->kind, ErrorKind::upstream_protocol);
  // An error chunk with empty choices is an error, relayed as before.
  const std::string error_chunk =
      "data: {\"choices\":[],\"error\":{\"message\":\"boom\",\"code\":\"server_error\"}}\n\n";
  Collected errored = run(true, {error_chunk}, ChoicelessChunks::drop);
  EXPECT_EQ(errored.client_bytes, error_chunk);
  ASSERT_TRUE(errored.error.has_value());
  EXPECT_TRUE(errored.error_forwarded);
}

}  // namespace
}  // namespace llmgw::providers::openai
