#include "providers/anthropic/stop_reason.hpp"

#include <gtest/gtest.h>

namespace llmgw::providers::anthropic {
namespace {

using canonical::FinishReason;

TEST(AnthropicStopReasonTest, MapsPerTheCrossProviderTable) {
  EXPECT_EQ(finish_reason("end_turn"), FinishReason::stop);
  EXPECT_EQ(finish_reason("pause_turn"), FinishReason::stop);
  EXPECT_EQ(finish_reason("stop_sequence"), FinishReason::stop_sequence);
  EXPECT_EQ(finish_reason("max_tokens"), FinishReason::length);
  EXPECT_EQ(finish_reason("model_context_window_exceeded"), FinishReason::length);
  EXPECT_EQ(finish_reason("tool_use"), FinishReason::tool_calls);
  EXPECT_EQ(finish_reason("refusal"), FinishReason::content_filter);
  EXPECT_EQ(finish_reason("something_new"), FinishReason::stop);
  EXPECT_EQ(finish_reason(""), FinishReason::stop);
}

}  // namespace
}  // namespace llmgw::providers::anthropic
