// OpenAI wire-format pieces the fake upstream is made of: deterministic answers and usage,
// scenario names, error bodies, stream chunks, embeddings. Pure functions, no I/O, so tests can
// compute exactly what a response must contain.

export const CREATED = 1767225600;

/** Text of the last user message, for echo answers (string or array-of-parts content). */
export function lastUserText(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return m.content.filter((p) => p?.type === 'text').map((p) => p.text).join('');
    }
  }
  if (typeof body?.prompt === 'string') return body.prompt;
  return '';
}

/** The answer the fake gives to a chat or completion request in the default scenario. */
export function expectedAnswer(body) {
  return `Echo: ${lastUserText(body)}`;
}

/** Splits an answer into the token-like pieces that are streamed one per event. */
export function tokenize(text) {
  return text.match(/\s*\S+/g) ?? [''];
}

/** Deterministic usage so tests can check exact numbers in access logs and metrics. */
export function expectedUsage(body, answer = expectedAnswer(body)) {
  const prompt = JSON.stringify(body?.messages ?? body?.prompt ?? body?.input ?? '');
  const promptTokens = 7 + Math.ceil(prompt.length / 4);
  const completionTokens = tokenize(answer).length;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/** The behaviour a request asks for, from its (upstream) model name. */
export function parseScenario(model) {
  const m = String(model ?? '');
  let r;
  if ((r = /^scenario-slow-stream-(\d+)-(\d+)$/.exec(m))) {
    return { kind: 'slow-stream', intervalMs: Number(r[1]), count: Number(r[2]) };
  }
  if ((r = /^scenario-slow(?:-(\d+))?$/.exec(m))) return { kind: 'slow', delayMs: Number(r[1] ?? 2000) };
  if ((r = /^scenario-status-(\d{3})$/.exec(m))) return { kind: 'status', status: Number(r[1]) };
  if (m === 'scenario-stream-gated') return { kind: 'gated' };
  if (m === 'scenario-reset') return { kind: 'reset' };
  if (m === 'scenario-reset-before') return { kind: 'reset-before' };
  if (m === 'scenario-tools') return { kind: 'tools' };
  if ((r = /^scenario-script-([a-z0-9-]+)$/.exec(m))) return { kind: 'script', name: r[1] };
  return { kind: 'normal' };
}

/** An OpenAI error body as upstreams send it for `status`. */
export function errorBody(status) {
  const byStatus = {
    400: ['invalid_request_error', 'invalid_value', 'Upstream says the request is invalid.'],
    401: ['invalid_request_error', 'invalid_api_key', 'Upstream rejected the API key.'],
    404: ['invalid_request_error', 'model_not_found', 'Upstream does not know this model.'],
    429: ['requests', 'rate_limit_exceeded', 'Rate limit reached for requests. Try again in 7s.'],
    500: ['server_error', null, 'The upstream server had an error while processing your request.'],
    503: ['server_error', null, 'The upstream engine is currently overloaded.'],
  };
  const [type, code, message] = byStatus[status] ?? ['server_error', null, `Upstream status ${status}.`];
  return { error: { message, type, param: null, code } };
}

export function chatChunk(id, model, delta, finishReason = null, withUsageField = false) {
  const chunk = {
    id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  if (withUsageField) chunk.usage = null;
  return chunk;
}

export function completionChunk(id, model, text, finishReason = null, withUsageField = false) {
  const chunk = {
    id,
    object: 'text_completion',
    created: CREATED,
    model,
    choices: [{ text, index: 0, logprobs: null, finish_reason: finishReason }],
  };
  if (withUsageField) chunk.usage = null;
  return chunk;
}

export const TOOL_CALL = {
  id: 'call_fake_1',
  name: 'get_weather',
  argumentPieces: ['{"ci', 'ty":"Os', 'lo"}'],
};

/** Deterministic embedding vector for a string (8 dims, values in [-1, 1]). */
export function fakeEmbedding(text, dims = 8) {
  const v = [];
  let h = 2166136261;
  for (const ch of String(text)) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  for (let i = 0; i < dims; i++) {
    h = Math.imul(h ^ (i + 1), 16777619) >>> 0;
    v.push(Math.fround(((h % 2000) - 1000) / 1000));
  }
  return v;
}

/** Float32 little-endian bytes, base64: what encoding_format "base64" returns. */
export function embeddingToBase64(vector) {
  const f = new Float32Array(vector);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength).toString('base64');
}
