#include "upstream/exchange.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <utility>

#include "io/eager_write.hpp"
#include "io/parse_buffered.hpp"

namespace llmgw::upstream {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using boost::system::error_code;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// 1xx responses before the final one; a server sending more is misbehaving.
constexpr int kMaxInterimResponses = 8;

bool is_http_error(const error_code& ec) noexcept {
  return ec.category() == http::make_error_code(http::error::end_of_stream).category();
}

Error exceeded_error(std::string_view provider, std::size_t limit) {
  return protocol_error(provider, "response exceeded " + std::to_string(limit) + " bytes");
}

}  // namespace

BeastExchange::BeastExchange(ExchangeSettings settings, std::weak_ptr<ConnectionPool> pool,
                             CancelSignal& cancel)
    : settings_(std::move(settings)), pool_(std::move(pool)), cancel_signal_(cancel) {
  cancel_signal_.set_handler([this] { this->cancel(); });
}

BeastExchange::~BeastExchange() {
  cancel_signal_.clear_handler();
  if (!connection_) return;
  if (reusable()) {
    if (auto pool = pool_.lock()) {
      pool->release(std::move(connection_), settings_.max_idle_connections, Clock::now());
      return;
    }
  }
  connection_->close();
}

bool BeastExchange::reusable() const noexcept {
  // Leftover bytes after a complete response would be misread as the next response.
  return body_done_ && !failure_ && !abort_.aborted() && parser_ && parser_->keep_alive() &&
         connection_->is_open() && connection_->read_buffer().size() == 0;
}

void BeastExchange::cancel() noexcept {
  abort_.abort();
  if (connection_) connection_->close();
}

BeastExchange::Deadline BeastExchange::deadline_for(TimeoutKind kind,
                                                    std::chrono::milliseconds limit,
                                                    Clock::time_point now) const {
  const Clock::time_point total_at = settings_.started + settings_.timeouts.total;
  if (now + limit >= total_at) return {total_at, TimeoutKind::total, settings_.timeouts.total};
  return {now + limit, kind, limit};
}

ConnectDeadline BeastExchange::connect_deadline() const {
  const Deadline deadline =
      deadline_for(TimeoutKind::connect, settings_.timeouts.connect, Clock::now());
  return {deadline.at, deadline.kind, deadline.limit};
}

void BeastExchange::reset_parser() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(Connection::kMaxHeaderBytes));
  // The size cap is enforced on the bytes handed out, with our own error message.
  parser_->body_limit(boost::none);
  if (settings_.head_request) parser_->skip(true);
}

Error BeastExchange::fail(Error error) {
  failure_ = error;
  if (connection_) connection_->close();
  return error;
}

asio::awaitable<BeastExchange::StartOutcome> BeastExchange::start(
    std::unique_ptr<Connection> connection, const OutgoingRequest& request) {
  connection_ = std::move(connection);
  if (abort_.aborted()) co_return StartOutcome{fail(cancelled_error(settings_.provider))};
  const bool reused = connection_->requests_sent() > 0;
  connection_->count_request();
  reset_parser();
  connection_->read_buffer().reserve(Connection::kInitialReadBytes);

  const Deadline deadline =
      deadline_for(TimeoutKind::first_byte, settings_.timeouts.first_byte, Clock::now());
  {
    const std::array<asio::const_buffer, 2> buffers{asio::buffer(request.head),
                                                    asio::buffer(request.body)};
    const auto remaining = deadline.at - Clock::now();
    const io::WriteResult written = co_await connection_->with_stream(
        [&](auto& stream) { return io::eager_write(stream, buffers, remaining); });
    if (written.error) {
      co_return fail_start(written.error, deadline, reused, "sending the request failed");
    }
  }
  connection_->tcp().expires_at(deadline.at);

  for (int interim = 0;; ++interim) {
    auto [read_ec, read] = co_await connection_->with_stream([&](auto& stream) {
      return http::async_read_header(stream, connection_->read_buffer(), *parser_, kNoThrow);
    });
    if (read_ec) {
      const bool nothing_received = interim == 0 && !parser_->got_some();
      co_return fail_start(read_ec, deadline, reused && nothing_received,
                           "connection closed before the response headers");
    }
    status_ = parser_->get().result_int();
    if (status_ >= 200) break;
    if (status_ == 101 || interim + 1 >= kMaxInterimResponses) {
      co_return StartOutcome{fail(protocol_error(
          settings_.provider, "unexpected interim response " + std::to_string(status_)))};
    }
    reset_parser();
  }

  if (const auto length = parser_->content_length();
      length && *length > settings_.max_response_bytes) {
    co_return StartOutcome{fail(exceeded_error(settings_.provider, settings_.max_response_bytes))};
  }
  headers_.clear();
  for (const auto& field : parser_->get()) {
    headers_.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  if (parser_->is_done()) {
    // No body (204, 304, HEAD, Content-Length: 0): reusable even if nobody reads it.
    body_done_ = true;
    connection_->tcp().expires_never();
  }
  co_return StartOutcome{};
}

BeastExchange::StartOutcome BeastExchange::fail_start(const error_code& ec,
                                                      const Deadline& deadline, bool may_retry,
                                                      std::string_view phase) {
  const std::string& provider = settings_.provider;
  if (abort_.aborted()) return {fail(cancelled_error(provider))};
  if (ec == boost::beast::error::timeout) {
    return {fail(timeout_error(provider, deadline.kind, deadline.limit))};
  }
  if (may_retry && is_peer_disconnect(ec)) {
    connection_->close();
    connection_.reset();
    return {connect_error(provider, phase, ec), true};
  }
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
    return {
        fail(protocol_error(provider, "response headers exceed " +
                                          std::to_string(Connection::kMaxHeaderBytes) + " bytes"))};
  }
  if (is_http_error(ec) && ec != http::error::end_of_stream && ec != http::error::partial_message) {
    return {fail(protocol_error(provider, "invalid HTTP response: " + ec.message()))};
  }
  return {fail(connect_error(provider, phase, ec))};
}

Error BeastExchange::body_error(const error_code& ec, const Deadline& deadline) const {
  const std::string& provider = settings_.provider;
  if (abort_.aborted() || ec == asio::error::operation_aborted) return cancelled_error(provider);
  if (ec == boost::beast::error::timeout) {
    return timeout_error(provider, deadline.kind, deadline.limit);
  }
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
      ec == asio::error::connection_aborted) {
    return connect_error(provider, "connection reset while reading the response");
  }
  if (is_peer_disconnect(ec) || ec == http::error::partial_message) {
    return protocol_error(provider, "response cut short: connection closed before the body ended");
  }
  if (is_http_error(ec)) return protocol_error(provider, "invalid response body: " + ec.message());
  return connect_error(provider, "reading the response failed", ec);
}

Result<std::string_view> BeastExchange::take_piece() {
  const std::string_view piece = parser_->get().body().piece;
  body_bytes_ += piece.size();
  if (body_bytes_ > settings_.max_response_bytes) {
    return fail(exceeded_error(settings_.provider, settings_.max_response_bytes));
  }
  return piece;
}

asio::awaitable<Result<std::string_view>> BeastExchange::read_some() {
  if (failure_) co_return *failure_;
  if (abort_.aborted()) co_return fail(cancelled_error(settings_.provider));
  if (body_done_) co_return std::string_view{};
  if (!connection_ || !parser_) {
    co_return fail(Error::internal("upstream body read before the response headers"));
  }

  auto& body = parser_->get().body();
  body.piece = {};  // The caller is done with the previous piece.
  while (!parser_->is_done()) {
    const Clock::time_point now = Clock::now();
    const Deadline deadline = deadline_for(TimeoutKind::idle, settings_.timeouts.idle, now);
    // Bytes that came with the headers or the previous read: no need to wait for them.
    if (const error_code ec = io::parse_buffered(*parser_, connection_->read_buffer()))
      co_return fail(body_error(ec, deadline));
    if (!body.piece.empty()) co_return take_piece();
    if (parser_->is_done()) break;
    if (now >= deadline.at) {
      co_return fail(timeout_error(settings_.provider, deadline.kind, deadline.limit));
    }
    connection_->tcp().expires_at(deadline.at);
    auto [ec, transferred] = co_await connection_->with_stream([&](auto& stream) {
      return http::async_read_some(stream, connection_->read_buffer(), *parser_, kNoThrow);
    });
    // need_buffer only says a piece is ready.
    if (ec && ec != http::error::need_buffer) co_return fail(body_error(ec, deadline));
    if (!body.piece.empty()) co_return take_piece();
  }
  body_done_ = true;
  connection_->tcp().expires_never();
  co_return std::string_view{};
}

asio::awaitable<Result<std::string>> BeastExchange::read_all(std::size_t limit) {
  std::string body;
  if (parser_) {
    if (const auto length = parser_->content_length(); length && *length <= limit) {
      body.reserve(static_cast<std::size_t>(*length));
    }
  }
  for (;;) {
    Result<std::string_view> piece = co_await read_some();
    if (!piece) co_return std::move(piece).error();
    if (piece->empty()) co_return body;
    if (piece->size() > limit - body.size()) {
      co_return fail(exceeded_error(settings_.provider, limit));
    }
    body.append(*piece);
  }
}

}  // namespace llmgw::upstream
