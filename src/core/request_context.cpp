#include "llmgw/core/request_context.hpp"

#include "llmgw/dialects/client_dialect.hpp"

namespace llmgw {

Result<canonical::ChatRequest*> RequestContext::chat_request() {
  if (chat_) return chat_.get();
  if (chat_error_) return *chat_error_;
  if (!is_chat(endpoint) || dialect == nullptr || body.raw.empty()) {
    chat_error_ = std::make_shared<const Error>(
        Error::internal("this request has no chat body to read in canonical form"));
    return *chat_error_;
  }
  Result<canonical::ChatRequest> parsed = dialect->parse_chat(body.raw);
  if (!parsed) {
    chat_error_ = std::make_shared<const Error>(parsed.error());
    return parsed.error();
  }
  chat_ = std::make_unique<canonical::ChatRequest>(std::move(parsed).value());
  return chat_.get();
}

bool RequestContext::may_take_fast_path(std::optional<Dialect> native) const noexcept {
  if (!native.has_value() || dialect == nullptr || *native != dialect->wire()) return false;
  // Only chat answers have a canonical form to rewrite; other endpoints keep their bytes.
  return !is_chat(endpoint) || (!canonical_path && !body_modified_);
}

}  // namespace llmgw
