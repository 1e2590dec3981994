#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <vector>

#include "llmgw/pipeline/middleware.hpp"

namespace llmgw::pipeline {

/// The ordered, immutable middleware chain.
class Chain {
 public:
  explicit Chain(std::vector<std::unique_ptr<Middleware>> stages);

  /// Runs stages in order until one replies. Returns the reply, or nullopt when every
  /// stage let the request through. `ran` receives how many stages ran, for complete().
  boost::asio::awaitable<std::optional<Error>> run(RequestContext& ctx, std::size_t& ran) const;

  /// Calls on_complete of the first `ran` stages in reverse order.
  void complete(RequestContext& ctx, const Outcome& outcome, std::size_t ran) const noexcept;

  std::size_t size() const noexcept { return stages_.size(); }

 private:
  std::vector<std::unique_ptr<Middleware>> stages_;
};

/// The chain for this release: request_id → auth → parse_body → router.
Chain make_default_chain();

}  // namespace llmgw::pipeline
