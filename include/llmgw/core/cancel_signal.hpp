#pragma once
// One-shot cancellation for a single request. Single-threaded: the request, its client
// connection and its upstream connection live on one worker's io_context.

#include <functional>
#include <utility>

namespace llmgw {

class CancelSignal {
 public:
  /// Runs the handler (if any) once; later calls do nothing.
  void emit() {
    if (emitted_) return;
    emitted_ = true;
    if (handler_) {
      auto handler = std::move(handler_);
      handler_ = nullptr;
      handler();
    }
  }
  bool emitted() const noexcept { return emitted_; }
  /// Installs what emit() does; if already emitted, runs it at once.
  void set_handler(std::function<void()> handler) {
    handler_ = std::move(handler);
    if (emitted_ && handler_) {
      auto h = std::move(handler_);
      handler_ = nullptr;
      h();
    }
  }
  void clear_handler() noexcept { handler_ = nullptr; }

 private:
  bool emitted_ = false;
  std::function<void()> handler_;
};

}  // namespace llmgw
