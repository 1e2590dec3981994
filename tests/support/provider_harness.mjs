// Set-up for the translating-provider suites: start some provider fakes, the real llmgw on a
// config whose providers point at them, and helpers to read OpenAI answers and streams.
// Use inside describe(): registers before/after hooks.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach } from 'node:test';

import { assertNoSecrets, makeSecrets, secretEnv, startGateway } from './gateway.mjs';
import { openStream, request, withTimeout } from './http.mjs';

/** Provider secrets plus AWS credentials, all random per process so leak checks are exact. */
export function makeProviderSecrets() {
  const hex = (n) => randomBytes(n).toString('hex');
  return {
    ...makeSecrets(),
    awsAccessKeyId: `AKIA${hex(8).toUpperCase()}`,
    awsSecretAccessKey: `aws-secret-${hex(16)}`,
    awsSessionToken: `aws-session-${hex(16)}`,
  };
}

export function providerEnv(secrets) {
  return {
    ...secretEnv(secrets),
    LLMGW_TEST_AWS_AK: secrets.awsAccessKeyId,
    LLMGW_TEST_AWS_SK: secrets.awsSecretAccessKey,
    LLMGW_TEST_AWS_TOKEN: secrets.awsSessionToken,
    LLMGW_TEST_AWS_WRONG_SK: `${secrets.awsSecretAccessKey}-wrong`,
  };
}

export const TIMEOUTS = { connect: '1s', first_byte: '5s', idle: '5s', total: '30s' };

/** A model entry: public `name` → `upstream` on `provider`, plus model options. */
export function model(name, provider, upstream, options = {}) {
  return { name, owned_by: 'llmgw-tests', created: 1700000000, deployments: [{ provider, model: upstream }], ...options };
}

/**
 * `setup(secrets)` starts fakes and returns {fakes, providers, models}. The returned context
 * has post/stream/chat helpers bound to team-a's key.
 */
export function useProviderGateway(setup) {
  const ctx = {
    secrets: makeProviderSecrets(),
    fakes: {},
    gw: null,
    auth(key = ctx.secrets.clientKeyA) {
      return { authorization: `Bearer ${key}` };
    },
    post(path, body, { headers = {}, key } = {}) {
      return request(ctx.gw.port, { method: 'POST', path, body, headers: { ...ctx.auth(key), ...headers } });
    },
    chat(body, opts) {
      return ctx.post('/v1/chat/completions', body, opts);
    },
    /** Streams a chat request to the end; resolves {status, headers, events, raw, endedCleanly}. */
    async stream(body, { path = '/v1/chat/completions', headers = {}, key } = {}) {
      const s = openStream(ctx.gw.port, { path, body: { stream: true, ...body }, headers: { ...ctx.auth(key), ...headers } });
      const res = await withTimeout(s.response, 10000, 'stream response headers');
      const done = await withTimeout(s.done, 10000, 'stream end');
      return { status: res.status, headers: res.headers, ...done };
    },
  };

  before(async () => {
    const { fakes, providers, models } = await setup(ctx.secrets);
    ctx.fakes = fakes;
    const config = {
      server: { listen: '127.0.0.1:0', workers: 2, limits: { max_body_bytes: '1MiB' }, timeouts: { drain: '5s' } },
      providers,
      models,
      keys: [{ id: 'team-a', secret: '${LLMGW_TEST_KEY_A}' }],
      logging: { level: 'info', format: 'json', access_log: true },
      metrics: { enabled: true, listen: '127.0.0.1:0' },
    };
    ctx.gw = await startGateway({ config, env: providerEnv(ctx.secrets) });
  });

  beforeEach(() => {
    const dead = ctx.gw?.exitInfo;
    if (dead) throw new Error(`llmgw died earlier (code ${dead.code}, signal ${dead.signal})\n${ctx.gw.output()}`);
  });

  after(async () => {
    try {
      if (ctx.gw && !ctx.gw.exitInfo) {
        const exit = await ctx.gw.stop();
        assert.deepEqual({ code: exit.code, signal: exit.signal }, { code: 0, signal: null }, `SIGTERM exit\n${ctx.gw.output()}`);
      }
      if (ctx.gw) assertNoSecrets(ctx.gw.output(), ctx.secrets, 'gateway stdout/stderr');
    } finally {
      await ctx.gw?.kill();
      for (const f of Object.values(ctx.fakes)) await f.close();
    }
  });
  return ctx;
}

export const userChat = (modelName, content, extra = {}) => ({ model: modelName, messages: [{ role: 'user', content }], ...extra });

export const TOOLS = [
  { type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
  { type: 'function', function: { name: 'get_time', description: 'Local time', parameters: { type: 'object', properties: { tz: { type: 'string' } }, required: ['tz'] } } },
];
export const TOOL_RESULTS = ['3°C, snow', '14:05'];

/** The follow-up request of a tool round trip, answering `calls` (OpenAI tool_calls). */
export function toolFollowUp(modelName, question, calls, extra = {}) {
  return {
    model: modelName,
    tools: TOOLS,
    messages: [
      { role: 'user', content: question },
      { role: 'assistant', content: null, tool_calls: calls },
      ...calls.map((c, i) => ({ role: 'tool', tool_call_id: c.id, content: TOOL_RESULTS[i] })),
    ],
    ...extra,
  };
}

/** Asserts an OpenAI chat.completion for `publicModel` and returns choices[0]. */
export function assertCompletion(res, publicModel) {
  assert.equal(res.status, 200, res.text);
  const j = res.json;
  assert.equal(j.object, 'chat.completion', res.text);
  assert.equal(typeof j.id, 'string');
  assert.ok(j.id.length > 0);
  assert.equal(typeof j.created, 'number');
  assert.equal(j.model, publicModel);
  assert.equal(j.choices.length, 1);
  assert.equal(j.choices[0].index, 0);
  assert.equal(j.choices[0].message.role, 'assistant');
  return j.choices[0];
}

/** Usage numbers of an OpenAI usage object in the shape the fakes' expectedOpenAIUsage use. */
export function usageOf(u) {
  const out = { prompt_tokens: u?.prompt_tokens, completion_tokens: u?.completion_tokens, total_tokens: u?.total_tokens, cached_tokens: u?.prompt_tokens_details?.cached_tokens ?? 0 };
  return out;
}

/**
 * Summarises an OpenAI chat stream: text, tool calls assembled per index, finish reasons,
 * usage chunks, error events, whether [DONE] ended it, and shape problems found on the way.
 */
export function summarize(events, publicModel) {
  const s = { text: '', calls: [], finish: [], usage: [], errors: [], done: false, problems: [], ids: new Set(), roleFirst: null, afterDone: 0 };
  for (const e of events) {
    if (s.done) s.afterDone++;
    if (e.data === '[DONE]') {
      s.done = true;
      continue;
    }
    const j = e.json;
    if (!j) {
      s.problems.push(`unparseable event data: ${e.data}`);
      continue;
    }
    if (j.error) {
      s.errors.push(j.error);
      continue;
    }
    if (j.object !== 'chat.completion.chunk') s.problems.push(`object ${j.object}`);
    if (publicModel && j.model !== publicModel) s.problems.push(`model ${JSON.stringify(j.model)}`);
    s.ids.add(j.id);
    if (j.usage) s.usage.push(j.usage);
    for (const c of j.choices ?? []) {
      const d = c.delta ?? {};
      if (s.roleFirst === null) s.roleFirst = d.role === 'assistant';
      if (typeof d.content === 'string') s.text += d.content;
      for (const tc of d.tool_calls ?? []) {
        let call = s.calls[tc.index];
        if (!call) {
          if (!tc.id || !tc.function?.name) s.problems.push(`tool call ${tc.index} started without id/name`);
          call = s.calls[tc.index] = { id: tc.id, name: tc.function?.name, arguments: '' };
        }
        call.arguments += tc.function?.arguments ?? '';
      }
      if (c.finish_reason) s.finish.push(c.finish_reason);
    }
  }
  return s;
}

/** Asserts a successful stream: one id, [DONE] last, one finish, role first, no errors. */
export function assertCleanStream(r, publicModel) {
  assert.equal(r.status, 200, r.raw);
  assert.match(String(r.headers['content-type']), /text\/event-stream/);
  const s = summarize(r.events, publicModel);
  assert.deepEqual(s.problems, [], r.raw);
  assert.deepEqual(s.errors, [], r.raw);
  assert.equal(s.done, true, `[DONE] present:\n${r.raw}`);
  assert.equal(s.afterDone, 0, 'nothing after [DONE]');
  assert.equal(s.ids.size, 1, `one id for the whole stream: ${[...s.ids]}`);
  assert.equal(s.finish.length, 1, `one finish_reason: ${s.finish}`);
  assert.equal(s.roleFirst, true, 'first delta carries role assistant');
  return s;
}

/** Asserts an in-stream failure: 200, an error event, no [DONE]; returns the summary. */
export function assertStreamFailed(r) {
  assert.equal(r.status, 200, r.raw);
  const s = summarize(r.events);
  assert.equal(s.errors.length, 1, `one error event:\n${r.raw}`);
  assert.equal(typeof s.errors[0].message, 'string');
  assert.equal(s.done, false, `no [DONE] after an error:\n${r.raw}`);
  assert.equal(r.events.at(-1).json?.error !== undefined, true, 'the error event is the last event');
  return s;
}

/** Asserts the OpenAI error shape with `status` and returns the error object. */
export function assertError(res, status, where = '') {
  assert.equal(res.status, status, `${where}: ${res.text}`);
  const e = res.json?.error;
  assert.ok(e && typeof e === 'object', `${where}: OpenAI error body: ${res.text}`);
  for (const f of ['message', 'type', 'param', 'code']) assert.ok(f in e, `${where}: error.${f} present: ${res.text}`);
  assert.match(String(res.headers['content-type']), /application\/json/);
  return e;
}
