#pragma once
// The canonical chat request and response: the one shape every client dialect parses into
// and every translating provider adapter encodes from. Only the OpenAI→OpenAI-wire and
// Anthropic→Anthropic paths skip it (byte fast paths); everything else meets here, so each
// new provider or dialect is one translator, not one per pair.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "llmgw/core/usage.hpp"

namespace llmgw::canonical {

/// Keeps object member order: JSON Schemas and tool arguments round-trip as written.
using Json = nlohmann::ordered_json;

enum class Role { user, assistant, tool };

/// An image given inline (base64 + media type) or by URL; exactly one of the two is set.
struct Image {
  std::string url;         ///< http(s) URL; empty when inline.
  std::string media_type;  ///< e.g. "image/png"; set when inline.
  std::string data;        ///< base64 payload (no "data:" prefix); set when inline.
  std::string detail;      ///< OpenAI "auto" | "low" | "high"; empty when not given.
};

struct ContentPart {
  enum class Kind { text, image };
  Kind kind = Kind::text;
  std::string text;  ///< Kind::text.
  Image image;       ///< Kind::image.
};

/// A function call the model made. `arguments` is the JSON text exactly as the model
/// produced it (it may be invalid JSON; translators pass it on, never "fix" it).
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;
};

struct Message {
  Role role = Role::user;
  std::vector<ContentPart> content;  ///< user and assistant text/images; tool result content.
  std::vector<ToolCall> tool_calls;  ///< assistant only, after its content.
  std::string reasoning;             ///< assistant thinking text, when a dialect carries it.
  std::string tool_call_id;          ///< tool only: which call this answers.
  std::string tool_name;             ///< tool only: the function's name, when known.
  bool tool_error = false;           ///< tool only: Anthropic `is_error`.
  std::string name;                  ///< Optional participant name (OpenAI `name`).
};

struct ToolDefinition {
  std::string name;
  std::string description;
  Json parameters;  ///< JSON Schema object; null when the tool takes none.
  bool strict = false;
};

struct ToolChoice {
  enum class Mode { unset, auto_, none, required, named };
  Mode mode = Mode::unset;
  std::string name;  ///< Mode::named.
};

struct ResponseFormat {
  enum class Kind { text, json_object, json_schema };
  Kind kind = Kind::text;
  std::string name;         ///< json_schema: the schema's name.
  std::string description;  ///< json_schema: optional.
  Json schema;              ///< json_schema: the JSON Schema.
  bool strict = false;
};

/// A request parameter with no canonical meaning that the client set. A translating adapter
/// cannot honour it: it is a 400 naming it, or dropped when the model says drop_unsupported.
/// Names use the client's spelling ("logprobs", "logit_bias", "audio", ...).
struct ExtraParameter {
  std::string name;
  Json value;
};

struct ChatRequest {
  std::string model;                ///< The public model name the client sent.
  std::vector<std::string> system;  ///< System/developer texts in order (joined by adapters).
  std::vector<Message> messages;    ///< user / assistant / tool turns in order.
  std::vector<ToolDefinition> tools;
  ToolChoice tool_choice;
  std::optional<bool> parallel_tool_calls;
  std::optional<std::int64_t> max_tokens;  ///< max_completion_tokens or max_tokens.
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<std::int64_t> top_k;
  std::vector<std::string> stop;
  std::optional<std::int64_t> seed;
  std::optional<double> presence_penalty;
  std::optional<double> frequency_penalty;
  ResponseFormat response_format;
  std::int64_t n = 1;
  bool stream = false;
  bool include_usage = false;         ///< OpenAI stream_options.include_usage.
  std::string user;                   ///< End-user id (OpenAI `user`, Anthropic metadata.user_id).
  std::vector<ExtraParameter> extra;  ///< Set parameters no canonical field holds.
};

enum class FinishReason {
  none,            ///< Not finished (or the provider did not say).
  stop,            ///< Natural end.
  stop_sequence,   ///< A stop sequence matched (OpenAI renders "stop").
  length,          ///< max_tokens or context window.
  tool_calls,      ///< The model wants tool results.
  content_filter,  ///< Refused or filtered.
};

struct Choice {
  std::int64_t index = 0;
  std::string text;       ///< Concatenated text content.
  std::string reasoning;  ///< Thinking text, if the provider returned it.
  std::vector<ToolCall> tool_calls;
  FinishReason finish = FinishReason::none;
  std::string stop_sequence;  ///< Matched sequence, when the provider says which.
};

struct ChatResponse {
  std::string id;     ///< Provider's id; renderers make one from the request id when empty.
  std::string model;  ///< Upstream model as reported; renderers show the public name.
  std::vector<Choice> choices;
  std::optional<Usage> usage;
};

/// Inputs that only the caller knows and that renderers must not invent (no clocks, no
/// randomness in translators).
struct RenderContext {
  std::string request_id;      ///< Gateway request id: base for made-up response/tool ids.
  std::string public_model;    ///< What the client asked for; echoed as `model`.
  std::int64_t created = 0;    ///< Unix seconds, for OpenAI `created`.
  bool include_usage = false;  ///< Streamed OpenAI responses: emit the usage chunk.
};

}  // namespace llmgw::canonical
