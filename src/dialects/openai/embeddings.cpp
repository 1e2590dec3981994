#include "dialects/openai/embeddings.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "dialects/openai/json_fields.hpp"
#include "dialects/openai/usage_json.hpp"
#include "json/top_level_scanner.hpp"

namespace llmgw::dialects::openai {
namespace {

constexpr std::size_t kMaxInputs = 2048;  // OpenAI's limit for one request.

std::optional<Error> parse_input(const Json& input, std::vector<std::string>& out) {
  if (input.is_string()) {
    out.push_back(input.get<std::string>());
    return std::nullopt;
  }
  if (!input.is_array()) return invalid_type("input", "a string or an array of strings", input);
  if (input.empty()) return invalid_value("input", "expected at least one input.");
  if (input.size() > kMaxInputs) {
    return invalid_value("input", "at most " + std::to_string(kMaxInputs) + " inputs per request.");
  }
  for (std::size_t i = 0; i < input.size(); ++i) {
    const Json& item = input[i];
    if (item.is_number_integer() || item.is_array()) {
      return Error::invalid_request(
          "Token-id inputs at 'input' are not supported through translation: the model's "
          "provider embeds text only.",
          "input", "unsupported_content");
    }
    std::string text;
    if (auto e = read_string(item, index_path("input", i), text)) return e;
    out.push_back(std::move(text));
  }
  return std::nullopt;
}

std::optional<Error> parse_member(const std::string& key, const Json& value,
                                  canonical::EmbeddingRequest& request) {
  if (key == "model") return read_string(value, key, request.model);
  if (key == "input") return parse_input(value, request.inputs);
  if (key == "user") return read_string(value, key, request.user);
  if (key == "dimensions") {
    std::int64_t dimensions = 0;
    if (auto e = read_int(value, key, dimensions)) return e;
    if (dimensions < 1) return invalid_value(key, "expected a value >= 1.");
    request.dimensions = dimensions;
    return std::nullopt;
  }
  if (key == "encoding_format") {
    std::string format;
    if (auto e = read_string(value, key, format)) return e;
    if (format != "float" && format != "base64") {
      return invalid_value(key, "expected 'float' or 'base64'.");
    }
    request.base64 = format == "base64";
    return std::nullopt;
  }
  // OpenAI's schema has additionalProperties: false; so do we.
  return Error::invalid_request("Unrecognized request argument supplied: " + key, key,
                                "unknown_parameter");
}

void append_float(std::string& out, float value) {
  if (!std::isfinite(value)) {  // JSON has no NaN/Infinity.
    out += "null";
    return;
  }
  char buffer[32];
  // Shortest text that reads back as the same float, as OpenAI's float32 values look.
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_base64(std::string& out, const std::vector<float>& vector) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  bytes.reserve(vector.size() * 4);
  for (float value : vector) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    for (int shift = 0; shift < 32; shift += 8) bytes.push_back(static_cast<char>(bits >> shift));
  }
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                                (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                                std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += kAlphabet[(group >> 6) & 63];
    out += kAlphabet[group & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return;
  std::uint32_t group = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
  if (rest == 2) group |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
  out += kAlphabet[(group >> 18) & 63];
  out += kAlphabet[(group >> 12) & 63];
  out += rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
  out += '=';
}

}  // namespace

Result<canonical::EmbeddingRequest> parse_embedding_request(std::string_view body) {
  const json::ScanResult scan = json::validate(body);
  if (!scan.ok()) {
    return Error::invalid_request("The request body is not valid JSON (" +
                                      std::string(scan.reason) + " at byte " +
                                      std::to_string(scan.offset) + ").",
                                  {}, "invalid_json");
  }
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Error::invalid_request("The request body must be a JSON object.", {}, "invalid_json");
  }
  canonical::EmbeddingRequest request;
  for (const auto& [key, value] : json.items()) {
    if (value.is_null()) continue;
    if (auto e = parse_member(key, value, request)) return *e;
  }
  if (member(json, "model") == nullptr) return invalid_value("model", "required.");
  if (member(json, "input") == nullptr) return invalid_value("input", "required.");
  return request;
}

std::string render_embedding_response(const canonical::EmbeddingResponse& response,
                                      const canonical::RenderContext& context, bool base64) {
  // Written by hand: a DOM would widen every float32 to a double and print 17 digits.
  std::string out = R"({"object":"list","data":[)";
  for (std::size_t i = 0; i < response.vectors.size(); ++i) {
    if (i != 0) out += ',';
    out += R"({"object":"embedding","index":)";
    out += std::to_string(i);
    out += R"(,"embedding":)";
    const std::vector<float>& vector = response.vectors[i];
    if (base64) {
      out += '"';
      append_base64(out, vector);
      out += '"';
    } else {
      out += '[';
      for (std::size_t k = 0; k < vector.size(); ++k) {
        if (k != 0) out += ',';
        append_float(out, vector[k]);
      }
      out += ']';
    }
    out += '}';
  }
  out += R"(],"model":)";
  out += dump_json(Json(context.public_model));
  const Usage usage = response.usage.value_or(Usage{});
  out += R"(,"usage":{"prompt_tokens":)";
  out += std::to_string(usage.prompt_tokens);
  out += R"(,"total_tokens":)";
  out += std::to_string(usage.total_tokens);
  out += "}}";
  return out;
}

}  // namespace llmgw::dialects::openai
