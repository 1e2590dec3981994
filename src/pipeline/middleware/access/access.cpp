#include "pipeline/middleware/access/access.hpp"

namespace llmgw::pipeline {

Error approval_required_error(std::string_view model, std::string_view team,
                              const governance::ModelAccess& access) {
  std::string message = "The model '";
  message.append(model).append("' needs an approved access request");
  if (team.empty()) {
    message.append(", and access is granted to teams; this API key belongs to no team.");
  } else if (access.request_id.empty()) {
    message.append(" for team '")
        .append(team)
        .append(
            "'. A team admin can ask for it with POST /admin/v1/access-requests "
            "{\"model\": \"");
    message.append(model).append("\"}; a platform admin then approves it.");
  } else if (access.pending) {
    message.append(" for team '").append(team).append("'; access request '");
    message.append(access.request_id).append("' is pending approval by a platform admin.");
  } else {
    message.append(" for team '").append(team).append("'; access request '");
    message.append(access.request_id).append("' was rejected.");
  }
  return Error::permission(std::move(message), "model_approval_required");
}

boost::asio::awaitable<Decision> AccessMiddleware::on_request(RequestContext& ctx) const {
  if (ctx.model == nullptr || !ctx.model->approval_required) co_return Decision::next();
  const std::string_view team = ctx.principal != nullptr && ctx.team != nullptr
                                    ? std::string_view(ctx.team->id)
                                    : std::string_view();
  governance::ModelAccess access;
  if (!team.empty()) {
    auto index = ctx.key_index;
    if (index == nullptr && decisions_ != nullptr) index = decisions_->current();
    if (index != nullptr) access = index->access(team, ctx.model->name);
  }
  if (access.approved) co_return Decision::next();
  co_return Decision::fail(approval_required_error(ctx.model->name, team, access));
}

}  // namespace llmgw::pipeline
