// A fake Azure OpenAI resource (providers.md §4): deployment routes
// /openai/deployments/{deployment}/chat/completions?api-version=... (scenario from the
// deployment name) and v1 routes /openai/v1/chat/completions (scenario from body.model), with
// `api-key` or `Authorization: Bearer` auth, Azure error bodies (string codes, innererror), and
// the Azure stream quirks: a first chunk with "choices":[] and blank id/model/created carrying
// prompt_filter_results, and content_filter_results on every choice. Scenarios: see
// fake_base.mjs, plus scenario-content-filter (400 prompt blocked) and scenario-filtered
// (200, finish_reason content_filter).

import { expectedUsage, fakeEmbedding } from './openai_wire.mjs';
import { TOOL_CALLS, answerFor, parseScenario, sendJson, startFakeServer, startSse, tokenize } from './fake_base.mjs';

export const AZURE_MODEL = 'gpt-4o-2024-08-06';
const SAFE = { hate: { filtered: false, severity: 'safe' }, self_harm: { filtered: false, severity: 'safe' }, sexual: { filtered: false, severity: 'safe' }, violence: { filtered: false, severity: 'safe' } };
const PROMPT_FILTER = [{ prompt_index: 0, content_filter_results: { ...SAFE, jailbreak: { filtered: false, detected: false } } }];

export function azureError(status, message) {
  const codes = { 400: 'BadRequest', 401: '401', 404: 'DeploymentNotFound', 429: '429', 500: 'InternalServerError', 503: 'ServiceUnavailable' };
  return { error: { code: codes[status] ?? String(status), message: message ?? `Fake Azure says ${status}.`, status } };
}

const CONTENT_FILTER_ERROR = {
  error: {
    code: 'content_filter', status: 400, param: 'prompt',
    message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
    innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { ...SAFE, hate: { filtered: true, severity: 'medium' } } },
  },
};

/** Last user text and the tool message contents after the last assistant turn. */
export function openaiUserInput(body) {
  const msgs = body.messages ?? [];
  const results = [];
  for (let i = msgs.length - 1; i >= 0 && msgs[i].role === 'tool'; i--) results.unshift(String(msgs[i].content));
  const lastUser = msgs.findLast((m) => m.role === 'user');
  const text = typeof lastUser?.content === 'string' ? lastUser.content
    : (lastUser?.content ?? []).filter((p) => p.type === 'text').map((p) => p.text).join('');
  return { text, results };
}

/**
 * Starts the fake. `auth`: 'api_key' (api-key header) or 'bearer'; `apiVersion`: the
 * api-version the deployment routes require (others → 404 like a real resource).
 */
export async function startFakeAzure({ apiKey, auth = 'api_key', apiVersion = '2024-10-21' } = {}) {
  const fake = await startFakeServer('fake azure', async (record, res) => {
    const headers = { 'apim-request-id': 'fake-apim-id', 'x-ms-region': 'Sweden Central' };
    const fail = (status, message, extra = {}) => sendJson(res, status, azureError(status, message), { ...headers, ...extra });
    const presented = auth === 'bearer' ? record.headers.authorization : record.headers['api-key'];
    const wanted = auth === 'bearer' ? `Bearer ${apiKey}` : apiKey;
    if (presented !== wanted) {
      return fail(401, 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.');
    }
    let m;
    let deployment;
    let op;
    if ((m = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(record.path))) {
      if (record.query['api-version'] !== apiVersion) return fail(404, 'Resource not found');
      deployment = decodeURIComponent(m[1]);
      op = m[2];
    } else if ((m = /^\/openai\/v1\/(chat\/completions|embeddings)$/.exec(record.path))) {
      if ('api-version' in record.query) return fail(400, 'api-version is not allowed on v1 routes');
      deployment = record.body?.model;
      op = m[1];
    } else {
      return fail(404, 'Resource not found');
    }
    record.deployment = deployment;
    if (record.method !== 'POST') return fail(405, 'Method not allowed');
    if (record.parseError || typeof record.body !== 'object' || record.body === null) return fail(400, `Invalid JSON: ${record.parseError}`);
    if (deployment === undefined) return fail(400, 'model is required on v1 routes');
    const scenario = /scenario-content-filter/.test(deployment) ? { kind: 'content-filter' }
      : /scenario-filtered/.test(deployment) ? { kind: 'filtered' } : parseScenario(deployment);
    record.scenario = scenario;
    if (scenario.kind === 'status') return fail(scenario.status, undefined, scenario.status === 429 ? { 'retry-after': '7', 'retry-after-ms': '7000' } : {});
    if (scenario.kind === 'content-filter') return sendJson(res, 400, CONTENT_FILTER_ERROR, headers);
    if (op === 'embeddings') {
      const inputs = Array.isArray(record.body.input) ? record.body.input : [record.body.input];
      return sendJson(res, 200, { object: 'list', model: 'text-embedding-3-small',
        data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(String(t)) })),
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } }, headers);
    }
    if (!Array.isArray(record.body.messages) || record.body.messages.length === 0) return fail(400, "'messages' is a required property");
    const { text, results } = openaiUserInput(record.body);
    const answer = scenario.kind === 'filtered' ? 'Partial' : answerFor(text, results);
    const usage = expectedUsage(record.body, answer);
    record.usage = usage;
    const finish = scenario.kind === 'tools' ? 'tool_calls' : scenario.kind === 'filtered' ? 'content_filter' : 'stop';
    const toolCalls = TOOL_CALLS.map((c, i) => ({ id: `call_azure_${i + 1}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.input) } }));
    const base = { id: 'chatcmpl-azure', created: 1767225600, model: AZURE_MODEL, system_fingerprint: 'fp_azure' };
    const filterResults = scenario.kind === 'filtered' ? { ...SAFE, violence: { filtered: true, severity: 'high' } } : SAFE;
    if (!record.body.stream) {
      const message = scenario.kind === 'tools'
        ? { role: 'assistant', content: null, tool_calls: toolCalls, refusal: null }
        : { role: 'assistant', content: answer, refusal: null };
      return sendJson(res, 200, { ...base, object: 'chat.completion', prompt_filter_results: PROMPT_FILTER,
        choices: [{ index: 0, finish_reason: finish, logprobs: null, message, content_filter_results: filterResults }], usage }, headers);
    }
    const write = startSse(res, headers);
    const send = (obj) => write(`data: ${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n\n`);
    const chunk = (delta, finishReason = null) => ({ ...base, object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null, content_filter_results: finishReason ? filterResults : SAFE }],
      usage: null });
    send({ id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: PROMPT_FILTER });
    if (scenario.kind === 'tools') {
      send(chunk({ role: 'assistant', content: null, refusal: null }));
      for (const [i, c] of TOOL_CALLS.entries()) {
        send(chunk({ tool_calls: [{ index: i, id: toolCalls[i].id, type: 'function', function: { name: c.name, arguments: '' } }] }));
        for (const f of c.fragments) send(chunk({ tool_calls: [{ index: i, function: { arguments: f } }] }));
      }
    } else {
      send(chunk({ role: 'assistant', content: '', refusal: null }));
      for (const [i, piece] of tokenize(answer).entries()) {
        if (i === 2 && scenario.kind === 'stream-error') {
          send({ error: { code: 'server_error', message: 'The server had an error while processing your request.', status: 500 } });
          return res.end();
        }
        if (i === 2 && scenario.kind === 'cut') return res.end();
        send(chunk({ content: piece }));
      }
    }
    send(chunk({}, finish));
    if (record.body.stream_options?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    send('[DONE]');
    res.end();
  });
  return { ...fake, baseUrl: fake.origin };
}
