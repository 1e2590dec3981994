#pragma once
// In-memory doubles for the proxy's collaborators: a scripted upstream (status, body pieces,
// failures at chosen points), a writer that records what the client would get, and metrics
// that count upstream errors.

#include <deque>
#include <string>
#include <vector>

#include "llmgw/observability/metrics.hpp"
#include "llmgw/server/response_writer.hpp"
#include "llmgw/store/spend_store.hpp"
#include "llmgw/upstream/upstream_client.hpp"

namespace llmgw::testing {

// One scripted upstream answer: a status plus body pieces, or a failure at some point.
struct Script {
  std::optional<Error> send_error;
  int status = 200;
  std::vector<std::string> pieces;
  std::optional<Error> read_error;  ///< Returned after the pieces instead of the end.
};

class ScriptedExchange final : public upstream::UpstreamExchange {
 public:
  explicit ScriptedExchange(Script script) : script_(std::move(script)) {}
  int status() const noexcept override { return script_.status; }
  const Headers& headers() const noexcept override { return headers_; }
  boost::asio::awaitable<Result<std::string_view>> read_some() override {
    if (next_ < script_.pieces.size()) co_return std::string_view(script_.pieces[next_++]);
    if (script_.read_error) co_return *script_.read_error;
    co_return std::string_view();
  }
  boost::asio::awaitable<Result<std::string>> read_all(std::size_t) override {
    std::string all;
    for (const auto& piece : script_.pieces) all += piece;
    if (script_.read_error) co_return *script_.read_error;
    co_return all;
  }
  void cancel() noexcept override {}

 private:
  Script script_;
  Headers headers_;
  std::size_t next_ = 0;
};

class ScriptedClient final : public upstream::UpstreamClient {
 public:
  std::deque<Script> scripts;
  std::vector<std::string> providers_called;
  std::vector<std::string> bodies_sent;
  boost::asio::awaitable<Result<std::unique_ptr<upstream::UpstreamExchange>>> send(
      const config::ProviderConfig& provider, upstream::UpstreamRequest request,
      CancelSignal&) override {
    providers_called.push_back(provider.name);
    bodies_sent.push_back(request.body);
    Script script = std::move(scripts.front());
    scripts.pop_front();
    if (script.send_error) co_return *script.send_error;
    co_return std::unique_ptr<upstream::UpstreamExchange>(
        std::make_unique<ScriptedExchange>(std::move(script)));
  }
};

class RecordingWriter final : public server::ResponseWriter {
 public:
  int status = 0;
  std::string body;
  bool streamed = false;
  bool ended = false;
  Headers headers;        ///< Of the last head written.
  std::string formatted;  ///< Its FormattedHeaders lines.
  boost::asio::awaitable<bool> send(int s, std::string_view, std::string b, const Headers& h,
                                    std::string_view f = {}) override {
    headers = h;
    formatted = f;
    status = s;
    body = std::move(b);
    started_ = true;
    co_return true;
  }
  boost::asio::awaitable<bool> begin_stream(int s, const Headers& h,
                                            std::string_view f = {}) override {
    headers = h;
    formatted = f;
    status = s;
    streamed = started_ = true;
    co_return true;
  }
  boost::asio::awaitable<bool> send_chunk(std::string_view bytes) override {
    body += bytes;
    co_return true;
  }
  boost::asio::awaitable<bool> end_stream() override {
    ended = true;
    co_return true;
  }
  bool started() const noexcept override { return started_; }
  std::uint64_t bytes_written() const noexcept override { return body.size(); }
  std::optional<TimePoint> first_byte_time() const noexcept override { return std::nullopt; }
  void watch_disconnect(CancelSignal&) override {}
  void stop_watching() noexcept override {}

 private:
  bool started_ = false;
};

class NullMetrics final : public observability::Metrics {
 public:
  int upstream_errors = 0;
  int retries = 0;
  int fallbacks = 0;
  void request_started() noexcept override {}
  void request_finished(const observability::RequestRecord&) noexcept override {}
  void upstream_error(std::string_view, ErrorKind) noexcept override { ++upstream_errors; }
  void limit_denied(std::string_view, std::string_view) noexcept override {}
  void retry(std::string_view, std::string_view, std::string_view) noexcept override { ++retries; }
  void fallback(std::string_view) noexcept override { ++fallbacks; }
  void breaker_changed(std::string_view, std::string_view, int) noexcept override {}
  void budget_threshold(std::string_view, int) noexcept override {}
  void state_unavailable(std::string_view) noexcept override {}
  void connection_opened() noexcept override {}
  void connection_closed() noexcept override {}
  void sync_access_log_dropped(std::uint64_t) noexcept override {}
  void sync_redis(const observability::RedisStats&) noexcept override {}
  void add_scrape_hook(std::function<void()>) override {}
  std::string serialize() const override { return {}; }
};

/// Keeps what is submitted (tests run single-threaded through it).
class RecordingSpendSink final : public store::SpendSink {
 public:
  std::vector<store::SpendRecord> records;
  bool submit(store::SpendRecord&& record) noexcept override {
    records.push_back(std::move(record));
    return true;
  }
  std::uint64_t dropped() const noexcept override { return 0; }
};

}  // namespace llmgw::testing
