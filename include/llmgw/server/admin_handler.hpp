#pragma once
// What the server hands requests of the admin listener to. The server knows only this
// contract; app/ injects the admin API behind it, so the server never includes the admin code.

#include <boost/asio/awaitable.hpp>
#include <string>

#include "llmgw/core/http_types.hpp"

namespace llmgw::server {

struct AdminRequest {
  std::string method;
  std::string target;  ///< Path and query as sent.
  Headers headers;     ///< As sent (credentials included: the admin API authenticates).
  std::string body;
};

struct AdminResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  Headers headers;
};

class AdminHandler {
 public:
  virtual ~AdminHandler() = default;
  /// Runs on the worker that accepted the connection; never blocks it (store calls go to the
  /// store's thread, every wait is bounded) and never throws for bad input.
  virtual boost::asio::awaitable<AdminResponse> handle(AdminRequest& request) const = 0;
};

}  // namespace llmgw::server
