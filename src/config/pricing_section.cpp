// pricing: the price list (pricing.file, or the list compiled into the binary) and the
// config's own entries over it. The list is read here, at load time, so that --check-config
// and a SIGHUP reload reject a broken price file like any other config error.

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "config/map_reader.hpp"
#include "config/sections.hpp"
#include "config/yaml_loader.hpp"
#include "llmgw/config/pricing.hpp"

namespace llmgw::config {

namespace {

using governance::ModelPrice;
using governance::TokenPrice;

constexpr std::size_t kMaxPriceEntries = 10'000;  // per list; the shipped one has under 100
constexpr std::size_t kMaxListedName = 256;
constexpr std::int64_t kMaxContextTokens = 1'000'000'000;
constexpr std::string_view kWildcard = "*";
constexpr std::array kKinds{ProviderKind::openai,       ProviderKind::openai_compatible,
                            ProviderKind::anthropic,    ProviderKind::gemini,
                            ProviderKind::azure_openai, ProviderKind::bedrock};

bool is_listed_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxListedName) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool is_kind_name(std::string_view name) {
  for (auto kind : kKinds) {
    if (to_string(kind) == name) return true;
  }
  return false;
}

std::string kind_names() {
  std::string names;
  for (auto kind : kKinds) {
    names += names.empty() ? "" : ", ";
    names += to_string(kind);
  }
  return names;
}

// Reads one list (the price file's root, or the pricing section): `models` by provider kind
// and `providers` by provider name, each scope a mapping of model name → prices.
class PriceListReader {
 public:
  PriceListReader(Diagnostics& diag, std::string file, std::vector<PriceEntry>& out)
      : diag_(diag), file_(std::move(file)), out_(out) {}

  void read(MapReader& list) {
    if (const auto* kinds = list.mapping("models")) {
      read_scopes(*kinds, list.child("models"), PriceEntry::Scope::kind);
    }
    if (const auto* providers = list.mapping("providers")) {
      read_scopes(*providers, list.child("providers"), PriceEntry::Scope::provider);
    }
  }

 private:
  void read_scopes(const DocNode& scopes, const std::string& path, PriceEntry::Scope type) {
    for (const auto& scope : scopes.entries) {
      const auto scope_path = join_path(path, scope.key);
      diag_.record_line(scope_path, scope.value.line);
      if (type == PriceEntry::Scope::kind && !is_kind_name(scope.key)) {
        diag_.error(scope_path, scope.key_line,
                    "unknown provider kind \"" + scope.key + "\"; one of: " + kind_names() +
                        " (prices for one provider go under providers.<name>)");
        continue;
      }
      if (scope.value.is_null()) continue;
      if (!scope.value.is_map()) {
        diag_.error(scope_path, scope.value.line,
                    "must be a mapping of model name to prices, not " +
                        std::string(describe(scope.value.kind)));
        continue;
      }
      std::map<std::string, std::string, std::less<>> seen;  // name or alias → where listed
      for (const auto& model : scope.value.entries) {
        if (diag_.error_limit_reached()) return;
        if (out_.size() >= kMaxPriceEntries) {
          diag_.error(scope_path, model.key_line,
                      "more than " + std::to_string(kMaxPriceEntries) + " prices in one list");
          return;
        }
        read_entry(model, scope_path, type, scope.key, seen);
      }
    }
  }

  void read_entry(const DocEntry& model, const std::string& scope_path, PriceEntry::Scope type,
                  const std::string& scope, std::map<std::string, std::string, std::less<>>& seen) {
    const auto path = join_path(scope_path, model.key);
    diag_.record_line(path, model.value.line);
    if (!is_listed_name(model.key)) {
      diag_.error(path, model.key_line, "model names are 1-256 characters without spaces");
      return;
    }
    if (!model.value.is_map()) {
      diag_.error(path, model.value.line,
                  "must be a mapping with input and output (USD per million tokens)");
      return;
    }
    PriceEntry entry{type, scope, model.key, {}, {}, file_, model.key_line};
    MapReader map(model.value, path, diag_);
    bool ok = read_rates(map, entry.price);
    ok = read_long_context(map, entry.price) && ok;
    if (map.get("aliases") != nullptr && !map.read_string_list("aliases", entry.aliases)) {
      ok = false;
    }
    map.finish();
    ok = claim(seen, model.key, path, model.key_line) && ok;
    for (std::size_t i = 0; i < entry.aliases.size(); ++i) {
      const auto alias_path = index_path(map.child("aliases"), i);
      const auto& alias = entry.aliases[i];
      if (alias == kWildcard || !is_listed_name(alias)) {
        diag_.error(alias_path,
                    "aliases are model names of 1-256 characters without spaces "
                    "(\"*\" is not an alias)");
        ok = false;
        continue;
      }
      ok = claim(seen, alias, alias_path, diag_.line_of(alias_path)) && ok;
    }
    if (ok) out_.push_back(std::move(entry));
  }

  // A name (model or alias) is listed once per scope; two prices for one name is a mistake.
  bool claim(std::map<std::string, std::string, std::less<>>& seen, const std::string& name,
             const std::string& path, int line) {
    auto [it, inserted] = seen.emplace(name, path);
    if (inserted) return true;
    diag_.error(path, line, "\"" + name + "\" is already listed at " + it->second);
    return false;
  }

  bool read_rates(MapReader& map, governance::TokenRates& out) {
    bool ok = read_price(map, "input", true, out.input);
    ok = read_price(map, "output", true, out.output) && ok;
    ok = read_optional_price(map, "cached_input", out.cached_input) && ok;
    ok = read_optional_price(map, "cache_write", out.cache_write) && ok;
    return read_optional_price(map, "reasoning", out.reasoning) && ok;
  }

  bool read_long_context(MapReader& map, ModelPrice& out) {
    const auto* tier = map.get("long_context");
    if (tier == nullptr) return true;
    const auto path = map.child("long_context");
    if (!tier->is_map()) {
      diag_.error(path, tier->line, "must be a mapping with above, input and output");
      return false;
    }
    MapReader tier_map(*tier, path, diag_);
    governance::TokenRates rates;
    bool ok = read_rates(tier_map, rates);
    std::optional<std::int64_t> above;
    if (const auto* node = tier_map.get("above")) {
      above = scalar_integer(*node, tier_map.child("above"), diag_, 1, kMaxContextTokens);
    } else {
      diag_.error(tier_map.child("above"), tier->line,
                  "is required: the prompt size in tokens above which these rates apply");
    }
    tier_map.finish();
    if (!ok || !above) return false;
    out.long_context_above = *above;
    out.long_context = rates;
    return true;
  }

  bool read_price(MapReader& map, std::string_view key, bool required, TokenPrice& out) {
    const auto* node = map.get(key);
    if (node == nullptr) {
      if (!required) return true;
      diag_.error(map.child(key), diag_.line_of(map.path()),
                  "is required (USD per million tokens)");
      return false;
    }
    auto text = scalar_text(*node, map.child(key), diag_);
    if (!text) return false;
    std::string error;
    auto price = governance::parse_price(*text, error);
    if (!price) {
      diag_.error(map.child(key), node->line, error);
      return false;
    }
    out = *price;
    return true;
  }

  bool read_optional_price(MapReader& map, std::string_view key, std::optional<TokenPrice>& out) {
    if (map.get(key) == nullptr) return true;
    TokenPrice price;
    if (!read_price(map, key, true, price)) return false;
    out = price;
    return true;
  }

  Diagnostics& diag_;
  std::string file_;
  std::vector<PriceEntry>& out_;
};

// A problem in the price list, reported on the config's `at` path so that the message names
// both the line that chose the list and the list's own file, line and key.
void relay_issues(const Diagnostics& list_diag, const std::string& at, Diagnostics& diag) {
  for (const auto& issue : list_diag.errors()) diag.error(at, issue.to_string());
  for (const auto& issue : list_diag.warnings()) diag.warning(at, issue.to_string());
}

void read_price_list(std::string_view text, const std::string& name, const std::string& at,
                     Diagnostics& diag, std::vector<PriceEntry>& out) {
  Diagnostics list_diag(name);
  if (auto document = parse_yaml_document(text, list_diag)) {
    MapReader root(*document, "", list_diag);
    PriceListReader(list_diag, name, out).read(root);
    root.finish();
  }
  relay_issues(list_diag, at, diag);
}

std::optional<std::string> read_text_file(const std::string& file, std::string& error) {
  constexpr std::size_t kMaxBytes = DocumentLimits{}.max_text_bytes;
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    error = "file not found";
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    error = "not a regular file";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "permission denied or unreadable";
    return std::nullopt;
  }
  std::string text(kMaxBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    error = "read error";
    return std::nullopt;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxBytes) {
    error = "larger than " + std::to_string(kMaxBytes) + " bytes";
    return std::nullopt;
  }
  return text;
}

bool same_scope(const PriceEntry& a, const PriceEntry& b) {
  return a.scope_type == b.scope_type && a.scope == b.scope;
}

// The config's own entry replaces the list's entry of the same name and takes every name it
// claims away from the list's entries, so that one name keeps exactly one price.
void lay_over(std::vector<PriceEntry>& list, std::vector<PriceEntry> own) {
  for (const auto& entry : own) {
    auto claimed = [&entry](const std::string& name) {
      return name == entry.model ||
             std::find(entry.aliases.begin(), entry.aliases.end(), name) != entry.aliases.end();
    };
    std::erase_if(list, [&](const PriceEntry& listed) {
      return same_scope(listed, entry) && claimed(listed.model);
    });
    for (auto& listed : list) {
      if (same_scope(listed, entry)) std::erase_if(listed.aliases, claimed);
    }
  }
  // Next to the list's entries of the same scope, so that the effective config prints (and
  // loads back) in one order.
  for (auto& entry : own) {
    auto last = std::find_if(list.rbegin(), list.rend(),
                             [&](const PriceEntry& listed) { return same_scope(listed, entry); });
    list.insert(last == list.rend() ? list.end() : last.base(), std::move(entry));
  }
}

}  // namespace

void read_pricing(const DocNode* node, LoadContext& ctx, PricingConfig& out) {
  static const DocNode kAbsent;
  MapReader map(node != nullptr ? *node : kAbsent, "pricing", ctx.diag);
  std::vector<PriceEntry> list;
  if (map.read_string("file", out.file)) {
    const auto at = map.child("file");
    if (out.file.empty()) {
      ctx.diag.error(at, "must not be empty; leave it out to use the built-in list");
    } else {
      out.file = ctx.resolve_path(out.file);
      std::string error;
      if (auto text = read_text_file(out.file, error)) {
        read_price_list(*text, out.file, at, ctx.diag, list);
      } else {
        ctx.diag.error(at, "cannot read price file " + out.file + ": " + error);
      }
    }
  } else {
    read_price_list(builtin_price_list(), std::string(kBuiltinPriceListName), "pricing", ctx.diag,
                    list);
  }
  map.read_bool("litellm_cost_header", out.litellm_cost_header);
  map.read_bool("stream_cost_comment", out.stream_cost_comment);
  std::vector<PriceEntry> own;
  PriceListReader(ctx.diag, ctx.diag.file(), own).read(map);
  map.finish();
  lay_over(list, std::move(own));
  out.entries = std::move(list);
}

}  // namespace llmgw::config
