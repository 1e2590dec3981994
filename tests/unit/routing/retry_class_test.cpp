// Tests for src/routing/retry_class.cpp and src/routing/preflight.cpp.
#include "routing/retry_class.hpp"

#include <gtest/gtest.h>

#include "routing/preflight.hpp"

namespace llmgw::routing {
namespace {

Error upstream_status(int status, std::string code = {}, std::string message = {}) {
  Error error;
  error.kind = ErrorKind::upstream_status;
  error.http_status = status;
  error.code = std::move(code);
  error.message = std::move(message);
  error.retryable = status == 408 || status == 409 || status == 429 || status >= 500;
  return error;
}

TEST(RetryClassTest, ClassifiesTheRetryableFailures) {
  EXPECT_EQ(classify(Error::upstream_connect("x")), RetryClass::connect);
  EXPECT_EQ(classify(Error::upstream_protocol("cut short")), RetryClass::reset);
  EXPECT_EQ(classify(Error::upstream_timeout("x")), RetryClass::timeout);
  EXPECT_EQ(classify(upstream_status(429)), RetryClass::rate_limited);
  EXPECT_EQ(classify(upstream_status(500)), RetryClass::server_error);
  EXPECT_EQ(classify(upstream_status(503)), RetryClass::server_error);
}

TEST(RetryClassTest, OtherFourHundredsAndRefusalsAreNeverRetried) {
  EXPECT_EQ(classify(upstream_status(400)), RetryClass::none);
  EXPECT_EQ(classify(upstream_status(404)), RetryClass::none);
  EXPECT_EQ(classify(upstream_status(408)), RetryClass::none);
  EXPECT_EQ(classify(upstream_status(502, "upstream_auth_error")), RetryClass::none);
  Error told_not_to = upstream_status(500);
  told_not_to.retryable = false;  // x-should-retry: false
  EXPECT_EQ(classify(told_not_to), RetryClass::none);
  EXPECT_EQ(classify(Error::rate_limited("ours", "requests", "rate_limit_exceeded", "1")),
            RetryClass::none);
}

TEST(RetryClassTest, PolicySwitchesAndBreakerCounting) {
  config::RetryOn on;
  on.rate_limited = false;
  EXPECT_FALSE(retries(on, RetryClass::rate_limited));
  EXPECT_TRUE(retries(on, RetryClass::server_error));
  EXPECT_FALSE(retries(on, RetryClass::none));
  EXPECT_FALSE(is_breaker_failure(RetryClass::rate_limited));
  EXPECT_TRUE(is_breaker_failure(RetryClass::timeout));
}

TEST(RetryClassTest, RecognisesContextLengthErrors) {
  EXPECT_TRUE(is_context_length_exceeded(upstream_status(400, "context_length_exceeded")));
  EXPECT_TRUE(is_context_length_exceeded(
      upstream_status(400, "", "This model's maximum context length is 8192 tokens.")));
  EXPECT_TRUE(is_context_length_exceeded(
      upstream_status(400, "", "prompt is too long: 250000 tokens > 200000 maximum")));
  EXPECT_TRUE(is_context_length_exceeded(upstream_status(
      400, "INVALID_ARGUMENT",
      "The input token count (1200000) exceeds the maximum number of tokens allowed")));
  EXPECT_FALSE(is_context_length_exceeded(upstream_status(400, "", "messages is required")));
  EXPECT_FALSE(is_context_length_exceeded(upstream_status(500, "context_length_exceeded")));
}

TEST(PreflightTest, FitsCountsPromptAndMaxTokens) {
  config::Deployment small;
  small.context_window = 1000;
  governance::TokenEstimate estimate;
  estimate.prompt = 900;
  EXPECT_TRUE(fits(small, estimate));
  estimate.max_output = 100;
  EXPECT_TRUE(fits(small, estimate));
  estimate.max_output = 101;
  EXPECT_FALSE(fits(small, estimate));
  config::Deployment unknown;
  EXPECT_TRUE(fits(unknown, estimate));
  config::Deployment short_output;
  short_output.max_output_tokens = 100;
  EXPECT_FALSE(fits(short_output, estimate));
}

TEST(PreflightTest, ErrorIsOpenAiShaped) {
  governance::TokenEstimate estimate;
  estimate.prompt = 5000;
  estimate.max_output = 100;
  const Error error = context_length_error(estimate, 4096);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.code, "context_length_exceeded");
  EXPECT_EQ(error.type, "invalid_request_error");
  EXPECT_NE(error.message.find("4096"), std::string::npos);
  EXPECT_NE(error.message.find("5100"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::routing
