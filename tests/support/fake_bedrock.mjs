// A fake AWS Bedrock Runtime (providers.md §5): POST /model/{modelId}/converse (JSON) and
// /converse-stream (application/vnd.amazon.eventstream frames: messageStart,
// contentBlockStart/Delta/Stop, messageStop, metadata; an exception frame for in-stream errors),
// errors as {"message"} + x-amzn-errortype. Every request must carry a valid SigV4 signature
// (service bedrock, the fake's region and credentials) or gets 403 like AWS. Request checks:
// no unknown fields, alternating roles, one key per content block, toolConfig when the history
// has tool blocks. Scenarios: see fake_base.mjs (cut = a frame cut in half, then end).

import { eventFrame, exceptionFrame } from './eventstream.mjs';
import { TOOL_CALLS, TOOL_PREAMBLE, answerFor, parseScenario, promptTokensFor, sendJson, startFakeServer, tokenize, writeFlushed } from './fake_base.mjs';
import { verify } from './sigv4.mjs';

export const CACHE_READ_TOKENS = 13;
export const CACHE_WRITE_TOKENS = 2;

const KNOWN_FIELDS = new Set(['messages', 'system', 'inferenceConfig', 'toolConfig', 'guardrailConfig', 'additionalModelRequestFields',
  'additionalModelResponseFieldPaths', 'promptVariables', 'requestMetadata', 'performanceConfig', 'serviceTier', 'outputConfig']);
const INFERENCE_FIELDS = new Set(['maxTokens', 'temperature', 'topP', 'stopSequences']);
const ERROR_NAMES = { 400: 'ValidationException', 403: 'AccessDeniedException', 404: 'ResourceNotFoundException', 408: 'ModelTimeoutException',
  424: 'ModelErrorException', 429: 'ThrottlingException', 500: 'InternalServerException', 503: 'ServiceUnavailableException' };

export function bedrockErrorHeaders(name) {
  return { 'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'x-amzn-requestid': 'fake-bedrock-request' };
}

/** Last user text and the toolResult texts of the last user turn. */
export function bedrockUserInput(body) {
  const last = body.messages.at(-1);
  const content = last?.role === 'user' ? last.content : [];
  const text = content.filter((b) => typeof b.text === 'string').map((b) => b.text).join('');
  const results = content.filter((b) => b.toolResult).map((b) =>
    b.toolResult.content.map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c.json))).join(''));
  return { text, results };
}

export function validateConverseRequest(body) {
  const v = (m) => `Malformed input request: ${m}, please reformat your input and try again.`;
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) return v(`extraneous key [${key}] is not permitted`);
  for (const key of Object.keys(body.inferenceConfig ?? {})) if (!INFERENCE_FIELDS.has(key)) return v(`extraneous key [inferenceConfig.${key}] is not permitted`);
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'The model returned the following errors: messages: at least one message is required';
  if (body.system !== undefined && !(Array.isArray(body.system) && body.system.every((b) => typeof b.text === 'string' || b.cachePoint))) {
    return v('system must be a list of {text} blocks');
  }
  let toolBlocks = false;
  for (const [i, m] of body.messages.entries()) {
    const want = i % 2 === 0 ? 'user' : 'assistant';
    if (m.role !== want) return `A conversation must alternate between user and assistant roles and start with a user turn (messages.${i}.role = ${m.role}).`;
    if (!Array.isArray(m.content) || m.content.length === 0) return `The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`;
    for (const b of m.content) {
      const keys = Object.keys(b);
      if (keys.length !== 1) return v(`messages.${i}.content: a ContentBlock must have exactly one member, got [${keys.join(', ')}]`);
      if ('text' in b && (typeof b.text !== 'string' || b.text === '')) return `The text field in the ContentBlock object at messages.${i} is blank. Add text to the text field, and try again.`;
      if ('toolUse' in b) {
        toolBlocks = true;
        const u = b.toolUse;
        if (typeof u.toolUseId !== 'string' || typeof u.name !== 'string' || typeof u.input !== 'object' || u.input === null) return v(`messages.${i}: toolUse needs toolUseId, name and input`);
      }
      if ('toolResult' in b) {
        toolBlocks = true;
        if (typeof b.toolResult.toolUseId !== 'string' || !Array.isArray(b.toolResult.content)) return v(`messages.${i}: toolResult needs toolUseId and content[]`);
      }
    }
  }
  if (toolBlocks && !body.toolConfig) return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  for (const t of body.toolConfig?.tools ?? []) {
    if (!t.toolSpec || typeof t.toolSpec.name !== 'string' || typeof t.toolSpec.inputSchema?.json !== 'object') return v('toolConfig.tools: each tool needs toolSpec {name, inputSchema: {json}}');
  }
  return null;
}

export function bedrockUsage(body, outputTokens, scenario) {
  const input = promptTokensFor(body.messages);
  const cache = scenario.kind === 'cache';
  const usage = { inputTokens: input, outputTokens, totalTokens: input + outputTokens };
  if (cache) Object.assign(usage, { cacheReadInputTokens: CACHE_READ_TOKENS, cacheWriteInputTokens: CACHE_WRITE_TOKENS, totalTokens: input + outputTokens + CACHE_READ_TOKENS + CACHE_WRITE_TOKENS });
  return usage;
}

/** OpenAI usage for `bedrockUsage(...)`: cache tokens counted inside prompt_tokens (§5.5/§7.2). */
export function expectedOpenAIUsage(u) {
  const prompt = u.inputTokens + (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0);
  return { prompt_tokens: prompt, completion_tokens: u.outputTokens, total_tokens: prompt + u.outputTokens, cached_tokens: u.cacheReadInputTokens ?? 0 };
}

export function bedrockAnswer(body, scenario) {
  if (scenario.kind === 'tools') {
    return {
      content: [{ text: TOOL_PREAMBLE }, ...TOOL_CALLS.map((c, i) => ({ toolUse: { toolUseId: `tooluse_fake_${i + 1}`, name: c.name, input: c.input } }))],
      stopReason: 'tool_use',
      outputTokens: 14,
    };
  }
  const { text, results } = bedrockUserInput(body);
  const answer = answerFor(text, results);
  return { content: [{ text: answer }], stopReason: 'end_turn', outputTokens: tokenize(answer).length };
}

/**
 * Starts the fake. `credentials`: {accessKeyId, secretAccessKey, sessionToken?}; `region`.
 * `now()` is the fake's clock for the signature expiry check (default: real time).
 */
export async function startFakeBedrock({ credentials, region = 'us-east-1', now = () => Date.now() } = {}) {
  const fake = await startFakeServer('fake bedrock', async (record, res) => {
    const fail = (status, name, message) => sendJson(res, status, { message }, bedrockErrorHeaders(name));
    const denied = verify({ method: record.method, url: record.url, rawHeaders: record.rawHeaders, body: record.rawBody, credentials, region, now: now() });
    record.signatureError = denied;
    if (denied) return fail(denied.status, denied.type, denied.message);
    const m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(record.path);
    if (record.method !== 'POST' || !m) return fail(404, 'UnknownOperationException', `fake bedrock: no operation ${record.method} ${record.path}`);
    const modelId = decodeURIComponent(m[1]);
    record.modelId = modelId;
    if (record.parseError || typeof record.body !== 'object' || record.body === null) return fail(400, 'SerializationException', `Unable to parse request body: ${record.parseError}`);
    const scenario = parseScenario(modelId);
    record.scenario = scenario;
    if (scenario.kind === 'status') {
      const name = ERROR_NAMES[scenario.status] ?? 'InternalServerException';
      return sendJson(res, scenario.status, { message: `Fake Bedrock says ${name}.` }, { ...bedrockErrorHeaders(name), ...(scenario.status === 429 ? { 'retry-after': '7' } : {}) });
    }
    const error = validateConverseRequest(record.body);
    if (error) return fail(400, 'ValidationException', error);
    const answer = bedrockAnswer(record.body, scenario);
    const usage = bedrockUsage(record.body, answer.outputTokens, scenario);
    record.usage = usage;
    if (m[2] === 'converse') {
      return sendJson(res, 200, { output: { message: { role: 'assistant', content: answer.content } }, stopReason: answer.stopReason, usage, metrics: { latencyMs: 42 } },
        { 'x-amzn-requestid': 'fake-bedrock-request' });
    }
    return streamAnswer(res, answer, usage, scenario);
  });
  return { ...fake, baseUrl: fake.origin };
}

async function streamAnswer(res, answer, usage, scenario) {
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'fake-bedrock-request' });
  res.flushHeaders();
  // Frames go out split at an odd offset, each half flushed on its own, so the gateway's decoder
  // sees frames across reads (the kernel may still merge them; nothing depends on that).
  const send = async (frame) => {
    const cut = Math.min(7, frame.length - 1);
    await writeFlushed(res, frame.subarray(0, cut));
    await writeFlushed(res, frame.subarray(cut));
  };
  await send(eventFrame('messageStart', { role: 'assistant', p: 'abcdefgh' }));
  let deltas = 0;
  for (const [index, block] of answer.content.entries()) {
    if (block.text !== undefined) {
      // Text blocks get no contentBlockStart: the first delta opens them (§5.3).
      for (const piece of tokenize(block.text)) {
        await send(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece }, p: 'abc' }));
        deltas++;
        if (deltas === 2 && scenario.kind === 'stream-error') {
          await send(exceptionFrame('modelStreamErrorException', 'The model stream failed: fake upstream error.'));
          return res.end();
        }
        if (deltas === 2 && scenario.kind === 'cut') {
          const next = eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: ' lost' } });
          await writeFlushed(res, next.subarray(0, 20));
          return res.end();
        }
      }
    } else {
      const call = TOOL_CALLS.find((c) => c.name === block.toolUse.name);
      await send(eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: block.toolUse.toolUseId, name: call.name } } }));
      for (const f of call.fragments) await send(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: f } } }));
    }
    await send(eventFrame('contentBlockStop', { contentBlockIndex: index }));
  }
  await send(eventFrame('messageStop', { stopReason: answer.stopReason }));
  await send(eventFrame('metadata', { usage, metrics: { latencyMs: 42 } }));
  res.end();
}
