// A fake Anthropic Messages API (providers.md §2): POST /v1/messages (JSON or SSE with
// message_start / content_block_* / ping / message_delta / message_stop, `event: error`),
// POST /v1/messages/count_tokens, Anthropic error bodies, and request checks the real API
// makes (x-api-key, anthropic-version, max_tokens, alternating roles, no unknown fields, no
// empty text blocks, tool_result placement). Scenarios: see fake_base.mjs.

import {
  TOOL_CALLS, TOOL_PREAMBLE, answerFor, parseScenario, promptTokensFor, sendJson, startFakeServer, startSse, tokenize,
} from './fake_base.mjs';

export const CACHE_CREATION_TOKENS = 3;
export const CACHE_READ_TOKENS = 11;

const KNOWN_FIELDS = new Set([
  'model', 'messages', 'max_tokens', 'system', 'metadata', 'stop_sequences', 'stream', 'temperature', 'top_p',
  'top_k', 'tools', 'tool_choice', 'thinking', 'service_tier', 'container', 'mcp_servers', 'output_config',
  'inference_geo', 'cache_control', 'context_management',
]);

const ERROR_TYPES = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error',
  413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error',
};

export function anthropicError(status, message) {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message: message ?? `Fake Anthropic says ${type} (${status}).` }, request_id: 'req_fake_anthropic' };
}

const blocks = (content) => (typeof content === 'string' ? [{ type: 'text', text: content }] : content);

/** Last user text and the tool results of the last user turn (tool_result contents as text). */
export function anthropicUserInput(body) {
  const last = body.messages.at(-1);
  const parts = last?.role === 'user' ? blocks(last.content) : [];
  const text = parts.filter((b) => b.type === 'text').map((b) => b.text).join('');
  const results = parts.filter((b) => b.type === 'tool_result').map((b) =>
    typeof b.content === 'string' ? b.content : (b.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join(''));
  return { text, results };
}

/** What the real API rejects with 400 (a subset that catches translation mistakes). */
export function validateAnthropicRequest(body) {
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) return `${key}: Extra inputs are not permitted`;
  if (typeof body.model !== 'string') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required (a positive integer)';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  if (body.system !== undefined && typeof body.system !== 'string' &&
      !(Array.isArray(body.system) && body.system.every((b) => b.type === 'text' && typeof b.text === 'string'))) {
    return 'system: Input should be a valid string or a list of text blocks';
  }
  const toolNames = new Set((body.tools ?? []).map((t) => t.name));
  for (const t of body.tools ?? []) {
    if (typeof t.name !== 'string' || typeof t.input_schema !== 'object') return 'tools: each tool needs name and input_schema';
  }
  let pendingToolUse = [];
  for (const [i, m] of body.messages.entries()) {
    const want = i % 2 === 0 ? 'user' : 'assistant';
    if (m.role !== want) return `messages.${i}.role: roles must alternate between "user" and "assistant", starting with "user"`;
    const content = blocks(m.content);
    if (!Array.isArray(content) || content.length === 0) return `messages.${i}: content must be non-empty`;
    for (const b of content) {
      if (b.type === 'text' && (typeof b.text !== 'string' || b.text === '')) return `messages.${i}: text content blocks must be non-empty`;
      if ((b.type === 'tool_use' || b.type === 'tool_result') && toolNames.size === 0) {
        return `messages.${i}: Requests which include \`${b.type}\` blocks must define tools.`;
      }
      if (b.type === 'tool_use' && (typeof b.input !== 'object' || b.input === null || Array.isArray(b.input))) {
        return `messages.${i}.content: tool_use.input: Input should be an object`;
      }
    }
    if (pendingToolUse.length) {
      const lead = content.slice(0, pendingToolUse.length);
      const ids = lead.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id);
      if (ids.length !== pendingToolUse.length || !pendingToolUse.every((id) => ids.includes(id))) {
        return `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${pendingToolUse.join(', ')}. ` +
          'Each `tool_use` block must have a corresponding `tool_result` block in the next message, and tool_result blocks must come first.';
      }
    }
    pendingToolUse = m.role === 'assistant' ? content.filter((b) => b.type === 'tool_use').map((b) => b.id) : [];
  }
  return null;
}

/** The usage the fake reports for a request/answer (also what tests compute expectations from). */
export function anthropicUsage(body, outputTokens) {
  return {
    input_tokens: promptTokensFor(body.messages),
    cache_creation_input_tokens: CACHE_CREATION_TOKENS,
    cache_read_input_tokens: CACHE_READ_TOKENS,
    output_tokens: outputTokens,
  };
}

/** The OpenAI usage numbers a translating gateway must report for `anthropicUsage(...)`. */
export function expectedOpenAIUsage(u) {
  const prompt = u.input_tokens + u.cache_creation_input_tokens + u.cache_read_input_tokens;
  return { prompt_tokens: prompt, completion_tokens: u.output_tokens, total_tokens: prompt + u.output_tokens, cached_tokens: u.cache_read_input_tokens };
}

/** Content blocks and stop reason the fake answers `body` with. */
export function anthropicAnswer(body, scenario) {
  if (scenario.kind === 'tools') {
    return {
      content: [
        { type: 'text', text: TOOL_PREAMBLE },
        ...TOOL_CALLS.map((c, i) => ({ type: 'tool_use', id: `toolu_fake_${i + 1}`, name: c.name, input: c.input })),
      ],
      stop_reason: 'tool_use',
      outputTokens: 2 + TOOL_CALLS.length * 5,
    };
  }
  const { text, results } = anthropicUserInput(body);
  const answer = answerFor(text, results);
  return { content: [{ type: 'text', text: answer }], stop_reason: 'end_turn', outputTokens: tokenize(answer).length };
}

/**
 * Starts the fake. `apiKey`: the x-api-key it accepts (a Bearer token with the same value too).
 */
export async function startFakeAnthropic({ apiKey } = {}) {
  const fake = await startFakeServer('fake anthropic', async (record, res) => {
    const headers = { 'request-id': 'req_fake_anthropic' };
    const fail = (status, message, extra = {}) => sendJson(res, status, anthropicError(status, message), { ...headers, ...extra });
    if (record.method !== 'POST') return fail(404, `Not found: ${record.method} ${record.path}`);
    const presented = record.headers['x-api-key'] ?? record.headers.authorization?.replace(/^Bearer /, '');
    if (apiKey !== undefined && presented !== apiKey) return fail(401, 'invalid x-api-key');
    if (!record.headers['anthropic-version']) return fail(400, 'anthropic-version: header is required');
    if (record.parseError || typeof record.body !== 'object' || record.body === null) return fail(400, `There was an error parsing the body: ${record.parseError}`);
    const body = record.body;
    if (record.path === '/v1/messages/count_tokens') {
      const { max_tokens: _m, ...rest } = body;
      const error = validateAnthropicRequest({ max_tokens: 1, ...rest });
      if (error) return fail(400, error);
      return sendJson(res, 200, { input_tokens: promptTokensFor(body.messages) }, headers);
    }
    if (record.path !== '/v1/messages') return fail(404, `Not found: POST ${record.path}`);
    const error = validateAnthropicRequest(body);
    if (error) return fail(400, error);

    const scenario = parseScenario(body.model);
    record.scenario = scenario;
    if (scenario.kind === 'status') {
      const extra = scenario.status === 429
        ? { 'retry-after': '7', 'anthropic-ratelimit-requests-remaining': '0', 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:07Z' }
        : {};
      return fail(scenario.status, undefined, extra);
    }
    const answer = anthropicAnswer(body, scenario);
    const usage = anthropicUsage(body, answer.outputTokens);
    record.usage = usage;
    const message = { id: 'msg_fake_01', type: 'message', role: 'assistant', model: body.model };
    if (!body.stream) {
      return sendJson(res, 200, { ...message, content: answer.content, stop_reason: answer.stop_reason, stop_sequence: null,
        usage: { ...usage, cache_creation: { ephemeral_5m_input_tokens: CACHE_CREATION_TOKENS, ephemeral_1h_input_tokens: 0 }, service_tier: 'standard' } }, headers);
    }
    return streamAnswer(res, message, answer, usage, scenario, headers);
  });
  return { ...fake, baseUrl: fake.origin };
}

function streamAnswer(res, message, answer, usage, scenario, headers) {
  const write = startSse(res, headers);
  const event = (type, data) => write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  event('message_start', { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } });
  let deltas = 0;
  for (const [index, block] of answer.content.entries()) {
    if (block.type === 'text') {
      event('content_block_start', { index, content_block: { type: 'text', text: '' } });
      event('ping', {});
      for (const piece of tokenize(block.text)) {
        event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } });
        deltas++;
        if (scenario.kind === 'stream-error' && deltas === 2) {
          event('error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
          return res.end();
        }
        if (scenario.kind === 'cut' && deltas === 2) return res.end();
      }
    } else {
      const call = TOOL_CALLS.find((c) => c.name === block.name);
      event('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } });
      for (const f of call.fragments) event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: f } });
    }
    event('content_block_stop', { index });
  }
  event('message_delta', { delta: { stop_reason: answer.stop_reason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } });
  event('ping', {});
  event('message_stop', {});
  res.end();
}
