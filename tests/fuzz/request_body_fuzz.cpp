// libFuzzer target: arbitrary bytes as a request body for every endpoint. The gateway
// validates with its own scanner, so nlohmann serves as the oracle: both must agree on
// validity (two known, intended differences aside), and the OpenAI encoder's byte splice
// must always yield valid JSON whose model is the deployment's.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "json/top_level_scanner.hpp"
#include "llmgw/core/request_body.hpp"
#include "providers/openai/request_encoder.hpp"

namespace {

using Json = nlohmann::json;

/// Records nlohmann's verdict and, on failure, which exception it was.
struct Verdict : nlohmann::json_sax<Json> {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const Json::exception& ex) override {
    error_id = ex.id;
    return false;
  }
  int error_id = 0;
};

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Verdict verdict;
  const bool valid = Json::sax_parse(text, &verdict) && verdict.error_id == 0;

  llmgw::json::TopLevelObject object;
  const llmgw::json::ScanResult scan = llmgw::json::scan_top_level(text, object);
  if (scan.status == llmgw::json::ScanStatus::syntax_error) {
    // nlohmann's lexer takes a NUL byte for the end of input and so accepts "{}\0junk";
    // the scanner (and so the gateway) refuses such bodies.
    check(!valid || (scan.offset < text.size() && text[scan.offset] == '\0'));
  }
  // nlohmann also refuses numbers that overflow a double (out_of_range.406).
  if (scan.ok() || scan.status == llmgw::json::ScanStatus::not_an_object) {
    check(valid || verdict.error_id == 406);
  }

  for (auto endpoint : {llmgw::Endpoint::chat_completions, llmgw::Endpoint::completions,
                        llmgw::Endpoint::embeddings}) {
    auto parsed = llmgw::parse_request_body(endpoint, text);
    if (!parsed.ok()) {
      check(parsed.error().http_status == 400 && !parsed.error().message.empty());
      continue;
    }
    check(valid || verdict.error_id == 406);  // numbers are forwarded as bytes, never parsed
    const llmgw::RequestBody& body = parsed.value();
    check(!body.model.empty() && body.model_value.end <= body.raw.size());
    check(body.raw[body.model_value.begin] == '"' && body.raw[body.model_value.end - 1] == '"');

    llmgw::config::ProviderConfig provider;
    provider.api_key = "k";
    llmgw::config::Deployment deployment;
    deployment.provider = "p";
    deployment.upstream_model = "up\"stream\\model\n";
    auto encoded = llmgw::providers::openai::encode_request(
        {endpoint, body, deployment, provider, llmgw::Headers{}});
    check(encoded.ok());
    check(llmgw::json::validate(encoded->request.body).ok());
    if (!valid) continue;  // e.g. 1e999: fine to forward, but nlohmann cannot read it back
    Json upstream = Json::parse(encoded->request.body, nullptr, false);
    check(upstream.is_object());
    check(upstream["model"] == deployment.upstream_model);
    if (encoded->strip_usage_chunk) {
      check(upstream["stream_options"]["include_usage"] == true);
    }
  }
  return 0;
}
