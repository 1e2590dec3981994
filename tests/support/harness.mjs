// Shared set-up for the integration suites: a fake upstream, a refused port, the gateway on the
// standard test config, and helpers bound to them. Use inside describe(): registers before/after.

import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';

import { closedPort, startFakeOpenAI } from './fake_openai.mjs';
import { assertNoSecrets, makeSecrets, secretEnv, startGateway, testConfig } from './gateway.mjs';
import { openStream, request } from './http.mjs';

/**
 * Registers before/after hooks and returns a context filled in by `before`.
 * `configure(config)` may edit the generated config object before the gateway starts.
 */
export function useGateway({ configure } = {}) {
  const ctx = {
    secrets: makeSecrets(),
    fake: null,
    gw: null,
    /** Auth header for team-a (all models) unless another key is given. */
    auth(key = ctx.secrets.clientKeyA) {
      return { authorization: `Bearer ${key}` };
    },
    post(path, body, { headers = {}, key, agent, timeoutMs } = {}) {
      return request(ctx.gw.port, { method: 'POST', path, body, headers: { ...ctx.auth(key), ...headers }, agent, timeoutMs });
    },
    get(path, { headers = {}, key, port } = {}) {
      return request(port ?? ctx.gw.port, { method: 'GET', path, headers: { ...ctx.auth(key), ...headers } });
    },
    stream(body, { path, headers = {}, key, agent } = {}) {
      return openStream(ctx.gw.port, { path, body: { stream: true, ...body }, headers: { ...ctx.auth(key), ...headers }, agent });
    },
  };

  before(async () => {
    ctx.fake = await startFakeOpenAI();
    const config = testConfig({ fakePort: ctx.fake.port, refusedPort: await closedPort() });
    configure?.(config);
    ctx.gw = await startGateway({ config, env: secretEnv(ctx.secrets) });
  });

  // A crash shows up once, clearly, instead of as ECONNREFUSED in every later test.
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
      await ctx.fake?.close();
    }
  });

  return ctx;
}

/** A chat request body for a public model. */
export function chatBody(model, content = 'hello gateway', extra = {}) {
  return { model, messages: [{ role: 'user', content }], ...extra };
}

/** Asserts the OpenAI error shape and returns the error object. */
export function assertOpenAIError(res, status, { code, where = '' } = {}) {
  assert.equal(res.status, status, `status for ${where}: body ${res.text}`);
  assert.ok(res.json && typeof res.json.error === 'object', `OpenAI error body for ${where}: ${res.text}`);
  const e = res.json.error;
  for (const field of ['message', 'type', 'param', 'code']) assert.ok(field in e, `error.${field} present (${where}): ${res.text}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  assert.equal(typeof e.type, 'string');
  if (code !== undefined) assert.equal(e.code, code, `error.code for ${where}`);
  assert.match(String(res.headers['content-type']), /application\/json/);
  return e;
}
