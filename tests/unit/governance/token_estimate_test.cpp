#include "llmgw/governance/token_estimate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace llmgw::governance {
namespace {

using Json = nlohmann::ordered_json;

struct Sample {
  std::string body;
  std::int64_t prompt_tokens = 0;
};

std::vector<Sample> load_corpus() {
  std::ifstream in(std::string(LLMGW_TEST_DATA_DIR) + "/token_estimate/corpus.jsonl");
  std::vector<Sample> samples;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const Json row = Json::parse(line);
    samples.push_back(
        {row.at("body").get<std::string>(), row.at("prompt_tokens").get<std::int64_t>()});
  }
  return samples;
}

// The estimator's stated error, measured: o200k_base counts with OpenAI's chat framing
// (see tests/data/token_estimate/make_corpus.mjs) against the estimate from raw bytes.
TEST(TokenEstimateCorpus, ErrorIsWithinTheStatedBound) {
  const std::vector<Sample> samples = load_corpus();
  ASSERT_GE(samples.size(), 30u);
  double sum_abs = 0;
  double worst_over = 0;
  double worst_under = 0;
  std::int64_t total_estimate = 0;
  std::int64_t total_actual = 0;
  for (const Sample& s : samples) {
    const std::int64_t estimate = estimate_tokens(s.body).prompt;
    const double error = double(estimate - s.prompt_tokens) / double(s.prompt_tokens);
    sum_abs += std::fabs(error);
    worst_over = std::max(worst_over, error);
    worst_under = std::min(worst_under, error);
    total_estimate += estimate;
    total_actual += s.prompt_tokens;
    EXPECT_LE(std::fabs(error), 0.45) << "actual " << s.prompt_tokens << " estimate " << estimate
                                      << " body " << s.body.substr(0, 120);
  }
  const double mean_abs = sum_abs / double(samples.size());
  const double total_ratio = double(total_estimate) / double(total_actual);
  std::printf(
      "token estimate over %zu requests: mean |error| %.1f %%, worst %+.0f %% / %+.0f %%, "
      "total %lld estimated vs %lld actual (%.3f)\n",
      samples.size(), 100 * mean_abs, 100 * worst_under, 100 * worst_over,
      static_cast<long long>(total_estimate), static_cast<long long>(total_actual), total_ratio);
  EXPECT_LE(mean_abs, 0.15);
  EXPECT_NEAR(total_ratio, 1.0, 0.08);
}

// Python's json.dumps (the openai SDK's default) escapes every non-ASCII character: the
// estimate must not depend on it.
TEST(TokenEstimateCorpus, EscapedNonAsciiEstimatesTheSame) {
  for (const Sample& s : load_corpus()) {
    const std::string escaped = Json::parse(s.body).dump(-1, ' ', /*ensure_ascii=*/true);
    const std::int64_t plain = estimate_tokens(s.body).prompt;
    const std::int64_t from_escaped = estimate_tokens(escaped).prompt;
    EXPECT_NEAR(double(from_escaped), double(plain), 1.0 + 0.02 * double(plain))
        << s.body.substr(0, 80);
  }
}

TEST(TokenEstimate, ReadsTheCompletionCeilingAndChoices) {
  EXPECT_EQ(estimate_tokens(R"({"model":"m","messages":[],"max_tokens":300})").max_output, 300);
  EXPECT_EQ(estimate_tokens(R"({"max_completion_tokens": 12, "n": 3})").max_output, 12);
  EXPECT_EQ(estimate_tokens(R"({"max_completion_tokens": 12, "n": 3})").choices, 3);
  EXPECT_EQ(estimate_tokens(R"({"max_output_tokens":7})").max_output, 7);
  EXPECT_EQ(estimate_tokens(R"({"messages":[{"max_tokens":5}]})").max_output, -1);
  EXPECT_EQ(estimate_tokens(R"({"max_tokens":null})").max_output, -1);
  EXPECT_EQ(estimate_tokens(R"({"n":0})").choices, 1);
}

TEST(TokenEstimate, ReserveIsPromptPlusCeilingPerChoice) {
  TokenEstimate e{100, 50, 2};
  EXPECT_EQ(tokens_to_reserve(e, 4096), 200);
  e.max_output = -1;
  EXPECT_EQ(tokens_to_reserve(e, 1000), 2100);
}

TEST(TokenEstimate, CountsOnlyWhatReachesTheModel) {
  const std::int64_t base =
      estimate_tokens(R"({"model":"m","messages":[{"role":"user","content":"Say hi"}]})").prompt;
  EXPECT_EQ(base, 3 + 3 + 1 + 2);  // framing + "user" + "Say hi" (10 ASCII bytes, rounded up)
  // Model name, metadata, user id and stop sequences are not prompt.
  EXPECT_EQ(estimate_tokens(R"({"model":"a-very-long-model-name-indeed","user":"someone",
      "metadata":{"k":"a long value that is not sent to the model"},"stop":["\n\n"],
      "messages":[{"role":"user","content":"Say hi"}]})")
                .prompt,
            base);
  // Content parts: their `type` is structure, their text is prompt.
  EXPECT_EQ(estimate_tokens(
                R"({"messages":[{"role":"user","content":[{"type":"text","text":"Say hi"}]}]})")
                .prompt,
            base);
}

TEST(TokenEstimate, AnthropicSystemStringCounts) {
  const std::int64_t without =
      estimate_tokens(R"({"messages":[{"role":"user","content":"Hi"}],"max_tokens":10})").prompt;
  const std::int64_t with =
      estimate_tokens(R"({"system":"You are a terse assistant for an airline.",)"
                      R"("messages":[{"role":"user","content":"Hi"}],"max_tokens":10})")
          .prompt;
  EXPECT_EQ(with - without, 10);  // 41 ASCII bytes / 4, rounded up with the rest.
}

TEST(TokenEstimate, MediaCountsTheSameWhateverItsSize) {
  const auto image = [](std::size_t base64_bytes) {
    return R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,)" +
           std::string(base64_bytes, 'A') + R"("}}]}]})";
  };
  EXPECT_EQ(estimate_tokens(image(16)).prompt, estimate_tokens(image(2'000'000)).prompt);
  EXPECT_EQ(estimate_tokens(image(16)).prompt, 3 + 3 + 1 + kMediaTokens);
  const std::string anthropic =
      R"({"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64",)"
      R"("media_type":"image/png","data":")" +
      std::string(100'000, 'Q') + R"("}}]}]})";
  EXPECT_LT(estimate_tokens(anthropic).prompt, kMediaTokens + 20);
}

TEST(TokenEstimate, ToolSchemasCountKeysAndValues) {
  const std::int64_t without =
      estimate_tokens(R"({"messages":[{"role":"user","content":"Weather?"}]})").prompt;
  const std::int64_t with =
      estimate_tokens(
          R"({"messages":[{"role":"user","content":"Weather?"}],"tools":[{"type":"function",)"
          R"("function":{"name":"get_weather","parameters":{"type":"object",)"
          R"("properties":{"city":{"type":"string"}}}}}]})")
          .prompt;
  EXPECT_GE(with - without, 15);
  EXPECT_LE(with - without, 25);
}

TEST(TokenEstimate, TokenIdInputsCountOneEach) {
  EXPECT_EQ(estimate_tokens(R"({"input":[[1,2,3],[4,5]]})").prompt, 3 + 5);
  EXPECT_EQ(estimate_tokens(R"({"prompt":"abcdefgh"})").prompt, 3 + 2);
}

TEST(TokenEstimate, NonAsciiByScript) {
  // 10 Cyrillic letters (two bytes each) and 10 CJK characters (three bytes each).
  const std::int64_t cyrillic = estimate_tokens(R"({"prompt":"абвгдежзий"})").prompt - 3;
  const std::int64_t cjk = estimate_tokens(R"({"prompt":"一二三四五六七八九十"})").prompt - 3;
  EXPECT_EQ(cyrillic, 3);
  EXPECT_EQ(cjk, 8);
  EXPECT_EQ(estimate_tokens(
                R"({"prompt":"\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438\u0439"})")
                    .prompt -
                3,
            cyrillic);
  EXPECT_EQ(estimate_tokens(R"({"prompt":"\ud83d\ude00"})").prompt - 3, 1);  // One emoji.
}

TEST(TokenEstimate, HostileInputIsSafe) {
  for (std::string_view body :
       {"", "{", "\"", "{\"messages\":[{\"role\":\"user\",\"content\":\"abc", "{\"prompt\":\"\\",
        "{\"prompt\":\"\\u12", "]]]]}}}}", "{\"max_tokens\":99999999999999999999999}", "-",
        "{\"max_tokens\":-5}"}) {
    const TokenEstimate e = estimate_tokens(body);
    EXPECT_GE(e.prompt, 0) << body;
    EXPECT_LE(e.max_output, std::int64_t{1} << 40) << body;
  }
  std::string deep(10'000, '[');
  deep += "\"x\"";
  EXPECT_GE(estimate_tokens(deep).prompt, 0);
}

}  // namespace
}  // namespace llmgw::governance
