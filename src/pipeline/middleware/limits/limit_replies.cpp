#include "pipeline/middleware/limits/limit_replies.hpp"

#include "llmgw/governance/limits.hpp"
#include "llmgw/governance/money.hpp"
#include "pipeline/middleware/limits/request_scopes.hpp"

namespace llmgw::pipeline {

namespace {

struct WindowHeaderNames {
  std::string_view limit, remaining, reset;
};
constexpr WindowHeaderNames kRequestHeaders{
    "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"};
constexpr WindowHeaderNames kTokenHeaders{
    "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"};

// Every admitted request of a limited key carries up to six of these: formatted straight
// into the response head's bytes (docs/benchmarks.md, cost of limits).
void add_window(const store::RateWindowState& window, const WindowHeaderNames& names,
                FormattedHeaders& headers) {
  headers.add(names.limit, window.limit);
  headers.add(names.remaining, window.remaining);
  governance::OpenAIDurationBuffer reset;
  headers.add(names.reset, governance::write_openai_duration(window.reset_ms, reset));
}

std::string wait_hint(const store::Denial& denial) {
  if (denial.never) return "";
  return " Retry after " + governance::format_openai_duration(denial.retry_after_ms) + ".";
}

}  // namespace

void add_rate_limit_headers(const store::ReserveResult& result, FormattedHeaders& headers) {
  if (result.requests) add_window(*result.requests, kRequestHeaders, headers);
  if (result.tokens) add_window(*result.tokens, kTokenHeaders, headers);
}

std::string retry_after_seconds(std::int64_t ms) {
  const std::int64_t seconds = ms <= 0 ? 1 : (ms + 999) / 1000;
  return std::to_string(seconds);
}

Error denial_error(const store::ScopeCheck& scope, const store::Denial& denial,
                   const store::ReserveRequest& request) {
  const std::string who = describe_scope(scope.scope);
  const std::string retry =
      denial.never ? std::string() : retry_after_seconds(denial.retry_after_ms);
  const auto& rate = scope.limits.rate;
  switch (denial.reason) {
    case store::LimitReason::rpm:
      return Error::rate_limited("Rate limit reached for requests on " + who + ": limit " +
                                     std::to_string(rate.rpm) + " requests per minute." +
                                     wait_hint(denial),
                                 "requests", "rate_limit_exceeded", retry);
    case store::LimitReason::tpm:
      if (denial.never) {
        return Error::rate_limited(
            "Request too large for " + who + ": it may use about " +
                std::to_string(request.tokens) + " tokens (prompt estimate plus max_tokens), " +
                "more than the limit of " + std::to_string(rate.tpm) +
                " tokens per minute. Lower max_tokens or shorten the prompt.",
            "tokens", "rate_limit_exceeded", retry);
      }
      return Error::rate_limited("Rate limit reached for tokens on " + who + ": limit " +
                                     std::to_string(rate.tpm) + " tokens per minute." +
                                     wait_hint(denial),
                                 "tokens", "rate_limit_exceeded", retry);
    case store::LimitReason::parallel:
      return Error::rate_limited("Too many requests in flight on " + who + ": limit " +
                                     std::to_string(rate.max_parallel) + " at once." +
                                     wait_hint(denial),
                                 "requests", "rate_limit_exceeded", retry);
    case store::LimitReason::budget: {
      const auto& budget = scope.limits.budget;
      std::string message = "Budget exhausted for " + who + ": " +
                            governance::format_usd(budget.amount) + " USD per " +
                            std::string(governance::to_string(budget.period)) + ".";
      if (budget.period == governance::BudgetPeriod::total) {
        message = "Budget exhausted for " + who + ": " + governance::format_usd(budget.amount) +
                  " USD in total.";
      }
      message += denial.never ? " Ask an administrator to raise it." : wait_hint(denial);
      return Error::rate_limited(std::move(message), "insufficient_quota", "insufficient_quota",
                                 retry);
    }
  }
  return Error::rate_limited("Rate limit reached for " + who + ".", "requests",
                             "rate_limit_exceeded", retry);
}

}  // namespace llmgw::pipeline
