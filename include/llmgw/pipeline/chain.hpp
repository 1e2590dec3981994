#pragma once
// The ordered, immutable stage chain of one worker, and the response-side hooks of its
// stages. Which stage observes what is computed once, at construction, from needs(): a hook
// no stage declared costs one branch per request, not a virtual call per stage.

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

class Chain {
 public:
  /// Told about a stage whose on_complete() threw (stages should not throw; the others
  /// still complete). App wires it to the application log.
  using FailureReporter = std::function<void(std::string_view stage, std::string_view what)>;

  explicit Chain(std::vector<std::unique_ptr<Middleware>> stages, FailureReporter report = {});

  /// Runs on_request() in order until a stage answers. Returns that answer, or nullopt when
  /// every stage let the request through. `ran` receives how many stages ran: the response
  /// hooks and on_complete() are called for those only.
  boost::asio::awaitable<std::optional<LocalReply>> run(RequestContext& ctx,
                                                        std::size_t& ran) const;

  /// Union of the stages' needs().
  Needs needs() const noexcept { return needs_; }
  bool observes_writes() const noexcept { return !head_.empty() || !bytes_.empty(); }
  bool observes_events() const noexcept { return !events_.empty(); }

  /// The stage names in order (the chain-order test asserts them: auth before parse_body
  /// is a security property).
  std::vector<std::string_view> names() const;
  std::size_t size() const noexcept { return stages_.size(); }

  // Response side: reverse order, stages that ran and asked for the hook.
  void head(RequestContext& ctx, std::size_t ran, int status, const Headers& headers) const;
  void bytes(RequestContext& ctx, std::size_t ran, std::string_view piece) const;
  /// Only reached when every stage ran (the proxy produces the events). Stops at the first
  /// stage that blocks.
  Verdict event(RequestContext& ctx, canonical::StreamEvent& event) const;

  /// on_complete() of the first `ran` stages in reverse order, each awaited in turn. An
  /// exception from one stage goes to the FailureReporter and the others still run.
  boost::asio::awaitable<void> complete(RequestContext& ctx, const Outcome& outcome,
                                        std::size_t ran) const;

 private:
  std::vector<std::unique_ptr<Middleware>> stages_;
  std::vector<std::size_t> head_;    ///< Indexes of stages with Needs::head, descending.
  std::vector<std::size_t> bytes_;   ///< ... Needs::bytes, descending.
  std::vector<std::size_t> events_;  ///< ... Needs::events, descending.
  Needs needs_ = Needs::nothing;
  FailureReporter report_;
};

}  // namespace llmgw::pipeline
