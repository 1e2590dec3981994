#include "server/api_router.hpp"

#include <gtest/gtest.h>

namespace llmgw::server {
namespace {

// The endpoint a pipeline request was routed to, or nullopt for the server's own routes.
std::optional<Endpoint> endpoint(const RouteMatch& match) {
  if (match.route != Route::endpoint) return std::nullopt;
  return match.endpoint;
}

TEST(ApiRouterTest, MatchesInferenceEndpointsWithAndWithoutV1Prefix) {
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/chat/completions")),
            Endpoint::chat_completions);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/chat/completions")),
            Endpoint::chat_completions);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/completions")),
            Endpoint::completions);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/embeddings?x=1")),
            Endpoint::embeddings);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/chat/completions/")),
            Endpoint::chat_completions);
}

TEST(ApiRouterTest, MatchesAnthropicMessagesEndpoints) {
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/messages")), Endpoint::messages);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/messages?beta=true")),
            Endpoint::messages);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "POST", "/v1/messages/count_tokens")),
            Endpoint::count_tokens);
  EXPECT_EQ(match_route(ListenerRole::metrics, "POST", "/v1/messages").route, Route::not_found);
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/v1/messages").route, Route::method_not_allowed);
}

TEST(ApiRouterTest, WrongMethodIs405WithAllow) {
  auto match = match_route(ListenerRole::api, "GET", "/v1/chat/completions");
  EXPECT_EQ(match.route, Route::method_not_allowed);
  EXPECT_EQ(match.allow, "POST");
  EXPECT_EQ(match_route(ListenerRole::api, "DELETE", "/v1/models/x").route,
            Route::method_not_allowed);
}

TEST(ApiRouterTest, ModelIdIsPercentDecodedAndMayContainSlashes) {
  auto match = match_route(ListenerRole::api, "GET", "/v1/models/meta-llama%2FLlama-3");
  ASSERT_EQ(endpoint(match), Endpoint::model_get);
  EXPECT_EQ(match.model_id, "meta-llama/Llama-3");
  EXPECT_EQ(match.template_path, "/v1/models/{id}");
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/v1/models/org/model").model_id, "org/model");
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/v1/models/bad%zz").route, Route::not_found);
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/v1/models/trunc%2").route, Route::not_found);
}

TEST(ApiRouterTest, OperationalEndpoints) {
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/healthz").route, Route::healthz);
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/readyz").route, Route::readyz);
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/metrics").route, Route::metrics);
  EXPECT_EQ(endpoint(match_route(ListenerRole::api, "GET", "/v1/models")), Endpoint::models_list);
}

TEST(ApiRouterTest, MetricsListenerServesOnlyOperationalEndpoints) {
  EXPECT_EQ(match_route(ListenerRole::metrics, "GET", "/metrics").route, Route::metrics);
  EXPECT_EQ(match_route(ListenerRole::metrics, "POST", "/v1/chat/completions").route,
            Route::not_found);
  EXPECT_EQ(match_route(ListenerRole::metrics, "GET", "/v1/models/x").route, Route::not_found);
}

TEST(ApiRouterTest, AdminListenerHandsEverythingButHealthChecksToTheAdminApi) {
  EXPECT_EQ(match_route(ListenerRole::admin, "GET", "/admin/v1/keys").route, Route::admin);
  EXPECT_EQ(match_route(ListenerRole::admin, "POST", "/v1/chat/completions").route, Route::admin);
  EXPECT_EQ(match_route(ListenerRole::admin, "GET", "/healthz").route, Route::healthz);
  EXPECT_EQ(match_route(ListenerRole::admin, "GET", "/readyz").route, Route::readyz);
  // The inference listener never serves the admin API.
  EXPECT_EQ(match_route(ListenerRole::api, "GET", "/admin/v1/keys").route, Route::not_found);
}

TEST(ApiRouterTest, UnknownPathsAreNotFoundWithBoundedLabel) {
  auto match = match_route(ListenerRole::api, "POST", "/v1/unknown/thing");
  EXPECT_EQ(match.route, Route::not_found);
  EXPECT_EQ(match.template_path, "unmatched");
}

}  // namespace
}  // namespace llmgw::server
