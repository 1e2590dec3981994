#include "admin/admin_routes.hpp"

#include <gtest/gtest.h>

namespace llmgw::admin {
namespace {

TEST(AdminRoutesTest, MatchesEveryOperation) {
  EXPECT_EQ(match_admin_route("GET", "/admin/v1/keys").operation, Operation::list_keys);
  EXPECT_EQ(match_admin_route("POST", "/admin/v1/keys/").operation, Operation::create_key);
  auto get = match_admin_route("GET", "/admin/v1/keys/alice%2Eb");
  EXPECT_EQ(get.operation, Operation::get_key);
  EXPECT_EQ(get.id, "alice.b");
  EXPECT_EQ(match_admin_route("PATCH", "/admin/v1/keys/a").operation, Operation::update_key);
  EXPECT_EQ(match_admin_route("DELETE", "/admin/v1/keys/a").operation, Operation::revoke_key);
  EXPECT_EQ(match_admin_route("POST", "/admin/v1/keys/a/rotate").operation, Operation::rotate_key);
  EXPECT_EQ(match_admin_route("DELETE", "/admin/v1/teams/t").operation, Operation::delete_team);
  EXPECT_EQ(match_admin_route("POST", "/admin/v1/access-requests/ar-1/approve").operation,
            Operation::approve_access_request);
  EXPECT_EQ(match_admin_route("POST", "/admin/v1/access-requests/ar-1/reject").operation,
            Operation::reject_access_request);
  EXPECT_EQ(match_admin_route("GET", "/admin/v1/usage?group_by=key").operation, Operation::usage);
}

TEST(AdminRoutesTest, WrongMethodsListTheAllowedOnes) {
  auto route = match_admin_route("PUT", "/admin/v1/keys/a");
  EXPECT_EQ(route.operation, Operation::method_not_allowed);
  EXPECT_EQ(route.allow, "GET, PATCH, DELETE");
  EXPECT_EQ(match_admin_route("GET", "/admin/v1/nothing").operation, Operation::not_found);
  EXPECT_EQ(match_admin_route("GET", "/v1/keys").operation, Operation::not_found);
  EXPECT_EQ(match_admin_route("GET", "/admin/v1/keys/a/b/c").operation, Operation::not_found);
}

TEST(AdminRoutesTest, DecodesTheQuery) {
  auto route =
      match_admin_route("GET", "/admin/v1/usage?group_by=team&from=2026-01-01T00%3A00%3A00Z&x");
  EXPECT_EQ(route.query.at("group_by"), "team");
  EXPECT_EQ(route.query.at("from"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(route.query.at("x"), "");
  EXPECT_FALSE(route.bad_query);
  EXPECT_TRUE(match_admin_route("GET", "/admin/v1/keys?team=%zz").bad_query);
  EXPECT_TRUE(match_admin_route("GET", "/admin/v1/keys?team=%2").bad_query);
}

}  // namespace
}  // namespace llmgw::admin
