#include "app/rlimit.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace llmgw::app {
namespace {

TEST(RlimitTest, SoftLimitEndsAtTheHardLimit) {
  FileLimit limit = raise_open_file_limit();
  rlimit now{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &now), 0);
  EXPECT_EQ(now.rlim_cur, now.rlim_max);
  EXPECT_EQ(limit.after, now.rlim_cur);
  EXPECT_GE(limit.after, limit.before);
}

}  // namespace
}  // namespace llmgw::app
