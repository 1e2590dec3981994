#include "golden/golden_case.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/url.hpp"

namespace llmgw::golden {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string gtest_name(const std::string& text) {
  std::string name;
  for (char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    name += alnum ? c : '_';
  }
  return name;
}

bool is_note(const fs::path& path) {
  return path.filename() == "README.md";
}

std::optional<config::ProviderKind> parse_kind(const std::string& kind) {
  using config::ProviderKind;
  if (kind == "openai") return ProviderKind::openai;
  if (kind == "openai_compatible") return ProviderKind::openai_compatible;
  if (kind == "anthropic") return ProviderKind::anthropic;
  if (kind == "gemini") return ProviderKind::gemini;
  if (kind == "azure_openai" || kind == "azure") return ProviderKind::azure_openai;
  if (kind == "bedrock") return ProviderKind::bedrock;
  return std::nullopt;
}

// The kind's public endpoint; cases may override it with "base_url".
std::string default_base_url(const config::ProviderConfig& provider) {
  using config::ProviderKind;
  switch (provider.kind) {
    case ProviderKind::anthropic: return "https://api.anthropic.com";
    case ProviderKind::gemini:
      if (!provider.gemini.vertex) return "https://generativelanguage.googleapis.com";
      if (provider.gemini.location.empty() || provider.gemini.location == "global") {
        return "https://aiplatform.googleapis.com";
      }
      return "https://" + provider.gemini.location + "-aiplatform.googleapis.com";
    case ProviderKind::azure_openai: return "https://golden.openai.azure.com";
    case ProviderKind::bedrock:
      return "https://bedrock-runtime." + provider.bedrock.region + ".amazonaws.com";
    case ProviderKind::openai:
    case ProviderKind::openai_compatible: break;
  }
  return "https://api.openai.com/v1";  // As configs write it: the encoder appends the route.
}

// Reads the members of `object` listed in `allowed` with their expected JSON type.
bool check_members(const json& object, const std::string& where,
                   const std::set<std::string>& allowed, std::string& error) {
  if (!object.is_object()) {
    error = where + " must be a JSON object";
    return false;
  }
  for (const auto& item : object.items()) {
    if (!allowed.contains(item.key())) {
      error = where + ": unknown key '" + item.key() + "'";
      return false;
    }
  }
  return true;
}

template <class T>
bool get(const json& object, const char* key, T& out, std::string& error) {
  const auto it = object.find(key);
  if (it == object.end()) return true;
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    error = std::string("target.json: '") + key + "' has the wrong type";
    return false;
  }
  return true;
}

bool read_settings(const json& target, config::ProviderConfig& provider, std::string& error) {
  if (const auto it = target.find("anthropic"); it != target.end()) {
    if (!check_members(*it, "target.json anthropic", {"version"}, error)) return false;
    if (!get(*it, "version", provider.anthropic.version, error)) return false;
  }
  if (const auto it = target.find("gemini"); it != target.end()) {
    if (!check_members(*it, "target.json gemini", {"vertex", "project", "location"}, error)) {
      return false;
    }
    if (!get(*it, "vertex", provider.gemini.vertex, error) ||
        !get(*it, "project", provider.gemini.project, error) ||
        !get(*it, "location", provider.gemini.location, error)) {
      return false;
    }
  }
  if (const auto it = target.find("azure"); it != target.end()) {
    if (!check_members(*it, "target.json azure", {"v1_routes", "api_version", "bearer_auth"},
                       error)) {
      return false;
    }
    if (!get(*it, "v1_routes", provider.azure.v1_routes, error) ||
        !get(*it, "api_version", provider.azure.api_version, error) ||
        !get(*it, "bearer_auth", provider.azure.bearer_auth, error)) {
      return false;
    }
  }
  if (const auto it = target.find("bedrock"); it != target.end()) {
    if (!check_members(*it, "target.json bedrock", {"region", "session_token"}, error)) {
      return false;
    }
    if (!get(*it, "region", provider.bedrock.region, error) ||
        !get(*it, "session_token", provider.bedrock.session_token, error)) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<CaseDirectory> discover_cases(const fs::path& root) {
  std::vector<CaseDirectory> cases;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    cases.push_back({"missing_golden_directory", root, "no golden directory at " + root.string()});
    return cases;
  }
  for (const auto& provider : fs::directory_iterator(root)) {
    const std::string provider_name = provider.path().filename().string();
    if (!provider.is_directory()) {
      if (!is_note(provider.path())) {
        cases.push_back({gtest_name("stray_" + provider_name), provider.path(),
                         "stray file in the golden root (expected <provider>/<case>/ folders)"});
      }
      continue;
    }
    bool any = false;
    for (const auto& entry : fs::directory_iterator(provider.path())) {
      if (is_note(entry.path())) continue;
      const std::string name = gtest_name(provider_name + "_" + entry.path().filename().string());
      if (!entry.is_directory()) {
        cases.push_back({name, entry.path(),
                         "stray file in a provider folder (expected case "
                         "folders)"});
        continue;
      }
      cases.push_back({name, entry.path(), {}});
      any = true;
    }
    if (!any) {
      cases.push_back(
          {gtest_name(provider_name + "_empty"), provider.path(), "provider folder without cases"});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const CaseDirectory& a, const CaseDirectory& b) { return a.name < b.name; });
  // gtest rejects duplicate names; sanitising may have made some ("a-b", "a_b").
  for (std::size_t i = 1; i < cases.size(); ++i) {
    if (cases[i].name == cases[i - 1].name) cases[i].name += "_" + std::to_string(i);
  }
  return cases;
}

std::optional<GoldenTarget> load_target(std::string_view target_json,
                                        const std::string& public_model, std::string& error) {
  const json target = json::parse(target_json, nullptr, false);
  if (target.is_discarded()) {
    error = "target.json is not valid JSON";
    return std::nullopt;
  }
  if (!check_members(target, "target.json",
                     {"kind", "upstream_model", "drop_unsupported", "default_max_tokens",
                      "base_url", "anthropic", "gemini", "azure", "bedrock"},
                     error)) {
    return std::nullopt;
  }
  GoldenTarget out;
  std::string kind;
  if (!get(target, "kind", kind, error)) return std::nullopt;
  const auto parsed_kind = parse_kind(kind);
  if (!parsed_kind) {
    error = "target.json: unknown kind '" + kind + "'";
    return std::nullopt;
  }
  config::ProviderConfig& provider = out.provider;
  provider.name = "golden";
  provider.kind = *parsed_kind;
  provider.api_key = "golden-key";
  provider.bedrock.access_key_id = "AKIDEXAMPLE";
  provider.bedrock.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  if (!read_settings(target, provider, error)) return std::nullopt;
  provider.base_url = default_base_url(provider);
  if (!get(target, "base_url", provider.base_url, error)) return std::nullopt;
  std::string url_error;
  const auto origin = config::parse_base_url(provider.base_url, url_error);
  if (!origin) {
    error = "target.json: base_url '" + provider.base_url + "': " + url_error;
    return std::nullopt;
  }
  provider.origin = *origin;

  out.deployment.provider = provider.name;
  if (!get(target, "upstream_model", out.deployment.upstream_model, error)) return std::nullopt;
  if (out.deployment.upstream_model.empty()) {
    error = "target.json: 'upstream_model' is required";
    return std::nullopt;
  }
  out.model.name = public_model;
  out.model.deployments.push_back(out.deployment);
  if (!get(target, "drop_unsupported", out.model.drop_unsupported, error) ||
      !get(target, "default_max_tokens", out.model.default_max_tokens, error)) {
    return std::nullopt;
  }
  return out;
}

std::optional<Headers> load_headers(std::string_view headers_json, std::string& error) {
  const json object = json::parse(headers_json, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    error = "headers file must be a JSON object of name -> string";
    return std::nullopt;
  }
  Headers headers;
  for (const auto& item : object.items()) {
    if (!item.value().is_string()) {
      error = "header '" + item.key() + "' must be a string";
      return std::nullopt;
    }
    headers.emplace_back(item.key(), item.value().get<std::string>());
  }
  return headers;
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace llmgw::golden
