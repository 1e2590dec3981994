// A fake Google Gemini API (providers.md §3): POST /v1beta/models/{m}:generateContent,
// :streamGenerateContent?alt=sse (each event a whole GenerateContentResponse, no [DONE]),
// :batchEmbedContents, and the Vertex AI form /v1/projects/{p}/locations/{l}/publishers/google/
// models/{m}:... with a Bearer token. Google error bodies; request checks the real API makes
// (no unknown fields, roles user/model, non-empty parts, functionResponse with name + object).
// Function calls carry no id (the gateway makes ids up) and a thoughtSignature. Scenarios: see
// fake_base.mjs (plus stream-error-bare and crlf); upstream names ending in -signed act like
// thinking models that require each replayed functionCall part to carry its thoughtSignature.

import { fakeEmbedding } from './openai_wire.mjs';
import {
  TOOL_CALLS, TOOL_PREAMBLE, answerFor, parseScenario, promptTokensFor, sendJson, startFakeServer, startSse, tokenize,
} from './fake_base.mjs';

export const THOUGHTS_TOKENS = 5;
export const CACHED_TOKENS = 4;

const KNOWN_FIELDS = new Set(['contents', 'systemInstruction', 'tools', 'toolConfig', 'safetySettings', 'generationConfig', 'cachedContent', 'labels']);
const GENERATION_FIELDS = new Set([
  'temperature', 'topP', 'topK', 'candidateCount', 'maxOutputTokens', 'stopSequences', 'presencePenalty', 'frequencyPenalty',
  'seed', 'responseMimeType', 'responseSchema', 'responseJsonSchema', 'responseLogprobs', 'logprobs', 'responseModalities',
  'thinkingConfig', 'mediaResolution', 'speechConfig', 'imageConfig',
]);
const STATUS_NAMES = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' };

export function geminiError(code, message) {
  const status = STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
  const error = { code, message: message ?? `Fake Gemini says ${status}.`, status };
  if (code === 429) error.details = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }];
  return { error };
}

/** Last user text and the function responses of the last user turn (output as text). */
export function geminiUserInput(body) {
  const last = body.contents.at(-1);
  const parts = last?.role === 'user' ? last.parts : [];
  const text = parts.filter((p) => typeof p.text === 'string').map((p) => p.text).join('');
  const results = parts.filter((p) => p.functionResponse).map((p) => {
    const r = p.functionResponse.response;
    const out = 'output' in r ? r.output : r;
    return typeof out === 'string' ? out : JSON.stringify(out);
  });
  return { text, results };
}

export function validateGeminiRequest(body) {
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) return `Invalid JSON payload received. Unknown name "${key}": Cannot find field.`;
  for (const key of Object.keys(body.generationConfig ?? {})) {
    if (!GENERATION_FIELDS.has(key)) return `Invalid JSON payload received. Unknown name "${key}" at 'generation_config': Cannot find field.`;
  }
  if (!Array.isArray(body.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  for (const [i, c] of body.contents.entries()) {
    if (c.role !== 'user' && c.role !== 'model') return `Please use a valid role: user, model. (contents[${i}].role = ${JSON.stringify(c.role)})`;
    if (!Array.isArray(c.parts) || c.parts.length === 0) return `* GenerateContentRequest.contents[${i}].parts: contents.parts must not be empty.`;
    for (const p of c.parts) {
      if (p.functionResponse && (typeof p.functionResponse.name !== 'string' || !p.functionResponse.name ||
          typeof p.functionResponse.response !== 'object' || Array.isArray(p.functionResponse.response))) {
        return `* GenerateContentRequest.contents[${i}].parts: functionResponse needs a name and an object response`;
      }
      if (p.functionCall && (typeof p.functionCall.name !== 'string' || typeof (p.functionCall.args ?? {}) !== 'object')) {
        return `* GenerateContentRequest.contents[${i}].parts: functionCall needs a name and object args`;
      }
    }
  }
  const sys = body.systemInstruction;
  if (sys !== undefined && !(Array.isArray(sys.parts) && sys.parts.every((p) => typeof p.text === 'string'))) {
    return 'systemInstruction: parts of text are required';
  }
  return null;
}

/** usageMetadata the fake reports (candidatesTokenCount excludes thoughts). */
export function geminiUsage(body, candidateTokens) {
  const prompt = promptTokensFor(body.contents);
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidateTokens,
    thoughtsTokenCount: THOUGHTS_TOKENS,
    cachedContentTokenCount: CACHED_TOKENS,
    totalTokenCount: prompt + candidateTokens + THOUGHTS_TOKENS,
  };
}

/** The OpenAI usage a translating gateway must report for `geminiUsage(...)` (§3.5, §7.2). */
export function expectedOpenAIUsage(u) {
  return {
    prompt_tokens: u.promptTokenCount,
    completion_tokens: u.candidatesTokenCount + u.thoughtsTokenCount,
    total_tokens: u.totalTokenCount,
    cached_tokens: u.cachedContentTokenCount,
    reasoning_tokens: u.thoughtsTokenCount,
  };
}

/** The thoughtSignature the fake attaches to the i-th function call. */
export const signatureOf = (i) => `c2lnLWZha2Ut${i}`;

export function geminiAnswer(body, scenario) {
  if (scenario.kind === 'tools') {
    const parts = [{ text: TOOL_PREAMBLE }, ...TOOL_CALLS.map((c, i) => ({ functionCall: { name: c.name, args: c.input }, thoughtSignature: signatureOf(i) }))];
    return { parts, candidateTokens: 12 };
  }
  const { text, results } = geminiUserInput(body);
  const answer = answerFor(text, results);
  return { parts: [{ text: answer }], candidateTokens: tokenize(answer).length };
}

const ROUTE = /^(?:\/v1beta\/models\/([^/:]+)|\/v1(?:beta1)?\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+)):(generateContent|streamGenerateContent|batchEmbedContents|embedContent)$/;

/**
 * Starts the fake. `apiKey`: accepted as x-goog-api-key on the Gemini API form, and as the
 * Bearer token on the Vertex form. `vertex: {project, location}` fixes the accepted path values.
 */
export async function startFakeGemini({ apiKey, vertex = { project: 'test-project', location: 'us-central1' } } = {}) {
  const fake = await startFakeServer('fake gemini', async (record, res) => {
    const m = ROUTE.exec(record.path);
    if (record.method !== 'POST' || !m) return sendJson(res, 404, geminiError(404, `fake gemini: no route ${record.method} ${record.path}`));
    const isVertex = m[2] !== undefined;
    const model = decodeURIComponent(m[1] ?? m[4]);
    const method = m[5];
    record.vertex = isVertex;
    record.model = model;
    record.rpc = method;
    if (isVertex) {
      if (record.headers.authorization !== `Bearer ${apiKey}`) {
        return sendJson(res, 401, geminiError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.'));
      }
      if (m[2] !== vertex.project || m[3] !== vertex.location) return sendJson(res, 404, geminiError(404, `Project ${m[2]} / location ${m[3]} not found.`));
    } else if (apiKey !== undefined && record.headers['x-goog-api-key'] !== apiKey) {
      return sendJson(res, 400, { error: { ...geminiError(400, 'API key not valid. Please pass a valid API key.').error,
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }] } });
    }
    if (record.parseError || typeof record.body !== 'object' || record.body === null) {
      return sendJson(res, 400, geminiError(400, `Invalid JSON payload received. ${record.parseError}`));
    }
    const scenario = parseScenario(model);
    record.scenario = scenario;
    if (scenario.kind === 'status') {
      return sendJson(res, scenario.status, geminiError(scenario.status), scenario.status === 429 ? { 'retry-after': '7' } : {});
    }
    if (method === 'batchEmbedContents') return embed(res, record.body, model);
    if (method === 'embedContent') return sendJson(res, 400, geminiError(400, 'fake gemini: use batchEmbedContents'));
    const error = validateGeminiRequest(record.body) ?? (model.endsWith('-signed') ? missingSignature(record.body) : null);
    if (error) return sendJson(res, 400, geminiError(400, error));
    const answer = geminiAnswer(record.body, scenario);
    const usage = geminiUsage(record.body, answer.candidateTokens);
    record.usage = usage;
    const frame = (parts, finishReason, usageMetadata) => ({
      candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}), index: 0,
        ...(finishReason ? { safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }] } : {}) }],
      ...(usageMetadata ? { usageMetadata } : {}),
      modelVersion: model,
      responseId: 'fake-gemini-response',
    });
    if (method === 'generateContent') return sendJson(res, 200, frame(answer.parts, 'STOP', usage));
    if (record.query.alt !== 'sse') return sendJson(res, 400, geminiError(400, 'fake gemini: streams are served with alt=sse only'));
    return streamAnswer(res, answer, usage, scenario, frame);
  });
  return { ...fake, baseUrl: fake.origin };
}

/** Thinking models (upstream names ending in -signed) reject replayed calls without their signature. */
function missingSignature(body) {
  for (const [i, c] of body.contents.entries()) {
    for (const [j, p] of c.parts.entries()) {
      if (p.functionCall && typeof p.thoughtSignature !== 'string') {
        return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly. Additional data, function call \`default_api:${p.functionCall.name}\` , position ${j + 1} of contents[${i}].`;
      }
    }
  }
  return null;
}

function embed(res, body, model) {
  if (!Array.isArray(body.requests) || body.requests.length === 0) return sendJson(res, 400, geminiError(400, '* BatchEmbedContentsRequest.requests: requests is not specified'));
  const embeddings = [];
  for (const [i, r] of body.requests.entries()) {
    if (r.model !== `models/${model}`) {
      return sendJson(res, 400, geminiError(400, `* BatchEmbedContentsRequest.requests[${i}].model: model '${r.model}' must match the request path 'models/${model}'`));
    }
    const text = (r.content?.parts ?? []).map((p) => p.text ?? '').join('');
    embeddings.push({ values: fakeEmbedding(text, r.outputDimensionality ?? 8) });
  }
  sendJson(res, 200, { embeddings });
}

function streamAnswer(res, answer, usage, scenario, frame) {
  const write = startSse(res);
  const sep = scenario.kind === 'crlf' ? '\r\n\r\n' : '\n\n';
  const send = (obj) => write(`data: ${JSON.stringify(obj)}${sep}`);
  // Running usage on every event, as Gemini does; the last one is final.
  const running = (n) => ({ ...usage, candidatesTokenCount: n, totalTokenCount: usage.promptTokenCount + n + usage.thoughtsTokenCount });
  if (answer.parts[0].text !== undefined && answer.parts.length === 1) {
    const pieces = tokenize(answer.parts[0].text);
    for (const [i, piece] of pieces.entries()) {
      const last = i === pieces.length - 1;
      if (i === 2 && scenario.kind === 'stream-error') {
        send({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
        return res.end();
      }
      if (i === 2 && scenario.kind === 'stream-error-bare') {
        write(`${JSON.stringify({ error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } })}\n`);
        return res.end();
      }
      if (i === 2 && scenario.kind === 'cut') return res.end();
      send(frame([{ text: piece }], last ? 'STOP' : null, last ? usage : running(i + 1)));
    }
    return res.end();
  }
  // Tools: the text first, then each function call whole in its own event, finish on the last.
  const [textPart, ...calls] = answer.parts;
  send(frame([textPart], null, running(2)));
  for (const [i, call] of calls.entries()) {
    const last = i === calls.length - 1;
    send(frame([call], last ? 'STOP' : null, last ? usage : running(2 + i)));
  }
  res.end();
}
