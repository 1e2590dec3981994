#include "store/sqlite/repository_support.hpp"

#include <algorithm>

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace llmgw::store::sqlite {

std::string sql_text(std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view part : parts) size += part.size();
  std::string text(size, '\0');
  char* out = text.data();
  for (std::string_view part : parts) out = std::copy(part.begin(), part.end(), out);
  return text;
}
namespace {

[[noreturn]] void corrupt(std::string_view column, std::string_view text) {
  throw std::runtime_error("store: unexpected " + std::string(column) + " '" + std::string(text) +
                           "' in the database");
}

}  // namespace

std::string_view to_string(Source source) noexcept {
  return source == Source::yaml ? "yaml" : "api";
}

std::string_view to_string(config::KeyRole role) noexcept {
  return role == config::KeyRole::team_admin ? "team_admin" : "user";
}

Source parse_source(std::string_view text) {
  if (text == "yaml") return Source::yaml;
  if (text == "api") return Source::api;
  corrupt("source", text);
}

config::BudgetPeriod parse_budget_period(std::string_view text) {
  if (text == "day") return config::BudgetPeriod::day;
  if (text == "week") return config::BudgetPeriod::week;
  if (text == "month") return config::BudgetPeriod::month;
  if (text == "total") return config::BudgetPeriod::total;
  corrupt("budget_period", text);
}

config::KeyRole parse_key_role(std::string_view text) {
  if (text == "user") return config::KeyRole::user;
  if (text == "team_admin") return config::KeyRole::team_admin;
  corrupt("role", text);
}

Error duplicate_error(std::string_view what, std::string_view id) {
  return conflict_error(std::string(what) + " '" + std::string(id) + "' already exists",
                        "duplicate_id");
}

Error not_found_error(std::string_view what, std::string_view id) {
  return Error::not_found(std::string(what) + " '" + std::string(id) + "' does not exist",
                          "not_found");
}

Error conflict_error(std::string message, std::string code) {
  Error error = Error::invalid_request(std::move(message), {}, std::move(code));
  error.http_status = 409;
  return error;
}

Error read_only_error(std::string_view what, std::string_view id) {
  return conflict_error(std::string(what) + " '" + std::string(id) +
                            "' is declared in the config file; change it there",
                        "read_only");
}

bool is_duplicate(const Error& error) noexcept {
  return error.code == "duplicate_id";
}

Error constraint_error(const SqliteError& error, std::string_view what, std::string_view id) {
  if (error.is_unique_violation()) return duplicate_error(what, id);
  if (error.code() == SQLITE_CONSTRAINT_CHECK) {
    return Error::invalid_request(std::string(what) + " '" + std::string(id) +
                                  "': a value is out of range (" + error.what() + ")");
  }
  throw error;
}

std::string strings_to_json(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump();
}

std::vector<std::string> strings_from_json(std::string_view json) {
  return nlohmann::json::parse(json).get<std::vector<std::string>>();
}

std::string tags_to_json(const config::Tags& tags) {
  return nlohmann::json(tags).dump();
}

config::Tags tags_from_json(std::string_view json) {
  return nlohmann::json::parse(json).get<config::Tags>();
}

}  // namespace llmgw::store::sqlite
