// Tests for src/routing/retry_budget.hpp.
#include "routing/retry_budget.hpp"

#include <gtest/gtest.h>

namespace llmgw::routing {
namespace {

TEST(RetryBudgetTest, StartsFullThenAllowsAShareOfRequests) {
  config::RetryPolicy policy;
  policy.budget_percent = 20;
  policy.budget_burst = 3;
  RetryBudget budget;
  int retries = 0;
  // The burst first, then one retry per five requests however many fail (the first
  // request's fifth of a token is lost: the bucket was full).
  for (int request = 0; request < 100; ++request) {
    budget.deposit(policy);
    if (budget.try_withdraw(policy)) ++retries;
  }
  EXPECT_EQ(retries, 3 + 19);
}

TEST(RetryBudgetTest, NeverHoldsMoreThanTheBurst) {
  config::RetryPolicy policy;
  policy.budget_percent = 100;
  policy.budget_burst = 2;
  RetryBudget budget;
  for (int i = 0; i < 50; ++i) budget.deposit(policy);
  EXPECT_EQ(budget.tokens(), 2);
  EXPECT_TRUE(budget.try_withdraw(policy));
  EXPECT_TRUE(budget.try_withdraw(policy));
  EXPECT_FALSE(budget.try_withdraw(policy));
}

TEST(RetryBudgetTest, ZeroPercentAllowsOnlyTheBurst) {
  config::RetryPolicy policy;
  policy.budget_percent = 0;
  policy.budget_burst = 1;
  RetryBudget budget;
  budget.deposit(policy);
  EXPECT_TRUE(budget.try_withdraw(policy));
  for (int i = 0; i < 100; ++i) budget.deposit(policy);
  EXPECT_FALSE(budget.try_withdraw(policy));
}

}  // namespace
}  // namespace llmgw::routing
