#pragma once
// A ResponseWriter that shows the stages what is written (Needs::head, Needs::bytes) before
// passing it on. Put in front of the session's writer only when some stage asked, so a chain
// that observes nothing writes straight to the socket.

#include "llmgw/pipeline/chain.hpp"
#include "llmgw/server/response_writer.hpp"

namespace llmgw::pipeline {

class ObservingWriter final : public server::ResponseWriter {
 public:
  ObservingWriter(server::ResponseWriter& inner, const Chain& chain, RequestContext& ctx,
                  std::size_t ran) noexcept
      : inner_(inner), chain_(chain), ctx_(ctx), ran_(ran) {}

  // Stages see `headers`; the gateway's formatted lines are its own, like Content-Type.
  boost::asio::awaitable<bool> send(int status, std::string_view content_type, std::string body,
                                    const Headers& headers,
                                    std::string_view formatted = {}) override;
  boost::asio::awaitable<bool> begin_stream(int status, const Headers& headers,
                                            std::string_view formatted = {}) override;
  boost::asio::awaitable<bool> send_chunk(std::string_view bytes) override;
  boost::asio::awaitable<bool> end_stream() override;
  bool started() const noexcept override { return inner_.started(); }
  std::uint64_t bytes_written() const noexcept override { return inner_.bytes_written(); }
  std::optional<TimePoint> first_byte_time() const noexcept override {
    return inner_.first_byte_time();
  }
  void watch_disconnect(CancelSignal& signal) override { inner_.watch_disconnect(signal); }
  void stop_watching() noexcept override { inner_.stop_watching(); }

 private:
  server::ResponseWriter& inner_;
  const Chain& chain_;
  RequestContext& ctx_;
  std::size_t ran_;
};

}  // namespace llmgw::pipeline
