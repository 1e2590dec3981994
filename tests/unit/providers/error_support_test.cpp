#include "providers/error_support.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers {
namespace {

TEST(ProviderErrorSupportTest, RetryAfterPrefersSecondsThenRoundsMillisecondsUp) {
  EXPECT_EQ(retry_after_from({{"Retry-After", " 7 "}}), "7");
  EXPECT_EQ(retry_after_from({{"retry-after-ms", "1200.5"}}), "2");
  EXPECT_EQ(retry_after_from({{"retry-after-ms", "-1"}}), "");
  EXPECT_EQ(retry_after_from({{"retry-after", "bad\x01value"}, {"retry-after-ms", "500"}}), "1");
  EXPECT_EQ(retry_after_from({}), "");
}

TEST(ProviderErrorSupportTest, RejectedCredentialsAreARetryable502WithoutProviderText) {
  Error error = credentials_rejected(403, "UnrecognizedClientException");
  EXPECT_EQ(error.http_status, 502);
  EXPECT_TRUE(error.retryable);
  EXPECT_EQ(error.code, "upstream_auth_error");
  EXPECT_EQ(error.message,
            "upstream provider rejected the gateway's credentials (HTTP 403, "
            "UnrecognizedClientException)");
  EXPECT_EQ(credentials_rejected(401).message,
            "upstream provider rejected the gateway's credentials (HTTP 401)");
}

}  // namespace
}  // namespace llmgw::providers
