#include "pipeline/middleware/access/access.hpp"

#include <gtest/gtest.h>

#include "support/config_builders.hpp"
#include "support/sync_wait.hpp"

namespace llmgw::pipeline {
namespace {

struct Fixture {
  Fixture() {
    auto cfg = std::make_shared<config::Config>();
    cfg->providers.push_back(testing::provider("p0"));
    cfg->models.push_back(testing::model("gated", {0}, *cfg));
    cfg->models.back().approval_required = true;
    cfg->models.push_back(testing::model("open", {0}, *cfg));
    cfg->teams.push_back(config::TeamConfig{"research", {}, {}, {}, {}});
    cfg->keys.push_back(testing::key("member", "sk-member"));
    cfg->keys.back().team = "research";
    cfg->keys.push_back(testing::key("loner", "sk-loner"));
    snapshot = std::make_shared<const config::Snapshot>(cfg);
  }

  Decision run(std::string_view key_id, std::string_view model) {
    RequestContext ctx;
    ctx.snapshot = snapshot;
    for (const auto& key : snapshot->config().keys) {
      if (key.id == key_id) ctx.principal = &key;
    }
    if (!ctx.principal->team.empty()) ctx.team = snapshot->find_team(ctx.principal->team);
    ctx.model = snapshot->find_model(model);
    const AccessMiddleware stage(&decisions);
    return testing::sync_wait(stage.on_request(ctx));
  }

  void decide(governance::ModelAccess access) {
    std::vector<governance::AccessEntry> entries{{"research", "gated", std::move(access)}};
    decisions.replace_if_newer(std::make_shared<const governance::KeyIndex>(
        ++generation, std::vector<governance::IndexedKey>{}, std::vector<config::TeamConfig>{},
        std::move(entries)));
  }

  std::shared_ptr<const config::Snapshot> snapshot;
  governance::KeyIndexStore decisions;
  std::uint64_t generation = 0;
};

TEST(AccessTest, OpenModelsPass) {
  Fixture f;
  EXPECT_TRUE(f.run("member", "open").proceeds());
  EXPECT_TRUE(f.run("loner", "open").proceeds());
}

TEST(AccessTest, WithoutARequestThe403SaysHowToAsk) {
  Fixture f;
  Decision decision = f.run("member", "gated");
  ASSERT_FALSE(decision.proceeds());
  EXPECT_EQ(decision.reply->error->http_status, 403);
  EXPECT_EQ(decision.reply->error->code, "model_approval_required");
  EXPECT_NE(decision.reply->error->message.find("'gated'"), std::string::npos);
  EXPECT_NE(decision.reply->error->message.find("POST /admin/v1/access-requests"),
            std::string::npos);
}

TEST(AccessTest, PendingThenApprovedThenPasses) {
  Fixture f;
  f.decide({false, "ar-42", true});
  Decision pending = f.run("member", "gated");
  ASSERT_FALSE(pending.proceeds());
  EXPECT_NE(pending.reply->error->message.find("'ar-42' is pending"), std::string::npos);
  f.decide({true, {}, false});
  EXPECT_TRUE(f.run("member", "gated").proceeds());
}

TEST(AccessTest, RejectedStaysRefused) {
  Fixture f;
  f.decide({false, "ar-7", false});
  Decision decision = f.run("member", "gated");
  ASSERT_FALSE(decision.proceeds());
  EXPECT_NE(decision.reply->error->message.find("'ar-7' was rejected"), std::string::npos);
}

TEST(AccessTest, KeysWithoutATeamCannotBeApproved) {
  Fixture f;
  f.decide({true, {}, false});
  Decision decision = f.run("loner", "gated");
  ASSERT_FALSE(decision.proceeds());
  EXPECT_NE(decision.reply->error->message.find("belongs to no team"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::pipeline
