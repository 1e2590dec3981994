// The server's part of a request, through real sockets: its own routes, the context it
// builds for the pipeline (credentials out, dialect from the endpoint), and errors for
// requests that never reach the pipeline.

#include "server/request_handler.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/default_chain.hpp"
#include "support/gateway_harness.hpp"
#include "support/test_chain.hpp"

namespace llmgw::server {
namespace {

namespace http = boost::beast::http;

struct Served {
  testing::FakeOpenAiUpstream upstream;
  testing::GatewayHarness gateway{upstream.port(), [] { return testing::default_test_chain(); }};
};

TEST(RequestHandlerTest, OperationalRoutesAnswerWithoutAKey) {
  Served s;
  auto health = testing::http_request(s.gateway.port(), http::verb::get, "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, R"({"status":"ok"})");
  auto ready = testing::http_request(s.gateway.port(), http::verb::get, "/readyz");
  EXPECT_EQ(ready.status, 200);
  auto metrics = testing::http_request(s.gateway.port(), http::verb::get, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("llmgw_"), std::string::npos);
}

TEST(RequestHandlerTest, UnknownUrlsAndWrongMethodsGetAnIdAndAnOpenAiError) {
  Served s;
  auto unknown = testing::http_request(s.gateway.port(), http::verb::get, "/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(nlohmann::json::parse(unknown.body)["error"]["code"], "unknown_url");
  EXPECT_EQ(unknown.message["x-request-id"].size(), 32u);
  auto wrong = testing::http_request(s.gateway.port(), http::verb::get, "/v1/chat/completions", {},
                                     {{"x-request-id", "client-id-1"}});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.message["allow"], "POST");
  EXPECT_EQ(wrong.message["x-request-id"], "client-id-1");
}

TEST(RequestHandlerTest, ErrorsSpeakTheEndpointsDialect) {
  Served s;
  auto openai = testing::http_request(s.gateway.port(), http::verb::post, "/v1/chat/completions",
                                      R"({"model":"m","messages":[]})");
  EXPECT_EQ(openai.status, 401);
  EXPECT_TRUE(nlohmann::json::parse(openai.body)["error"].contains("message"));
  auto anthropic = testing::http_request(s.gateway.port(), http::verb::post, "/v1/messages",
                                         R"({"model":"m","messages":[]})");
  EXPECT_EQ(anthropic.status, 401);
  auto body = nlohmann::json::parse(anthropic.body);
  EXPECT_EQ(body["type"], "error");
  EXPECT_EQ(body["error"]["type"], "authentication_error");
}

TEST(RequestHandlerTest, ProxiedAnswersCarryTheRequestId) {
  Served s;
  auto reply = s.gateway.chat("/v1/chat/completions",
                              R"({"model":"m","messages":[{"role":"user","content":"hi"}]})",
                              {{"x-request-id", "abc-1"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.message["x-request-id"], "abc-1");
  EXPECT_EQ(reply.body, testing::kFakeCompletion);
  EXPECT_EQ(s.upstream.requests(), 1);
}

}  // namespace
}  // namespace llmgw::server
