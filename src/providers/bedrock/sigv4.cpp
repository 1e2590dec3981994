#include "providers/bedrock/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

namespace llmgw::providers::bedrock {
namespace {

using Digest = std::array<unsigned char, 32>;

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string to_hex(const Digest& digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0F]);
  }
  return hex;
}

Digest sha256(std::string_view data) {
  Digest out{};
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data());
  return out;
}

Digest hmac(std::string_view key, std::string_view message) {
  Digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &length);
  return out;
}

std::string_view as_view(const Digest& digest) {
  return {reinterpret_cast<const char*>(digest.data()), digest.size()};
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// Trims the value and collapses inner runs of spaces, as the canonical headers require.
std::string canonical_value(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool is_unsigned_header(std::string_view name) {
  static constexpr std::array<std::string_view, 11> kNames = {"connection",
                                                              "expect",
                                                              "keep-alive",
                                                              "proxy-authenticate",
                                                              "proxy-authorization",
                                                              "te",
                                                              "trailer",
                                                              "transfer-encoding",
                                                              "upgrade",
                                                              "user-agent",
                                                              "x-amzn-trace-id"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

bool is_sendable(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string canonical_uri(std::string_view path) {
  if (path.empty()) return "/";
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = path.find('/', start);
    out += encode_path_segment(path.substr(start, slash - start));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

std::string canonical_query(const SigV4Request& request) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& [key, value] : request.query) {
    pairs.emplace_back(encode_path_segment(key), encode_path_segment(value));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [key, value] : pairs) {
    if (!out.empty()) out.push_back('&');
    out += key + "=" + value;
  }
  return out;
}

}  // namespace

std::string encode_path_segment(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kDigits[byte >> 4]);
      out.push_back(kDigits[byte & 0x0F]);
    }
  }
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  std::array<char, 17> text{};
  // Years outside 0..9999 do not fit the format; the caller sees an empty result.
  if (gmtime_r(&seconds, &utc) == nullptr ||
      std::strftime(text.data(), text.size(), "%Y%m%dT%H%M%SZ", &utc) != 16) {
    return {};
  }
  return text.data();
}

Result<SigV4Result> sign(const SigV4Request& request) {
  if (request.access_key_id.empty() || request.secret_access_key.empty()) {
    return Error::internal("SigV4: AWS access key id or secret access key is not set");
  }
  if (request.region.empty() || request.service.empty() || request.host.empty() ||
      request.method.empty()) {
    return Error::internal("SigV4: method, host, region and service are all required");
  }
  if (request.session_token && !is_sendable(*request.session_token)) {
    return Error::internal("SigV4: the AWS session token contains a line break");
  }
  if (!is_sendable(request.host) || !is_sendable(request.method)) {
    return Error::internal("SigV4: method or host contains a line break");
  }
  const std::string date_time = amz_date(request.time);
  if (date_time.empty()) return Error::internal("SigV4: request time is outside years 0-9999");
  const std::string date = date_time.substr(0, 8);

  // Sorted by lower-case name; repeats of one name are joined with ','.
  std::vector<std::pair<std::string, std::string>> signed_headers;
  auto add = [&](std::string_view name, std::string_view value) {
    signed_headers.emplace_back(lower(name), canonical_value(value));
  };
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || !is_sendable(name) || !is_sendable(value) ||
        name.find(':') != std::string::npos) {
      return Error::internal("SigV4: header '" + lower(name.substr(0, 64)) +
                             "' cannot be sent as given");
    }
    const std::string key = lower(name);
    if (key == "host" || key == "authorization" || key.starts_with("x-amz-")) {
      return Error::internal("SigV4: header '" + key + "' is set by the signer");
    }
    if (!is_unsigned_header(key)) add(key, value);
  }
  add("host", request.host);
  add("x-amz-date", date_time);
  if (request.session_token) add("x-amz-security-token", *request.session_token);
  std::stable_sort(signed_headers.begin(), signed_headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  std::string header_block;
  std::string header_names;
  for (std::size_t i = 0; i < signed_headers.size(); ++i) {
    const auto& [name, value] = signed_headers[i];
    if (i > 0 && signed_headers[i - 1].first == name) {
      header_block.insert(header_block.size() - 1, "," + value);
      continue;
    }
    header_block += name + ":" + value + "\n";
    if (!header_names.empty()) header_names.push_back(';');
    header_names += name;
  }

  SigV4Result result;
  result.canonical_request = request.method + "\n" + canonical_uri(request.path) + "\n" +
                             canonical_query(request) + "\n" + header_block + "\n" + header_names +
                             "\n" + to_hex(sha256(request.body));
  const std::string scope = date + "/" + request.region + "/" + request.service + "/aws4_request";
  result.string_to_sign = std::string(kAlgorithm) + "\n" + date_time + "\n" + scope + "\n" +
                          to_hex(sha256(result.canonical_request));

  const Digest date_key = hmac("AWS4" + request.secret_access_key, date);
  const Digest region_key = hmac(as_view(date_key), request.region);
  const Digest service_key = hmac(as_view(region_key), request.service);
  const Digest signing_key = hmac(as_view(service_key), "aws4_request");
  result.signature = to_hex(hmac(as_view(signing_key), result.string_to_sign));

  result.headers.emplace_back("X-Amz-Date", date_time);
  if (request.session_token)
    result.headers.emplace_back("X-Amz-Security-Token", *request.session_token);
  result.headers.emplace_back("Authorization", std::string(kAlgorithm) +
                                                   " Credential=" + request.access_key_id + "/" +
                                                   scope + ", SignedHeaders=" + header_names +
                                                   ", Signature=" + result.signature);
  return result;
}

}  // namespace llmgw::providers::bedrock
