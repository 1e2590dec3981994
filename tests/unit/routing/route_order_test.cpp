// Tests for src/routing/route_order.cpp: the strategies on a seeded generator.
#include "routing/route_order.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "support/proxy_doubles.hpp"

namespace llmgw::routing {
namespace {

struct Fixture {
  testing::NullMetrics metrics;
  observability::AppLog log{config::LoggingConfig{"off", config::LogFormat::text}};
  WorkerRouting routing{12345, metrics, log};
  config::ModelConfig model;

  void add(std::string id, std::uint32_t weight, std::uint32_t priority = 0) {
    config::Deployment d;
    d.id = id;
    d.state_key = "m\n" + id;
    d.weight = weight;
    d.priority = priority;
    model.deployments.push_back(d);
  }

  std::vector<const config::Deployment*> order() {
    std::vector<const config::Deployment*> route;
    for (const auto& d : model.deployments) route.push_back(&d);
    order_route(model, route, routing);
    return route;
  }
};

TEST(RouteOrderTest, OrderedKeepsTheConfigOrder) {
  Fixture f;
  f.add("a", 1);
  f.add("b", 100);
  const auto route = f.order();
  EXPECT_EQ(route[0]->id, "a");
  EXPECT_EQ(route[1]->id, "b");
}

TEST(RouteOrderTest, WeightedSplitFollowsTheWeights) {
  Fixture f;
  f.model.routing.strategy = config::RoutingStrategy::weighted;
  f.add("a", 1);
  f.add("b", 3);
  std::map<std::string, int> first;
  constexpr int kRequests = 20'000;
  for (int i = 0; i < kRequests; ++i) ++first[f.order()[0]->id];
  // 25 % / 75 %: a binomial with sd ~0.3 % of the requests; 1.5 % is five sd.
  EXPECT_NEAR(first["a"], kRequests / 4, kRequests * 15 / 1000);
  EXPECT_NEAR(first["b"], kRequests * 3 / 4, kRequests * 15 / 1000);
}

TEST(RouteOrderTest, WeightedKeepsEveryDeploymentAsAFallbackAndZeroWeightsLast) {
  Fixture f;
  f.model.routing.strategy = config::RoutingStrategy::weighted;
  f.add("zero", 0);
  f.add("a", 1);
  f.add("b", 1);
  for (int i = 0; i < 100; ++i) {
    const auto route = f.order();
    ASSERT_EQ(route.size(), 3u);
    EXPECT_EQ(route[2]->id, "zero");
  }
}

TEST(RouteOrderTest, WeightedStaysWithinTheBestTier) {
  Fixture f;
  f.model.routing.strategy = config::RoutingStrategy::weighted;
  f.add("primary-a", 1, 0);
  f.add("primary-b", 1, 0);
  f.add("backup", 1000, 1);  // Sorted after the tier-0 ones by validation.
  for (int i = 0; i < 200; ++i) {
    const auto route = f.order();
    EXPECT_NE(route[0]->id, "backup");
    EXPECT_EQ(route[2]->id, "backup");
  }
}

TEST(RouteOrderTest, WeightedIsReplayableFromTheSeed) {
  Fixture one;
  Fixture two;
  for (Fixture* f : {&one, &two}) {
    f->model.routing.strategy = config::RoutingStrategy::weighted;
    f->add("a", 1);
    f->add("b", 1);
    f->add("c", 1);
  }
  for (int i = 0; i < 50; ++i) {
    const auto a = one.order();
    const auto b = two.order();
    for (std::size_t j = 0; j < a.size(); ++j) EXPECT_EQ(a[j]->id, b[j]->id);
  }
}

TEST(RouteOrderTest, LeastInFlightPrefersTheIdleDeployment) {
  Fixture f;
  f.model.routing.strategy = config::RoutingStrategy::least_in_flight;
  f.add("busy", 1);
  f.add("idle", 1);
  f.routing.state(f.model.deployments[0]).in_flight = 5;
  for (int i = 0; i < 50; ++i) {
    const auto route = f.order();
    EXPECT_EQ(route[0]->id, "idle");
    EXPECT_EQ(route[1]->id, "busy");
  }
}

TEST(RouteOrderTest, LeastInFlightSpreadsAcrossEqualDeployments) {
  Fixture f;
  f.model.routing.strategy = config::RoutingStrategy::least_in_flight;
  f.add("a", 1);
  f.add("b", 1);
  f.add("c", 1);
  std::map<std::string, int> first;
  for (int i = 0; i < 3000; ++i) ++first[f.order()[0]->id];
  for (const char* id : {"a", "b", "c"}) EXPECT_GT(first[id], 700) << id;
}

}  // namespace
}  // namespace llmgw::routing
