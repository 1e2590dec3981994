#pragma once
// Reading admin request bodies: one JSON object, known fields only, each of the right type
// and range. The first problem becomes a 400 that names the field (never echoing a value).

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmgw/core/error.hpp"

namespace llmgw::admin {

/// The body as a JSON object; an empty body is an empty object. 400 for anything else.
Result<nlohmann::json> parse_object_body(std::string_view body);

class ObjectReader {
 public:
  /// `path` prefixes field names in messages ("limits" → "limits.rpm").
  explicit ObjectReader(const nlohmann::json& object, std::string path = {});

  bool has(std::string_view name) const;
  /// Present and JSON null (a PATCH that clears the field).
  bool is_null(std::string_view name) const;

  /// Each reader marks the field known; it returns the value when present and of the right
  /// type, nullopt otherwise (absent, or an error was recorded).
  std::optional<std::string> string(std::string_view name);
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<std::vector<std::string>> string_list(std::string_view name, std::size_t max_items);
  std::optional<std::map<std::string, std::string>> string_map(std::string_view name,
                                                               std::size_t max_items);
  /// A nested object, for another ObjectReader.
  const nlohmann::json* object(std::string_view name);
  /// Marks `name` as read without reading it (a field this call ignores, e.g. null).
  void accept(std::string_view name);

  /// Records a problem with `name` (a value out of range, an unknown id, ...).
  void fail(std::string_view name, std::string_view problem);
  /// Folds a nested reader's first error into this one.
  void merge(const ObjectReader& nested);

  /// The first problem, or an unknown field (named, with the known ones): a 400.
  std::optional<Error> finish();
  const std::optional<Error>& error() const noexcept { return error_; }
  std::string field_path(std::string_view name) const;

 private:
  const nlohmann::json* find(std::string_view name) const;
  void mark(std::string_view name);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<std::string> known_;
  std::optional<Error> error_;
};

/// A string, id or tag is bounded so one request cannot grow the store without limit.
inline constexpr std::size_t kMaxStringBytes = 256;

}  // namespace llmgw::admin
