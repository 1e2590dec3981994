// Non-streaming proxying: what the client gets back and what reaches the upstream.

import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';

import { expectedAnswer, expectedUsage, fakeEmbedding } from '../support/fake_openai.mjs';
import { accessLogUsage } from '../support/gateway.mjs';
import { chatBody, useGateway } from '../support/harness.mjs';

describe('non-streaming proxy', { timeout: 60000 }, () => {
  const ctx = useGateway();

  test('chat completion is relayed with usage; model rewritten upstream', async () => {
    const body = chatBody('gpt-test', 'non-stream please');
    const res = await ctx.post('/v1/chat/completions', body, { headers: { 'x-request-id': 'proxy-nonstream-1' } });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers['content-type'], /application\/json/);
    assert.equal(res.json.object, 'chat.completion');
    assert.equal(res.json.choices[0].message.content, expectedAnswer(body));
    const upstream = await ctx.fake.waitForRequest((r) => r.body?.messages?.[0]?.content === 'non-stream please');
    assert.equal(upstream.url, '/v1/chat/completions');
    assert.equal(upstream.body.model, 'scenario-normal');
    // Everything except `model` arrives untouched.
    assert.deepEqual({ ...upstream.body, model: 'gpt-test' }, body);
    assert.deepEqual(res.json.usage.prompt_tokens, expectedUsage({ ...body, model: 'scenario-normal' }).prompt_tokens);
  });

  test('upstream gets the provider key, never the client key; extra/forwarded headers', async () => {
    await ctx.post('/v1/chat/completions', chatBody('gpt-test', 'headers check'), {
      headers: {
        'OpenAI-Organization': 'org-test',
        'OpenAI-Beta': 'assistants=v2',
        'X-Forward-Me': 'yes',
        'X-Not-On-List': 'no',
        'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
      },
    });
    const up = await ctx.fake.waitForRequest((r) => r.body?.messages?.[0]?.content === 'headers check');
    assert.equal(up.headers.authorization, `Bearer ${ctx.secrets.providerKey}`);
    assert.equal(up.headers['x-api-key'], undefined);
    assert.ok(!up.rawHeaders.join('\n').includes(ctx.secrets.clientKeyA), 'client key forwarded upstream');
    assert.ok(!up.raw.includes(ctx.secrets.clientKeyA), 'client key in upstream body');
    assert.equal(up.headers['openai-organization'], 'org-test');
    assert.equal(up.headers['openai-beta'], 'assistants=v2');
    assert.equal(up.headers['x-forward-me'], 'yes');
    assert.equal(up.headers['x-not-on-list'], undefined);
    assert.equal(up.headers['proxy-authorization'], undefined);
    assert.equal(up.headers['x-static-extra'], 'static-value');
    assert.match(up.headers['content-type'], /application\/json/);
  });

  test('x-api-key authenticates like Authorization: Bearer', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('gpt-test', 'x-api-key'), {
      key: 'unused',
      headers: { authorization: undefined, 'x-api-key': ctx.secrets.clientKeyA },
    });
    assert.equal(res.status, 200, res.text);
    const up = await ctx.fake.waitForRequest((r) => r.body?.messages?.[0]?.content === 'x-api-key');
    assert.equal(up.headers['x-api-key'], undefined);
    assert.equal(up.headers.authorization, `Bearer ${ctx.secrets.providerKey}`);
  });

  test('legacy /v1/completions', async () => {
    const res = await ctx.post('/v1/completions', { model: 'gpt-test', prompt: 'legacy prompt', max_tokens: 5 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.object, 'text_completion');
    assert.equal(res.json.choices[0].text, 'Echo: legacy prompt');
    const up = await ctx.fake.waitForRequest((r) => r.url === '/v1/completions' && r.body?.prompt === 'legacy prompt');
    assert.equal(up.body.model, 'scenario-normal');
  });

  test('embeddings', async () => {
    const res = await ctx.post('/v1/embeddings', { model: 'text-embedding-test', input: ['one', 'two'], encoding_format: 'float' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.object, 'list');
    assert.equal(res.json.data.length, 2);
    assert.deepEqual(res.json.data[1].embedding, fakeEmbedding('two'));
    const up = await ctx.fake.waitForRequest((r) => r.url === '/v1/embeddings');
    assert.equal(up.body.model, 'scenario-normal');
  });

  test('tool calls pass through non-stream', async () => {
    const res = await ctx.post('/v1/chat/completions', chatBody('tools', 'weather?'));
    assert.equal(res.status, 200, res.text);
    const tc = res.json.choices[0].message.tool_calls[0];
    assert.equal(tc.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(tc.function.arguments), { city: 'Oslo' });
    assert.equal(res.json.choices[0].finish_reason, 'tool_calls');
  });

  test('x-request-id is echoed when given and generated when not', async () => {
    const given = await ctx.post('/v1/chat/completions', chatBody('gpt-test'), { headers: { 'x-request-id': 'my-req-42' } });
    assert.equal(given.headers['x-request-id'], 'my-req-42');
    const a = await ctx.post('/v1/chat/completions', chatBody('gpt-test'));
    const b = await ctx.post('/v1/chat/completions', chatBody('gpt-test'));
    assert.ok(a.headers['x-request-id'], 'generated x-request-id');
    assert.ok(b.headers['x-request-id']);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
    // Errors carry it too.
    const err = await ctx.post('/v1/chat/completions', chatBody('no-such-model'), { headers: { 'x-request-id': 'err-req-7' } });
    assert.equal(err.headers['x-request-id'], 'err-req-7');
  });

  test('access log: one line per request with id, key, model, status and exact usage', async () => {
    const body = chatBody('gpt-test', 'log me');
    const res = await ctx.post('/v1/chat/completions', body, { headers: { 'x-request-id': 'access-log-1' } });
    assert.equal(res.status, 200);
    const line = await ctx.gw.waitForAccessLog((l) => l.request_id === 'access-log-1');
    assert.equal(line.key_id, 'team-a');
    assert.equal(line.model, 'gpt-test');
    assert.equal(line.status, 200);
    const expected = expectedUsage({ ...body, model: 'scenario-normal' });
    assert.deepEqual(accessLogUsage(line), { prompt_tokens: expected.prompt_tokens, completion_tokens: expected.completion_tokens });
    assert.equal(ctx.gw.accessLog.filter((l) => l.request_id === 'access-log-1').length, 1);
    const text = JSON.stringify(line);
    assert.ok(!text.includes('log me'), 'access log must not contain the body');
  });

  test('keep-alive: several requests on one client connection, upstream connection reused', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set();
      const before = ctx.fake.connections.size;
      for (let i = 0; i < 5; i++) {
        const res = await ctx.post('/v1/chat/completions', chatBody('gpt-test', `ka ${i}`), { agent });
        assert.equal(res.status, 200, res.text);
        assert.notEqual(res.headers.connection, 'close');
        sockets.add(res.socket);
      }
      // Error answers keep the connection too.
      const denied = await ctx.post('/v1/chat/completions', chatBody('no-such-model'), { agent });
      assert.equal(denied.status, 404);
      sockets.add(denied.socket);
      const after = await ctx.post('/v1/chat/completions', chatBody('gpt-test', 'after error'), { agent });
      assert.equal(after.status, 200, after.text);
      sockets.add(after.socket);
      assert.equal(sockets.size, 1, 'all requests on one client connection');
      const opened = ctx.fake.connections.size - before;
      assert.ok(opened <= 1, `upstream connections opened for 5 sequential requests: ${opened}`);
    } finally {
      agent.destroy();
    }
  });
});
