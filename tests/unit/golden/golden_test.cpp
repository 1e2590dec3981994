// Golden-file tests of the translated path: client request → canonical → provider request,
// and provider response → canonical → client response, one test per case directory
// tests/data/golden/<provider>/<case>/ holding:
//   target.json                   {"kind","upstream_model","drop_unsupported","default_max_tokens",
//                                  optional "base_url" and "anthropic"|"gemini"|"azure"|"bedrock"}
//   client_request.json           OpenAI-dialect body, or client_request.anthropic.json
//   client_headers.json           optional: client headers as {"name":"value"}
//   upstream_request.json         expected upstream body (JSON equality, member order ignored)
//   upstream_target.txt           optional: "POST <path+query>"
//   upstream_request_headers.json optional: {"name":"value"} must be sent, {"name":null} must not
//   upstream_status.txt           optional, default 200
//   upstream_response.sse|.json|.bin   what the provider answers
//   upstream_response_headers.json    optional: provider response headers (errors: retry-after)
//   client_response.txt           expected client bytes: JSON equality for complete bodies and
//                                 errors, byte equality for streams (fed whole, 1, 7, 13 bytes
//                                 at a time)
//   client_status.txt             optional: expected error status
// A request the gateway refuses (parse or encode error) has no upstream_* files and its
// client_response.txt is the error body. Unknown files fail the case: a typo must not
// quietly skip a check.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>

#include <nlohmann/json.hpp>

#include "app/builtin_components.hpp"
#include "golden/golden_case.hpp"
#include "golden/text_diff.hpp"
#include "llmgw/providers/provider.hpp"
#include "translation/translating_stream_decoder.hpp"

namespace llmgw::golden {
namespace {

namespace fs = std::filesystem;
using dialects::ClientDialect;

// The adapters and dialects as the gateway wires them.
const app::BuiltinComponents& builtin() {
  static const app::BuiltinComponents components;
  return components;
}

fs::path golden_root() {
#ifdef LLMGW_TEST_DATA_DIR
  return fs::path(LLMGW_TEST_DATA_DIR) / "golden";
#else
  return fs::path(__FILE__).parent_path() / ".." / ".." / "data" / "golden";
#endif
}

const std::set<std::string>& known_files() {
  static const std::set<std::string> files = {"target.json",
                                              "client_request.json",
                                              "client_request.anthropic.json",
                                              "client_headers.json",
                                              "upstream_request.json",
                                              "upstream_target.txt",
                                              "upstream_request_headers.json",
                                              "upstream_status.txt",
                                              "upstream_response.sse",
                                              "upstream_response.json",
                                              "upstream_response.bin",
                                              "upstream_response_headers.json",
                                              "client_response.txt",
                                              "client_status.txt",
                                              "README.md"};
  return files;
}

// Generator scripts may sit next to binary fixtures (C++ tests or Node scripts only).
bool is_generator(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".js" || ext == ".mjs" || ext == ".cpp";
}

std::string trim(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

std::string pretty(const nlohmann::json& json) {
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Compares two JSON texts as values (object member order ignored).
void expect_same_json(const std::string& what, std::string_view expected, std::string_view actual) {
  const auto want = nlohmann::json::parse(expected, nullptr, false);
  const auto got = nlohmann::json::parse(actual, nullptr, false);
  ASSERT_FALSE(want.is_discarded()) << what << ": the expected file is not valid JSON";
  ASSERT_FALSE(got.is_discarded()) << what << ": the output is not valid JSON:\n" << actual;
  EXPECT_EQ(want, got) << what << " differs.\nexpected:\n"
                       << pretty(want) << "\nactual:\n"
                       << pretty(got);
}

class GoldenTest : public ::testing::TestWithParam<CaseDirectory> {
 protected:
  std::optional<std::string> file(const char* name) const {
    return read_file(GetParam().path / name);
  }
  std::string required(const char* name) {
    auto text = file(name);
    if (!text) ADD_FAILURE() << "missing " << name << " in " << GetParam().path;
    return text.value_or("");
  }

  // The gateway answered with an error instead of (or after) the provider's response.
  void expect_error(const ClientDialect& dialect, const Error& error) {
    expect_same_json("client error body", required("client_response.txt"),
                     dialect.error_body(error));
    if (auto status = file("client_status.txt")) {
      EXPECT_EQ(trim(*status), std::to_string(error.http_status)) << "client status";
    }
  }

  void check_request_headers(const upstream::UpstreamRequest& request) {
    auto text = file("upstream_request_headers.json");
    if (!text) return;
    const auto expected = nlohmann::json::parse(*text, nullptr, false);
    ASSERT_TRUE(expected.is_object()) << "upstream_request_headers.json must be an object";
    for (const auto& item : expected.items()) {
      const std::string_view sent = find_header(request.headers, item.key());
      const bool present = std::any_of(request.headers.begin(), request.headers.end(),
                                       [&](const auto& h) { return iequals(h.first, item.key()); });
      if (item.value().is_null()) {
        EXPECT_FALSE(present) << "header " << item.key() << " must not be sent";
      } else {
        ASSERT_TRUE(item.value().is_string()) << "header " << item.key();
        EXPECT_TRUE(present) << "header " << item.key() << " missing";
        EXPECT_EQ(sent, item.value().get<std::string>()) << "header " << item.key();
      }
    }
  }

  void check_stream(const providers::ProviderAdapter& adapter, const ClientDialect& dialect,
                    const canonical::RenderContext& context, const std::string& upstream) {
    const std::string expected = required("client_response.txt");
    for (std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{13}}) {
      SCOPED_TRACE(piece == 0 ? "upstream bytes fed whole"
                              : "upstream bytes fed " + std::to_string(piece) + " at a time");
      auto decoder = adapter.make_event_decoder("golden");
      ASSERT_NE(decoder, nullptr) << "the adapter has no event decoder";
      translation::TranslatingStreamDecoder stream(std::move(decoder),
                                                   dialect.stream_encoder(context));
      providers::StreamOutput out;
      std::string client;
      bool done = false;
      bool failed = false;
      auto collect = [&] {
        client += out.client_bytes;
        done = done || out.done;
        failed = failed || out.error.has_value();
        out.clear();
      };
      const std::size_t step = piece == 0 ? std::max<std::size_t>(upstream.size(), 1) : piece;
      for (std::size_t at = 0; at < upstream.size(); at += step) {
        stream.feed(std::string_view(upstream).substr(at, step), out);
        collect();
      }
      stream.finish(out);
      collect();
      const std::string difference = describe_difference(expected, client);
      EXPECT_TRUE(difference.empty()) << difference << "\nwhole actual output:\n"
                                      << escape_for_display(client);
      EXPECT_NE(done, failed) << "a finished stream ends with its terminal event or an error";
    }
  }
};

TEST_P(GoldenTest, TranslatesLikeTheFiles) {
  const CaseDirectory& golden = GetParam();
  ASSERT_TRUE(golden.discovery_error.empty()) << golden.discovery_error << ": " << golden.path;
  for (const auto& entry : fs::directory_iterator(golden.path)) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(known_files().contains(name) || is_generator(entry.path()))
        << "unknown file " << name << " in " << golden.path;
  }

  const auto openai_body = file("client_request.json");
  const auto anthropic_body = file("client_request.anthropic.json");
  ASSERT_NE(openai_body.has_value(), anthropic_body.has_value())
      << "exactly one of client_request.json / client_request.anthropic.json is needed";
  const ClientDialect& dialect = builtin().dialects.for_endpoint(
      openai_body ? Endpoint::chat_completions : Endpoint::messages);
  const std::string& client_body = openai_body ? *openai_body : *anthropic_body;
  const std::string target_json = required("target.json");

  auto request = dialect.parse_chat(client_body);
  if (!request.ok()) {
    EXPECT_FALSE(file("upstream_request.json"))
        << "the client request was refused: " << request.error().message;
    return expect_error(dialect, request.error());
  }

  std::string error;
  const auto target = load_target(target_json, request->model, error);
  ASSERT_TRUE(target) << error;
  Headers client_headers;
  if (auto text = file("client_headers.json")) {
    auto headers = load_headers(*text, error);
    ASSERT_TRUE(headers) << "client_headers.json: " << error;
    client_headers = std::move(*headers);
  }
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
  const providers::TranslateTarget translate{target->deployment, target->provider, target->model,
                                             client_headers, now};
  const providers::ProviderAdapter& adapter = builtin().providers.for_kind(target->provider.kind);

  auto upstream_request = adapter.encode_chat(*request, translate);
  if (!upstream_request.ok()) {
    EXPECT_FALSE(file("upstream_request.json"))
        << "encode_chat refused the request: " << upstream_request.error().message;
    return expect_error(dialect, upstream_request.error());
  }
  expect_same_json("upstream request body", required("upstream_request.json"),
                   upstream_request->body);
  if (auto line = file("upstream_target.txt")) {
    const std::string actual =
        std::string(boost::beast::http::to_string(upstream_request->method)) + " " +
        upstream_request->target;
    EXPECT_EQ(trim(*line), actual) << "upstream target";
  }
  check_request_headers(*upstream_request);

  const int status = std::stoi(file("upstream_status.txt").value_or("200"));
  auto response = file("upstream_response.json");
  if (!response) response = file("upstream_response.sse");
  if (!response) response = file("upstream_response.bin");
  ASSERT_TRUE(response) << "missing upstream_response.{json,sse,bin}";
  if (status < 200 || status > 299) {
    Headers response_headers;
    if (auto text = file("upstream_response_headers.json")) {
      auto headers = load_headers(*text, error);
      ASSERT_TRUE(headers) << "upstream_response_headers.json: " << error;
      response_headers = std::move(*headers);
    }
    return expect_error(dialect, adapter.map_error(status, *response, response_headers));
  }

  const canonical::RenderContext context{"golden", request->model, 1700000000,
                                         request->include_usage};
  if (request->stream) return check_stream(adapter, dialect, context, *response);
  auto decoded = adapter.decode_chat(*response);
  if (!decoded.ok()) return expect_error(dialect, decoded.error());
  expect_same_json("client response", required("client_response.txt"),
                   dialect.render_chat(*decoded, context));
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenTest, ::testing::ValuesIn(discover_cases(golden_root())),
                         [](const ::testing::TestParamInfo<CaseDirectory>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace llmgw::golden
