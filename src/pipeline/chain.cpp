#include "llmgw/pipeline/chain.hpp"

namespace llmgw::pipeline {

Chain::Chain(std::vector<std::unique_ptr<Middleware>> stages, FailureReporter report)
    : stages_(std::move(stages)), report_(std::move(report)) {
  for (std::size_t i = stages_.size(); i > 0; --i) {
    const Needs needs = stages_[i - 1]->needs();
    needs_ = needs_ | needs;
    if (has(needs, Needs::head)) head_.push_back(i - 1);
    if (has(needs, Needs::bytes)) bytes_.push_back(i - 1);
    if (has(needs, Needs::events)) events_.push_back(i - 1);
  }
}

boost::asio::awaitable<std::optional<LocalReply>> Chain::run(RequestContext& ctx,
                                                             std::size_t& ran) const {
  ran = 0;
  if (has(needs_, Needs::canonical_path)) ctx.canonical_path = true;
  for (const auto& stage : stages_) {
    ++ran;
    Decision decision = co_await stage->on_request(ctx);
    if (!decision.proceeds()) co_return std::move(decision.reply);
  }
  co_return std::nullopt;
}

std::vector<std::string_view> Chain::names() const {
  std::vector<std::string_view> names;
  names.reserve(stages_.size());
  for (const auto& stage : stages_) names.push_back(stage->name());
  return names;
}

void Chain::head(RequestContext& ctx, std::size_t ran, int status, const Headers& headers) const {
  for (std::size_t i : head_) {
    if (i < ran) stages_[i]->on_head(ctx, status, headers);
  }
}

void Chain::bytes(RequestContext& ctx, std::size_t ran, std::string_view piece) const {
  for (std::size_t i : bytes_) {
    if (i < ran) stages_[i]->on_bytes(ctx, piece);
  }
}

Verdict Chain::event(RequestContext& ctx, canonical::StreamEvent& event) const {
  for (std::size_t i : events_) {
    Verdict verdict = stages_[i]->on_event(ctx, event);
    if (verdict.stop) return verdict;
  }
  return Verdict::pass();
}

boost::asio::awaitable<void> Chain::complete(RequestContext& ctx, const Outcome& outcome,
                                             std::size_t ran) const {
  for (std::size_t i = ran; i > 0; --i) {
    // One stage failing to settle must not keep the others from settling theirs.
    try {
      co_await stages_[i - 1]->on_complete(ctx, outcome);
    } catch (const std::exception& e) {
      if (report_) report_(stages_[i - 1]->name(), e.what());
    }
  }
}

}  // namespace llmgw::pipeline
