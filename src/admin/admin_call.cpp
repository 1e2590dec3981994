#include "admin/admin_call.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace llmgw::admin {

namespace {

void random_bytes(unsigned char* out, std::size_t size) {
  if (RAND_bytes(out, static_cast<int>(size)) != 1) {
    throw std::runtime_error("the system's random generator failed");
  }
}

}  // namespace

AdminResponse json_response(int status, const nlohmann::json& body) {
  AdminResponse response;
  response.status = status;
  response.body = body.dump();
  return response;
}

AdminResponse error_response(const Error& error) {
  AdminResponse response;
  response.status = error.http_status;
  response.body = to_openai_json(error);
  return response;
}

std::optional<Error> check_query(const AdminRoute& route,
                                 std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : route.query) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "Unknown query parameter '" + name.substr(0, 64) + "'.";
    if (known.size() == 0) {
      message += " This operation takes none.";
    } else {
      message += " Known:";
      bool first = true;
      for (std::string_view k : known) {
        message.append(first ? " " : ", ").append(k);
        first = false;
      }
      message += ".";
    }
    return Error::invalid_request(std::move(message), name.substr(0, 64), "unknown_parameter");
  }
  return std::nullopt;
}

Result<store::sqlite::Page> read_page(const AdminRoute& route) {
  store::sqlite::Page page;
  if (auto it = route.query.find("after"); it != route.query.end()) page.after_id = it->second;
  if (auto it = route.query.find("limit"); it != route.query.end()) {
    const std::string& text = it->second;
    std::size_t value = 0;
    const bool digits =
        !text.empty() && text.size() <= 4 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits) value = std::stoul(text);
    if (!digits || value < 1 || value > kMaxAdminPage) {
      return Error::invalid_request(
          "'limit' must be a whole number from 1 to " + std::to_string(kMaxAdminPage) + ".",
          "limit", "invalid_value");
    }
    page.limit = value;
  }
  return page;
}

store::sqlite::Page probe_page(const store::sqlite::Page& page) {
  return {page.after_id, page.limit + 1};
}

boost::asio::awaitable<void> changed(const AdminCall& call, const std::string& what) {
  co_await call.services.reloader.reload();
  if (call.services.announcer != nullptr) co_await call.services.announcer->announce(what);
}

std::string generate_secret() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  unsigned char bytes[32];
  random_bytes(bytes, sizeof bytes);
  std::string secret = "sk-llmgw-";
  // Base64url without padding: 256 bits in 43 characters.
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      secret.push_back(kAlphabet[(buffer >> bits) & 0x3f]);
    }
  }
  if (bits > 0) secret.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3f]);
  OPENSSL_cleanse(bytes, sizeof bytes);
  return secret;
}

std::string generate_id(std::string_view prefix) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char bytes[8];
  random_bytes(bytes, sizeof bytes);
  std::string id(prefix);
  for (unsigned char byte : bytes) {
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 0xf]);
  }
  return id;
}

}  // namespace llmgw::admin
