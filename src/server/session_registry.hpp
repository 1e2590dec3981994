#pragma once
// The connections of one worker, so shutdown can close idle ones at once and abort the
// rest at the drain deadline (the "gate" of the architecture doc). Single-threaded.

#include <cstddef>
#include <list>

namespace llmgw::server {

class Drainable {
 public:
  virtual ~Drainable() = default;
  /// Shutdown began: close now if idle, else close after the current response.
  virtual void begin_drain() noexcept = 0;
  /// Drain deadline passed: cancel in-flight work and close.
  virtual void abort() noexcept = 0;
};

class SessionRegistry {
 public:
  using Handle = std::list<Drainable*>::iterator;
  Handle add(Drainable* session) { return sessions_.insert(sessions_.end(), session); }
  void remove(Handle handle) noexcept { sessions_.erase(handle); }
  std::size_t size() const noexcept { return sessions_.size(); }

  void begin_drain() noexcept;
  void abort_all() noexcept;

 private:
  std::list<Drainable*> sessions_;
};

}  // namespace llmgw::server
