// Every error the client can get: right status, OpenAI shape, and never a secret.

import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, describe, test } from 'node:test';

import { assertNoSecrets } from '../support/gateway.mjs';
import { assertOpenAIError, chatBody, useGateway } from '../support/harness.mjs';
import { rawExchange, request, withTimeout } from '../support/http.mjs';

describe('errors', { timeout: 60000 }, () => {
  const ctx = useGateway();
  const bodies = [];
  const check = (res, status, opts = {}) => {
    bodies.push(res.text);
    return assertOpenAIError(res, status, opts);
  };

  after(() => {
    for (const b of bodies) assertNoSecrets(b, ctx.secrets, 'an error body');
  });

  test('invalid key → 401', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('gpt-test'), { key: 'llmgw-wrong-key' });
    check(res, 401, { where: 'wrong key' });
    assert.ok(!res.text.includes('llmgw-wrong-key'), 'the presented key is not echoed');
  });

  test('the provider key is not a client key, and is not echoed', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('gpt-test'), { key: ctx.secrets.providerKey });
    check(res, 401, { where: 'provider key as client key' });
  });

  test('missing key → 401 (no header, empty bearer, other scheme)', async () => {
    const none = await request(ctx.gw.port, { method: 'POST', path: '/v1/chat/completions', body: chatBody('gpt-test') });
    check(none, 401, { where: 'no header' });
    const empty = await ctx.post('/v1/chat/completions', chatBody('gpt-test'), { headers: { authorization: 'Bearer ' } });
    check(empty, 401, { where: 'empty bearer' });
    const basic = await ctx.post('/v1/chat/completions', chatBody('gpt-test'), { headers: { authorization: `Basic ${ctx.secrets.clientKeyA}` } });
    check(basic, 401, { where: 'basic scheme' });
  });

  test('malformed JSON → 400 naming the position', async () => {
    const res = await ctx.post('/v1/chat/completions', '{"model": "gpt-test", "messages": [ {"role": "user",, }');
    const e = check(res, 400, { where: 'malformed JSON' });
    assert.equal(e.type, 'invalid_request_error');
    assert.match(e.message, /(position|offset|byte|column|line)\D{0,20}\d+/i, `position in "${e.message}"`);
  });

  test('body that is JSON but not an object → 400', async () => {
    check(await ctx.post('/v1/chat/completions', '[1,2,3]'), 400, { where: 'array body' });
  });

  test('missing messages / missing model → 400', async () => {
    const noMessages = await ctx.post('/v1/chat/completions', { model: 'gpt-test' });
    const e1 = check(noMessages, 400, { where: 'missing messages' });
    assert.match(e1.message, /messages/);
    const noModel = await ctx.post('/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] });
    const e2 = check(noModel, 400, { where: 'missing model' });
    assert.match(e2.message, /model/);
    const noInput = await ctx.post('/v1/embeddings', { model: 'text-embedding-test' });
    check(noInput, 400, { where: 'embeddings without input' });
  });

  test('oversized body → 413', async () => {
    const big = chatBody('gpt-test', 'x'.repeat(100 * 1024));
    const res = await ctx.post('/v1/chat/completions', big);
    check(res, 413, { where: 'oversized body' });
    // Nothing of it reached the upstream.
    assert.ok(!ctx.fake.requests.some((r) => r.raw.length > 64 * 1024));
  });

  test('unknown model → 404 model_not_found', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('no-such-model'));
    check(res, 404, { code: 'model_not_found', where: 'unknown model' });
  });

  test('model not allowed for the key → 403', async () => {
    const allowed = await ctx.post('/v1/chat/completions', chatBody('gpt-test'), { key: ctx.secrets.clientKeyB });
    assert.equal(allowed.status, 200, allowed.text);
    const res = await ctx.post('/v1/chat/completions', chatBody('gated'), { key: ctx.secrets.clientKeyB });
    check(res, 403, { where: 'model not allowed' });
  });

  test('wrong method → 405; unknown path → 404', async () => {
    check(await ctx.get('/v1/chat/completions'), 405, { where: 'GET chat' });
    check(await request(ctx.gw.port, { method: 'PUT', path: '/v1/embeddings', headers: ctx.auth(), body: {} }), 405, { where: 'PUT embeddings' });
    check(await request(ctx.gw.port, { method: 'DELETE', path: '/v1/models', headers: ctx.auth() }), 405, { where: 'DELETE models' });
    check(await ctx.get('/v1/does-not-exist'), 404, { where: 'unknown path' });
  });

  test('slow upstream → 504 after first_byte (300 ms), not after the upstream answers', async () => {
    const t0 = performance.now();
    const res = await ctx.post('/v1/chat/completions', chatBody('slow'));
    const ms = performance.now() - t0;
    check(res, 504, { where: 'slow upstream' });
    assert.ok(ms >= 250 && ms < 2500, `504 after ${ms.toFixed(0)} ms`);
  });

  test('slow upstream, streaming request → 504 before any byte', async () => {
    const s = ctx.stream(chatBody('slow'));
    const res = await withTimeout(s.response, 5000, 'response');
    const { raw } = await withTimeout(s.done, 5000, 'end');
    assert.equal(res.status, 504, raw);
    bodies.push(raw);
  });

  test('connect refused → 502', async () => {
    check(await ctx.post('/v1/chat/completions', chatBody('refused')), 502, { where: 'refused' });
  });

  test('upstream reset before responding → 502', async () => {
    check(await ctx.post('/v1/chat/completions', chatBody('reset-before')), 502, { where: 'reset before' });
  });

  test('upstream 429 passed through with Retry-After (stream and non-stream)', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('rate-limited'));
    const e = check(res, 429, { where: 'upstream 429' });
    assert.equal(res.headers['retry-after'], '7');
    assert.equal(e.code, 'rate_limit_exceeded');
    const s = ctx.stream(chatBody('rate-limited'));
    const sres = await withTimeout(s.response, 5000, 'response');
    await withTimeout(s.done, 5000, 'end');
    assert.equal(sres.status, 429);
    assert.equal(sres.headers['retry-after'], '7');
  });

  test('upstream 400 passed through; upstream 500 → 5xx; both OpenAI-shaped', async () => {
    check(await ctx.post('/v1/chat/completions', chatBody('upstream-bad-request')), 400, { where: 'upstream 400' });
    const res = await ctx.post('/v1/chat/completions', chatBody('broken'));
    bodies.push(res.text);
    assert.ok(res.status >= 500 && res.status <= 599, `status ${res.status}`);
    assert.ok(res.json?.error?.message);
  });

  test('oversized request headers → 431 (or 400), never a hang', async () => {
    const text = await rawExchange(
      ctx.gw.port,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(32 * 1024)}\r\n\r\n`,
      3000,
    );
    assert.match(text, /^HTTP\/1\.1 (431|400) /);
  });

  test('garbage request line → 400 and the connection closes', async () => {
    const text = await rawExchange(ctx.gw.port, 'NOT HTTP AT ALL\r\n\r\n', 3000);
    assert.match(text, /^HTTP\/1\.1 4\d\d/);
  });

  test('the gateway still serves after all of the above', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('gpt-test'));
    assert.equal(res.status, 200, res.text);
  });
});
