#pragma once
// One request/response over one upstream connection: writes the request, reads the headers
// (skipping interim 1xx responses), then hands out the de-chunked body piece by piece under
// the idle, total and size limits. On destruction the connection goes back to its pool only
// when the response was read to the end on a keep-alive connection; otherwise it is closed.
//
// Lifetime: the exchange owns its connection outright and refers to the pool weakly, so it
// may outlive the UpstreamClient (its connection is then simply closed). The CancelSignal
// given at construction must outlive the exchange. Do not destroy the exchange while one of
// its reads is suspended, except by destroying the io_context running it.

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "llmgw/config/config.hpp"
#include "llmgw/core/cancel_signal.hpp"
#include "llmgw/upstream/upstream_client.hpp"
#include "upstream/abort_switch.hpp"
#include "upstream/connection.hpp"
#include "upstream/connection_pool.hpp"
#include "upstream/connector.hpp"
#include "upstream/request_builder.hpp"
#include "upstream/view_body.hpp"

namespace llmgw::upstream {

struct ExchangeSettings {
  std::string provider;  ///< Name used in error messages.
  config::UpstreamTimeouts timeouts;
  std::size_t max_response_bytes = 0;
  std::size_t max_idle_connections = 0;           ///< Passed to the pool on release.
  bool head_request = false;                      ///< A response to HEAD has no body.
  std::chrono::steady_clock::time_point started;  ///< The total deadline counts from here.
};

class BeastExchange final : public UpstreamExchange {
 public:
  using Clock = std::chrono::steady_clock;

  /// Installs cancel() as `cancel`'s handler (running it at once if already emitted).
  BeastExchange(ExchangeSettings settings, std::weak_ptr<ConnectionPool> pool,
                CancelSignal& cancel);
  ~BeastExchange() override;

  BeastExchange(const BeastExchange&) = delete;
  BeastExchange& operator=(const BeastExchange&) = delete;

  /// Interrupts connection set-up for this exchange when cancelled.
  AbortSwitch& abort_switch() noexcept { return abort_; }
  bool cancelled() const noexcept { return abort_.aborted(); }

  /// The connect deadline: timeouts.connect from now, capped by the total deadline.
  ConnectDeadline connect_deadline() const;

  struct StartOutcome {
    std::optional<Error> error;  ///< Empty: the response headers are in.
    /// The connection was reused and the server dropped it before answering (the
    /// keep-alive race): resending on a fresh connection is safe.
    bool retry_on_new_connection = false;
  };

  /// Sends `request` over `connection` and reads the response headers within
  /// timeouts.first_byte (and the total deadline). May be called again after a failure
  /// that asked for a retry, with a new connection.
  boost::asio::awaitable<StartOutcome> start(std::unique_ptr<Connection> connection,
                                             const OutgoingRequest& request);

  int status() const noexcept override { return status_; }
  const Headers& headers() const noexcept override { return headers_; }
  boost::asio::awaitable<Result<std::string_view>> read_some() override;
  boost::asio::awaitable<Result<std::string>> read_all(std::size_t limit) override;
  void cancel() noexcept override;

 private:
  using Parser = boost::beast::http::response_parser<ViewBody>;

  struct Deadline {
    Clock::time_point at;
    TimeoutKind kind;
    std::chrono::milliseconds limit;
  };

  Deadline deadline_for(TimeoutKind kind, std::chrono::milliseconds limit,
                        Clock::time_point now) const;
  void reset_parser();
  Result<std::string_view> take_piece();
  StartOutcome fail_start(const boost::system::error_code& ec, const Deadline& deadline,
                          bool may_retry, std::string_view phase);
  Error body_error(const boost::system::error_code& ec, const Deadline& deadline) const;
  Error fail(Error error);
  bool reusable() const noexcept;

  ExchangeSettings settings_;
  std::weak_ptr<ConnectionPool> pool_;
  CancelSignal& cancel_signal_;
  AbortSwitch abort_;
  std::unique_ptr<Connection> connection_;
  std::optional<Parser> parser_;
  int status_ = 0;
  Headers headers_;
  std::size_t body_bytes_ = 0;
  bool body_done_ = false;
  std::optional<Error> failure_;  // sticky: every later read reports it again
};

}  // namespace llmgw::upstream
